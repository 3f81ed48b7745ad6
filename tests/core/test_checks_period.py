"""`period`: the time between two context dates, in calendar or working days."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from tenderlint.checks.conditions import holds as _holds
from tenderlint.checks.period import bank_holidays, easter, spans_holiday, working_days

from .checkkit import findings, linter, status

D = datetime.date


def test_easter_and_bank_holidays() -> None:
    assert easter(2025) == D(2025, 4, 20) and easter(2026) == D(2026, 4, 5)
    holidays = bank_holidays(2027)
    assert D(2027, 12, 27) in holidays and D(2027, 12, 28) in holidays  # Christmas and Boxing Day fall at a weekend
    assert D(2025, 5, 26) in bank_holidays(2025)  # spring bank holiday, last Monday of May


# What the hand-written calendar this check used before computed for 1990-2060 (Easter by the
# anonymous Gregorian algorithm, fixed Mondays, weekend substitutes), as month-day per year.
FORMULA = json.loads((Path(__file__).parent / "bank_holidays_formula.json").read_text())
# Where the maintained calendar rightly differs: one-off holidays and the regular ones moved for them.
ONE_OFF = {
    1995: ({"05-08"}, {"05-01"}),  # early May bank holiday moved to VE Day's 50th anniversary
    1999: ({"12-31"}, set()),  # the millennium
    2002: ({"06-03", "06-04"}, {"05-27"}),  # Golden Jubilee; spring bank holiday moved to 4 June
    2011: ({"04-29"}, set()),  # royal wedding
    2012: ({"06-04", "06-05"}, {"05-28"}),  # Diamond Jubilee; spring bank holiday moved to 4 June
    2022: ({"06-02", "06-03", "09-19"}, {"05-30"}),  # Platinum Jubilee, spring bank moved; state funeral
    2023: ({"05-08"}, set()),  # coronation
}


def test_bank_holidays_match_the_former_calendar_apart_from_one_off_holidays() -> None:
    for year, days in FORMULA.items():
        added, removed = ONE_OFF.get(int(year), (set(), set()))
        expected = (set(days) - removed) | added
        assert {d.isoformat()[5:] for d in bank_holidays(int(year))} == expected, year


def test_working_days_skip_weekends_and_holidays() -> None:
    assert working_days(D(2025, 3, 3), D(2025, 3, 10)) == 5
    assert working_days(D(2025, 12, 22), D(2026, 1, 2)) == 6  # 25, 26 Dec and 1 Jan are holidays
    assert spans_holiday(D(2025, 12, 15), D(2026, 1, 9)) == "Christmas"
    assert spans_holiday(D(2025, 6, 1), D(2025, 6, 30)) == ""


def test_public_holidays_follow_the_bidders_country() -> None:
    # 3-27 November 2023: Veterans Day (observed, Friday 10th) and Thanksgiving (23rd) in the US,
    # no bank holiday in England
    assert working_days(D(2023, 11, 3), D(2023, 11, 27), "US") == 14
    assert working_days(D(2023, 11, 3), D(2023, 11, 27)) == 16
    assert spans_holiday(D(2023, 11, 3), D(2023, 11, 27), "US") == "Veterans Day (observed) (10 November)"
    assert spans_holiday(D(2023, 11, 3), D(2023, 11, 27)) == ""
    assert spans_holiday(D(2025, 5, 1), D(2025, 5, 30)) == "May Day (5 May)"
    # 2 March-3 April 2026 runs to Good Friday: Easter where it is a public holiday, not in the US
    assert spans_holiday(D(2026, 3, 2), D(2026, 4, 3)) == "Easter"
    assert spans_holiday(D(2026, 3, 2), D(2026, 4, 3), "CA") == "Easter"
    assert spans_holiday(D(2026, 3, 2), D(2026, 4, 3), "US") == ""
    assert spans_holiday(D(2025, 12, 15), D(2026, 1, 9), "US") == "Christmas"


def test_holds() -> None:
    assert _holds("true", True) and not _holds(None, True)
    assert _holds(None, {"not": ["framework"]}) and not _holds("framework", {"not": ["framework"]})
    assert _holds(6e6, {">": 5e6}) and not _holds(None, {">": 5e6})
    assert _holds(["ITT", "SPEC"], ["SPEC"])


PARAMS = {
    "minimum": [
        {"when": {"above_threshold": False}, "days": 0},
        {"when": {"regime": "pcr-2015", "procedure": "open"}, "days": 15, "terms": ["urgency"]},
        {"when": {"regime": "pcr-2015", "procedure": "open"}, "days": 30},
    ]
}
FACTS = {"regime": "pcr-2015", "procedure": "open", "issue_date": "2025-03-03", "tender_deadline": "2025-03-24"}


def test_minimum_by_regime_and_procedure() -> None:
    assert findings(linter("period", PARAMS, FACTS), "Tenders are due on 24 March 2025.")
    assert not findings(linter("period", PARAMS, {**FACTS, "tender_deadline": "2025-04-07"}), "Tenders are due soon.")
    assert not findings(linter("period", PARAMS, {**FACTS, "above_threshold": False}), "Tenders are due soon.")
    assert not findings(linter("period", PARAMS, FACTS), "Because of urgency, tenders are due soon.")
    assert status(linter("period", PARAMS, {**FACTS, "procedure": "call-off"}), "x") == "could_not_check"
    assert status(linter("period", PARAMS, {"regime": "pcr-2015"}), "x") == "not_applicable"


def test_working_day_minimum_and_holiday() -> None:
    params = {"minimum": [{"days": 10, "unit": "working"}], "holiday": {"working_days": 25}}
    short = {"issue_date": "2025-06-02", "tender_deadline": "2025-06-13"}
    assert findings(linter("period", params, short), "Quotes by 13 June 2025.")
    christmas = {"issue_date": "2025-12-01", "tender_deadline": "2026-01-05"}
    assert "Christmas" in findings(linter("period", params, christmas), "Quotes by 5 January 2026.")[0].message
    assert not findings(linter("period", params, {"issue_date": "2026-02-02", "tender_deadline": "2026-03-02"}), "x")


def test_deadline_with_the_year_not_rolled_over_is_judged_with_the_next_year() -> None:
    params = {"minimum": [{"days": 15}], "holiday": {"working_days": 25}}
    rolled = {"issue_date": "2024-12-06", "tender_deadline": "2024-01-03"}
    found = findings(linter("period", params, rolled), "Proposals due 1/3/24.")
    assert found and "2025" in found[0].message and "Christmas" in found[0].message
    stale = {"issue_date": "2024-12-06", "tender_deadline": "2024-06-03"}  # months earlier: an old date, not judged
    assert status(linter("period", params, stale), "x") == "passed"


def test_period_stated_relative_to_issue() -> None:
    params = {"minimum": [{"days": 10, "unit": "working"}]}
    text = "Your offer must be accepted or declined within 2 working days from the issue of this pack."
    assert "2 working days" in findings(linter("period", params), text)[0].message
    assert not findings(linter("period", params), text.replace("2 working", "15 working"))
    calendar = {"minimum": [{"days": 15}]}
    assert not findings(linter("period", calendar), "Quotes must be returned within 15 working days of the issue of this request.")
    assert findings(linter("period", calendar), "Quotes must be returned within 5 working days of the issue of this request.")
