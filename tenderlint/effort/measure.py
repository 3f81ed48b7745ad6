"""What a response asks of a bidder, counted from the document: reading, questions and their limits
and weightings, forms to fill, presentations, and the time left before the deadline.

Counts, not judgements: `estimate` turns them into person-days. Each count keeps the quotes it
came from (up to a few), so the page can show where a number came from.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..model import Document
from ..quantities import parse_number_words
from ..gates.extract import sentences
from ..gates.model import Gate, GateKind

_UNITS = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred"
_NUMBER = rf"(\d[\d,]*|(?:{_UNITS})(?:[-\s](?:{_UNITS}))?)(?:\s*\(\d[\d,]*\))?"
_AT_MOST = r"\b(?:maximum(?:\s+of)?|max\.?|up\s+to|no\s+more\s+than|not\s+(?:to\s+)?exceed(?:ing)?|limit(?:ed)?\s+(?:of|to))"
_WORD_LIMIT = re.compile(
    rf"{_AT_MOST}\s+{_NUMBER}\s+words\b|"
    rf"\b{_NUMBER}\s*words?\s*(?:max(?:imum)?|limit|or\s+(?:less|fewer))\b|\bword\s+(?:limit|count)\s*(?:of|:)?\s*{_NUMBER}",
    re.I,
)
_PAGE_LIMIT = re.compile(
    rf"{_AT_MOST}\s+{_NUMBER}\s+"
    rf"(?:(?:single[-\s]sided\s+)?(?:sides|pages)(?:\s+of\s+A4)?)\b|\b{_NUMBER}[-\s](?:page|side)s?\s+(?:limit|limitation|maximum)",
    re.I,
)
_QUESTION_LABEL = re.compile(r"^\W{0,2}(?:Q\s?\d{1,3}(?:\.\d{1,2})?\b|Question\s+\d{1,3}(?:\.\d{1,2})?\b)(?!\s+(?:is|are|will|must|should|has|asks)\b)", re.I)
# A question answered yes or no ("Do you accept the competition rules?") costs minutes, not a day.
_YES_NO = re.compile(r"^\W{0,2}(?:\(?[a-z0-9]{1,3}[.)]\s+)?(?:do|does|are|is|have|has|can|will|did|would)\s+(?:you|your|the)\b", re.I)
_PROMPT = re.compile(
    r"^\W{0,2}(?:\(?[a-z0-9]{1,3}[.)]\s+)?(?:please\s+)?(?:describe|explain|outline|demonstrate|detail\s+how|tell\s+us|"
    r"how\s+(?:will|would|do|does)\s+(?:you|your|the\s+(?:offeror|bidder|proposer|vendor|contractor|supplier))|"
    r"what\s+(?:is|are|will|would)\s+(?:your|the\s+(?:offeror|bidder|proposer|vendor)))\b",
    re.I,
)
_TO_BIDDER = re.compile(r"\b(?:you|your|offeror|bidder|tenderer|proposer|vendor|respondent|supplier|contractor)s?\b", re.I)
_WEIGHT = re.compile(r"\b(\d{1,2}(?:\.\d)?)\s?%")
_FORM = re.compile(
    r"\b(?:Appendix|Annex|Attachment|Form|Schedule|Exhibit|Enclosure|Submittal\s+Form)\s+(?P<id>[A-Z0-9]{1,3}[a-z]?)\b"
)
_FILL = re.compile(r"\b(?:complete|completed|return|sign|signed|fill|submit|submitted|upload|include|enclose|attach|provide)\b", re.I)
_PRICING = re.compile(r"\b(?:pricing\s+(?:schedule|matrix|model|form|sheet|proposal)|price\s+(?:schedule|proposal|form)|"
                      r"cost\s+proposal|rate\s+card|commercial\s+(?:response|envelope|proposal)|bid\s+form)\b", re.I)
_PRESENTATION = re.compile(r"\b(?:presentations?|interviews?|demonstrations?|demos?|oral\s+(?:presentations?|interviews?))\b", re.I)
_PRESENT_FOR_BID = re.compile(r"\b(?:shortlisted|invited|may\s+be\s+(?:asked|required|invited)|will\s+be\s+(?:asked|required|invited)|"
                              r"must|required\s+to|evaluat\w+|scored?|offerors?|bidders?|tenderers?|proposers?)\b", re.I)
_NO_PRESENTATION = re.compile(r"\b(?:no|not)\b[^.]{0,30}" + _PRESENTATION.pattern, re.I)
_OF_RESPONSE = re.compile(r"\b(?:proposal|response|submission|tender|bid)\b", re.I)  # a page limit on the whole response
MAX_QUOTES = 5


def _number(word: str) -> int | None:
    word = word.replace(",", "")
    value = float(word) if word.isdigit() else parse_number_words(word)
    return int(value) if value else None


@dataclass(frozen=True)
class Question:
    quote: str
    word_limit: int | None = None
    page_limit: int | None = None
    weight: float | None = None
    yes_no: bool = False


@dataclass(frozen=True)
class Measures:
    """The counts an effort estimate is made from."""

    pages: int | None
    words: int
    questions: tuple[Question, ...]
    page_limit: int | None  # a limit on the whole response ("a thirty (30) page limit"), if no question has its own
    forms: tuple[str, ...]
    pricing: bool
    certificates: int
    references: int
    presentations: int
    site_visits: int
    deadline: datetime.date | None
    start: datetime.date | None
    start_is_publication: bool
    quotes: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def days_to_deadline(self) -> int | None:
        if self.deadline is None or self.start is None:
            return None
        return (self.deadline - self.start).days

    def to_json(self) -> dict[str, Any]:
        return {
            "pages": self.pages, "words": self.words,
            "questions": [{"quote": q.quote, "word_limit": q.word_limit, "page_limit": q.page_limit, "weight": q.weight,
                           "yes_no": q.yes_no}
                          for q in self.questions],
            "page_limit": self.page_limit, "forms": list(self.forms), "pricing": self.pricing,
            "certificates": self.certificates, "references": self.references, "presentations": self.presentations,
            "site_visits": self.site_visits,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "start": self.start.isoformat() if self.start else None,
            "start_is_publication": self.start_is_publication, "days_to_deadline": self.days_to_deadline,
        }


def _limit(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    if match is None:
        return None
    word = next((g for g in match.groups() if g), None)
    number = _number(word) if word else None
    return number if number and number < 100_000 else None


def measure(
    document: Document,
    gates: Iterable[Gate] = (),
    deadline: datetime.date | None = None,
    published: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Measures:
    """Count what the document asks for. `deadline` and `published` come from the report's context
    facts (tender_deadline, issue_date); without a publication date the clock starts `today`."""
    questions: list[Question] = []
    forms: dict[str, None] = {}  # names in document order, each once
    quotes: dict[str, list[str]] = {"forms": [], "pricing": [], "presentations": [], "page_limit": []}
    page_limit: int | None = None
    items = list(sentences(document))
    seen_blocks: set[int] = set()
    for position, (block, _start, _end, text) in enumerate(items):
        if block not in seen_blocks and (
            _QUESTION_LABEL.match(text) or _PROMPT.match(text) or (text.endswith("?") and _TO_BIDDER.search(text))
        ):
            seen_blocks.add(block)
            nearby = " ".join(t for b, _, _, t in items[position : position + 6] if b - block <= 2)
            whole = " ".join(t for b, _, _, t in items[position : position + 6] if b == block)  # the question's block
            weight = _WEIGHT.search(whole)
            questions.append(Question(whole[:200], _limit(_WORD_LIMIT, nearby), _limit(_PAGE_LIMIT, nearby),
                                      float(weight.group(1)) if weight else None, bool(_YES_NO.match(_QUESTION_LABEL.sub("", whole)))))
        limit = _limit(_PAGE_LIMIT, text)
        if limit and page_limit is None and _OF_RESPONSE.search(text):
            page_limit = limit
            quotes["page_limit"].append(text[:200])
        if _FILL.search(text):
            for match in _FORM.finditer(text):
                name = " ".join(match.group(0).split())
                if name not in forms:
                    forms[name] = None
                    quotes["forms"].append(text[:200])
        if _PRICING.search(text) and _FILL.search(text):
            quotes["pricing"].append(text[:200])
        if _PRESENTATION.search(text) and _PRESENT_FOR_BID.search(text) and not _NO_PRESENTATION.search(text):
            quotes["presentations"].append(text[:200])
    gates = list(gates)
    start = published or today or datetime.date.today()
    return Measures(
        pages=document.pages,
        words=document.word_count,
        questions=tuple(questions),
        page_limit=page_limit,
        forms=tuple(forms),
        pricing=bool(quotes["pricing"]),
        certificates=sum(1 for g in gates if g.kind is GateKind.ACCREDITATION or (g.kind is GateKind.INSURANCE and g.stage == "bid")),
        references=sum(g.count or 0 for g in gates if g.kind is GateKind.REFERENCES),
        presentations=1 if quotes["presentations"] else 0,
        site_visits=sum(1 for g in gates if g.kind is GateKind.SITE_VISIT and g.mandatory),
        deadline=deadline,
        start=start,
        start_is_publication=published is not None,
        quotes={k: tuple(v[:MAX_QUOTES]) for k, v in quotes.items()},
    )
