"""Document-level measures reported on every report and used by `metric` rules.

Readability is computed in-house (Flesch reading ease with a vowel-group syllable count):
textstat downloads a pronunciation dictionary at run time, which a worker cannot do.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import chain
from typing import Any

from .analysis import Analysis
from .model import BlockKind

_VOWELS = re.compile(r"[aeiouy]+")
_WORD = re.compile(r"[A-Za-z]+")
_MANDATORY = frozenset({"must", "shall", "required", "mandatory", "obliged"})
# The binding modals the catalogue counts per 1,000 words (PP-SPEC-001, section 3): "will" alone is
# often descriptive and "should" / "may" are not binding, so neither is counted.
_BINDING_WORDS = frozenset({"shall", "must", "mandatory", "essential"})
_BINDING_PHRASES = re.compile(r"\b(?:(?:is|are|be) required to|will be required)\b")
_BINDING = re.compile(rf"\b(?:{'|'.join(sorted(_BINDING_WORDS))})\b|{_BINDING_PHRASES.pattern}", re.IGNORECASE)
# A requirement item: a list item, or a paragraph opening with its own number ("4.2.1 The Supplier ...").
_NUMBERED = re.compile(r"^\(?(?:\d+(?:\.\d+)*|[a-z]|[ivx]+)[.)]?\s", re.IGNORECASE)
LONG_SENTENCE_WORDS = 35

METRICS = (
    "words",
    "sentences",
    "avg_sentence_words",
    "long_sentence_share",
    "readability",
    "mandatory_density",
    "binding_modals_per_1000",
    "requirement_items",
    "question_count",
)


# Endings whose vowel is not voiced after a consonant: "performed", "provides", "requirement",
# "timely". After t or d, "-ed" is a syllable ("stated"); after s, x, z, c, g or h, "-es" is ("services").
_SILENT_ENDINGS = re.compile(r"(?:[^aeiouytd]ed|[^aeiouysxzcgh]es|[^aeiouy]ements?|[^aeiouy]ely)$")


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Vowel groups, less a silent final e or a silent e in a common ending; cached, since documents
    repeat their words. Counting every vowel group read "required" as three syllables and put plain
    tenders below the readability threshold."""
    word = word.lower()
    count = len(_VOWELS.findall(word))
    if count > 1 and (
        (word.endswith("e") and not word.endswith(("le", "ee"))) or _SILENT_ENDINGS.search(word)
    ):
        count -= 1
    return max(count, 1)


def document_metrics(analysis: Analysis) -> dict[str, Any]:
    """Measures over body sentences (not headings, not table cells), computed once per analysis."""
    cached = getattr(analysis, "_metrics", None)
    if cached is not None:
        return cached
    blocks = analysis.document.blocks
    body = [
        s for s in analysis.sentences
        if s.block is not None and blocks[s.block].kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
    ]
    word_lists = [_WORD.findall(s.text) for s in body]
    lengths = [len(w) for w in word_lists if w]
    total_words = sum(lengths)
    # Count each distinct word once: a document repeats its words, and Counter counts in C.
    counts = Counter(chain.from_iterable(word_lists))
    total_syllables = sum(syllables(w) * n for w, n in counts.items())
    mandatory = sum(1 for words in word_lists if not _MANDATORY.isdisjoint(map(str.lower, words)))
    # single-word modals come from the word counts already made; only "required" phrases need a
    # search, once over the body: a search per sentence cost as much as the other measures together
    binding = sum(n for w, n in counts.items() if w.lower() in _BINDING_WORDS)
    binding += len(_BINDING_PHRASES.findall("\n".join(s.text for s in body).lower()))
    requirements = [
        b for b in {s.block for s in body if s.block is not None}
        if (blocks[b].kind is BlockKind.LIST_ITEM or _NUMBERED.match(blocks[b].text)) and _BINDING.search(blocks[b].text)
    ]
    questions = sum(1 for s in analysis.sentences if s.text.endswith("?"))
    result: dict[str, Any] = {
        "words": analysis.document.word_count,
        "sentences": len(lengths),
        "avg_sentence_words": round(total_words / len(lengths), 1) if lengths else None,
        "long_sentence_share": round(sum(1 for n in lengths if n > LONG_SENTENCE_WORDS) / len(lengths), 3) if lengths else None,
        "readability": round(206.835 - 1.015 * total_words / len(lengths) - 84.6 * total_syllables / total_words, 1) if total_words else None,
        "mandatory_density": round(mandatory / len(lengths), 3) if lengths else None,
        "binding_modals_per_1000": round(1000 * binding / total_words, 2) if total_words else None,
        "requirement_items": len(requirements),
        "question_count": questions,
    }
    analysis._metrics = result  # type: ignore[attr-defined]
    return result
