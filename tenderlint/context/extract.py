"""Finding the facts about a tender that rules depend on (catalogue section 1): regime, value, type, dates.

Each fact carries the quote it came from, or says the user gave it, so the report can show
what was assumed and a user can correct it ("--value 250000").

How it works:
- Vocabulary facts (regime, authority, contract type, procedure, document type, IT) are weighed,
  not taken from the first hit: two PhraseMatchers find every signal phrase in the spaCy Doc
  (milliseconds, where an equivalent regex alternation takes seconds), and each adds to a tally
  (`tally`), more in the title zone (6) or a heading (2) than in body text (1); `vocabulary` reads
  the facts from it. One stray "Federal" or "Council" decides nothing.
- Value, term and date facts (`values`, `term_length`, `dates`) come from one pass over the sentences. Cheap substring tests pick the
  sentences whose wording cues a value, term or date; only those reach the cue regexes and
  `find_quantities`, so a 70k-word document costs a few dozen quantity scans.
- Facts computed rather than read (IT density, a derived annual value, above-threshold) quote
  their working instead of a sentence, and have no offset. Whether the document holds contract
  terms is read from its clause titles (`contract_terms`).

This module only orchestrates: it picks the sentences, hands each to the extractors, and orders the facts.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from typing import Iterable, Iterator

from ..analysis import Analysis, Sentence
from ..quantities import find_quantities
from ..quantities.patterns import OTHER_CODES
from .contract_terms import has_terms
from .dates import DateCue, date_candidates, date_facts, reads_day_first, response_period
from .facts import Context, Fact, above_threshold, derived_annual, put_fact, value_in_pounds
from .tally import tally_signals
from .term_length import Term, read_term, term_cued, term_facts
from .values import ValueCandidate, value_candidates, value_cued, value_facts
from .vocabulary import (
    CPV, attachment, authority, contract_type, doc_types, dollar, holds_spec, is_it, lone_schedule, procedure, regime,
)


def extract_context(analysis: Analysis) -> Context:
    """Find what the document says about itself; every fact keeps its quote."""
    tally = tally_signals(analysis)
    values: list[ValueCandidate] = []
    terms: list[tuple[Term, Sentence]] = []
    dated: list[DateCue] = []
    cpv: list[tuple[str, Sentence]] = []
    sentences = analysis.sentences
    money, timed, dates = _candidate_sentences(analysis)
    for i in sorted(money | timed | dates | {i - 1 for i in dates | money if i > 0}):
        sentence = sentences[i]
        text = sentence.text
        if "CPV" in text:
            cpv += [(m.group(0), sentence) for m in CPV.finditer(text)]
        has_value, has_term = _cued(text, i in money, i in timed)
        following = sentences[i + 1] if i + 1 < len(sentences) else None
        if has_value or has_term:
            quantities = find_quantities(text)
            values += value_candidates(sentence, quantities) if has_value else []
            term = read_term(text, quantities) if has_term else None
            if term:
                terms.append((term, sentence))
        elif following is not None and i + 1 in money and _asks_value(text, following.text):
            # a question naming the value, answered in the next cell or line ("What is the current
            # contract value? | Approximately $640,597.50"): a past award as a guide counts (item 60)
            answer = following.text[:_ANSWER_CHARS]  # a flattened Q&A table runs into the next question
            asked = replace(sentence, text=f"{text} {answer}", end=following.end, end_char=following.end_char)
            values += value_candidates(asked, find_quantities(asked.text))
        dated += date_candidates(sentence, following, analysis.document.blocks)
    facts: dict[str, Fact] = {}
    put_fact(facts, regime(tally, dated))
    for fact in (
        authority(tally, facts), contract_type(tally, cpv), procedure(tally), doc_types(tally), dollar(tally),
        lone_schedule(tally, analysis), attachment(analysis),
    ):
        put_fact(facts, fact)
    put_fact(facts, holds_spec(tally, facts.get("doc_types")))
    put_fact(facts, is_it(tally, cpv, analysis))
    put_fact(facts, has_terms(analysis.document, facts))
    for fact in date_facts(dated, reads_day_first(facts, dated)):
        put_fact(facts, fact)
    for fact in value_facts(values) + term_facts(terms):
        put_fact(facts, fact)
    if "tender_deadline" not in facts:
        put_fact(facts, response_period(analysis))
    put_fact(facts, derived_annual(facts))
    put_fact(facts, value_in_pounds(facts))
    put_fact(facts, above_threshold(facts))
    return Context(facts)


# Plain substrings, searched with str.find over the whole text: each pass runs at memchr speed,
# where one regex alternation of the same words (or a per-sentence test) costs 5-20 times more.
_MONEY_MARKS = (
    "£", "$", "€", "GBP", "EUR", "USD", "CAD", "AUD", "NZD", *OTHER_CODES.split("|"),
    "pound", "Pound", "dollar", "Dollar", "euro", "Euro", "CPV",  # CPV codes ride along
)
_TIME_MARKS = ("year", "Year", "YEAR", "month", "Month", "MONTH", "annual", "Annual", "ANNUAL")
_DATE_LIKE = re.compile(r"\d(?:\d{3}|\d?[/.-]\d{1,2}[/.-]\d{2,4})")  # a year, or 1/3/25; led by a digit for speed


def _candidate_sentences(analysis: Analysis) -> tuple[set[int], set[int], set[int]]:
    """Indices of sentences holding money (or a CPV code), a year/month word, or something date-like."""
    text = analysis.document.text
    starts = [s.start_char for s in analysis.sentences]

    def owners(positions: Iterable[int]) -> set[int]:
        return {bisect_right(starts, at) - 1 for at in positions} - {-1}

    dates = owners(m.start() for m in _DATE_LIKE.finditer(text))
    return owners(_find_all(text, _MONEY_MARKS)), owners(_find_all(text, _TIME_MARKS)), dates


def _find_all(text: str, needles: Iterable[str]) -> Iterator[int]:
    for needle in needles:
        at = text.find(needle)
        while at != -1:
            yield at
            at = text.find(needle, at + 1)


_ANSWER_CHARS = 40  # an answer's figure comes first: "Approximately $640,597.50", "Answer: Approx $640K+"


def _asks_value(question: str, answer: str) -> bool:
    """A question that names the contract's value, answered by an amount at the start of the next sentence."""
    head = answer[:_ANSWER_CHARS]
    return (question.rstrip().endswith("?") and any(mark in head for mark in ("$", "£", "€"))
            and value_cued(question, question.lower()))


def _cued(text: str, has_money: bool, has_time: bool) -> tuple[bool, bool]:
    """Cheap substring tests first, so the cue regexes and `find_quantities` see few sentences."""
    low = text.lower()
    return has_money and value_cued(text, low), has_time and term_cued(text, low)
