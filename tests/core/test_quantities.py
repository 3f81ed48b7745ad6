"""Quantities in tender text: the catalogue's examples, the edge cases rules rely on, and
properties that must hold for any input (never crash, exact spans, round-trips)."""

from __future__ import annotations

import datetime
import math
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenderlint.quantities import (
    DAYS_PER_UNIT,
    Quantity,
    find_dates,
    find_durations,
    find_money,
    find_multiples,
    find_percents,
    find_quantities,
    may_hold_placeholder,
    parse_figure,
    parse_money,
    parse_number_words,
)

KINDS = {"money", "duration", "percent", "multiple", "date", "number", "placeholder"}


def only(text: str, **kwargs: object) -> Quantity:
    """The single quantity found in `text`; it must cover the whole text."""
    found = find_quantities(text, **kwargs)  # type: ignore[arg-type]
    assert len(found) == 1, found
    q = found[0]
    assert (q.start, q.end, q.text) == (0, len(text), text)
    return q


# --- money -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("£5m", 5e6, "GBP"),
        ("£5 million", 5e6, "GBP"),
        ("£5,000,000", 5e6, "GBP"),
        ("£5.5M", 5.5e6, "GBP"),
        ("£250k", 250e3, "GBP"),
        ("£1.2bn", 1.2e9, "GBP"),
        ("five million pounds (£5,000,000)", 5e6, "GBP"),
        ("£5,000,000 (five million pounds)", 5e6, "GBP"),
        ("GBP 5,000,000", 5e6, "GBP"),
        ("€200,000", 200e3, "EUR"),
        ("EUR 200 000", 200e3, "EUR"),
        ("200,000 EUR", 200e3, "EUR"),
        ("100 000 EUR", 100e3, "EUR"),
        ("5,000 €", 5e3, "EUR"),
        ("$1,000,000", 1e6, "USD"),
        ("USD 2.5 million", 2.5e6, "USD"),
        ("US$3m", 3e6, "USD"),
        ("$50K", 50e3, "USD"),
        ("£1,234.56", 1234.56, "GBP"),
        ("5 million pounds", 5e6, "GBP"),
        ("ten thousand pounds sterling", 1e4, "GBP"),
    ],
)
def test_money(text: str, value: float, unit: str) -> None:
    q = only(text)
    assert (q.kind, q.unit, q.vat) == ("money", unit, None)
    assert q.value == pytest.approx(value)
    assert not q.is_range


@pytest.mark.parametrize(
    ("text", "vat"),
    [
        ("£5,000,000 (inclusive of VAT)", "inc"),
        ("£100,000 excluding VAT", "exc"),
        ("£100k + VAT", "exc"),
        ("£100k plus VAT", "exc"),
        ("£100k ex VAT", "exc"),
        ("£100k (excl. VAT)", "exc"),
        ("£100k inc. VAT", "inc"),
        ("£100k, including VAT", "inc"),
        ("£100k VAT inclusive", "inc"),
        ("£100k VAT exclusive", "exc"),
        ("five million pounds (£5,000,000) exclusive of VAT", "exc"),
        ("£1,000,000 per annum (excluding VAT)", "exc"),
        ("£200k pa excl. VAT", "exc"),
    ],
)
def test_money_records_the_vat_basis(text: str, vat: str) -> None:
    q = only(text)
    assert (q.kind, q.vat) == ("money", vat)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("£5-10m", 5e6, 10e6),
        ("£5m-£10m", 5e6, 10e6),
        ("£5m to £10m", 5e6, 10e6),
        ("£500 - £1m", 500, 1e6),
        ("£100,000–£250,000", 1e5, 2.5e5),
        ("5-10 million pounds", 5e6, 10e6),
    ],
)
def test_money_ranges_give_low_and_high_with_value_the_upper_bound(
    text: str, low: float, high: float
) -> None:
    q = only(text)
    assert q.kind == "money" and q.is_range
    assert q.low == pytest.approx(low) and q.high == pytest.approx(high)
    assert q.value == pytest.approx(high)


def test_a_backwards_money_range_is_not_a_range() -> None:
    found = find_quantities("from £500-£10 per hour")
    assert [(q.kind, q.value, q.text) for q in found] == [
        ("money", 500, "£500"), ("money", 10, "£10")
    ]


@pytest.mark.parametrize(
    "text", ["£[X]", "£XX,XXX", "£[insert]", "£[insert contract value]", "£x", "£xxx,xxx.xx",
             "£ [●]", "£TBC", "£___", "€[X]", "$[amount]", "£[5,000]"],
)
def test_money_placeholders_are_not_values(text: str) -> None:
    q = only(text)
    assert (q.kind, q.value, q.expects) == ("placeholder", None, "money")
    assert q.unit in ("GBP", "EUR", "USD")


def test_words_and_figure_that_disagree_keep_the_figure_and_say_so() -> None:
    q = only("five million pounds (£6,000,000)")
    assert (q.value, q.consistent) == (6e6, False)
    assert only("five million pounds (£5,000,000)").consistent
    assert not only("£5,000,000 (six million pounds)").consistent


def test_a_money_figure_with_words_is_one_amount_in_a_sentence() -> None:
    text = "The estimated value is five million pounds (£5,000,000) over four years."
    found = find_quantities(text)
    assert [(q.kind, q.value, q.unit) for q in found] == [
        ("money", 5e6, "GBP"), ("duration", 4.0, "year")
    ]
    assert found[0].text == "five million pounds (£5,000,000)"


# --- durations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("sixty (60) days", 60, "day"),
        ("60 (sixty) days", 60, "day"),
        ("10 working days", 10, "working_day"),
        ("ten Business Days", 10, "working_day"),
        ("2 months", 2, "month"),
        ("30 calendar days", 30, "day"),
        ("five (5) years", 5, "year"),
        ("48 hours", 48, "hour"),
        ("one year", 1, "year"),
        ("twelve (12) month", 12, "month"),
        ("Thirty (30) Days", 30, "day"),
        ("30-day", 30, "day"),
        ("a 12-month", 12, "month"),
        ("6 wks", 6, "week"),
        ("two weeks", 2, "week"),
        ("day(s)", None, None),
        ("one hundred and twenty days", 120, "day"),
        ("twenty-one days", 21, "day"),
        ("2.5 hours", 2.5, "hour"),
        ("10 000 days", 10_000, "day"),
    ],
)
def test_durations(text: str, value: float | None, unit: str | None) -> None:
    found = find_durations(text)
    if value is None:
        assert found == []
        return
    assert len(found) == 1
    q = found[0]
    assert (q.kind, q.value, q.unit) == ("duration", value, unit)
    assert text.endswith(q.text)


def test_a_period_of_three_months_is_the_months() -> None:
    (q,) = find_quantities("for a period of 3 months")
    assert (q.kind, q.value, q.unit, q.text) == ("duration", 3, "month", "3 months")


def test_ranges_and_extension_terms() -> None:
    q = only("30-60 days")
    assert (q.value, q.low, q.high, q.unit) == (60, 30, 60, "day")
    q = only("10 to 15 working days")
    assert (q.value, q.low, q.high, q.unit) == (15, 10, 15, "working_day")
    q = only("4+1+1 years")
    assert (q.value, q.low, q.high, q.unit) == (6, 4, 6, "year")
    q = only("thirty to sixty days")
    assert (q.low, q.high) == (30, 60)


def test_a_year_before_a_range_dash_is_not_part_of_the_range() -> None:
    found = find_quantities("in 2025 - 10 days later")
    assert [(q.kind, q.value) for q in found] == [("number", 2025), ("duration", 10)]


def test_days_property_documents_its_approximations() -> None:
    assert only("30 days").days == 30
    assert only("10 working days").days == pytest.approx(14)
    assert only("2 weeks").days == 14
    assert only("12 months").days == pytest.approx(365.2425)
    assert only("1 year").days == pytest.approx(365.2425)
    assert only("48 hours").days == 2
    assert only("£5m").days is None
    assert set(DAYS_PER_UNIT) == {"day", "working_day", "week", "month", "year", "hour"}


def test_words_and_figure_that_disagree_in_a_duration() -> None:
    q = only("sixty (90) days")
    assert (q.value, q.consistent) == (90, False)


@pytest.mark.parametrize(
    "text", ["[X] days", "XX days", "[insert number] working days", "___ days"]
)
def test_duration_placeholders(text: str) -> None:
    (q,) = find_durations(text)
    assert (q.kind, q.expects, q.value) == ("placeholder", "duration", None)


# --- percentages and multiples -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("10%", 10), ("10 per cent", 10), ("ten percent", 10), ("150%", 150), ("0.5 %", 0.5),
     ("one hundred per cent", 100), ("12.5percent", 12.5)],
)
def test_percents(text: str, value: float) -> None:
    q = only(text)
    assert (q.kind, q.value, q.unit) == ("percent", value, None)


def test_percent_ranges_and_placeholders() -> None:
    q = only("5-10%")
    assert (q.low, q.high, q.value) == (5, 10, 10)
    q = only("5% to 10%")
    assert (q.low, q.high) == (5, 10)
    assert [q.expects for q in find_percents("a deposit of XX% is due")] == ["percent"]


def test_percent_of_the_charges_is_a_percent() -> None:
    (q,) = find_quantities("150% of the charges")
    assert (q.kind, q.value, q.text) == ("percent", 150, "150%")


@pytest.mark.parametrize(
    ("text", "value", "span"),
    [
        ("twice the contract value", 2, "twice"),
        ("two times the contract value", 2, "two times"),
        ("2x the contract value", 2, "2x"),
        ("3 times the annual contract value", 3, "3 times"),
        ("double the annual contract value", 2, "double"),
        ("1.5 times the value", 1.5, "1.5 times"),
        ("a threefold increase", 3, "threefold"),
        ("a 3-fold increase", 3, "3-fold"),
    ],
)
def test_multiples(text: str, value: float, span: str) -> None:
    (q,) = find_multiples(text)
    assert (q.kind, q.value, q.text) == ("multiple", value, span)


@pytest.mark.parametrize(
    "text", ["meet three times a year", "at all times", "double-check the figures",
             "no double counting", "a 2 x 3 grid"],
)
def test_not_multiples(text: str) -> None:
    assert find_multiples(text) == []


# --- dates -------------------------------------------------------------------------------------

MARCH_1 = datetime.date(2025, 3, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 March 2025", MARCH_1),
        ("1st March 2025", MARCH_1),
        ("1st of March 2025", MARCH_1),
        ("01/03/2025", MARCH_1),
        ("1/3/25", MARCH_1),
        ("01.03.2025", MARCH_1),
        ("01-Mar-2025", MARCH_1),
        ("2025-03-01", MARCH_1),
        ("2025-03-01T12:00:00Z", MARCH_1),
        ("March 1, 2025", MARCH_1),
        ("Mar. 1 2025", MARCH_1),
        ("Sept 30, 2025", datetime.date(2025, 9, 30)),
        ("Friday 14 March 2025", datetime.date(2025, 3, 14)),
        ("Friday, 14th March 2025", datetime.date(2025, 3, 14)),
        ("Friday, March 14, 2025", datetime.date(2025, 3, 14)),
    ],
)
def test_dates(text: str, expected: datetime.date) -> None:
    q = only(text)
    assert (q.kind, q.date, q.valid, q.value) == ("date", expected, True, None)


def test_a_time_beside_a_date_leaves_just_the_date() -> None:
    (q,) = find_quantities("Tenders must arrive by 12:00 noon on 14 March 2025.")
    assert (q.kind, q.date, q.text) == ("date", datetime.date(2025, 3, 14), "14 March 2025")
    (q,) = find_quantities("on 14 March 2025 at 17:00 hrs (UK time)")
    assert q.text == "14 March 2025"


def test_dayfirst() -> None:
    assert only("01/03/2025").date == MARCH_1
    assert only("03/01/2025", dayfirst=False).date == MARCH_1
    # Only one reading can exist, so it is taken whatever the default.
    assert only("03/25/2025").date == datetime.date(2025, 3, 25)
    assert only("25/03/2025", dayfirst=False).date == datetime.date(2025, 3, 25)


def test_dayfirst_none_follows_the_documents_own_unambiguous_dates() -> None:
    us = "Questions by 3/26/2021; answers by 4/2/2021."
    assert [q.date for q in find_dates(us, dayfirst=None)] == [
        datetime.date(2021, 3, 26), datetime.date(2021, 4, 2)
    ]
    uk = "Questions by 26/3/2021; answers by 4/2/2021."
    assert [q.date for q in find_dates(uk, dayfirst=None)][1] == datetime.date(2021, 2, 4)


@pytest.mark.parametrize(
    "text", ["1 March 202", "31 February 2025", "31/02/2025", "30/13/2025", "29 February 2025",
             "2025-02-30", "31st April 2026"],
)
def test_impossible_dates_are_reported_not_skipped(text: str) -> None:
    q = only(text)
    assert (q.kind, q.date, q.valid) == ("date", None, False)


def test_a_leap_day_is_valid() -> None:
    assert only("29 February 2024").date == datetime.date(2024, 2, 29)


@pytest.mark.parametrize("text", ["XX/XX/XXXX", "xx/xx/20xx", "1 March 20XX", "XX March 2025"])
def test_date_placeholders(text: str) -> None:
    q = only(text)
    assert (q.kind, q.expects) == ("placeholder", "date")


@pytest.mark.parametrize("text", ["clause 1.3.10", "version 2.1", "1.3.10", "March 2025", "24/7"])
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


# --- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("one hundred and twenty", 120),
        ("twenty-one", 21),
        ("twenty one", 21),
        ("sixty", 60),
        ("a million", 1e6),
        ("three thousand five hundred", 3500),
        ("one thousand and five", 1005),
        ("twelve hundred", 1200),
        ("a hundred and five", 105),
        ("2.5 million", 2.5e6),
        ("nine hundred and ninety-nine thousand nine hundred and ninety-nine", 999_999),
        ("zero", 0),
    ],
)
def test_parse_number_words(text: str, value: float) -> None:
    assert parse_number_words(text) == value


@pytest.mark.parametrize(
    "text", ["", "one two", "twenty ninety", "twenty hundred", "thousand", "a", "one and",
             "one thousand thousand", "zero zero", "the", "five pounds"],
)
def test_parse_number_words_rejects_non_numbers(text: str) -> None:
    assert parse_number_words(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("one hundred and twenty", 120), ("a million", 1e6), ("three thousand five hundred", 3500),
     ("sixty (60)", 60), ("1,000", 1000), ("12", 12), ("2.5", 2.5), ("5 million", 5e6)],
)
def test_numbers_worth_reporting(text: str, value: float) -> None:
    q = only(text)
    assert (q.kind, q.value) == ("number", value)


@pytest.mark.parametrize(
    "text",
    [
        "one of the suppliers",
        "the two parties and one bidder",
        "list item 5",
        "see clause 12 and section 3.2.1",
        "the Public Contracts Regulations 2015",
        "Procurement Act 2023",
        "open 24/7",
        "by 10 am",
        "at 12:00",
        "at 17.00 hrs",
        "5m of cable",
        "https://example.org/Attachment%2007%20QAP.md",
    ],
)
def test_prose_does_not_spam_numbers(text: str) -> None:
    assert find_quantities(text) == []


def test_parse_money_and_figures() -> None:
    assert parse_money("£5.5M") == 5.5e6
    assert parse_money("five million pounds") == 5e6
    assert parse_money("EUR 200 000") == 200_000
    assert parse_money("250k") == 250_000
    assert parse_money("£[X]") is None
    assert parse_money("no money here") is None
    assert parse_figure("1,000,000") == 1e6
    assert parse_figure("1.2bn") == 1.2e9
    assert parse_figure("five") is None


# --- whole sentences ---------------------------------------------------------------------------


def test_a_paragraph() -> None:
    text = (
        "The Supplier shall pay undisputed invoices within thirty (30) days. Bidders must have a "
        "minimum annual turnover of £5m (excluding VAT), being twice the estimated annual value "
        "of £2,500,000, and hold insurance of 150% of the charges. Tenders are due by 12:00 noon "
        "on Friday 14 March 2025 for a 4+1+1 years term; see clause 12.3 and one of the annexes."
    )
    found = find_quantities(text)
    assert [(q.kind, q.text) for q in found] == [
        ("duration", "thirty (30) days"),
        ("money", "£5m (excluding VAT)"),
        ("multiple", "twice"),
        ("money", "£2,500,000"),
        ("percent", "150%"),
        ("date", "Friday 14 March 2025"),
        ("duration", "4+1+1 years"),
    ]
    for q in found:
        assert text[q.start : q.end] == q.text
    assert [q.value for q in find_money(text)] == [5e6, 2.5e6]
    assert [q.days for q in find_durations(text)] == [30, pytest.approx(6 * 365.2425)]


def test_quantities_are_frozen_values() -> None:
    q = only("£5m")
    with pytest.raises(AttributeError):
        q.value = 1.0  # type: ignore[misc]
    assert q == only("£5m")
    assert len({q, only("£5m")}) == 1


# --- properties --------------------------------------------------------------------------------

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
         "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def words(n: int) -> str:
    """British English words for 0 <= n < 1,000,000 ("one hundred and twenty-three")."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _ONES[n % 10])
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + ("" if rest == 0 else " and " + words(rest))
    thousands, rest = divmod(n, 1000)
    joiner = " and " if rest < 100 else " "
    return f"{words(thousands)} thousand" + ("" if rest == 0 else joiner + words(rest))


_TOKENS = [
    "£", "€", "$", "GBP", "5", "10", "60", "1,000", "2.5", "2025", "m", "k", "bn", "million",
    "five", "sixty", "hundred", "and", "a", "one", "(", ")", "[X]", "XX", "x", "-", "–", "to",
    "+", "%", "per cent", "days", "working", "months", "years", "times", "twice", "double",
    "the", "March", "Mar.", "1st", "Friday", "/", ".", ",", ":", "12:00", "noon", "on", "VAT",
    "inclusive", "of", "excluding", "clause", "3.2.1", "pounds", "(£5,000,000)", "\n", "é", "٣",
]
_tricky_text = st.lists(
    st.tuples(st.sampled_from(_TOKENS), st.sampled_from(["", " ", "  ", "\t"])), max_size=40
).map(lambda parts: "".join(token + sep for token, sep in parts))


def _check_invariants(text: str) -> None:
    found = find_quantities(text)
    previous_end = 0
    for q in found:
        assert 0 <= previous_end <= q.start < q.end <= len(text)
        assert q.text == text[q.start : q.end]
        assert q.kind in KINDS
        assert q.value is None or math.isfinite(q.value)
        previous_end = q.end


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_gives_sorted_non_overlapping_exact_spans(text: str) -> None:
    _check_invariants(text)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(_tricky_text)
def test_quantity_like_text_gives_sorted_non_overlapping_exact_spans(text: str) -> None:
    _check_invariants(text)


@given(st.integers(min_value=0, max_value=10**15))
def test_money_figures_round_trip(n: int) -> None:
    for text, unit in ((f"£{n:,}", "GBP"), (f"€{n:,}", "EUR"), (f"USD {n:,}", "USD")):
        q = only(text)
        assert (q.kind, q.value, q.unit) == ("money", n, unit)


@given(st.integers(min_value=0, max_value=999_999))
def test_durations_round_trip_in_figures_and_words(n: int) -> None:
    for text in (f"{n} days", f"{words(n)} ({n}) days", f"{words(n)} days", f"{n:,} days"):
        q = only(text)
        assert (q.kind, q.value, q.unit, q.consistent) == ("duration", n, "day", True), text
    assert parse_number_words(words(n)) == n


_MONTHS = ("January February March April May June July August September October November "
           "December").split()
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def _ordinal(day: int) -> str:
    if day in (11, 12, 13):
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


@given(st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(9999, 12, 31)))
def test_dates_round_trip(d: datetime.date) -> None:
    month = _MONTHS[d.month - 1]
    uk = [
        f"{d.day} {month} {d.year}",
        f"{_ordinal(d.day)} {month} {d.year}",
        f"{d.day} {month[:3]} {d.year}",
        f"{_WEEKDAYS[d.weekday()]} {d.day} {month} {d.year}",
        f"{d.day:02d}/{d.month:02d}/{d.year}",
        f"{d.day}/{d.month}/{d.year}",
        f"{d.day:02d}.{d.month:02d}.{d.year}",
        d.isoformat(),
        f"{month} {d.day}, {d.year}",
    ]
    for text in uk:
        assert only(text).date == d, text
        (q,) = find_quantities(f"by {text}, please")
        assert (q.date, q.text) == (d, text)
    assert only(f"{d.month}/{d.day}/{d.year}", dayfirst=False).date == d


# --- speed and robustness ----------------------------------------------------------------------


def _seventy_thousand_words() -> str:
    paragraph = (
        "The Supplier shall pay undisputed invoices within thirty (30) days of receipt. Bidders "
        "must have a minimum annual turnover of £5m (excluding VAT), twice the estimated annual "
        "value of £2,500,000, and hold professional indemnity insurance of £10 million or 150% "
        "of the charges. Clarification questions close at 12:00 noon on Friday 14 March 2025 and "
        "tenders are due on 28/03/2025 for a 4+1+1 years term. See clause 12.3 of Schedule 2 and "
        "one of the annexes; liquidated damages are capped at ten per cent of the annual charges "
        "and notice of termination is three (3) months or 90 calendar days, whichever is longer. "
        "The authority may, at its sole discretion, request evidence from any of the suppliers "
        "that responded to the notice, and will publish the outcome on its website in due course."
    )
    words_ = paragraph.split()
    return " ".join((words_ * (70_000 // len(words_) + 1))[:70_000])


def test_a_seventy_thousand_word_document_takes_well_under_a_second() -> None:
    text = _seventy_thousand_words()
    best = math.inf
    for _ in range(2):
        started = time.perf_counter()
        found = find_quantities(text)
        best = min(best, time.perf_counter() - started)
    assert len(found) > 5_000
    assert best < 1.0, f"{best:.3f} s"


@pytest.mark.parametrize(
    "text",
    [
        " " * 100_000,
        "1" * 100_000,
        "one " * 20_000,
        "one hundred and " * 10_000,
        "£" * 50_000,
        "1," * 50_000,
        "1." * 50_000,
        "(" * 50_000 + "sixty",
        "sixty (" * 20_000,
        "5-" * 50_000,
        "5+" * 50_000,
        "[" * 50_000,
        "x/" * 50_000,
        "9" * 5000 + " days",
        "£" + "9" * 5000,
    ],
)
def test_pathological_input_stays_fast(text: str) -> None:
    started = time.perf_counter()
    _check_invariants(text)
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize("text", ["\u00batwice the value", "\u00e9million pounds", "\u00b2threefold"])
def test_quick_pre_check_reads_word_boundaries_as_the_finder_does(text: str) -> None:
    # found by the property test below: a letter outside ASCII before "twice" broke the pre-check's
    # Unicode word boundary while the finder's ASCII patterns still saw the word
    from tenderlint.quantities.finder import _find_quantities

    assert find_quantities(text) == list(_find_quantities(text, True))


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(_tricky_text)
def test_quick_pre_check_never_hides_a_quantity(text: str) -> None:
    from tenderlint.quantities.finder import _find_quantities

    assert find_quantities(text) == list(_find_quantities(text, True))


@pytest.mark.parametrize("text", ["within sixty working days", "XX working days", "a threefold rise", "thirty days"])
def test_pre_check_passes_word_only_quantities(text: str) -> None:
    assert find_quantities(text), text


def _holds_a_slip(text: str) -> bool:
    return any(q.kind == "placeholder" or (q.kind == "date" and not q.valid) for q in find_quantities(text))


@settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
@given(_tricky_text)
def test_placeholder_pre_check_never_hides_a_placeholder(text: str) -> None:
    assert may_hold_placeholder(text) or not _holds_a_slip(text)


@pytest.mark.parametrize(
    "text",
    ["£[X]", "£XX,XXX", "£x", "£ [●]", "£TBC", "£___", "[X] days", "XX days", "___ days", "XX%",
     "a deposit of XX% is due", "[insert number] working days", "<value> %", "£… ", "€ •••",
     "XX/XX/XXXX", "xx/xx/20xx", "1 March 20XX", "XX March 2025", "1 March 202", "31 February 2025",
     "31/02/2025", "30/13/2025", "2025-02-30", "31st April 2026", "31st of April 2026",
     "April 31, 2026", "Friday 31 April 2026", "31-Apr-2026", "31.04.2026", "2025/2/30"],
)
def test_placeholder_pre_check_passes_placeholders_and_impossible_dates(text: str) -> None:
    assert _holds_a_slip(f"Due by {text}, please."), text
    assert may_hold_placeholder(f"Due by {text}, please."), text


@pytest.mark.parametrize(
    "text",
    ["The contract runs for 3 years from 1 April 2026.", "See clause 3.1.2 of Schedule 2.",
     "Tenders are due on 28/03/2025 at 12:00.", "Payment within thirty (30) days.", "The next tax year."],
)
def test_placeholder_pre_check_rejects_ordinary_sentences(text: str) -> None:
    assert not may_hold_placeholder(text)
