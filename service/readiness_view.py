"""What a readiness assessment page shows, shared by the pages and the printable export (which the
API serves too): the context for the templates, the inline chart, labels and tags."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

from markupsafe import Markup

from tenderlint.readiness import grid_text, load_checklist

from . import readiness as service
from .auth import current_user
from .db import db
from .models import User
from .readiness_evidence import evidence
from .readiness_models import ReadinessAssessment


def field_id(item_id: str, name: str) -> str:
    """The id of a form field for a checklist item (also used to link errors to fields)."""
    return f"{item_id.replace('.', '-')}-{name}"


RAG_TAGS = {"red": "govuk-tag--red", "amber": "govuk-tag--yellow", "green": "govuk-tag--green", "not_rated": "govuk-tag--grey"}
_SVG = "{http://www.w3.org/2000/svg}"


def inline_svg(svg: str | None) -> Markup | None:
    """Mark our chart SVG safe for the page, after checking it holds nothing active.

    The chart module escapes every text it draws; this check is defence in depth so a future
    change there cannot put script into our pages (CSP would block it too).
    """
    if svg is None:
        return None
    root = ElementTree.fromstring(svg)
    for element in root.iter():
        tag = element.tag.removeprefix(_SVG)
        if tag in ("script", "foreignObject", "a", "image", "use") or any(a.lower().startswith("on") for a in element.attrib):
            raise ValueError(f"refusing to inline an SVG with <{tag}>")
    return Markup(svg)


def rag_label(rag: str) -> str:
    return load_checklist().scale.level(rag).label


def user_name(user_id: str | None) -> str:
    user = db.session.get(User, user_id) if user_id else None
    return (user.name or user.email) if user else ""


def page_context(row: ReadinessAssessment, printable: bool = False) -> dict[str, Any]:
    """What the assessment page (and its printable export) shows."""
    checklist = load_checklist()
    assessment = service.core(row)
    # evidence helps while rating; a signed-off record keeps only what was decided
    live = not printable and not row.signed
    found, suggested, reasons = evidence(current_user(), service.today()) if live else (None, None, None)
    return {
        "row": row, "assessment": assessment, "checklist": checklist, "summary": service.summary(row),
        "grid": inline_svg(service.grid_chart(row)), "grid_text": grid_text(assessment),
        "evidence": found, "suggested": suggested, "reasons": reasons,
        "created_by": user_name(row.created_by), "rag_tags": RAG_TAGS, "field_id": field_id, "label": rag_label,
        "import_claim": service.import_claim(row),
    }
