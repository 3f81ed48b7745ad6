"""The portfolio page for managers and administrators, and its CSV download (service/portfolio.py
loads the figures; the charts come from tenderlint/portfolio as SVG, each beside a table of the
same numbers)."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, request
from markupsafe import Markup

from tenderlint.portfolio import Bar, Portfolio, bar_chart, line_chart

from ..auth import current_user, login_required
from ..families import family_name
from ..models import User
from ..paging import whole_number
from ..portfolio import DEFAULT_STALE_DAYS, MAX_STALE_DAYS, csv_download, load, may_see
from ..readiness_view import inline_svg
from ..roles import require
from .blueprint import bp

OPEN_FINDINGS, POINTS = ("open finding", "open findings"), ("point", "points")
CHART_DOCUMENTS = 15  # the index chart shows the highest ones; the table below it lists every document


@bp.app_template_global()
def sees_portfolio(user: User | None) -> bool:
    """Whether the navigation offers the dashboard."""
    return user is not None and may_see(user)


def read_days(raw: str | None) -> tuple[int, str | None]:
    """The triage age from the query string, or the default and what is wrong with what was typed."""
    if raw is None or raw.strip() == "":
        return DEFAULT_STALE_DAYS, None
    value = whole_number(raw.strip())
    if value is None or not 1 <= value <= MAX_STALE_DAYS:
        return DEFAULT_STALE_DAYS, f"Enter a whole number of days from 1 to {MAX_STALE_DAYS:,}"
    return value, None


def charts(p: Portfolio) -> dict[str, Markup | None]:
    """The dashboard's SVG charts, ready to inline."""
    svg = {
        "severity": bar_chart("chart-severity", "Open findings by severity",
                              [Bar(s.severity.capitalize(), s.open, str(s.open), s.severity) for s in p.by_severity],
                              OPEN_FINDINGS),
        "family": bar_chart("chart-family", "Open findings by rule family",
                            [Bar(family_name(f), n, str(n)) for f, n in p.by_family], OPEN_FINDINGS),
        "rules": bar_chart("chart-rules", "Most frequent pitfalls: documents with an open error or warning of the rule",
                           [Bar(r.rule_id, r.documents, str(r.documents)) for r in p.top_rules], ("document", "documents")),
        "index": bar_chart("chart-index", "Bid-barrier index per document" if len(p.barriers) <= CHART_DOCUMENTS else
                           f"Bid-barrier index of the {CHART_DOCUMENTS} documents with the highest index",
                           [Bar(d.title, d.index, str(d.index)) for d in p.barriers[:CHART_DOCUMENTS]], POINTS),
        "trend": line_chart("chart-trend", "Mean bid-barrier index at the end of each month",
                            [(m.month, None if m.mean_index is None else round(m.mean_index, 1)) for m in p.trend],
                            POINTS),
    }
    return {name: inline_svg(text) for name, text in svg.items()}


def _figures() -> tuple[Portfolio, str | None]:
    """The caller's dashboard for the query string's days (the default if they are refused), and why
    they were refused."""
    user = current_user()
    require(may_see(user), "see the portfolio dashboard")
    days, error = read_days(request.args.get("days"))
    return load(user.organisation_id, days), error


@bp.route("/portfolio")
@login_required
def portfolio() -> Any:
    data, error = _figures()
    html = render_template("web/portfolio.html", p=data, charts=charts(data), family_name=family_name, days_error=error,
                           days_typed=request.args.get("days", ""), max_days=MAX_STALE_DAYS)
    return html, 400 if error else 200


@bp.route("/portfolio.csv")
@login_required
def portfolio_download() -> Any:
    data, error = _figures()
    if error:
        return Response(error + ".\n", status=400, mimetype="text/plain")
    return csv_download(data)
