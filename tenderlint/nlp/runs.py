"""Break long runs of punctuation before spaCy tokenizes them, without moving any character.

spaCy splits a whitespace-free chunk by stripping one prefix or suffix at a time, and each strip
runs its regex over the rest of the chunk: a run of 4,000 "=" (or "_", "*", ".,") costs seconds,
16,000 over a minute, and one such line in an upload holds a shared worker. Replacing every
RUN-th character of a longer run with a space caps the chunk length and so the work per character;
the text keeps its length, so every token's offset still points into the document's own text
(findings quote by offset). Real punctuation runs are dot leaders and underlines, whose tokens do
not matter to any rule.
"""

from __future__ import annotations

import re

RUN = 32  # longest punctuation chunk handed to the tokenizer
_MARK = r"(?:[^\w\s]|_)"  # punctuation, symbols and underscores: what spaCy strips one at a time
# RUN + 1 or more marks, the first written apart: at the many positions that start no run the
# match fails before the repeat is entered, which makes the scan of ordinary text ~40% cheaper.
_LONG_RUN = re.compile(rf"{_MARK}{_MARK}{{{RUN},}}")


def break_long_runs(text: str) -> str:
    """`text` with a space in place of every (RUN+1)-th character of each longer punctuation run."""
    if not _LONG_RUN.search(text):
        return text
    return _LONG_RUN.sub(_break, text)


def _break(match: re.Match[str]) -> str:
    run = match.group()
    return " ".join(run[start : start + RUN] for start in range(0, len(run), RUN + 1)) + (
        " " if len(run) % (RUN + 1) == 0 else ""
    )
