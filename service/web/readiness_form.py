"""The assessment page's form: stored ratings to field values and back, without JavaScript.

The task list gives each section (factors and optional practice sections) a page of its own;
the all-on-one-page form holds every section. Inside an expander are each section's questions. Field names are the item id with "." as "-" plus the
rating field, so they are also valid HTML ids for the error summary's links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

from tenderlint.readiness import Checklist

from ..readiness_view import field_id

FORM_NAMES = {"rag": "rag", "evidence": "evidence", "links": "links", "owner": "owner", "target_rag": "target_rag",
              "next_action": "next_action", "target_day": "target_date-day", "target_month": "target_date-month",
              "target_year": "target_date-year"}
RAGS = ("red", "amber", "green", "not_rated")


def date_values(iso: str) -> dict[str, str]:
    year, month, day = iso.split("-")
    return {"day": day.lstrip("0"), "month": month.lstrip("0"), "year": year}


def values_from_data(data: Mapping[str, Any], checklist: Checklist) -> dict[str, dict[str, str]]:
    """What each item's fields show for a stored export."""
    ratings = data.get("ratings") or {}
    out = {}
    for item_id in checklist.item_ids():
        rating = ratings.get(item_id) or {}
        day, month, year = "", "", ""
        if rating.get("target_date"):
            year, month, day = rating["target_date"].split("-")
        out[item_id] = {
            "rag": rating.get("rag") or "not_rated",
            "evidence": rating.get("evidence") or "",
            "links": "\n".join(rating.get("links") or []),
            "owner": rating.get("owner") or "",
            "target_rag": rating.get("target_rag") or "",
            "next_action": rating.get("next_action") or "",
            "target_day": day.lstrip("0"), "target_month": month.lstrip("0"), "target_year": year,
        }
    return out


@dataclass
class RatingsForm:
    values: dict[str, dict[str, str]]
    date: dict[str, str] = field(default_factory=dict)  # the assessment date's day, month, year
    on: str | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # field id -> message

    @property
    def error_list(self) -> list[dict[str, str]]:
        return [{"text": message, "href": f"#{fid}"} for fid, message in self.errors.items()]


def _target_date(item_id: str, v: dict[str, str], errors: dict[str, str]) -> str | None:
    parts = (v["target_day"], v["target_month"], v["target_year"])
    if not any(parts):
        return None
    try:
        return dt.date(int(v["target_year"]), int(v["target_month"]), int(v["target_day"])).isoformat()
    except ValueError:
        errors[field_id(item_id, "target_date-day")] = "Target date must be a real date, for example 31 3 2027"
        return None


def read_date(form: Mapping[str, str], result: RatingsForm) -> None:
    result.date = {part: form.get(f"date-{part}", "").strip() for part in ("day", "month", "year")}
    try:
        result.on = dt.date(int(result.date["year"]), int(result.date["month"]), int(result.date["day"])).isoformat()
    except ValueError:
        result.errors["date-day"] = "Date of the assessment must be a real date, for example 25 11 2026"


def read_form(form: Mapping[str, str], stored: Mapping[str, Any], checklist: Checklist, only: str | None = None) -> RatingsForm:
    """Field values and the rating changes for `readiness.update`; empty sections are removed.

    `only` names the one section a task-list page holds: the other sections (and the date) are
    not in that form, so they are left as stored rather than read as emptied."""
    result = RatingsForm(values_from_data(stored, checklist))
    if only is None:
        read_date(form, result)
    ratings = stored.get("ratings") or {}
    for section in (s for s in checklist.sections if only is None or s.id == only):
        v = result.values[section.id]
        for name, form_name in FORM_NAMES.items():
            v[name] = form.get(field_id(section.id, form_name), "").strip()
        v["rag"] = v["rag"] if v["rag"] in RAGS else "not_rated"
        links = [line.strip() for line in v["links"].splitlines() if line.strip()]
        bad = [link for link in links if not link.startswith(("https://", "http://"))]
        if bad:
            result.errors[field_id(section.id, "links")] = f"Links must be web addresses starting with https:// ({bad[0][:60]})"
        rating = {"rag": v["rag"], "evidence": v["evidence"], "links": links, "owner": v["owner"],
                  "target_rag": v["target_rag"] or None, "target_date": _target_date(section.id, v, result.errors),
                  "next_action": v["next_action"]}
        empty = rating["rag"] == "not_rated" and not any(rating[k] for k in rating if k != "rag")
        if not empty:
            result.changes[section.id] = rating
        elif section.id in ratings:
            result.changes[section.id] = None
        for question in section.questions:
            rag = form.get(field_id(question.id, "rag"), "not_rated")
            rag = rag if rag in RAGS else "not_rated"
            result.values[question.id]["rag"] = rag
            old = ratings.get(question.id) or {}
            if rag != "not_rated" or any(old.get(k) for k in ("evidence", "links", "owner", "next_action", "target_date")):
                result.changes[question.id] = {"rag": rag}
            elif question.id in ratings:
                result.changes[question.id] = None
    return result
