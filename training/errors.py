"""The one user-facing error type: `python3 -m training` prints its message as one line and exits 1."""


class BadInput(Exception):
    """A problem with what the user gave us (missing folder, no MIDI, missing tokenizer file...)."""
