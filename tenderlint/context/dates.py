"""Dates a tender names: issue, clarification and tender deadlines, contract start, and a response
period stated relative to issue. Cues are checked in order, so a clarification sentence is not the deadline."""

from __future__ import annotations

import datetime
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Mapping, Sequence

from ..analysis import Analysis, Sentence
from ..model import Block, BlockKind
from ..quantities import find_quantities, parse_number_words
from .facts import FOUND, Fact, short_quote
from .tally import TITLE_BLOCKS

# --- Date cues (checked in this order: a clarification sentence is not the tender deadline) ---
_RESPONSES = (
    r"(?:tenders?|bids?|proposals?|responses?|quot(?:e|ation)s?|offers?|submissions?|submittals?"
    r"|qualifications? statements?|statements? of qualifications?|SOQs?|applications?)"
)
_DUE_LABEL_TEXT = r"^\W*(?:due|due date|closing date|deadline)\W*$"  # "Due:" alone, its date on the next line
_DATE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("clarification_deadline", re.compile(r"clarification|\bquestions?\b", re.I)),
    ("tender_deadline", re.compile(
        rf"{_RESPONSES}\b[^.]{{0,60}}?(?:must be (?:received|submitted)|no later than|\bdue\b|deadline|closing)"
        r"|(?:deadline|closing date|due date) (?:for|of) (?:the )?(?:receipt of |submission of |return of )?"
        rf"{_RESPONSES}"
        r"|(?:tender|bid|response|submission|proposal) (?:deadline|closing date|due date|return date)|tender closing"
        rf"|submit(?:ted)? (?:their |your |its )?{_RESPONSES} (?:by|before|no later than)"
        rf"|submit(?:ted)?\s+(?:their |your |its |a |the )?{_RESPONSES}\b[^.]{{0,120}}?\b(?:on or before|no later than)\b"
        r"|^\W*reply\s+by\b"  # a cover-page label: "Reply By: January 4, 2017, 12:00PM EST"
        rf"|{_DUE_LABEL_TEXT}",  # a cover label whose date is on the next line
        re.I,
    )),
    ("contract_start", re.compile(
        r"(?:contract|project|service)s? (?:start|commencement)(?: date)?|commencement date"
        r"|(?:expected|anticipated|estimated|planned) (?:to )?(?:start|commence)|(?:will|shall) commence on|go-live",
        re.I,
    )),
    ("issue_date", re.compile(
        r"\bissued?\b|date of issue|publication date|\bpublished\b|\brelease[ds]?\b|\bdated\b|^date\b"
        r"|posting date|date posted|posted date", re.I
    )),
)
_CUE_OF = dict(_DATE_CUES)
# A cover page: its title zone, plus the lines a converted cover adds (logo row, separator, time).
_COVER_BLOCKS = TITLE_BLOCKS + 4
_DUE_LABEL = re.compile(_DUE_LABEL_TEXT, re.I)
_DEADLINE_WORDS = re.compile(
    r"deadline|no later than|must be (?:received|submitted)|\bdue\b|\bby\b|receipt|cut-?off|close", re.I
)
_HAS_DATE = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/\d{2,4}\b")


@dataclass(frozen=True)
class DateCue:
    """A sentence that cues a date fact; `following` is the next cell when the sentence is a label."""

    name: str
    sentence: Sentence
    following: Sentence | None
    bare: bool = False  # a date standing alone at the top of the document: the issue date unless one is named
    label_after: bool = False  # the date's cell comes first and `following` is its label ("15 Feb | Released")


def fact_date(value: object) -> datetime.date | None:
    """A date fact's value as a date: an ISO string as the context holds it ("2025-03-24", or a
    timestamp whose first ten characters are the day), or a date; None when absent or unreadable."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def issue_date(dated: list[DateCue]) -> datetime.date | None:
    for fact in date_facts([d for d in dated if d.name == "issue_date"], True):
        return datetime.date.fromisoformat(fact.value)
    return None


def date_candidates(sentence: Sentence, following: Sentence | None, blocks: Sequence[Block]) -> list[DateCue]:
    """Sentences that cue a date; a short label's date may sit in the next cell ("Contract start date | 24 Oct"),
    or, in a timetable whose date column comes first, the label in the next cell of the same row
    (`blocks` tells rows apart). A date on its own line among the first blocks is a dated cover
    ("March 30th, 2016"): the issue date."""
    text = sentence.text
    if (sentence.block is not None and sentence.block < _COVER_BLOCKS and (_BARE_DATE.match(text) or _LETTER_DATE.search(text))
            and (sentence.block < TITLE_BLOCKS or blocks[sentence.block].kind is not BlockKind.TABLE_CELL)):
        if sentence.block > 0 and _DUE_LABEL.match(blocks[sentence.block - 1].text):
            return []  # "Due:" then the date on the next line: the label's cue reads it as the deadline
        return [DateCue("issue_date", sentence, None, bare=True)]
    label_then_value = following is not None and len(text) <= 100 and len(following.text) <= 40
    if not (_HAS_DATE.search(text) or (label_then_value and following and _HAS_DATE.search(following.text))):
        return []
    for name, cue in _DATE_CUES:
        if cue.search(text):
            if name == "clarification_deadline" and not _DEADLINE_WORDS.search(text):
                continue
            if name == "issue_date" and _ISSUED_CONDITION.search(text):
                continue
            found = [DateCue(name, sentence, following if label_then_value else None)]
            if name == "clarification_deadline" and _deadline_after_questions(text):
                found.append(DateCue("tender_deadline", sentence, None))
            return found
    # a timetable whose date column comes first: "February 15 | Solicitation released"
    if following is not None and _same_row(blocks, sentence, following) and len(text) <= 40 and _HAS_DATE.search(text):
        label = following.text
        for name, cue in _DATE_CUES:
            if cue.search(label) and not _HAS_DATE.search(label):
                if name == "clarification_deadline" and not _DEADLINE_WORDS.search(label):
                    continue
                return [DateCue(name, sentence, following, label_after=True)]
    return []


def _deadline_after_questions(text: str) -> bool:
    """A timetable run into one sentence by plain text: the questions' date, then the bids' own cue
    and date ("Questions Due: February 23, 2026 ... Proposal Due Date: March 16, 2026"). The bids'
    cue must come after the questions' date, so "questions about proposals must be received by 1 May"
    stays a question deadline."""
    questions = _CUE_OF["clarification_deadline"].search(text)
    bids = _CUE_OF["tender_deadline"].search(text)
    if questions is None or bids is None:
        return False
    dates = [q for q in find_quantities(text) if q.kind == "date" and q.start >= questions.end()]
    return bool(dates) and bids.start() > dates[0].end and any(q.start >= bids.end() for q in dates)


def _same_row(blocks: Sequence[Block], first: Sentence, second: Sentence) -> bool:
    """Two sentences in cells of one table row, the first to the left of the second."""
    if first.block is None or second.block is None or max(first.block, second.block) >= len(blocks):
        return False
    left, right = blocks[first.block].cell, blocks[second.block].cell
    return left is not None and right is not None and (left.table, left.row) == (right.table, right.row) and left.col < right.col


def date_facts(dated: list[DateCue], dayfirst: bool) -> list[Fact]:
    """The first valid date for each date fact, after its cue when the sentence holds several.

    A cover-page "Date:" line is often when the document was drafted rather than issued, so a
    later issue date that names the issue ("RFP issued to suppliers | 04 October") replaces it.
    """
    facts: dict[str, tuple[int, Fact]] = {}
    for cue in dated:
        if cue.name in facts and (cue.name != "issue_date" or facts[cue.name][0] < 0):
            continue
        quote = cue.sentence.text
        found = _first_date(quote, cue.name, dayfirst)
        rank = 2 if cue.bare else 1 if _COVER_DATE.match(quote) else -1 if _ISSUE_LABEL.search(quote) else 0
        if cue.label_after and cue.following is not None:
            quote = f"{quote} {cue.following.text}"
        elif found is None and cue.following is not None:
            found = _first_date(cue.following.text, None, dayfirst)
            quote = f"{quote} {cue.following.text}"
        if found is not None and (cue.name not in facts or rank < facts[cue.name][0]):
            facts[cue.name] = (rank, Fact(cue.name, found.isoformat(), FOUND, short_quote(quote), cue.sentence.start_char))
    return [fact for _, fact in facts.values()]


_COVER_DATE = re.compile(r"\s*date\b", re.I)
# "DATE ISSUED: March 30, 2026", "Issue Date: ...": a field naming this document's issue outranks a
# body sentence that only mentions something issued
_ISSUE_LABEL = re.compile(r"\b(?:date issued|issue date|date of issue)\s*:", re.I)
# "contracts ... awarded (and any solicitation was issued) on or after January 1, 2015": a condition
# on which documents a law applies to, not this one's issue
_ISSUED_CONDITION = re.compile(r"\bissued\)?\s+(?:on or (?:after|before)|after|before|prior to|since)\b", re.I)
_BARE_DATE = re.compile(
    r"^\W*(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?,?\s+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?,?\s+\d{4}|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})"
    r"(?!\s*(?:to|until|till|through|and|[-–—])\b)(?:\W*$|\s+(?=(?-i:[A-Z])))",  # alone, or before a letterhead field
    re.I,
)
# A cover letter's date before its subject line, the letterhead run into one paragraph with it
# ("... MS 39529-6000 3/31/2026 SUBJECT: Request for Quotation"): the letter's date.
_LETTER_DATE = re.compile(
    r"(?:^|\s)(?:\d{1,2}/\d{1,2}/\d{4}|[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]{2,8} \d{4})"
    r"\s+(?:SUBJECT|Subject|SUBJ|RE|Re)\s*:"
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


def response_period(analysis: Analysis) -> Fact | None:
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
        days = int(word) if word.isdigit() else int(parse_number_words(word) or 0)
        unit = "calendar" if (match.group("unit") or "calendar").lower() == "calendar" else "working"
        return Fact("response_period", f"{days} {unit} days", FOUND, short_quote(sentence.text), sentence.start_char)
    return None


def _first_date(text: str, name: str | None, dayfirst: bool) -> datetime.date | None:
    dates = [q for q in find_quantities(text, dayfirst=dayfirst) if q.kind == "date" and q.valid and q.date]
    if not dates:
        return None
    cue = _CUE_OF.get(name or "")
    at = cue.search(text) if cue else None
    after = [q for q in dates if at is None or q.start >= at.start()]
    return (after or dates)[0].date


def reads_day_first(facts: Mapping[str, Fact], dated: list[DateCue]) -> bool:
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
