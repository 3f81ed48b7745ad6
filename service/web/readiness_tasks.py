"""The readiness assessment as a GOV.UK task list: one task per factor (and optional section), each
with a status, so a council rates one factor per page instead of scrolling one very long form.

A task is "Completed" once the section has a colour, "In progress" when something is written but
no colour chosen yet, and "Not yet started" otherwise; the colour itself is the task's hint.
"""

from __future__ import annotations

from typing import Any

from flask import url_for

from tenderlint.readiness import Checklist
from tenderlint.readiness.definitions import RAG_ORDER

from ..readiness_models import ReadinessAssessment
from ..readiness_view import rag_label

DONE, STARTED, NOT_STARTED = "Completed", "In progress", "Not yet started"
STATUS_TAGS = {STARTED: "govuk-tag--light-blue", NOT_STARTED: "govuk-tag--blue"}
DETAIL_FIELDS = ("evidence", "links", "owner", "target_rag", "target_date", "next_action")


def section_status(ratings: dict[str, Any], section_id: str, question_ids: list[str]) -> str:
    rating = ratings.get(section_id) or {}
    if rating.get("rag") in RAG_ORDER:
        return DONE
    if any(rating.get(name) for name in DETAIL_FIELDS) or any(q in ratings for q in question_ids):
        return STARTED
    return NOT_STARTED


def _status(text: str) -> dict[str, Any]:
    return {"text": text} if text == DONE else {"tag": {"text": text, "classes": STATUS_TAGS[text]}}


def task_list(row: ReadinessAssessment, checklist: Checklist) -> dict[str, Any]:
    """The items of the page's task lists (govukTaskList), and how many factors are done."""
    ratings = dict(row.data.get("ratings") or {})

    def item(section: Any) -> dict[str, Any]:
        status = section_status(ratings, section.id, [q.id for q in section.questions])
        rag = (ratings.get(section.id) or {}).get("rag")
        hint = f"Rated {rag_label(rag)}" if status == DONE else section.prompt
        return {"title": {"text": section.title}, "hint": {"text": hint}, "status": _status(status),
                "href": url_for("web.readiness_section", assessment_id=row.id, section_id=section.id),
                "done": status == DONE}

    factors = [item(s) for s in checklist.factors]
    details = {"title": {"text": "Date and notes"}, "hint": {"text": f"The ratings describe {row.assessed_on.strftime('%-d %B %Y')}"},
               "status": _status(DONE), "href": url_for("web.readiness_details", assessment_id=row.id), "done": True}
    return {"details": [details], "factors": factors, "practices": [item(s) for s in checklist.practices],
            "factors_done": sum(f["done"] for f in factors), "factors_total": len(factors)}
