"""The portfolio figures and charts as pure functions: which check is current, the bid-barrier
index and its history, the monthly trend, sign-off and triage backlogs, and the SVG's text."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree

from tenderlint.portfolio import Bar, CheckRow, FindingGroup, Undecided, VersionRow, bar_chart, line_chart, portfolio
from tenderlint.portfolio.figures import month_starts

NOW = dt.datetime(2026, 5, 20, 12, 0)
SME = frozenset({"PP-PROP-002", "PP-PAY-001", "PP-RISK-001", "PP-DOC-001"})
SVG = "{http://www.w3.org/2000/svg}"


def days_ago(n: float) -> dt.datetime:
    return NOW - dt.timedelta(days=n)


def group(job: str, rule: str, severity: str, status: str = "open", count: int = 1) -> FindingGroup:
    return FindingGroup(job, rule, severity, rule.split("-")[1], status, count)


VERSIONS = [
    VersionRow("a1", "A", "Alpha", 1, dt.datetime(2026, 3, 4)),
    VersionRow("a2", "A", "Alpha", 2, dt.datetime(2026, 5, 2)),
    VersionRow("a3", "A", "Alpha", 3, dt.datetime(2026, 5, 19)),  # still being checked: no done check
    VersionRow("b1", "B", "Beta", 1, dt.datetime(2026, 4, 10), approved=True),
]
CHECKS = [
    CheckRow("ja1", "a1", days_ago(70)),
    CheckRow("ja2-old", "a2", days_ago(18)),
    CheckRow("ja2", "a2", days_ago(17)),  # a re-check of version 2 replaces the earlier one
    CheckRow("jb1", "b1", days_ago(40)),
]
GROUPS = [
    group("ja1", "PP-PROP-002", "error", count=2), group("ja1", "PP-RISK-001", "warning"),
    group("ja2-old", "PP-PROP-002", "error", count=9),
    group("ja2", "PP-PROP-002", "error"), group("ja2", "PP-PAY-001", "error", "dismissed"),
    group("ja2", "PP-RISK-001", "warning", "confirmed", 2), group("ja2", "PP-DOC-001", "info"),
    group("ja2", "PP-EVAL-002", "warning", count=3),
    group("jb1", "PP-EVAL-002", "warning"), group("jb1", "PP-RISK-001", "warning"),
]


def figures(**kwargs):
    undecided = [Undecided("A", days_ago(70)), Undecided("A", days_ago(17)), Undecided("B", days_ago(3)),
                 Undecided("X", days_ago(90))]  # X: a document with no finished check
    return portfolio(VERSIONS, CHECKS, GROUPS, undecided, SME, NOW, kwargs.pop("stale_days", 14), **kwargs)


def test_the_current_check_is_the_newest_of_the_newest_checked_version() -> None:
    p = figures()
    alpha = next(d for d in p.barriers if d.document_id == "A")
    assert (alpha.version_number, alpha.version_id) == (2, "a2")
    # error 3 + two confirmed warnings; the dismissed error, the info finding and a non-SME rule weigh nothing
    assert (alpha.index, alpha.sme_errors, alpha.sme_warnings) == (5, 1, 2)
    assert [(h.version_number, h.index) for h in alpha.history] == [(1, 7), (2, 5)]
    assert alpha.change == -2


def test_severity_family_and_pitfall_counts_use_current_checks_only() -> None:
    p = figures()
    assert p.documents == 2
    assert [(s.severity, s.undecided, s.confirmed, s.open) for s in p.by_severity] == [
        ("error", 1, 0, 1), ("warning", 5, 2, 7), ("info", 1, 0, 1)]
    assert p.by_family == (("EVAL", 4), ("RISK", 3), ("DOC", 1), ("PROP", 1))
    assert [(r.rule_id, r.documents, r.findings) for r in p.top_rules] == [
        ("PP-EVAL-002", 2, 4), ("PP-RISK-001", 2, 3), ("PP-PROP-002", 1, 1)]  # info is no pitfall; dismissed not open
    assert p.mean_index == 3.0  # Alpha 5, Beta 1


def test_sign_off_waits_for_the_newest_version_to_be_checked() -> None:
    assert figures().awaiting == ()  # Alpha's newest version is still being checked; Beta is approved
    checked = [*CHECKS, CheckRow("ja3", "a3", days_ago(1))]
    p = portfolio(VERSIONS, checked, [*GROUPS, group("ja3", "PP-PAY-001", "error", count=2)], [], SME, NOW, 14)
    assert [(a.document_id, a.version_number, a.blocking_errors) for a in p.awaiting] == [("A", 3, 2)]


def test_triage_older_than_n_days() -> None:
    p = figures()
    assert [(s.document_id, s.findings, s.oldest) for s in p.stale] == [("A", 2, days_ago(70))]
    assert p.stale_total == 2  # a document without a finished check is not counted
    assert figures(stale_days=30).stale_total == 1
    assert figures(stale_days=1).stale_total == 3


def test_the_trend_counts_each_document_as_it_stood_at_each_months_end() -> None:
    p = figures(months=4)
    assert [(m.month, m.documents, m.mean_index) for m in p.trend] == [
        ("2026-02", 0, None), ("2026-03", 1, 7.0), ("2026-04", 2, 4.0), ("2026-05", 2, 3.0)]


def test_month_starts_cross_a_year() -> None:
    assert month_starts(dt.datetime(2026, 2, 3), 3) == [dt.datetime(2025, 12, 1), dt.datetime(2026, 1, 1),
                                                        dt.datetime(2026, 2, 1)]


def test_nothing_checked_yet() -> None:
    p = portfolio([VersionRow("x1", "X", "X", 1, NOW)], [], [], [], SME, NOW, 14)
    assert (p.documents, p.mean_index, p.barriers, p.awaiting, p.stale) == (0, None, (), (), ())
    assert [s.open for s in p.by_severity] == [0, 0, 0]


def test_bar_chart_text_alternative_and_labels() -> None:
    svg = bar_chart("c1", "Open <findings>", [Bar("Error", 4, "4", "error"), Bar("A" * 50, 1, "1")], ("finding", "findings"))
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Open <findings>"
    assert root.find(f"{SVG}desc").text == f"Error: 4 findings; {'A' * 50}: 1 finding."
    bars = root.findall(f".//{SVG}g[@class='bar']")
    assert [(b.get("data-label"), b.get("data-value")) for b in bars] == [("Error", "4"), ("A" * 50, "1")]
    # each number is written beside its bar, and the error bar is hatched as well as coloured
    assert [t.text for t in bars[0].iter(f"{SVG}text")] == ["Error", "4"]
    assert any(r.get("fill") == "url(#c1-hatched)" for r in bars[0].iter(f"{SVG}rect"))
    widths = [float(b.find(f"{SVG}rect").get("width")) for b in bars]
    assert widths[0] == 4 * widths[1]
    assert bars[1].find(f"{SVG}text").text.endswith("…")


def test_empty_and_line_charts() -> None:
    empty = ElementTree.fromstring(bar_chart("c2", "Nothing", [], ("document", "documents")))
    assert empty.find(f"{SVG}desc").text == "No documents to show."
    line = ElementTree.fromstring(line_chart("c3", "Trend", [("2026-03", 7.0), ("2026-04", None), ("2026-05", 3.5), ("2026-06", 1.0)], ("point", "points")))
    assert line.find(f"{SVG}desc").text == "2026-03: 7 points; 2026-04: no data; 2026-05: 3.5 points; 2026-06: 1 point."
    points = line.findall(f".//{SVG}g[@class='point']")
    assert [p.get("data-value") for p in points] == ["7", "3.5", "1"]
    assert len(line.findall(f"{SVG}line[@stroke-width='3']")) == 1  # none across the month without data
