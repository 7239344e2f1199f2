"""python3 -m training prepare|train|export|evaluate|jazz|bpe [--help]"""
import sys

from .errors import BadInput

STAGES = {
    "prepare": "training.prepare",
    "train": "training.train",
    "export": "training.export_cli",
    "evaluate": "training.evaluate",
    "jazz": "training.jazz",
    "bpe": "training.bpe",
}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in STAGES:
        print(f"usage: python3 -m training {{{'|'.join(STAGES)}}} [options]  (each stage has --help)", file=sys.stderr)
        return 2
    import importlib
    stage = importlib.import_module(STAGES[argv[0]])
    try:
        stage.main(argv[1:])
    except BadInput as e:  # one clear line, no traceback
        print(f"training {argv[0]}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
