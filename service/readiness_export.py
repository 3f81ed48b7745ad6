"""Downloads of one assessment (JSON export, CSV, printable HTML), for the API and the pages.

The printable page is a standalone document with its own inline styles, so it is served with
a policy that allows only those: no scripts, no remote loads (the chart is inline SVG).
"""

from __future__ import annotations

from flask import Response, json, render_template

from tenderlint.readiness import to_csv

from . import readiness as service
from .downloads import name_download
from .readiness_models import ReadinessAssessment
from .readiness_view import page_context

EXPORT_FORMATS = ("json", "csv", "html")
PRINT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
CONTENT_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8"}


def export_response(row: ReadinessAssessment, fmt: str) -> Response:
    """JSON and CSV download as attachments; the printable page opens in the browser."""
    if fmt == "csv":
        body = to_csv(service.core(row), service.today())
    elif fmt == "html":
        body = printable(row)
    else:
        body = json.dumps(row.data, indent=1, ensure_ascii=False) + "\n"
    response = Response(body, content_type=CONTENT_TYPES[fmt])
    if fmt == "html":
        response.headers["Content-Security-Policy"] = PRINT_CSP
    stem = f"readiness-{row.assessed_on.isoformat()}-{row.id[:8]}"
    return name_download(response, f"{stem}.{fmt}", inline=fmt == "html")


def printable(row: ReadinessAssessment) -> str:
    """The printable page shows what the assessment page shows."""
    return render_template("web/readiness/print.html", **page_context(row, printable=True))
