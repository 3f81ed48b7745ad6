"""`consistency`: unfilled template placeholders, and one key fact stated with different values.

params:
  markers: terms that are placeholders in themselves ("[insert", "TBC", "TBA")
  placeholders: true (default) to also report quantity placeholders from `find_quantities`
                ("£[X]", "XX/XX/XXXX", "XX%") and impossible dates ("31 February", "1 March 202")
  facts: {name: {cue: terms, quantity: date | money | duration | percent}}: sentences holding the
         cue and exactly one quantity of that kind state the fact; two different values fire
  respond: terms that mark a blank the bidder is meant to fill (a response form), not a slip
  later: terms that say the fact is settled later ("TBD at time of award"), not a slip (item 53)
  unless: terms that keep a sentence out of the fact comparison (a per-lot value, a revised date);
          placeholders are still reported there
  guards: advice (sentences explaining the law are skipped entirely)
  order: [[earlier, later], ...] context date facts that must come in this order: a tender deadline
         weeks before the issue date (a year never rolled over) is an impossible timetable. Gaps of a
         year or more are taken for misread dates and ignored.

A fact's value is compared as stated: a date by its calendar day, money and percentages by amount,
durations in days. The finding quotes the later statement and names the earlier value.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..context import Context
from ..context.dates import fact_date
from ..analysis import Analysis, Sentence
from ..matching import TermIndex
from ..quantities import Quantity, find_quantities, may_hold_placeholder
from ..rulepack.model import Rule
from .base import ADVICE_KEY, FLAGGED, PASSED, Candidate, Check, Outcome, compile_terms
from .params import BOOLEAN, GUARDS, INCLUDE_HEADINGS, TERMS, Param, obj


def _value(q: Quantity) -> Any:
    if q.kind == "date":
        return q.date
    if q.kind == "duration":
        return round(q.days or 0.0, 1)
    return q.value


class ConsistencyCheck(Check):
    kind = "consistency"
    fires = 'on unfilled placeholders ("[insert", "£[X]", "XX/XX/XXXX", impossible dates) and on a key fact stated with two values'
    parameters = {
        "markers": Param(TERMS, 'terms that are placeholders in themselves ("[insert", "TBC")'),
        "respond": Param(TERMS, "terms marking a blank the bidder is meant to fill (a response form), not a slip"),
        "later": Param(TERMS, 'terms saying the fact is settled later ("TBD at time of award"), not a slip'),
        "placeholders": Param(BOOLEAN, 'also report quantity placeholders ("£[X]", "XX%") and impossible dates (default true)'),
        "facts": Param(
            {"type": "object", "additionalProperties": obj(
                {"cue": TERMS, "quantity": {"enum": ["date", "money", "duration", "percent"]}}, required=("cue", "quantity"))},
            "{name: {cue, quantity}}: sentences holding the cue and one quantity of that kind state the fact; two values fire",
        ),
        "order": Param(
            {"type": "array", "items": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2}},
            "[[earlier, later], ...]: date facts that must come in this order (by under a year)",
        ),
        "unless": Param(TERMS, "terms that keep a sentence out of the fact comparison (placeholders are still reported)"),
        "guards": Param(GUARDS.shape, "advice: sentences explaining the law are skipped"),
        "include_headings": INCLUDE_HEADINGS,
    }
    fills = frozenset({"detail"})

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        super().__init__(rule, params, index)
        self.markers = compile_terms(index, f"{rule.id}/markers", params.get("markers"))
        self.respond = compile_terms(index, f"{rule.id}/respond", params.get("respond"))
        self.later = compile_terms(index, f"{rule.id}/later", params.get("later"))
        self.placeholders = bool(params.get("placeholders", True))
        self.facts: dict[str, tuple[str | None, str]] = {
            name: (compile_terms(index, f"{rule.id}/fact/{name}", spec["cue"]), spec["quantity"])
            for name, spec in (params.get("facts") or {}).items()
        }
        self.order = [tuple(pair) for pair in params.get("order") or ()]

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        candidates: list[Candidate] = []
        seen: dict[str, tuple[Any, Quantity, Sentence]] = {}
        for sentence in self._sentences_to_read(analysis):
            if "advice" in self.guards and sentence.hits.get(ADVICE_KEY):
                continue
            slip = self._placeholder(analysis, sentence)
            if slip:
                candidates.append(self.sentence_candidate(sentence, 0.8, detail=slip))
                continue
            if self.unless and sentence.hits.get(self.unless):
                continue  # `unless` words (a lot, a revision) silence the comparison, not placeholders
            for name, (cue, kind) in self.facts.items():
                if not sentence.hits.get(cue or ""):
                    continue
                quantities = find_quantities(sentence.text)  # memoised: a second read is free
                stated = [q for q in quantities if q.kind == kind and q.valid and _value(q) not in (None, 0)]
                if len(stated) != 1:
                    continue
                value = _value(stated[0])
                if name not in seen:
                    seen[name] = (value, stated[0], sentence)
                    continue
                first_value, first, _ = seen[name]
                if value != first_value:
                    detail = f"{name.replace('_', ' ')} is {stated[0].text} here but {first.text} earlier"
                    candidates.append(self.sentence_candidate(sentence, 0.7, detail=detail))
        candidates += self._order(analysis, context)
        return Outcome(FLAGGED if candidates else PASSED, tuple(candidates))

    def _sentences_to_read(self, analysis: Analysis) -> list[Sentence]:
        """Body sentences that can yield a finding, in order: those holding a marker or a fact's cue,
        and those whose text may hold a quantity placeholder or an impossible date.

        Reading a sentence's quantities is the costly part of this check, and a sentence with none
        of these can report nothing; in a tender about one sentence in forty is read.
        """
        keyed: set[int] = set()
        for key in (self.markers, *(cue for cue, _ in self.facts.values())):
            if key:
                keyed |= analysis.sentences_with(key)
        return [
            s for s in self.body_sentences(analysis)
            if s.index in keyed or (self.placeholders and may_hold_placeholder(s.text))
        ]

    def _order(self, analysis: Analysis, context: Context) -> list[Candidate]:
        found: list[Candidate] = []
        for earlier, later in self.order:
            first, last = fact_date(context.get(earlier)), fact_date(context.get(later))
            if first is None or last is None or not 0 < (first - last).days < ORDER_GAP_DAYS:
                continue
            detail = (f"the {later.replace('_', ' ')} ({last.isoformat()}) comes before the "
                      f"{earlier.replace('_', ' ')} ({first.isoformat()})")
            start = getattr(context.facts.get(later), "start", None)
            sentence = next((s for s in analysis.sentences if s.start_char == start), None)
            if sentence is not None:
                end = sentence.end_char
                following = analysis.sentences[sentence.index + 1] if sentence.index + 1 < len(analysis.sentences) else None
                if following is not None and len(following.text) <= 40:
                    end = following.end_char  # the timetable's date cell
                found.append(Candidate(sentence.start_char, end, {"detail": detail}, 0.7))
            else:
                found.append(Candidate(0, 0, {"detail": detail}, 0.6, document_level=True))
        return found

    def _placeholder(self, analysis: Analysis, sentence: Sentence) -> str:
        if self.respond and sentence.hits.get(self.respond):
            return ""
        if self.later and sentence.hits.get(self.later):
            return ""
        if self.markers:
            hits = sentence.hits.get(self.markers)
            if hits:
                start, end = analysis.char_span(hits[0])
                return f"unfilled placeholder “{analysis.document.text[start:end]}”"
        if not self.placeholders:
            return ""
        for q in find_quantities(sentence.text):
            if q.kind == "placeholder":
                return f"unfilled placeholder “{q.text}”"
            if q.kind == "date" and not q.valid:
                return f"impossible date “{q.text}”"
        return ""


ORDER_GAP_DAYS = 366
