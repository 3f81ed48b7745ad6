"""Sentence-level clause tagging: which sentences are a liability cap, an indemnity, a renewal term...

Evidence is data (`clause_table`): named term groups, and per tag the groups that must meet in one
sentence, the groups whose hit must (not) be negated, and the groups that veto the tag. The groups
are compiled into the Linter's one TermIndex, so tagging costs one pass over the sentences that hit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .clause_table import CLAUSES, IDIOMS, TERMS
from .matching import Analysis, Hit, Sentence, TermIndex
from .model import BlockKind, Location

PREFIX = "_clause/"
IDIOM_KEY = PREFIX + "_idiom"
CLAUSE_TYPES: tuple[str, ...] = tuple(CLAUSES)
_SKIPPED_KINDS = (BlockKind.HEADING, BlockKind.HEADER_FOOTER)


@dataclass(frozen=True)
class Evidence:
    """One way a clause shows: every `all` group hits one sentence and no `unless` group does."""

    all: tuple[str, ...]
    negated: Mapping[str, str] = field(default_factory=dict)  # group -> "exclude" | "require"
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClauseTag:
    type: str
    quote: str
    start: int  # character offsets into document.text
    end: int
    sentence: int
    location: Location

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "quote": self.quote, "location": self.location.to_json()}


def _evidence(spec: Mapping[str, Any]) -> Evidence:
    return Evidence(tuple(spec["all"]), dict(spec.get("negated", {})), tuple(spec.get("unless", ())))


RULES: dict[str, tuple[Evidence, ...]] = {tag: tuple(_evidence(s) for s in specs) for tag, specs in CLAUSES.items()}


def register_clause_terms(index: TermIndex) -> None:
    """Compile every term group once, under `_clause/<group>` keys shared by all tags."""
    for group, spec in TERMS.items():
        if isinstance(spec, Mapping):
            index.add_terms(PREFIX + group, spec.get("terms", ()))
            index.add_patterns(PREFIX + group, spec.get("patterns", ()))
        else:
            index.add_terms(PREFIX + group, spec)
    index.add_terms(IDIOM_KEY, IDIOMS)


def _group_hits(analysis: Analysis, sentence: Sentence, group: str, mode: str | None, idioms: list[Hit]) -> list[Hit]:
    """A group's hits in the sentence, minus those inside an idiom ("without limitation")."""
    found = [
        h for h in sentence.hits.get(PREFIX + group, ())
        if not any(i.start < h.end and h.start < i.end for i in idioms)
    ]
    if mode == "exclude":
        return [h for h in found if not analysis.negated(h)]
    if mode == "require":
        return [h for h in found if analysis.negated(h)]
    return found


def _matches(analysis: Analysis, sentence: Sentence, evidence: Evidence, idioms: list[Hit]) -> bool:
    if any(_group_hits(analysis, sentence, g, None, idioms) for g in evidence.unless):
        return False
    return all(_group_hits(analysis, sentence, g, evidence.negated.get(g), idioms) for g in evidence.all)


def sentence_types(analysis: Analysis, sentence: Sentence) -> list[str]:
    """The clause types one sentence shows evidence of, in table order."""
    idioms = sentence.hits.get(IDIOM_KEY, [])
    return [
        tag for tag, rules in RULES.items()
        if any(_matches(analysis, sentence, evidence, idioms) for evidence in rules)
    ]


def _location(analysis: Analysis, sentence: Sentence) -> Location:
    from .engine import _clause_of  # engine imports this module; share its clause lookup lazily

    index = sentence.block
    block = analysis.document.blocks[index] if index is not None else None
    return Location(
        block.page if block else None,
        block.section if block else (),
        _clause_of(analysis.document, index),
        index,
        sentence.start_char,
        sentence.end_char,
    )


def _candidate_sentences(analysis: Analysis) -> Iterable[Sentence]:
    blocks = analysis.document.blocks
    for sentence in analysis.sentences:
        if not any(key.startswith(PREFIX) for key in sentence.hits):
            continue
        if sentence.block is not None and blocks[sentence.block].kind in _SKIPPED_KINDS:
            continue
        yield sentence


def tag_clauses(analysis: Analysis) -> tuple[ClauseTag, ...]:
    """Every (sentence, clause type) with evidence, in document order."""
    text = analysis.document.text
    tags: list[ClauseTag] = []
    for sentence in _candidate_sentences(analysis):
        types = sentence_types(analysis, sentence)
        if not types:
            continue
        location = _location(analysis, sentence)
        quote = text[sentence.start_char : sentence.end_char]
        tags.extend(ClauseTag(t, quote, sentence.start_char, sentence.end_char, sentence.index, location) for t in types)
    return tuple(tags)
