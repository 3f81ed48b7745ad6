"""The portfolio dashboard in the API (managers and administrators, as on the page): the same
figures as JSON, and the page's CSV download."""

from __future__ import annotations

from typing import Any

from ..portfolio import DEFAULT_STALE_DAYS, MAX_STALE_DAYS, csv_download, load, may_see, portfolio_json
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
    return csv_download(_portfolio())
