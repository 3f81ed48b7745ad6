"""Bid effort: an estimate, with its method shown, of the person-days a response to a tender takes.
`measure` counts what the document asks for; `estimate` applies the stated rates (docs/bid-effort.md)."""

from __future__ import annotations

import datetime
from typing import Any, Iterable, Mapping

from ..gates.model import Gate
from ..model import Document
from .estimate import ESTIMATE_NOTE, Estimate, Item, estimate
from .measure import Measures, measure

__all__ = ["ESTIMATE_NOTE", "Estimate", "Item", "Measures", "estimate", "estimate_effort", "measure"]


def _date(fact: Any) -> datetime.date | None:
    value = fact.get("value") if isinstance(fact, Mapping) else fact
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def estimate_effort(
    document: Document, gates: Iterable[Gate] = (), context: Mapping[str, Any] | None = None,
    today: datetime.date | None = None,
) -> Estimate:
    """The estimate for one document; `context` is a report's context JSON (or plain values) giving
    tender_deadline and issue_date."""
    context = context or {}
    return estimate(measure(document, gates, _date(context.get("tender_deadline")), _date(context.get("issue_date")), today))
