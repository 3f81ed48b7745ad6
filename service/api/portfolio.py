"""The portfolio dashboard in the API (managers and administrators, as on the page): the same
figures as JSON, and the page's CSV download."""

from __future__ import annotations

from typing import Any

from flask import Response

from ..downloads import name_download
from ..portfolio import DEFAULT_STALE_DAYS, MAX_STALE_DAYS, load, may_see, portfolio_csv, portfolio_json
from ..roles import require
from .blueprint import bp
from .common import caller, int_arg


def _portfolio() -> Any:
    user = caller()
    require(may_see(user), "see the portfolio dashboard")
    return load(user.organisation_id, int_arg("days", DEFAULT_STALE_DAYS, 1, MAX_STALE_DAYS))


@bp.get("/portfolio")
def get_portfolio() -> Any:
    return portfolio_json(_portfolio())


@bp.get("/portfolio.csv")
def get_portfolio_csv() -> Any:
    data = _portfolio()
    return name_download(Response(portfolio_csv(data), mimetype="text/csv"), f"portfolio-{data.as_of:%Y-%m-%d}.csv")
