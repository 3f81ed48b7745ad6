"""Digital-region readiness: the smart-places self-evaluation checklist beside the linter.

A council rates six factors (and optionally each guiding question) Red/Amber/Green with
evidence, then agrees priorities. Everything here is pure: plain values in, plain values out,
so the CLI, the web app and the worker share one implementation.
"""

from __future__ import annotations

from .assessment import (
    Assessment,
    Change,
    Comparison,
    Priority,
    Rating,
    Summary,
    compare,
    copy_for_new,
    summarise,
)
from .chart import chart_svg, grid_svg, grid_text, trend_svg, trend_text
from .definitions import Checklist, ChecklistError, Question, RagLevel, RatingScale, Section, load_checklist
from .export import JSON_SCHEMA, SCHEMA_VERSION, AssessmentFormatError, from_json, to_csv, to_json
from .linter_evidence import DocumentSummary, FindingSummary, ProcurementEvidence, procurement_evidence, suggest_rating
from .render import checklist_markdown, comparison_json, comparison_text, summary_json, summary_text

__all__ = [
    "JSON_SCHEMA",
    "SCHEMA_VERSION",
    "Assessment",
    "AssessmentFormatError",
    "Change",
    "Checklist",
    "ChecklistError",
    "Comparison",
    "DocumentSummary",
    "FindingSummary",
    "ProcurementEvidence",
    "Priority",
    "Question",
    "RagLevel",
    "Rating",
    "RatingScale",
    "Section",
    "Summary",
    "chart_svg",
    "checklist_markdown",
    "compare",
    "comparison_json",
    "comparison_text",
    "copy_for_new",
    "from_json",
    "grid_svg",
    "grid_text",
    "load_checklist",
    "procurement_evidence",
    "suggest_rating",
    "summarise",
    "summary_json",
    "summary_text",
    "to_csv",
    "to_json",
    "trend_svg",
    "trend_text",
]
