"""Render a Report as json (the documented contract), text, sarif, csv, html, or a supplier's clarification questions."""

from __future__ import annotations

from typing import Callable

from ..engine import Report
from .csv import render_csv
from .html import render_html
from .json import REPORT_SCHEMA_VERSION, report_json, render_json
from .questions import render_questions_md
from .sarif import render_sarif
from .text import render_text

RENDERERS: dict[str, Callable[[list[Report]], str]] = {
    "json": render_json,
    "text": render_text,
    "sarif": render_sarif,
    "csv": render_csv,
    "html": render_html,
    "questions": render_questions_md,
}

__all__ = ["RENDERERS", "REPORT_SCHEMA_VERSION", "report_json"]
