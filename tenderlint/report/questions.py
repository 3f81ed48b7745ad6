"""`--format questions`: the clarification questions a supplier could send, as Markdown."""

from __future__ import annotations

from ..clarify import draft_questions, render_questions
from ..engine import Report


def render_questions_md(reports: list[Report]) -> str:
    return "\n".join(
        render_questions(draft_questions(f.to_json() for f in report.findings), report.document.name) for report in reports
    )
