"""Sentence-level clause tagging: which sentences are a liability cap, an indemnity, a renewal term...

Evidence is data (`clause_table`): named term groups, and per tag the groups that must meet in one
sentence (in order, when `near`), the groups whose hit must (not) be negated, and the groups that
veto the tag. The groups are compiled into the Linter's one TermIndex, so tagging adds one pass
over the sentences that hit, and no Matcher wildcards that would cost time on every token.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from .clause_table import CLAUSES, IDIOMS, TERMS
from .analysis import Analysis, Sentence
from .matching import Hit, TermIndex
from .model import BlockKind, Location

PREFIX = "_clause/"
IDIOM_KEY = PREFIX + "_idiom"
CLAUSE_TYPES: tuple[str, ...] = tuple(CLAUSES)
_SKIPPED_KINDS = (BlockKind.HEADING, BlockKind.HEADER_FOOTER)


Group = str | tuple[str, ...]  # a tuple is satisfied by a hit of any of its groups


@dataclass(frozen=True)
class Evidence:
    """One way a clause shows: every `all` group and `near` pair hits one sentence, no `unless` group does.

    `near` holds (a, b, gap): a hit of b starting at most `gap` tokens after a hit of a ends. Word
    order checked on the few hits of a sentence costs nothing, where Matcher wildcards cost per token.
    """

    all: tuple[Group, ...] = ()
    near: tuple[tuple[str, str, int], ...] = ()
    negated: Mapping[str, str] = field(default_factory=dict)  # group -> "exclude" | "require"
    unless: tuple[str, ...] = ()

    def groups(self) -> set[str]:
        named = {g for group in self.all for g in ((group,) if isinstance(group, str) else group)}
        return named | {g for a, b, _ in self.near for g in (a, b)} | set(self.unless) | set(self.negated)


@dataclass(frozen=True)
class ClauseTag:
    """A sentence showing a clause type; a sentence can carry several (cap and uncapped carve-out)."""

    type: str
    quote: str
    start: int  # character offsets into document.text
    end: int
    sentence: int
    location: Location

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "quote": self.quote, "location": self.location.to_json()}


def _evidence(tag: str, spec: Mapping[str, Any]) -> Evidence:
    evidence = Evidence(
        tuple(spec.get("all", ())),
        tuple((a, b, int(gap)) for a, b, gap in spec.get("near", ())),
        dict(spec.get("negated", {})),
        tuple(spec.get("unless", ())),
    )
    unknown = evidence.groups() - set(TERMS)
    if unknown:  # a typo in the table would otherwise silently never match
        raise KeyError(f"clause {tag!r} names unknown term groups: {', '.join(sorted(unknown))}")
    return evidence


RULES: dict[str, tuple[Evidence, ...]] = {tag: tuple(_evidence(tag, s) for s in specs) for tag, specs in CLAUSES.items()}


def register_clause_terms(index: TermIndex) -> None:
    """Compile every term group once, under `_clause/<group>` keys shared by all tags."""
    for group, spec in TERMS.items():
        if isinstance(spec, Mapping):
            index.add_terms(PREFIX + group, spec.get("terms", ()))
            index.add_patterns(PREFIX + group, spec.get("patterns", ()))
        else:
            index.add_terms(PREFIX + group, spec)
    index.add_terms(IDIOM_KEY, IDIOMS)


class _SentenceHits:
    """A sentence's hits per (group, negation mode), minus those inside an idiom, computed once.

    Only hits wholly inside an idiom are dropped: "be the sole and exclusive property" still counts
    as ownership although it contains the idiom "exclusive property".
    """

    def __init__(self, analysis: Analysis, sentence: Sentence) -> None:
        self.analysis = analysis
        self.sentence = sentence
        self.idioms = sentence.hits.get(IDIOM_KEY, [])
        self.cache: dict[tuple[str, str | None], list[Hit]] = {}

    def get(self, group: str, mode: str | None) -> list[Hit]:
        key = (group, mode)
        found = self.cache.get(key)
        if found is None:
            found = self.sentence.hits.get(PREFIX + group, [])
            if found and self.idioms:
                found = [h for h in found if not any(i.start <= h.start and h.end <= i.end for i in self.idioms)]
            if found and mode == "exclude":
                found = [h for h in found if not self.analysis.negated(h)]
            elif found and mode == "require":
                found = [h for h in found if self.analysis.negated(h)]
            self.cache[key] = found
        return found


def _matches(hits: _SentenceHits, evidence: Evidence) -> bool:
    def get(group: str) -> list[Hit]:
        return hits.get(group, evidence.negated.get(group))

    for group in evidence.all:
        if not any(get(g) for g in ((group,) if isinstance(group, str) else group)):
            return False
    for first, second, gap in evidence.near:
        later = get(second)
        if not later or not any(0 <= b.start - a.end <= gap for a in get(first) for b in later):
            return False
    return not any(get(g) for g in evidence.unless)


def _required(evidence: Evidence) -> list[tuple[str, ...]]:
    """The keys a sentence must hold for the evidence to match: one of each tuple."""
    groups = [(g,) if isinstance(g, str) else tuple(g) for g in evidence.all]
    groups += [(g,) for a, b, _ in evidence.near for g in (a, b)]
    return [tuple(PREFIX + g for g in alternatives) for alternatives in groups]


REQUIRED: dict[str, tuple[list[tuple[str, ...]], ...]] = {
    tag: tuple(_required(evidence) for evidence in rules) for tag, rules in RULES.items()
}


def _candidates(analysis: Analysis, required: list[tuple[str, ...]]) -> frozenset[int]:
    """Sentences holding a raw hit of every required group, from the hit index (no scanning)."""
    found: frozenset[int] | None = None
    for alternatives in sorted(required, key=lambda keys: sum(len(analysis.sentences_with(k)) for k in keys)):
        holding = frozenset().union(*(analysis.sentences_with(k) for k in alternatives))
        found = holding if found is None else found & holding
        if not found:
            return frozenset()
    return found if found is not None else frozenset(range(len(analysis.sentences)))


def tag_clauses(analysis: Analysis) -> tuple[ClauseTag, ...]:
    """Every (sentence, clause type) with evidence, in document order (types in table order).

    Each piece of evidence is tried only on the sentences that hold all its required groups."""
    blocks = analysis.document.blocks
    sentences = analysis.sentences
    found: dict[int, list[str]] = {}
    views: dict[int, _SentenceHits] = {}
    for tag, rules in RULES.items():
        for evidence, required in zip(rules, REQUIRED[tag]):
            for index in _candidates(analysis, required):
                sentence = sentences[index]
                if found.get(index, [None])[-1] == tag:
                    continue  # already shown by an earlier piece of evidence
                if sentence.block is not None and blocks[sentence.block].kind in _SKIPPED_KINDS:
                    continue
                view = views.get(index) or views.setdefault(index, _SentenceHits(analysis, sentence))
                if _matches(view, evidence):
                    found.setdefault(index, []).append(tag)
    text = analysis.document.text
    tags: list[ClauseTag] = []
    for index in sorted(found):
        sentence = sentences[index]
        location = analysis.document.location(sentence.start_char, sentence.end_char)
        quote = text[sentence.start_char : sentence.end_char]
        tags.extend(ClauseTag(t, quote, sentence.start_char, sentence.end_char, index, location) for t in found[index])
    return tuple(tags)
