"""Compare our extracted words with an independent extractor's, as multisets.

Recall is the share of the reference's words we also produced (counting repeats);
duplicate share is the share of our words beyond what the reference has — text emitted
twice, e.g. once as a table and again as a paragraph.
"""

from __future__ import annotations

import re
from collections import Counter

_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def words(text: str) -> Counter[str]:
    out: Counter[str] = Counter()
    for raw in text.split():
        word = _EDGE.sub("", raw.lower())
        if word:
            out[word] += 1
    return out


def word_stats(ours: str, reference: str) -> tuple[float, float]:
    """(recall of the reference's words, share of our words that are surplus duplicates)."""
    mine, theirs = words(ours), words(reference)
    total_ref = sum(theirs.values()) or 1
    total_ours = sum(mine.values()) or 1
    recalled = sum(min(count, mine[word]) for word, count in theirs.items())
    surplus = sum(count - theirs[word] for word, count in mine.items() if count > theirs[word] and theirs[word] > 0)
    return recalled / total_ref, surplus / total_ours
