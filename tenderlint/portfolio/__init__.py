"""The portfolio view across an organisation's tender documents: open findings, the most frequent
pitfalls, the bid-barrier index per document and over time, sign-off and triage backlogs. Pure
functions over rows the service loads, and the accessible SVG charts that show them."""

from __future__ import annotations

from .charts import Bar, bar_chart, line_chart
from .figures import (AwaitingSignOff, CheckRow, DocumentIndex, FindingGroup, IndexPoint, MonthPoint, Portfolio,
                      RuleCount, SeverityCount, StaleTriage, Undecided, VersionRow, current_checks, portfolio)
from .index import SEVERITY_WEIGHTS, barrier_points, sme_barrier_rules

__all__ = [
    "SEVERITY_WEIGHTS", "AwaitingSignOff", "Bar", "CheckRow", "DocumentIndex", "FindingGroup", "IndexPoint",
    "MonthPoint", "Portfolio", "RuleCount", "SeverityCount", "StaleTriage", "Undecided", "VersionRow", "bar_chart",
    "barrier_points", "current_checks", "line_chart", "portfolio", "sme_barrier_rules",
]
