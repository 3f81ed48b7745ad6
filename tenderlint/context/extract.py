"""Finding the facts about a tender that rules depend on (catalogue section 1): regime, value, type, dates.

Each fact carries the quote it came from, or says the user gave it, so the report can show
what was assumed and a user can correct it ("--value 250000").

How it works:
- Vocabulary facts (regime, authority, contract type, procedure, document type, IT) are weighed,
  not taken from the first hit: two PhraseMatchers find every signal phrase in the spaCy Doc
  (milliseconds, where an equivalent regex alternation takes seconds), and each adds to a tally,
  more in the title zone (6) or a heading (2) than in body text (1). One stray "Federal" or
  "Council" decides nothing.
- Value, term and date facts come from one pass over the sentences. Cheap substring tests pick the
  sentences whose wording cues a value, term or date; only those reach the cue regexes and
  `find_quantities`, so a 70k-word document costs a few dozen quantity scans.
- Facts computed rather than read (IT density, a derived annual value, above-threshold) quote
  their working instead of a sentence, and have no offset.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Mapping

from ..matching import Analysis, Sentence
from ..model import BlockKind, Document
from ..nlp import get_pipeline
from ..quantities import Quantity, find_quantities, parse_number_words
from .facts import FOUND, PA_2023_COMMENCEMENT, Context, Fact, above_threshold, derived_annual, put_fact, short_quote
from .signals import SIGNAL_BY_KEY, signal_hits

# IT words per 1,000 words; a weak word ("system", "application") counts a quarter. Calibrated on the
# corpus: facilities specifications score about 2 (hundreds of "building management systems"), IT
# statements of requirements 3 to 25.
IT_DENSITY = 2.5
IT_WEAK_SHARE = 0.25
IT_MIN_TERMS = 6
_CPV = re.compile(r"\b(\d{2})(\d)\d{5}(?:-\d)?\b")
_CPV_IT = ("48", "72")  # software; IT services. 30.2 (computer equipment) is checked by digits.

# --- Value cues: strong ones name the value, weak ones only bound or qualify an amount ---
_STRONG_VALUE = (
    r"estimated (?:total |contract |annual |overall )?(?:value|cost|price)"
    r"|(?:total|overall|annual|aggregate|approximate|maximum|assessed) (?:contract )?value|contract value"
    r"|value of (?:the|this) (?:contract|framework|call-off|agreement|lot|requirement|opportunity|project)|budget"
    r"|(?:expected|anticipated|estimated|projected) (?:total |annual )?(?:value|spend|spending|volume of purchases|purchases|expenditure)"
)
_WEAK_VALUE = (
    r"up to|ceiling|not to exceed|maximum of|per annum|over the (?:contract )?term|per lot|valued at"
    r"|over the (?:life|lifetime|duration) of|during the (?:life|term) of the (?:contract|agreement)"
)
_VALUE_CUE = re.compile(rf"(?P<strong>{_STRONG_VALUE})|(?P<weak>{_WEAK_VALUE})", re.I)
# Money in these sentences is a demand on the supplier or a remedy, not the contract's value.
_DEMAND = re.compile(
    r"turnover|insurance|indemnit|liabilit|liable|penalt|liquidated damages|service credits?|\bfines?\b"
    r"|\bbonds?\b|threshold|similar (?:value|size|contracts?)|experience|\bclaims?\b",
    re.I,
)
# "for work packages under £1M": a condition on some other amount, not the value.
_CONDITION_BEFORE = re.compile(
    r"(?:\bunder|below|over|above|exceed(?:s|ing)?|less than|more than|greater than|at least|minimum of|\bor)\s*[<>\u2264\u2265]?\s*$",
    re.I,
)
# "contracts valued at $100,000 or more": a threshold of a rule, not this contract's value
_CONDITION_AFTER = re.compile(r"^\s*(?:\.00)?\s*(?:or|and)\s+(?:more|greater|above|over|higher|less|under|below|lower|up)\b", re.I)
_CEILING_BEFORE = re.compile(r"(?:(?:not to|shall not|will not|must not|is not to|cannot|may not) exceed|up to)\s*$", re.I)
_GAP_BREAK = re.compile(r"\bor\b|whichever|%|;", re.I)
_ANNUAL = re.compile(r"per annum|\bp\.?a\.?(?!\w)|a year|per year|each year|annual|annually", re.I)
_PER_LOT = re.compile(r"per lot|each lot|for (?:each )?lot\b|lot value", re.I)
_VAT_INC = re.compile(r"(?:including|inclusive of|incl?\.?|inc\.?)\s+(?:of\s+)?VAT|VAT[\s-]inclusive", re.I)
_VAT_EXC = re.compile(r"(?:excluding|exclusive of|excl?\.?|net of|plus|\+)\s*VAT|VAT[\s-]exclusive", re.I)

# --- Term cues ---
_TERM_CUE = re.compile(
    r"initial (?:contract )?(?:term|period)|contract (?:term|period|duration)"
    r"|(?:term|duration|period|length) of (?:the|this) (?:contract|agreement|framework|call-off)"
    r"|(?:contract|agreement|framework) (?:will|shall) (?:run|last|be in place)|\b\d\s?\+\s?\d(?:\s?\+\s?\d)*\s?years?"
    r"|option to (?:extend|renew)|(?:renewal|extension) options?|(?:further|additional) (?:periods?|terms?) of",
    re.I,
)
_EXTENSION_CUE = re.compile(
    r"\bextend|\bextension|\brenew|\bfurther\b|\badditional\b|\boption",
    re.I,
)
_NUMBER_WORD = r"\d+|one|two|three|four|five|six|seven|eight|nine|ten"
# "two further periods of" just before a duration: how many extensions of that length.
_COUNT_BEFORE = re.compile(
    rf"(?P<n>{_NUMBER_WORD})(?:\s?\(\d+\))?\s+(?:further |additional |optional |annual |renewal |extension )*"
    r"(?:periods?|extensions?|options?|renewals?|terms?)\b[^.;]{0,20}$",
    re.I,
)
_ANNUAL_OPTIONS = re.compile(
    rf"\b(?P<n>{_NUMBER_WORD})(?:\s?\(\d+\))?\s+(?:annual|yearly) (?:renewal|extension) (?:options?|periods?)", re.I
)
_LIMIT_BEFORE = re.compile(
    r"(?:no (?:more|longer) than|limited to|not (?:to )?exceed(?:ing)?|within|after|before|prior to)\s*$", re.I
)
_NOTICE_AFTER = re.compile(r"^[’'s]*\s*(?:written\s+)?notice", re.I)

# --- Date cues (checked in this order: a clarification sentence is not the tender deadline) ---
_RESPONSES = r"(?:tenders?|bids?|proposals?|responses?|quot(?:e|ation)s?|offers?|submissions?)"
_DATE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("clarification_deadline", re.compile(r"clarification|\bquestions?\b", re.I)),
    ("tender_deadline", re.compile(
        rf"{_RESPONSES}\b[^.]{{0,40}}?(?:must be (?:received|submitted)|no later than|\bdue\b|deadline|closing)"
        r"|(?:deadline|closing date|due date) (?:for|of) (?:the )?(?:receipt of |submission of |return of )?"
        rf"{_RESPONSES}"
        r"|(?:tender|bid|response|submission|proposal) (?:deadline|closing date|due date|return date)|tender closing"
        rf"|submit(?:ted)? (?:their |your |its )?{_RESPONSES} (?:by|before|no later than)",
        re.I,
    )),
    ("contract_start", re.compile(
        r"(?:contract|project|service)s? (?:start|commencement)(?: date)?|commencement date"
        r"|(?:expected|anticipated|estimated|planned) (?:to )?(?:start|commence)|(?:will|shall) commence on|go-live",
        re.I,
    )),
    ("issue_date", re.compile(
        r"\bissued?\b|date of issue|publication date|\bpublished\b|\brelease[ds]?\b|\bdated\b|^date\b", re.I
    )),
)
_DEADLINE_WORDS = re.compile(
    r"deadline|no later than|must be (?:received|submitted)|\bdue\b|\bby\b|receipt|cut-?off|close", re.I
)
_HAS_DATE = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/\d{2,4}\b")

_TITLE_WEIGHT, _HEADING_WEIGHT, _BODY_WEIGHT = 6.0, 2.0, 1.0
_TITLE_BLOCKS = 6  # the first short blocks of a document, and its metadata title, are its title zone
_TITLE_LENGTH = 120


@dataclass(frozen=True)
class Evidence:
    """One signal seen in one place, with the weight of where it was seen and the text to quote."""

    fact: str
    value: str
    weight: float
    quote: str
    start: int | None


class _Tally:
    """Signal weights per (fact, value), title-zone weights apart, and the best evidence for quoting."""

    def __init__(self) -> None:
        self.score: dict[tuple[str, str], float] = defaultdict(float)
        self.title: dict[tuple[str, str], float] = defaultdict(float)
        self.count: dict[tuple[str, str], int] = defaultdict(int)
        self.best: dict[tuple[str, str], Evidence] = {}

    def add(self, evidence: Evidence) -> None:
        key = (evidence.fact, evidence.value)
        self.score[key] += evidence.weight
        self.count[key] += 1
        if evidence.weight >= _TITLE_WEIGHT:
            self.title[key] += evidence.weight
        best = self.best.get(key)
        if best is None or evidence.weight > best.weight:
            self.best[key] = evidence

    def values(self, fact: str) -> dict[str, float]:
        return {value: score for (name, value), score in self.score.items() if name == fact}

    def get(self, fact: str, value: str) -> float:
        return self.score.get((fact, value), 0.0)

    def fact(self, fact: str, value: str, name: str | None = None) -> Fact:
        """A Fact named `name` (default: `fact`) quoting the best evidence for `value`."""
        evidence = self.best[(fact, value)]
        return Fact(name or fact, value, FOUND, short_quote(evidence.quote), evidence.start)


@dataclass(frozen=True)
class ValueCandidate:
    name: str  # value_total / value_annual / value_per_lot
    amount: Quantity
    strength: int
    sentence: Sentence


@dataclass(frozen=True)
class DateCue:
    """A sentence that cues a date fact; `following` is the next cell when the sentence is a label."""

    name: str
    sentence: Sentence
    following: Sentence | None
    bare: bool = False  # a date standing alone at the top of the document: the issue date unless one is named


@dataclass(frozen=True)
class Term:
    initial_years: float | None
    extension_years: float | None


def extract_context(analysis: Analysis) -> Context:
    """Find what the document says about itself; every fact keeps its quote."""
    tally = _tally_signals(analysis)
    values: list[ValueCandidate] = []
    terms: list[tuple[Term, Sentence]] = []
    dated: list[DateCue] = []
    cpv: list[tuple[str, Sentence]] = []
    sentences = analysis.sentences
    money, timed, dates = _candidate_sentences(analysis)
    for i in sorted(money | timed | dates | {i - 1 for i in dates if i > 0}):
        sentence = sentences[i]
        text = sentence.text
        if "CPV" in text:
            cpv += [(m.group(0), sentence) for m in _CPV.finditer(text)]
        value_cued, term_cued = _cued(text, i in money, i in timed)
        if value_cued or term_cued:
            quantities = find_quantities(text)
            values += _value_candidates(sentence, quantities) if value_cued else []
            term = _term(text, quantities) if term_cued else None
            if term:
                terms.append((term, sentence))
        following = sentences[i + 1] if i + 1 < len(sentences) else None
        dated += _date_candidates(sentence, following)
    facts: dict[str, Fact] = {}
    put_fact(facts, _regime(tally, dated))
    for fact in (
        _authority(tally, facts), _contract_type(tally, cpv), _procedure(tally), _doc_types(tally), _dollar(tally),
        _lone_schedule(tally),
    ):
        put_fact(facts, fact)
    put_fact(facts, _is_it(tally, cpv, analysis))
    put_fact(facts, _has_terms(analysis.document, facts))
    for fact in _dates(dated, _dayfirst(facts, dated)):
        put_fact(facts, fact)
    for fact in _values(values) + _term_facts(terms):
        put_fact(facts, fact)
    if "tender_deadline" not in facts:
        put_fact(facts, _response_period(analysis))
    put_fact(facts, derived_annual(facts))
    put_fact(facts, above_threshold(facts))
    return Context(facts)


# Plain substrings, searched with str.find over the whole text: each pass runs at memchr speed,
# where one regex alternation of the same words (or a per-sentence test) costs 5-20 times more.
_MONEY_MARKS = ("£", "$", "€", "GBP", "EUR", "USD", "pound", "dollar", "euro", "CPV")  # CPV codes ride along
_TIME_MARKS = ("year", "Year", "YEAR", "month", "Month", "MONTH", "annual", "Annual", "ANNUAL")
_DATE_LIKE = re.compile(r"\d(?:\d{3}|\d?[/.-]\d{1,2}[/.-]\d{2,4})")  # a year, or 1/3/25; led by a digit for speed
_VALUE_WORDS = ("value", "budget", "up to", "ceiling", "exceed", "maximum", "per annum", "per lot", "term", "estimate", "spend", "purchases", "expenditure", "life of", "anticipated", "expected", "projected")
_TERM_WORDS = ("term", "period", "duration", "+", "run", "last", "extend", "extension", "renew")


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


def _cued(text: str, has_money: bool, has_time: bool) -> tuple[bool, bool]:
    """Cheap substring tests first, so the cue regexes and `find_quantities` see few sentences."""
    low = text.lower()
    value = has_money and any(w in low for w in _VALUE_WORDS) and bool(_VALUE_CUE.search(text))
    term = has_time and any(w in low for w in _TERM_WORDS) and bool(_TERM_CUE.search(text))
    return value, term




def _title_blocks(document: Document) -> frozenset[int]:
    """Short blocks at the top of the document (not running headers): its title and cover page."""
    found: list[int] = []
    seen = 0
    for index, block in enumerate(document.blocks):
        if block.kind == BlockKind.HEADER_FOOTER:
            continue
        seen += 1
        if seen > _TITLE_BLOCKS:
            break
        if len(block.text) <= _TITLE_LENGTH:
            found.append(index)
    return frozenset(found)


def _weight(analysis: Analysis, sentence: Sentence, title: frozenset[int]) -> float:
    """Titles say what a document is; headings say more than body text does."""
    if sentence.block is None:
        return _BODY_WEIGHT
    if sentence.block in title:
        return _TITLE_WEIGHT
    kind = analysis.document.blocks[sentence.block].kind
    return _HEADING_WEIGHT if kind == BlockKind.HEADING else _BODY_WEIGHT


def _tally_signals(analysis: Analysis) -> _Tally:
    """Every signal phrase, weighted by where it sits; the file's title and subject count as its title."""
    tally = _Tally()
    title_blocks = _title_blocks(analysis.document)
    for key, token in signal_hits(analysis.doc):
        sentence = analysis.sentence_of(token)
        signal = SIGNAL_BY_KEY[key]
        if sentence is not None:
            weight = _weight(analysis, sentence, title_blocks)
            tally.add(Evidence(signal.fact, signal.value, weight, sentence.text, sentence.start_char))
    metadata = analysis.document.metadata
    title = " ".join(metadata.get(key, "") for key in ("title", "subject")).strip()
    if title:
        for key, _ in signal_hits(get_pipeline().make_doc(title)):
            signal = SIGNAL_BY_KEY[key]
            if signal.fact == "doc_types":
                tally.add(Evidence(signal.fact, signal.value, _TITLE_WEIGHT, f"document properties: {title}", None))
    return tally


# --- Regime ---


def _regime(tally: _Tally, dated: list[DateCue]) -> Fact | None:
    """Non-UK when non-UK markers clearly outweigh UK ones; then statute, vocabulary, date.

    Explicit statutes count 5 times a marker. Between the UK regimes an explicit statute beats
    vocabulary; when both statutes are named (a transitional document) the issue date decides,
    else the more-mentioned one. Vocabulary alone decides only when one side has more of it.
    """
    uk = tally.get("country", "uk") + 5 * (tally.get("statute", "pa-2023") + tally.get("statute", "pcr-2015"))
    uk += tally.get("vocab", "pa-2023") + tally.get("vocab", "pcr-2015")
    non_uk = tally.get("country", "non-uk") + 5 * tally.get("statute", "non-uk")
    if non_uk >= 3 and non_uk > 2 * uk:
        return tally.fact("statute" if tally.get("statute", "non-uk") else "country", "non-uk", "regime")
    pa, pcr = tally.get("statute", "pa-2023"), tally.get("statute", "pcr-2015")
    if pa and pcr:
        issued = _issue_date(dated)
        if issued is not None:
            winner = "pa-2023" if issued >= PA_2023_COMMENCEMENT else "pcr-2015"
        else:
            winner = "pa-2023" if pa >= pcr else "pcr-2015"
        return tally.fact("statute", winner, "regime")
    if pa or pcr:
        return tally.fact("statute", "pa-2023" if pa else "pcr-2015", "regime")
    pa_v, pcr_v = tally.get("vocab", "pa-2023"), tally.get("vocab", "pcr-2015")
    if pa_v != pcr_v:
        winner = "pa-2023" if pa_v > pcr_v else "pcr-2015"
        return tally.fact("vocab", winner, "regime")
    return None


def _issue_date(dated: list[DateCue]) -> datetime.date | None:
    for fact in _dates([d for d in dated if d.name == "issue_date"], True):
        return datetime.date.fromisoformat(fact.value)
    return None


# --- Authority, contract type, procedure, document types, IT ---


def _authority(tally: _Tally, facts: Mapping[str, Fact]) -> Fact | None:
    """UK authority categories; a US "City Council" is not a sub-central UK authority."""
    if facts.get("regime") and facts["regime"].value == "non-uk":
        return None
    return _strongest(tally, "authority_type", minimum=2.0)


# Clause titles of a set of contract terms. An invitation that carries its own general conditions
# (common in US and Canadian RFPs) holds several of them as headings or clause openings.
_TERMS_CLAUSE = re.compile(
    r"^\W{0,3}(?:(?:article|section|clause|gc|sc)?\s*[\dA-Z]{1,3}(?:\.\d{1,3}){0,3}\.?\)?\s+)?(?:the\s+)?"
    r"(?P<name>indemnif\w*|indemnity|hold\s+harmless|termination(?:\s+for\s+(?:convenience|default|cause))?|"
    r"governing\s+law|applicable\s+law|choice\s+of\s+law|force\s+majeure|assignment|insurance(?:\s+requirements)?|"
    r"warrant(?:y|ies)|limitation\s+of\s+liability|dispute(?:s)?(?:\s+resolution)?|confidentiality|"
    r"intellectual\s+property|ownership\s+of\s+(?:work|documents|materials)|payment(?:s|\s+terms)?|invoic\w*|"
    r"subcontract\w*|audit\w*|independent\s+contractor|severability|waiver|entire\s+agreement|amendments?|"
    r"notices|liquidated\s+damages|default)\b",
    re.I,
)
TERMS_MIN_CLAUSES = 5


def _has_terms(document: Document, facts: Mapping[str, Fact]) -> Fact | None:
    """Whether the document holds a set of contract terms: at least TERMS_MIN_CLAUSES distinct
    clause titles (indemnity, termination, governing law...) as headings
    or clause openings. Contract-level rules (no cap, no exit) are judged only on such documents;
    a document typed as terms only because it names call-off schedules is not enough."""
    first: dict[str, int] = {}  # clause name (its first word) -> where it first stands
    for block in document.blocks:
        if block.kind is BlockKind.HEADER_FOOTER or len(block.text) > 400:
            continue
        match = _TERMS_CLAUSE.match(block.text[:80])
        if match and (block.kind is BlockKind.HEADING or block.clause or len(block.text) < 80):
            first.setdefault(match.group("name").lower()[:6], block.start)  # "payment"/"payments" are one
    if len(first) < TERMS_MIN_CLAUSES:
        return None
    names = sorted(first, key=first.get)
    return Fact("has_terms", True, FOUND, f"clauses on {', '.join(names[:6])}", first[names[0]])


def _lone_schedule(tally: _Tally) -> Fact | None:
    """A schedule published on its own ("Call-Off Schedule 2 (Staff Transfer)"): its title names a
    schedule and not the terms themselves. Contract-level absence rules (no exit plan, no cap, no
    purchase-to-pay) are not judged on it (catalogue §0.5 item 15): the core terms hold those."""
    if tally.title.get(("terms_part", "schedule")) and not tally.title.get(("terms_part", "core")):
        evidence = tally.fact("terms_part", "schedule", "lone_schedule")
        return replace(evidence, value=True)
    return None


def _dollar(tally: _Tally) -> Fact | None:
    """Which dollar a bare "$" means (CAD in a Canadian tender); unknown dollars are read as USD."""
    return _strongest(tally, "dollar", minimum=2.0, order=("USD", "CAD", "AUD", "NZD"))


def _strongest(tally: _Tally, fact: str, minimum: float = 1.0, order: Iterable[str] = ()) -> Fact | None:
    """The highest-scoring value (ties go to the earlier value in `order`), if it scores enough."""
    scores = tally.values(fact)
    if not scores:
        return None
    rank = {value: i for i, value in enumerate(order)}
    value = max(scores, key=lambda v: (scores[v], -rank.get(v, len(rank))))
    return tally.fact(fact, value) if scores[value] >= minimum else None


_CONTRACT_PRIORITY = ("dps", "concession", "light-touch", "works", "framework")


def _contract_type(tally: _Tally, cpv: list[tuple[str, Sentence]]) -> Fact | None:
    """The most specific type with real weight; CPV division 45 means works. Else goods vs services."""
    for code, sentence in cpv:
        if code.startswith("45"):
            return Fact("contract_type", "works", FOUND, short_quote(sentence.text), sentence.start_char)
    for value in _CONTRACT_PRIORITY:
        if tally.get("contract_type", value) >= 3:
            return tally.fact("contract_type", value)
    goods, services = tally.get("contract_type", "goods"), tally.get("contract_type", "services")
    if goods or services:
        return tally.fact("contract_type", "goods" if goods > services else "services")
    return None


_PROCEDURE_ORDER = (
    "competitive-flexible", "competitive-procedure-with-negotiation", "competitive-dialogue", "restricted",
    "open", "dps", "direct-award", "call-off", "below-threshold-rfq",
)


def _procedure(tally: _Tally) -> Fact | None:
    return _strongest(tally, "procedure", order=_PROCEDURE_ORDER)


DOC_TYPE_MIN = 6.0  # a title mention, three headings or six body mentions
ITT_STRUCTURE_MIN = 4.0  # e.g. a "Solicitation Schedule" heading, "Proposals due" and "evaluation criteria"
DOC_TYPE_SHARE = 0.5  # of the strongest type's weight, for a type named only in the body


def _doc_types(tally: _Tally) -> Fact | None:
    """Types named in the title, plus any other type weighing at least half the strongest.

    A long specification quotes "Call-Off Contract" and "guidance" often; relative weight keeps
    those from each becoming a document type of their own.
    """
    scores = tally.values("doc_types")
    if not scores:
        return None
    top = max(scores.values())
    chosen = [
        v for v in scores
        if tally.title.get(("doc_types", v)) or (scores[v] >= DOC_TYPE_MIN and scores[v] >= DOC_TYPE_SHARE * top)
    ]
    if not chosen:
        best = max(scores, key=lambda v: scores[v])
        chosen = [best] if scores[best] >= 2 else []
    # A specification or questionnaire with a solicitation timetable and award criteria is answered
    # by bidders, so it reads as an invitation too; contract terms quoting "award criteria" do not.
    if "ITT" not in chosen and (set(chosen) - {"TC"} or not chosen):
        if tally.get("itt_structure", "ITT") >= ITT_STRUCTURE_MIN:
            chosen.append("ITT")
    if not chosen:
        return None
    chosen.sort(key=lambda v: -scores.get(v, 0.0))
    first = tally.fact("doc_types" if scores.get(chosen[0]) else "itt_structure", chosen[0])
    return Fact("doc_types", chosen, FOUND, first.quote, first.start)


def _is_it(tally: _Tally, cpv: list[tuple[str, Sentence]], analysis: Analysis) -> Fact:
    """CPV 48, 72 or 30.2 decide; else IT words per 1,000 words against `IT_DENSITY`.

    Density, not presence: a facilities specification mentions building management systems and
    a helpdesk portal, but far less often per word than an IT statement of requirements does.
    """
    for code, sentence in cpv:
        if code[:2] in _CPV_IT or code.startswith("302"):
            return Fact("is_it", True, FOUND, short_quote(sentence.text), sentence.start_char)
    words = max(1, analysis.document.word_count)
    terms = tally.count.get(("it", "strong"), 0) + tally.count.get(("it", "weak"), 0) * IT_WEAK_SHARE
    density = 1000 * terms / words
    verdict = terms >= IT_MIN_TERMS and density >= IT_DENSITY
    note = (
        f"IT vocabulary: {terms:g} weighted terms in {words:,} words "
        f"({density:.1f} per 1,000; threshold {IT_DENSITY:g})"
    )
    return Fact("is_it", verdict, FOUND, note, None)


# --- Values ---


def _value_candidates(sentence: Sentence, quantities: list[Quantity]) -> list[ValueCandidate]:
    text = sentence.text
    if _DEMAND.search(text):
        return []
    cues = list(_VALUE_CUE.finditer(text))
    money = [q for q in quantities if q.kind == "money" and q.value]
    out = []
    previous_end = 0
    for q in money:
        before = text[max(previous_end, q.start - 80) : q.start]  # back to the previous amount at most
        strength = _cue_strength(text, q, cues, previous_end)
        previous_end = q.end
        if strength:
            out.append(ValueCandidate(_value_kind(text, q, before), q, strength, sentence))
    return out


def _cue_strength(text: str, q: Quantity, cues: list[re.Match[str]], previous_end: int) -> int:
    """2 for a strong cue shortly before the amount, 1 for a weak one; 0 for a condition."""
    before = text[max(previous_end, q.start - 80) : q.start]
    if _CONDITION_BEFORE.search(before[-25:]) and not _CEILING_BEFORE.search(before):
        return 0
    if _CONDITION_AFTER.match(text[q.end : q.end + 20]):
        return 0
    best = 0
    for cue in cues:
        if previous_end <= cue.start() and cue.end() <= q.start and q.start - cue.end() <= 80:
            if not _GAP_BREAK.search(text[cue.end() : q.start]):
                best = max(best, 2 if cue["strong"] else 1)
        elif q.end <= cue.start() <= q.end + 25 and cue["weak"]:
            best = max(best, 1)
    return best


def _value_kind(text: str, q: Quantity, before: str) -> str:
    """Per lot or annual when the words around the amount say so ("£40,000 per lot", "annual value of")."""
    after = text[q.end : q.end + 30]
    if _PER_LOT.search(after) or _PER_LOT.search(before):
        return "value_per_lot"
    if _ANNUAL.search(q.text) or _ANNUAL.search(after) or _ANNUAL.search(before):
        return "value_annual"
    return "value_total"


def _values(candidates: list[ValueCandidate]) -> list[Fact]:
    """Per value kind the strongest-cued amount, earliest on ties; then its currency and VAT basis."""
    facts: list[Fact] = []
    chosen: dict[str, ValueCandidate] = {}
    for c in candidates:
        if c.name not in chosen or c.strength > chosen[c.name].strength:
            chosen[c.name] = c
    for name in ("value_total", "value_annual", "value_per_lot"):
        c = chosen.get(name)
        if c is None:
            continue
        quote, start = short_quote(c.sentence.text), c.sentence.start_char
        facts.append(Fact(name, float(c.amount.value or 0), FOUND, quote, start))
        facts.append(Fact("currency", c.amount.unit or "GBP", FOUND, quote, start))
        vat = c.amount.vat or _vat(c.sentence.text)
        if vat:
            facts.append(Fact("vat_basis", vat, FOUND, quote, start))
    return facts


def _vat(text: str) -> str | None:
    if _VAT_EXC.search(text):
        return "exc"
    if _VAT_INC.search(text):
        return "inc"
    return None


# --- Term ---


def _term(text: str, quantities: list[Quantity]) -> Term | None:
    """Initial term before any extension wording, extensions after it ("two further periods of 12 months")."""
    durations = [q for q in quantities if q.kind == "duration" and q.days and _is_term_length(text, q)]
    split = _EXTENSION_CUE.search(text)
    cut = split.start() if split else len(text)
    initial = next((q for q in durations if q.end <= cut and (q.days or 0) >= 90), None)
    if initial is not None and initial.low is not None and "+" in initial.text:
        first = _years(initial) * initial.low / (initial.value or 1)  # "2+1+1 years": 2, then 2 more
        return Term(round(first, 2), round(_years(initial) - first, 2) or None)
    extension = sum(_extension_years(text, q) for q in durations if q.start >= cut) if split else 0.0
    extension += _annual_options(text)
    if initial is None and not extension:
        return None
    return Term(_years(initial) if initial else None, extension or None)


def _annual_options(text: str) -> float:
    """Years of "three (3) annual renewal options", which name no duration."""
    match = _ANNUAL_OPTIONS.search(text)
    return _count(match["n"]) if match else 0.0


def _count(word: str) -> float:
    return float(word) if word.isdigit() else (parse_number_words(word) or 1.0)


def _is_term_length(text: str, q: Quantity) -> bool:
    """Not a notice period ("3 Months' written notice") nor a limit or deadline ("no more than 1-year")."""
    before = text[max(0, q.start - 25) : q.start]
    return not _NOTICE_AFTER.match(text[q.end :]) and not _LIMIT_BEFORE.search(before)


def _years(q: Quantity) -> float:
    return round((q.days or 0) / 365.2425, 2)


def _extension_years(text: str, q: Quantity) -> float:
    counted = _COUNT_BEFORE.search(text[max(0, q.start - 60) : q.start])
    return round((_count(counted["n"]) if counted else 1.0) * _years(q), 2)


def _term_facts(terms: list[tuple[Term, Sentence]]) -> list[Fact]:
    facts = []
    initial = next(((t, s) for t, s in terms if t.initial_years), None)
    if initial:
        term, sentence = initial
        facts.append(Fact("term_years", term.initial_years, FOUND, short_quote(sentence.text), sentence.start_char))
    extension = next(((t, s) for t, s in terms if t.extension_years), None)
    if extension:
        term, sentence = extension
        quote, start = short_quote(sentence.text), sentence.start_char
        facts.append(Fact("extension_years", term.extension_years, FOUND, quote, start))
    return facts




# --- Dates ---


def _date_candidates(sentence: Sentence, following: Sentence | None) -> list[DateCue]:
    """Sentences that cue a date; a short label's date may sit in the next cell ("Contract start date | 24 Oct").
    A date on its own line among the first blocks is a dated cover ("March 30th, 2016"): the issue date."""
    text = sentence.text
    if sentence.block is not None and sentence.block < _TITLE_BLOCKS and _BARE_DATE.match(text):
        return [DateCue("issue_date", sentence, None, bare=True)]
    label_then_value = following is not None and len(text) <= 100 and len(following.text) <= 40
    if not (_HAS_DATE.search(text) or (label_then_value and following and _HAS_DATE.search(following.text))):
        return []
    for name, cue in _DATE_CUES:
        if cue.search(text):
            if name == "clarification_deadline" and not _DEADLINE_WORDS.search(text):
                continue
            return [DateCue(name, sentence, following if label_then_value else None)]
    return []


def _dates(dated: list[DateCue], dayfirst: bool) -> list[Fact]:
    """The first valid date for each date fact, after its cue when the sentence holds several.

    A cover-page "Date:" line is often when the document was drafted rather than issued, so a
    later issue date that names the issue ("RFP issued to suppliers | 04 October") replaces it.
    """
    facts: dict[str, tuple[int, Fact]] = {}
    for cue in dated:
        if cue.name in facts and (cue.name != "issue_date" or facts[cue.name][0] == 0):
            continue
        quote = cue.sentence.text
        found = _first_date(quote, cue.name, dayfirst)
        rank = 2 if cue.bare else 1 if _COVER_DATE.match(quote) else 0
        if found is None and cue.following is not None:
            found = _first_date(cue.following.text, None, dayfirst)
            quote = f"{quote} {cue.following.text}"
        if found is not None and (cue.name not in facts or rank < facts[cue.name][0]):
            facts[cue.name] = (rank, Fact(cue.name, found.isoformat(), FOUND, short_quote(quote), cue.sentence.start_char))
    return [fact for _, fact in facts.values()]


_COVER_DATE = re.compile(r"\s*date\b", re.I)
_BARE_DATE = re.compile(
    r"^\W*(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?,?\s+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?,?\s+\d{4}|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})"
    r"(?!\s*(?:to|until|till|through|and|[-–—])\b)(?:\W*$|\s+(?=(?-i:[A-Z])))",  # alone, or before a letterhead field
    re.I,
)
# "must be accepted within 2 working days from the issue of this pack": a period with no dates.
_RELATIVE_PERIOD = re.compile(
    r"within\s+(?:a\s+(?:maximum|period)\s+of\s+)?"
    r"(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty)"
    r"(?:\s*\(\d+\))?\s+(?P<unit>working|business|calendar)?\s*days?\s+(?:from|of|after|following)\s+(?:the\s+)?"
    r"(?:date\s+of\s+)?(?:issue|publication|release|receipt|dispatch)\s+of\s+(?:this|the)\s+"
    r"(?:pack|document|invitation|offer|request|rfq|rfp|itt|tender|notice|opportunity)",
    re.I,
)
_RESPONSE_ACT = re.compile(r"accept|decline|respon[sd]|submi|return|tender|quot|offer|bid|proposal", re.I)
_SMALL_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                  "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30}


def _response_period(analysis: Analysis) -> Fact | None:
    """A response period stated relative to issue ("within 10 days of the issue of this RFQ")."""
    text = analysis.document.text
    starts = [s.start_char for s in analysis.sentences]
    for match in _RELATIVE_PERIOD.finditer(text):
        at = bisect_right(starts, match.start()) - 1
        if at < 0:
            continue
        sentence = analysis.sentences[at]
        if not _RESPONSE_ACT.search(sentence.text[: match.start() - sentence.start_char]):
            continue
        word = match.group("n").lower()
        days = int(word) if word.isdigit() else _SMALL_NUMBERS[word]
        unit = "calendar" if (match.group("unit") or "calendar").lower() == "calendar" else "working"
        return Fact("response_period", f"{days} {unit} days", FOUND, short_quote(sentence.text), sentence.start_char)
    return None


def _first_date(text: str, name: str | None, dayfirst: bool) -> datetime.date | None:
    dates = [q for q in find_quantities(text, dayfirst=dayfirst) if q.kind == "date" and q.valid and q.date]
    if not dates:
        return None
    cue = dict(_DATE_CUES).get(name or "")
    at = cue.search(text) if cue else None
    after = [q for q in dates if at is None or q.start >= at.start()]
    return (after or dates)[0].date


def _dayfirst(facts: Mapping[str, Fact], dated: list[DateCue]) -> bool:
    """1/3/2025 is 1 March in a UK document, 3 January in a non-UK (mostly US) one, unless a date shows otherwise."""
    if not (facts.get("regime") and facts["regime"].value == "non-uk"):
        return True
    for cue in dated:
        for text in (cue.sentence.text, cue.following.text if cue.following else ""):
            for first, second in _NUMERIC_DATE.findall(text):
                if int(first) > 12:
                    return True
                if int(second) > 12:
                    return False
    return False
