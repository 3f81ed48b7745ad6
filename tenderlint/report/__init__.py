"""Render a Report as json (the documented contract), text, sarif, csv, html, or a supplier's clarification questions."""

from __future__ import annotations

from typing import Callable

from ..engine import Report
from ..pack.report import PackReport
from .csv import render_csv
from .html import render_html
from .json import REPORT_SCHEMA_VERSION, report_json, render_json
from .pack_json import render_pack_json
from .pack_sarif import render_pack_sarif
from .pack_text import render_pack_text
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

# `check --pack`: the formats a pack report is rendered in.
PACK_RENDERERS: dict[str, Callable[[PackReport], str]] = {
    "text": render_pack_text,
    "json": render_pack_json,
    "sarif": render_pack_sarif,
}

__all__ = ["PACK_RENDERERS", "RENDERERS", "REPORT_SCHEMA_VERSION", "report_json"]
