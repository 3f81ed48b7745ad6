"""`term_length`: the full length of a contract or framework (initial term plus every extension).

"An initial term of three (3) years with the option to extend for two further periods of up to
twelve (12) months" is 3 + 2 x 1 = 5 years; "4+2 years" is 6. A threshold on the longest single
duration would see 3 years and miss it, so this kind adds the periods up.

params:
  trigger: terms the sentence must contain ("framework", "initial term", "contract period")
  extension: terms where the extension part begins ("extend", "extension", "renew")
  years: fire when the total is above this many years
  it_years: a lower limit used when the `is_it` fact is true (optional)
  unless, guards
Durations that are notice periods, deadlines ("within 6 months of") or shorter than four weeks are
not terms. When the sentence names only extensions, the initial term is taken from the
`term_years` fact if known.
"""

from __future__ import annotations

from typing import Any, Mapping

from spacy.tokens import Span

from ..context import Context
from ..analysis import Analysis, Sentence
from ..matching import TermIndex
from ..quantities import Quantity, find_quantities, parse_number_words
from ..rulepack.model import Rule
from .base import FLAGGED, PASSED, Check, Outcome, compile_terms
from .params import NUMBER, SENTENCE_PARAMS, TERMS, Param

DAYS_PER_YEAR = 365.2425
MIN_TERM_DAYS = 28
COUNT_NOUNS = frozenset({"period", "extension", "option", "renewal", "term", "occasion", "time"})
NOT_A_TERM_BEFORE = frozenset({"within", "least", "than", "every", "each"})
NOT_A_TERM_AFTER = frozenset({"before", "prior", "after", "following", "notice", "of"})


class TermLengthCheck(Check):
    kind = "term_length"
    fires = 'when initial term plus every extension ("two further periods of 12 months", "4+2 years") passes a number of years; notice periods and deadlines are not terms'
    parameters = {
        "trigger": Param(TERMS, "terms the sentence must contain (framework, initial term, contract period)", required=True),
        "extension": Param(TERMS, "where the extension part begins (default: extend, extension, renew, further period...)"),
        "years": Param(NUMBER, "fires when the total is above this many years", required=True),
        "it_years": Param(NUMBER, "the limit when the `is_it` fact is true"),
        **SENTENCE_PARAMS,
    }
    fills = frozenset({"found", "years", "limit"})

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        super().__init__(rule, params, index)
        self.trigger = compile_terms(index, f"{rule.id}/trigger", params["trigger"])
        self.extension = compile_terms(
            index, f"{rule.id}/extension",
            params.get("extension", ["extend", "extension", "extendable", "renew", "renewal", "further period", "additional period", "optional period", "=a further", "=an additional", "=plus"]),
        )
        self.years = float(params["years"])
        self.it_years = float(params["it_years"]) if params.get("it_years") is not None else None

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        is_it = str(context.get("is_it")).lower() == "true"  # a fact given on the command line is text
        limit = self.it_years if self.it_years is not None and is_it else self.years
        candidates = []
        for sentence in self.body_sentences_with(analysis, self.trigger):
            hits = sentence.hits.get(self.trigger or "")
            if not hits or self.guarded(analysis, sentence, hits[0]):
                continue
            total, used = self.total_years(analysis, sentence, context)
            if total is not None and total > limit + 1e-6:
                found = " + ".join(text for text in used)
                candidates.append(self.sentence_candidate(sentence, 0.75, found=found, years=f"{total:g}", limit=f"{limit:g}"))
        return Outcome(FLAGGED if candidates else PASSED, tuple(candidates))

    def total_years(self, analysis: Analysis, sentence: Sentence, context: Context) -> tuple[float | None, list[str]]:
        """The whole term in years, and the pieces it was added up from ("2 x twelve (12) months")."""
        span = analysis.doc[sentence.start : sentence.end]
        terms = [q for q in find_quantities(sentence.text) if q.kind == "duration" and q.days and _is_term(span, sentence, q)]
        if not terms:
            return None, []
        for q in terms:
            if q.is_range and "+" in q.text:  # "4+1+1 years": the upper bound is the whole term
                return _years(q), [q.text]
        cut = len(sentence.text)
        for hit in sentence.hits.get(self.extension or "", ()):
            cut = min(cut, analysis.doc[hit.start].idx - sentence.start_char)
        initial = [q for q in terms if q.end <= cut]
        extensions = [q for q in terms if q.start >= cut]
        first = max(initial, key=lambda q: q.days or 0) if initial else None
        base = _years(first) if first else float(context.get("term_years") or 0)
        added = 0.0
        floor = cut
        used = [first.text] if first else ([f"{base:g} years (the stated term)"] if base else [])
        for q in extensions:
            count = _count_before(span, sentence, q, floor)
            added += count * _years(q)
            used.append(q.text if count == 1 else f"{count:g} x {q.text}")
            floor = q.end
        return round(base + added, 2), used


def _years(q: Quantity) -> float:
    return (q.days or 0) / DAYS_PER_YEAR


def _tokens(span: Span, sentence: Sentence, q: Quantity) -> tuple[list, list]:
    """Tokens of the sentence before and after a quantity."""
    start, end = sentence.start_char + q.start, sentence.start_char + q.end
    before = [t for t in span if t.idx + len(t.text) <= start]
    after = [t for t in span if t.idx >= end]
    return before, after


def _is_term(span: Span, sentence: Sentence, q: Quantity) -> bool:
    if (q.days or 0) < MIN_TERM_DAYS:
        return False
    before, after = _tokens(span, sentence, q)
    if before and before[-1].lower_ in NOT_A_TERM_BEFORE:
        return False
    following = [t for t in after[:3] if not t.is_punct]
    if following and (following[0].lower_ in NOT_A_TERM_AFTER or any(t.lemma_ == "notice" for t in following)):
        return False
    return True


def _count_before(span: Span, sentence: Sentence, q: Quantity, floor: int) -> float:
    """"two further periods of 12 months": the count word shortly before the duration (and after
    `floor`, the extension cue or the previous duration), else 1."""
    before, _ = _tokens(span, sentence, q)
    window = [t for t in before[-8:] if t.idx - sentence.start_char >= floor]
    for i, token in enumerate(window):
        if not token.like_num:
            continue
        value = parse_number_words(token.lower_)
        if value is None:
            try:
                value = float(token.text)
            except ValueError:
                continue
        if 1 <= value <= 10 and value == int(value) and any(t.lemma_ in COUNT_NOUNS for t in window[i + 1 : i + 6]):
            return value
    return 1.0
