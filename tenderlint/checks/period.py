"""`period`: the time between two context dates (issue to deadline, questions to deadline) is too short.

params:
  start: the fact the period starts at (default issue_date)
  end: the fact it ends at (default tender_deadline)
  minimum: a list of {when: {fact: value or [values]}, days: N, unit: calendar | working,
           terms: [...]}; the first entry whose facts hold (and, if it names terms, whose terms
           appear in the document) sets the minimum. No matching entry: "could not check".
  holiday: optional {working_days: 25}: also fire when the period spans Christmas (24 Dec-2 Jan),
           Easter (Good Friday-Easter Monday) or another public holiday and leaves fewer working
           days than this (catalogue 0.5 item 47)
Working days skip weekends and the public holidays where the bidders work: the bank holidays of
England and Wales, or the federal holidays of the US, Canada or Australia when the document prices
in their dollar (the `holidays` package).
The finding points at the sentence the end date came from.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Any, Mapping

import holidays
from dateutil.easter import easter

from ..analysis import Analysis
from ..context import Context
from ..context.dates import fact_date
from ..matching import TermIndex
from ..rulepack.model import Rule
from .base import COULD_NOT_CHECK, FLAGGED, NOT_APPLICABLE, PASSED, Candidate, Check, Outcome, compile_terms
from .conditions import holds
from .params import CONDITIONS, NUMBER, STRING, TERMS, Param, obj


ENGLAND = "GB-ENG"
# The dollar a document prices in says where its bidders keep their holidays (context fact `dollar`).
_CALENDAR_OF_DOLLAR = {"USD": "US", "CAD": "CA", "AUD": "AU", "NZD": "NZ"}


@lru_cache(maxsize=256)
def public_holidays(year: int, calendar: str = ENGLAND) -> Mapping[datetime.date, str]:
    """The weekdays that are public holidays in `calendar` ("GB-ENG", "US", "CA", ...), with their names,
    substitutes for weekend holidays and one-off royal holidays included, from the maintained
    `holidays` calendar: an act of Parliament or a proclamation moves them, which no formula of ours
    would follow."""
    country, _, subdivision = calendar.partition("-")
    days = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    return {day: name for day, name in sorted(days.items()) if day.weekday() < 5}


def bank_holidays(year: int) -> frozenset[datetime.date]:
    """The weekdays that are bank holidays in England and Wales."""
    return frozenset(public_holidays(year, ENGLAND))


def working_days(start: datetime.date, end: datetime.date, calendar: str = ENGLAND) -> int:
    """Working days after `start` up to and including `end`."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in public_holidays(day.year, calendar):
            count += 1
    return count


def spans_holiday(start: datetime.date, end: datetime.date, calendar: str = ENGLAND) -> str:
    """The holiday season (Christmas, Easter) or else the first public holiday the period runs over.

    Easter counts where Good Friday or Easter Monday is a public holiday (England, Canada, Australia),
    not in the US, whose federal calendar has neither (catalogue item 12: the bidders' own holidays)."""
    for year in range(start.year, end.year + 1):
        christmas = (datetime.date(year, 12, 24), datetime.date(year + 1, 1, 2))
        sunday = easter(year)
        friday, monday = sunday - datetime.timedelta(days=2), sunday + datetime.timedelta(days=1)
        seasons = [("Christmas", christmas)]
        if {friday, monday} & set(public_holidays(year, calendar)):
            seasons.append(("Easter", (friday, monday)))
        for name, (first, last) in seasons:
            if start <= last and first <= end:
                return name
    for year in range(start.year, end.year + 1):
        for day, name in public_holidays(year, calendar).items():
            if start < day <= end:
                return f"{name} ({day.day} {day:%B})"
    return ""


def _days(count: int, unit: str) -> str:
    """"1 working day", "4 calendar days"."""
    return f"{count} {unit} day{'' if count == 1 else 's'}"


def calendar_of(context: Context) -> str:
    """Whose public holidays count: the dollar the document prices in, else England and Wales."""
    dollar = context.get("dollar") or context.get("currency")
    return _CALENDAR_OF_DOLLAR.get(str(dollar), ENGLAND)


class PeriodCheck(Check):
    kind = "period"
    fires = "when the days between two context dates fall below a minimum chosen by the facts"
    parameters = {
        "start": Param(STRING, "the fact the period starts at (default issue_date)"),
        "end": Param(STRING, "the fact it ends at (default tender_deadline)"),
        "minimum": Param(
            {"type": "array", "items": obj(
                {"when": CONDITIONS, "days": NUMBER, "unit": {"enum": ["calendar", "working"]}, "terms": TERMS}, required=("days",))},
            "[{when, days, unit: calendar | working, terms}]: the first entry whose facts hold (and whose terms appear) sets the minimum",
        ),
        "holiday": Param(
            obj({"working_days": NUMBER}),
            "{working_days}: also fire when the period spans Christmas, Easter or a public holiday and leaves fewer working days",
        ),
    }
    fills = frozenset({"days", "working_days", "start", "end", "detail"})

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        super().__init__(rule, params, index)
        self.start = params.get("start", "issue_date")
        self.end = params.get("end", "tender_deadline")
        self.minimum = []
        for n, entry in enumerate(params.get("minimum", ())):
            terms = compile_terms(index, f"{rule.id}/minimum{n}", entry.get("terms"))
            self.minimum.append((dict(entry.get("when", {})), float(entry["days"]), entry.get("unit", "calendar"), terms))
        self.holiday = params.get("holiday") or {}

    def _rule_for(self, analysis: Analysis, context: Context) -> tuple[float, str] | None:
        for when, days, unit, terms in self.minimum:
            if terms and not analysis.hits_by_key.get(terms):
                continue
            if all(holds(context.get(fact), allowed) for fact, allowed in when.items()):
                return days, unit
        return None

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        first, last = fact_date(context.get(self.start)), fact_date(context.get(self.end))
        if first is None or last is None:
            relative = self._relative(analysis, context)
            if relative is not None:
                return relative
            return Outcome(NOT_APPLICABLE, reason=f"needs the facts {self.start} and {self.end}")
        rolled = ""
        if last < first:
            # "issued 12/6/24, due 1/3/24": a deadline weeks before issue is a year left unchanged
            # (the order itself is PP-PROC-009's); judge the period with the year rolled over.
            later = _next_year(last)
            if later is None or not first <= later <= first + datetime.timedelta(days=ROLL_OVER_DAYS):
                return Outcome(PASSED, reason=f"{self.end} precedes {self.start}; not judged")
            last, rolled = later, f" (reading the deadline's year as {later.year})"
        calendar = (last - first).days
        where = calendar_of(context)
        working = working_days(first, last, where)
        found = self._rule_for(analysis, context)
        reasons = []
        if found is not None:
            days, unit = found
            measured = working if unit == "working" else calendar
            if measured < days:
                reasons.append(f"{_days(measured, unit)}, below the minimum of {days:g}")
        holiday_min: Any = self.holiday.get("working_days")
        holiday = spans_holiday(first, last, where) if holiday_min else ""
        only_holiday = bool(holiday) and working < float(holiday_min) and not reasons
        if only_holiday:
            reasons.append(f"it spans {holiday} and leaves {_days(working, 'working')}")
        if not reasons:
            if found is None and not holiday_min:
                return Outcome(COULD_NOT_CHECK, reason="no minimum applies to the known regime and procedure")
            return Outcome(PASSED)
        values = {
            "days": calendar,
            "working_days": working,
            "start": first.isoformat(),
            "end": last.isoformat(),
            "detail": "; ".join(reasons) + rolled,
        }
        if only_holiday:
            values["severity"] = "info"  # the holiday limb is advice, not a short period (catalogue PP-PROC-002)
        return Outcome(FLAGGED, (self._anchor(analysis, context, values),))

    def _relative(self, analysis: Analysis, context: Context) -> Outcome | None:
        """"Within 2 working days from the issue of this pack": judged without dates (no holiday test)."""
        if (self.start, self.end) != ("issue_date", "tender_deadline"):
            return None
        stated = str(context.get("response_period") or "").split()
        if len(stated) < 2 or not stated[0].isdigit():
            return None
        amount, given_unit = int(stated[0]), stated[1]
        found = self._rule_for(analysis, context)
        if found is None:
            return Outcome(COULD_NOT_CHECK, reason="no minimum applies to the known regime and procedure")
        days, unit = found
        if unit == given_unit:
            measured = amount
        elif unit == "calendar":  # working days stated, calendar minimum: at most 7 days per 5 working days
            measured = amount + 2 * ((amount + 4) // 5)
        else:
            measured = amount * 5 // 7
        if measured >= days:
            return Outcome(PASSED)
        detail = f"{amount} {given_unit} days from issue, below the minimum of {days:g} {unit} days"
        values = {"days": measured, "working_days": None, "start": "the issue date", "end": f"{amount} {given_unit} days later",
                  "detail": detail}
        return Outcome(FLAGGED, (self._anchor(analysis, context, values, "response_period"),))

    def _anchor(self, analysis: Analysis, context: Context, values: dict[str, Any], name: str = "") -> Candidate:
        """The sentence the end date came from, and its date cell when the label's date sat in the next cell."""
        fact = context.facts.get(name or self.end)
        start = getattr(fact, "start", None)
        if start is not None:
            sentences = analysis.sentences
            for n, sentence in enumerate(sentences):
                if sentence.start_char == start:
                    end = sentence.end_char
                    quote = " ".join((getattr(fact, "quote", "") or "").split())
                    if n + 1 < len(sentences) and len(quote) > len(" ".join(sentence.text.split())) + 1:
                        end = sentences[n + 1].end_char  # "Supplier Response Due | (05/28/2021)"
                    return Candidate(sentence.start_char, end, values, 0.7)
        return Candidate(0, 0, values, 0.6, document_level=True)


ROLL_OVER_DAYS = 120  # a deadline read with the next year must fall within this many days of issue


def _next_year(day: datetime.date) -> datetime.date | None:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return None
