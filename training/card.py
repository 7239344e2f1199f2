"""MODEL_CARD.md for a models/<name>/ folder: what it is, data and licenses, how it was trained, metrics."""
from __future__ import annotations

WHY_TOKENIZER = """\
MidiTok 3.1 REMI, one merged pitched track (drums dropped, notes sorted by start then pitch, program 0):
`pitch_range=(21, 109)`, `beat_res={(0,1):12, (1,2):6, (2,4):3, (4,8):1}`, 16 velocities, time signatures,
specials PAD/BOS/EOS; no chords, rests, tempos, sustain pedals or programs (vocab 352). Why, for live loops:
- 12 positions per beat holds both 16ths and triplets, so swung and straight seeds quantize without loss.
- Velocity (16 bins) keeps the dynamics a player puts in a riff.
- Time signature tokens keep every bar's length exact in 3/4, 6/8, 5/4...
- No Tempo tokens: tempo comes from the DAW's MIDI clock, not the model.
- No Rest tokens: MidiTok's rests swallow Bar tokens, and a loop's length is counted in Bar tokens
  (generation stops right before the 9th Bar); without rests every bar has its Bar token.
"""

LICENSES = """\
| corpus | what | license / status |
|---|---|---|
| VGMIDI (Ferreira & Whitehead, ISMIR 2019) | piano arrangements of video-game music | no license file; cite the paper. The arrangements are of **copyrighted game music**: these weights were trained on them |
| Nottingham (jukedeck cleanup) | folk tunes, melody + chords | GPL-3.0 (attribution) |
"""


def _eval_rows(label: str, ev: dict | None, tokens) -> list[str]:
    if not ev:
        return []
    cells = []
    for corpus in ("vgmidi", "nottingham", "all"):
        e = ev.get(corpus)
        cells.append(f"{e['nll_per_token']:.3f} / {e['nll_per_bar']:.1f}" if e else "-")
    tok = f"{tokens / 1e6:.1f}M" if tokens else "-"
    return [f"| {label} | {tok} | " + " | ".join(cells) + " |"]


def _best_step(train: dict) -> str:
    h = [e for e in train.get("history") or [] if e.get("val_loss") == train.get("best_val_loss")]
    return f"step {h[0]['step']}, after {h[0]['tokens'] / 1e6:.1f}M tokens; " if h else ""


def _findings(gpu: dict) -> str:
    r = gpu["runs"]
    try:
        ours, base = r["base"]["eval"], r["baseline"]["eval"]
    except KeyError:
        return ""
    pct = lambda c: 100 * (1 - ours[c]["nll_per_bar"] / base[c]["nll_per_bar"])  # noqa: E731
    text = (f"Same size, same schedule, {r['base']['train']['tokens'] / 1e6:.1f}M vs "
            f"{r['baseline']['train']['tokens'] / 1e6:.1f}M tokens: our tokenizer needs {pct('all'):.0f}% fewer nats per "
            f"bar than the write-up's (vgmidi {pct('vgmidi'):.0f}%, nottingham {pct('nottingham'):.0f}%).")
    small = r.get("small", {}).get("eval")
    if small and small["all"]["nll_per_bar"] < ours["all"]["nll_per_bar"]:
        text += (" The small model beats the base size here: a few MB of MIDI is too little for 19M parameters "
                 "(the base run's validation loss bottomed out early and rose after), so small is the default.")
    return text


def quant_line(mt: dict) -> str:
    """The card's line on the graphs: fp32 parity and the quantized graph's loss change (export --regraph rewrites it)."""
    i8 = mt["int8"]
    return (f"ONNX fp32 vs PyTorch: max abs logit difference {mt['parityMaxAbsDiffFp32']:.1e} over a prefill and "
            f"20 cached decode steps. int8 (dynamic quantization of MatMul/Gather weights): NLL/token "
            f"{i8['nllPerTokenInt8']:.4f} vs fp32 {i8['nllPerTokenFp32']:.4f} ({i8['delta']:+.4f}) on {i8['windows']} "
            "validation windows.")


def write_card(path: str, name: str, m: dict, meta: dict, train: dict, gpu: dict | None, run: str | None,
               commands: list[str]) -> None:
    mt = m["metrics"]
    tr = meta["splits"]["train"]
    lines = [f"# {name}", "",
             f"A {mt['params'] / 1e6:.1f}M-parameter MistralForCausalLM ({m['numLayers']} layers, hidden {m['hiddenSize']}, "
             f"{m['numHeads']} heads, {m['numKvHeads']} KV heads, context {m['contextLength']}) that continues a MIDI seed "
             "bar by bar, for seedloop's 8-bar loops. ONNX with a KV cache (`manifest.json` lists the I/O); "
             f"files: {', '.join(sorted(set(m['files'].values())))}.", "",
             "## Tokenizer", "", WHY_TOKENIZER,
             "## Data and licenses", "",
             f"Training: {tr['pieces']} pieces, {tr['tokens']:,} tokens "
             f"({', '.join(meta['sources'].get('train') or meta['sources'].get('corpora') or [])}); "
             f"validation: the given val splits (split by game / tune). De-duplicated by token content; "
             # prepare --corpora counts skips as "skipped" (every reason), the folder prepare as unreadable/empty
             f"{meta['stats'].get('skipped_unreadable_or_empty', meta['stats'].get('skipped', 0))} unreadable/empty and "
             f"{meta['stats']['skipped_duplicates']} duplicate files skipped. "
             + ("MidiTok BPE ids (per-bar splitting; no token-level augmentation). Windows start on an id that opens a bar."
                if meta["groups"].get("bpe") else
                "Augmentation on the fly, training side only: transposition -5..+5 semitones "
                "(only shifts that keep the window in range) and velocity +-1 bin. Windows start on a Bar token."), "",
             LICENSES,
             "## Training", "",
             f"- hardware: {mt.get('trainDevice') or 'see log'}; wall time {train.get('minutes')} min; "
             f"{train.get('steps')} steps; {mt.get('trainTokens') or 0:,} training tokens "
             f"({train.get('tokens_per_s') or 0:,} tokens/s)",
             f"- AdamW (betas 0.9/0.95, weight decay 0.1), linear warmup then cosine to 10% of the peak lr "
             f"{(train.get('config') or {}).get('lr')}, grad clip 1.0, batch {(train.get('config') or {}).get('batch_size')} "
             f"x {m['contextLength']} tokens, bf16 autocast on CUDA; the weights are those of the best validation step "
             f"({_best_step(train)}val loss {mt.get('bestValLoss')}).", "",
             "## Metrics", "",
             "Validation NLL (nats) per token / per bar, on consecutive 8-bar windows of each validation corpus, cut on "
             "the score before tokenizing, so every tokenizer is scored on the same music (per bar is the fair "
             "comparison across tokenizers).", "",
             "| model | train tokens | vgmidi/val | nottingham/val | all |", "|---|---|---|---|---|"]
    if gpu:
        labels = {"base": "base, our tokenizer", "baseline": "base size, write-up REMI (chords, rests, tempos, 24 vel)",
                  "small": "small, our tokenizer", "large": "large (context 2048), our tokenizer"}
        for r, lab in labels.items():
            rr = gpu["runs"].get(r, {})
            lines += _eval_rows(lab + (" (this model)" if r == run else ""), rr.get("eval"), rr.get("train", {}).get("tokens"))
        lines += ["", _findings(gpu)]
    else:
        lines += _eval_rows("this model", mt.get("eval"), mt.get("trainTokens"))
    lines += ["", quant_line(mt), "",
              "## Reproduce", "", "```bash",
              "python3 -m training prepare --tokenizer ours      # -> training/out/data-ours",
              "python3 -m training prepare --tokenizer baseline  # -> training/out/data-baseline (for the comparison)",
              *commands, "```", "",
              "## Limits", "",
              "Trained on a few MB of piano/folk MIDI: expect idiomatic game-piano and folk figures, not other styles. "
              "It knows nothing about tempo (the clock sets it). Not for redistribution beyond what the data "
              "licenses above allow.", ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))
