"""The portfolio endpoints' part of the OpenAPI document (service/api/portfolio.py), merged into
openapi.PATHS and SCHEMAS."""

from __future__ import annotations

from typing import Any

from ..families import SEVERITIES
from ..portfolio import DEFAULT_STALE_DAYS, MAX_STALE_DAYS
from .openapi_parts import INT, STR, TIME, obj, op, query, ref

NUMBER_OR_NULL = {"type": ["number", "null"]}
DAYS = query("days", f"Triage older than this many days: undecided findings first found longer ago (default "
             f"{DEFAULT_STALE_DAYS})", {"type": "integer", "minimum": 1, "maximum": MAX_STALE_DAYS,
                                         "default": DEFAULT_STALE_DAYS})


def _list(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


def schemas() -> dict[str, Any]:
    document = {"document_id": STR, "title": STR, "version_number": INT}
    return {
        "Portfolio": obj(
            ["as_of", "documents", "mean_bid_barrier_index", "open_by_severity", "open_by_family", "top_rules",
             "bid_barrier_index", "trend", "awaiting_sign_off", "stale_triage"],
            as_of=TIME, documents={**INT, "description": "Documents with a finished check"},
            mean_bid_barrier_index={**NUMBER_OR_NULL, "description": "Mean of the documents' indexes (docs/bid-barrier-index.md)"},
            open_by_severity=_list(obj(["severity", "undecided", "confirmed", "open"],
                                       severity={"type": "string", "examples": list(SEVERITIES)},
                                       undecided=INT, confirmed=INT, open=INT)),
            open_by_family=_list(obj(["family", "open"], family=STR, open=INT)),
            top_rules=_list(obj(["rule_id", "family", "documents", "findings"], rule_id=STR, family=STR,
                                documents={**INT, "description": "Documents where the rule has an open error or warning"},
                                findings=INT)),
            bid_barrier_index=_list(obj(
                ["document_id", "title", "version_id", "version_number", "index", "sme_errors", "sme_warnings",
                 "change", "history"], **document, version_id=STR, index=INT, sme_errors=INT, sme_warnings=INT,
                change={"type": ["integer", "null"], "description": "Since the first checked version; null with one"},
                history=_list(obj(["version_number", "uploaded_at", "index"], version_number=INT, uploaded_at=TIME,
                                  index=INT)))),
            trend=_list(obj(["month", "documents", "mean_index"], month=STR, documents=INT, mean_index=NUMBER_OR_NULL)),
            awaiting_sign_off=_list(obj(["document_id", "title", "version_id", "version_number", "checked_at",
                                         "blocking_errors"], **document, version_id=STR, checked_at=TIME,
                                        blocking_errors=INT)),
            stale_triage=obj(["days", "findings", "documents"], days=INT, findings=INT, documents=_list(obj(
                ["document_id", "title", "version_number", "findings", "oldest"], **document, findings=INT,
                oldest=TIME))),
        ),
    }


def paths() -> dict[str, Any]:
    return {
        "/portfolio": {
            "get": op("getPortfolio", "The portfolio dashboard across your organisation's documents (managers and "
                      "administrators): open findings by severity and family, the most frequent pitfalls, the "
                      "bid-barrier index per document and over time, versions waiting for sign-off, old triage",
                      "200", ref("Portfolio"), ("400", "403"), [DAYS]),
        },
        "/portfolio.csv": {
            "get": op("getPortfolioCsv", "The dashboard's figures as CSV, one row per number (managers and "
                      "administrators)", "200", {"text/csv": {"schema": STR}}, ("400", "403"), [DAYS]),
        },
    }
