"""`cooccurrence`: every named group of terms must appear in one sentence (or one block).

params:
  all: {group: terms, ...}      every group must hit
  negated: {group: exclude | require}   a group's hit must (not) be negated
  scope: sentence | block | clause   (clause: a lead-in ending in ":" judged with each of its list
                                      items, see Analysis.clause_units)
  listed_meets: [groups]  these groups also count as met when the sentence is an item of a list of
                          what a bid must contain (roles.in_submission_list): "Certificate of
                          insurance" in a submission checklist is demanded with the bid
  scored_meets: [groups]  these groups also count as met when the sentence sits in the part of the
                          document that sets out how bids are evaluated (roles.in_scored_section)
  unless, guards
This is how "liability" + "unlimited"/"shall not be limited" is told apart from
"liability ... shall not exceed £1m".
"""

from __future__ import annotations

from typing import Any, Mapping

from ..context import Context
from ..analysis import Analysis, Sentence
from ..matching import Hit, TermIndex
from ..model import BlockKind
from ..rulepack.model import Rule
from ..roles import in_scored_section, in_submission_list
from .base import FLAGGED, PASSED, Candidate, Check, Outcome, compile_terms
from .params import SENTENCE_PARAMS, TERMS, Param


CLAUSE_QUOTE_CHARS = 600
GROUPS = {"type": ["string", "array"], "items": {"type": "string"}}


class CooccurrenceCheck(Check):
    kind = "cooccurrence"
    fires = 'when every named group hits in one sentence (or block, or clause: a lead-in ending in ":" or a dash judged with each of its list items, e.g. "We will not be liable:" + "(a) where the pack is inaccurate")'
    parameters = {
        "all": Param({"type": "object", "minProperties": 1, "additionalProperties": TERMS}, "{group: terms}: every group must hit", required=True),
        "negated": Param(
            {"type": "object", "additionalProperties": {"enum": ["exclude", "require"]}},
            "{group: exclude | require}: a group's hit must not be, or must be, negated",
        ),
        "scope": Param({"enum": ["sentence", "block", "clause"]}, "where the groups must meet (default sentence)"),
        "listed_meets": Param(
            GROUPS,
            'groups met by an item of a list of what a bid must contain ("Certificate of insurance" under "Required documents")',
        ),
        "scored_meets": Param(GROUPS, "groups met by a sentence in the part that sets out how bids are evaluated"),
        **SENTENCE_PARAMS,
    }
    # and each group's name, filled with the words its first hit matched (see `filled`)

    @classmethod
    def filled(cls, params: Mapping[str, Any]) -> frozenset[str]:
        return frozenset(params.get("all") or ())

    @classmethod
    def param_errors(cls, params: Mapping[str, Any]) -> list[tuple[list[str | int], str]]:
        """`negated`, `listed_meets` and `scored_meets` name groups of `all`."""
        groups = set(params.get("all") or ())
        errors: list[tuple[list[str | int], str]] = []
        for param in ("negated", "listed_meets", "scored_meets"):
            named = params.get(param) or ()
            for name in [named] if isinstance(named, str) else named:
                if name not in groups:
                    errors.append(([param], f"{param} names {name!r}, which is not a group of `all` ({', '.join(sorted(groups))})"))
        return errors

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        super().__init__(rule, params, index)
        self.groups = {
            name: compile_terms(index, f"{rule.id}/{name}", spec) for name, spec in params["all"].items()
        }
        self.negated = dict(params.get("negated", {}))
        self.scope = params.get("scope", "sentence")
        # (groups met by where the sentence stands, the test of that place, the words for messages)
        self.places: list[tuple[tuple[str, ...], Any, str]] = []
        for param, test, words in (
            ("listed_meets", in_submission_list, "listed among what the bid must contain"),
            ("scored_meets", in_scored_section, "in the evaluation criteria"),
        ):
            named = params.get(param) or ()
            groups = (named,) if isinstance(named, str) else tuple(named)
            unknown = set(groups) - set(self.groups)
            if unknown:
                raise KeyError(f"{rule.id}: {param} names no group: {sorted(unknown)}")
            if groups:
                self.places.append((groups, test, words))

    def _group_hits(self, analysis: Analysis, hits: Mapping[str, list[Hit]], name: str) -> list[Hit]:
        found = hits.get(self.groups[name] or "", [])
        mode = self.negated.get(name)
        if mode == "exclude":
            found = [h for h in found if not analysis.negated(h)]
        elif mode == "require":
            found = [h for h in found if analysis.negated(h)]
        return found

    def _units(self, analysis: Analysis, keys: list[str]) -> list[tuple[Sentence, list[Sentence]]]:
        """Clause or block units of body text holding a hit of every group somewhere."""
        holding = sorted((analysis.sentences_with(key) for key in keys), key=len)
        body = self.body_indices(analysis)
        if self.scope == "clause":
            units = analysis.clause_units_holding(holding[0])  # only units holding the rarest group
        else:
            by_block: dict[int | None, list[Sentence]] = {}
            for sentence in self.body_sentences(analysis):
                by_block.setdefault(sentence.block, []).append(sentence)
            units = list(by_block.values())
        return [
            (unit[0], unit)
            for unit in units
            if all(any(s.index in found for s in unit) for found in holding) and all(s.index in body for s in unit)
        ]

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        outcome = self._run(analysis, {name: key or "" for name, key in self.groups.items()})
        candidates = list(outcome.candidates)
        seen = {(c.start, c.end) for c in candidates}
        for met, test, words in self.places:
            # Again without the groups the place meets, keeping only sentences standing there.
            others = {name: key or "" for name, key in self.groups.items() if name not in met}
            placed = self._run(analysis, others, place=(met, test, words))
            candidates += [c for c in placed.candidates if (c.start, c.end) not in seen]
            seen |= {(c.start, c.end) for c in placed.candidates}
        return Outcome(FLAGGED, tuple(candidates)) if candidates else outcome

    def _run(self, analysis: Analysis, groups: Mapping[str, str], place: tuple[tuple[str, ...], Any, str] | None = None) -> Outcome:
        keys = list(groups.values())
        # Cheap necessary condition first: most rules have some group absent from a document.
        if not all(key in analysis.hits_by_key for key in keys):  # `in` builds no hit tuples
            return Outcome(PASSED)
        candidates = []
        if self.scope == "sentence":
            # Only sentences holding every group can fire; find them from the hits, not by scanning.
            ids = frozenset.intersection(*(analysis.sentences_with(key) for key in keys))
            body = self.body_indices(analysis) if ids else frozenset()
            units = [(analysis.sentences[i], [analysis.sentences[i]]) for i in sorted(ids) if i in body]
        else:
            units = self._units(analysis, keys)
        for first, unit in units:
            if place is not None and not place[1](analysis, unit[-1]):
                continue
            merged = {key: [h for sentence in unit for h in sentence.hits.get(key, ())] for key in keys}
            found = {name: self._group_hits(analysis, merged, name) for name in groups}
            if not all(found.values()):
                continue
            anchor = min((h for hits in found.values() for h in hits), key=lambda h: h.start)
            if self.scope == "clause" and len(unit) > 1 and not _needs_whole(analysis, found):
                continue  # every group met in one sentence: its own unit reports it
            home = analysis.sentence_of(anchor.start) or first
            if any(self.guarded(analysis, s, anchor if s is home else None) for s in unit):
                continue
            # each group's first matched words, for messages and labels ("payment only {infrequent}")
            words: dict[str, Any] = {name: analysis.doc[hits[0].start : hits[0].end].text for name, hits in found.items()}
            if place is not None:
                words.update(dict.fromkeys(place[0], place[2]))
            if self.scope == "clause" and len(unit) > 1:
                # Quote the lead-in down to the item when that stays short; a far item is quoted alone.
                near = unit[1].index == first.index + 1 or (
                    unit[-1].end_char - first.start_char <= CLAUSE_QUOTE_CHARS
                    and not _furniture_between(analysis, first, unit[1])
                )
                candidates.append(Candidate(first.start_char if near else unit[1].start_char, unit[-1].end_char, words))
            elif self.scope == "block":
                low, high = _tightest(analysis, found)
                candidates.append(Candidate(analysis.sentences[low].start_char, analysis.sentences[high].end_char, words))
            else:
                candidates.append(self.sentence_candidate(first, **words))
        return Outcome(FLAGGED if candidates else PASSED, tuple(candidates))


def _tightest(analysis: Analysis, found: Mapping[str, list[Hit]]) -> tuple[int, int]:
    """The shortest run of sentences holding a hit of every group: a block can be a whole page of
    converted PDF, and the finding should quote the sentences that carry it, not the page's top."""
    per_group = [
        sorted({s.index for s in (analysis.sentence_of(h.start) for h in hits) if s is not None})
        for hits in found.values()
    ]
    runs: list[tuple[int, int]] = []
    for low in sorted(set().union(*per_group)):
        ends = [next((i for i in indices if i >= low), -1) for indices in per_group]
        if -1 in ends:
            break  # some group has no hit from here on
        runs.append((low, max(ends)))
    return min(runs, key=lambda run: run[1] - run[0])


def _needs_whole(analysis: Analysis, found: Mapping[str, list[Hit]]) -> bool:
    """False when one sentence alone holds a hit of every group."""
    by_sentence: dict[int, set[str]] = {}
    for name, hits in found.items():
        for hit in hits:
            sentence = analysis.sentence_of(hit.start)
            if sentence is not None:
                by_sentence.setdefault(sentence.index, set()).add(name)
    return not any(len(names) == len(found) for names in by_sentence.values())


def _furniture_between(analysis: Analysis, lead_in: Sentence, item: Sentence) -> bool:
    """A running header or footer sits between a lead-in and its item (a page break): quoting
    across it would put "Page 5 of 8" in the middle of the quote."""
    blocks = analysis.document.blocks
    return any(
        s.block is not None and blocks[s.block].kind is BlockKind.HEADER_FOOTER
        for s in analysis.sentences[lead_in.index + 1 : item.index]
    )
