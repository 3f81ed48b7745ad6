"""The assessment exchange format: versioned JSON in and out, CSV out.

JSON is what the CLI reads and what the service stores and serves, so `from_json` checks every
field and names the bad one (`ratings["geography.q3"].target_date`) instead of failing later.
The format is documented in docs/readiness.md; `JSON_SCHEMA` is the same contract for tools.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from typing import Any, Mapping

from ..spreadsheet import safe_row
from ..errors import TenderlintError
from .assessment import STATUSES, SIGNED_OFF, Assessment, AssessmentError, Rating
from .definitions import RAG_ORDER, RAG_VALUES, Checklist, load_checklist

SCHEMA_VERSION = "1.0"
KIND = "tenderlint.readiness.assessment"
_ITEM_ID = re.compile(r"^[a-z][a-z_]*(\.q[1-9][0-9]*)?$")
_TOP_FIELDS = {"schema_version", "kind", "organisation", "date", "status", "signed_off_by", "signed_off_at",
               "checklist_version", "notes", "ratings"}
_RATING_FIELDS = {"rag", "evidence", "links", "owner", "target_rag", "target_date", "next_action"}
CSV_COLUMNS = ("organisation", "assessment_date", "status", "item_id", "item_kind", "section_id", "title", "rag",
               "target_rag", "target_date", "overdue", "owner", "next_action", "evidence", "links")


class AssessmentFormatError(TenderlintError):
    """An assessment export that cannot be read; `field` is the path of the bad value."""

    code = "readiness-format"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def rating_to_json(rating: Rating) -> dict[str, Any]:
    return {
        "rag": rating.rag,
        "evidence": rating.evidence,
        "links": list(rating.links),
        "owner": rating.owner,
        "target_rag": rating.target_rag,
        "target_date": _iso(rating.target_date),
        "next_action": rating.next_action,
    }


def to_json(assessment: Assessment, checklist: Checklist | None = None) -> dict[str, Any]:
    """The export document; ratings appear in checklist order so diffs stay readable."""
    order = {item_id: i for i, item_id in enumerate((checklist or load_checklist()).item_ids())}
    ids = sorted(assessment.ratings, key=lambda i: (order.get(i, len(order)), i))
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": KIND,
        "organisation": assessment.organisation,
        "date": assessment.date.isoformat(),
        "status": assessment.status,
        "signed_off_by": assessment.signed_off_by or None,
        "signed_off_at": _iso(assessment.signed_off_at),
        "checklist_version": assessment.checklist_version,
        "notes": assessment.notes,
        "ratings": {item_id: rating_to_json(assessment.ratings[item_id]) for item_id in ids},
    }


def dumps(assessment: Assessment) -> str:
    return json.dumps(to_json(assessment), ensure_ascii=False, indent=1) + "\n"


def _string(data: Mapping[str, Any], key: str, where: str, required: bool = False) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise AssessmentFormatError(f"{where}{key}", f"expected {'a non-empty ' if required else 'a '}string, got {value!r}")
    return value


def _date(data: Mapping[str, Any], key: str, where: str, required: bool = False) -> date | None:
    value: Any = data.get(key)  # whatever the JSON held: fromisoformat judges it
    if value is None and not required:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise AssessmentFormatError(f"{where}{key}", f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _choice(value: Any, choices: tuple[str, ...], field: str) -> str:
    if value not in choices:
        raise AssessmentFormatError(field, f"expected one of {', '.join(choices)}, got {value!r}")
    return str(value)


def _no_extra(data: Mapping[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise AssessmentFormatError(f"{where}{extra[0]}", f"unknown field (expected only {', '.join(sorted(allowed))})")


def _rating(data: Any, where: str) -> Rating:
    if not isinstance(data, Mapping):
        raise AssessmentFormatError(where.rstrip("."), "expected an object")
    _no_extra(data, _RATING_FIELDS, where)
    links = data.get("links") or []
    if not isinstance(links, list) or not all(isinstance(link, str) for link in links):
        raise AssessmentFormatError(f"{where}links", "expected a list of strings")
    target = data.get("target_rag")
    return Rating(
        rag=_choice(data.get("rag", "not_rated"), RAG_VALUES, f"{where}rag"),
        evidence=_string(data, "evidence", where),
        links=tuple(links),
        owner=_string(data, "owner", where),
        target_rag=None if target is None else _choice(target, RAG_ORDER, f"{where}target_rag"),
        target_date=_date(data, "target_date", where),
        next_action=_string(data, "next_action", where),
    )


def from_json(source: str | bytes | Mapping[str, Any], checklist: Checklist | None = None) -> Assessment:
    """Read an export; with `checklist`, item ids it does not define are refused too."""
    if isinstance(source, (str, bytes)):
        try:
            source = json.loads(source)
        except json.JSONDecodeError as exc:
            raise AssessmentFormatError("", f"not valid JSON: {exc}") from None
    if not isinstance(source, Mapping):
        raise AssessmentFormatError("", "expected a JSON object at the top level")
    data = source
    version = data.get("schema_version")
    if not isinstance(version, str) or version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise AssessmentFormatError("schema_version", f"expected {SCHEMA_VERSION} (or another 1.x), got {version!r}")
    if data.get("kind", KIND) != KIND:
        raise AssessmentFormatError("kind", f"expected {KIND!r}, got {data.get('kind')!r}")
    _no_extra(data, _TOP_FIELDS, "")
    ratings_data = data.get("ratings") or {}
    if not isinstance(ratings_data, Mapping):
        raise AssessmentFormatError("ratings", "expected an object keyed by checklist item id")
    known = set(checklist.item_ids()) if checklist else None
    ratings = {}
    for item_id, rating in ratings_data.items():
        where = f'ratings["{item_id}"]'
        if not _ITEM_ID.match(item_id) or (known is not None and item_id not in known):
            raise AssessmentFormatError(where, "not a checklist item id (see `tenderlint readiness template`)")
        ratings[item_id] = _rating(rating, where + ".")
    status = _choice(data.get("status", "draft"), STATUSES, "status")
    try:
        return Assessment(
            organisation=_string(data, "organisation", "", required=True),
            date=_date(data, "date", "", required=True),  # type: ignore[arg-type]
            ratings=ratings,
            status=status,
            signed_off_by=_string(data, "signed_off_by", ""),
            signed_off_at=_date(data, "signed_off_at", ""),
            checklist_version=_string(data, "checklist_version", ""),
            notes=_string(data, "notes", ""),
        )
    except AssessmentError as exc:
        field = "signed_off_by" if status == SIGNED_OFF else "status"
        raise AssessmentFormatError(field, exc.message) from None


def to_csv(assessment: Assessment, today: date | None = None, checklist: Checklist | None = None) -> str:
    """One row per recorded rating, in checklist order; `overdue` is judged as of `today`."""
    checklist = checklist or load_checklist()
    today = today or assessment.date
    kinds = {s.id: s.kind for s in checklist.sections}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item_id, rating_json in to_json(assessment, checklist)["ratings"].items():
        rating = assessment.ratings[item_id]
        section_id = item_id.split(".", 1)[0]
        writer.writerow(safe_row([
            assessment.organisation, assessment.date.isoformat(), assessment.status, item_id,
            "question" if "." in item_id else kinds.get(item_id, "factor"), section_id,
            checklist.title_of(item_id), rating.rag, rating.target_rag or "", rating_json["target_date"] or "",
            "yes" if rating.is_overdue(today) else "no", rating.owner, rating.next_action, rating.evidence,
            " ".join(rating.links),
        ]))
    return out.getvalue()


_STR = {"type": "string"}
_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "tenderlint readiness assessment",
    "type": "object",
    "required": ["schema_version", "organisation", "date", "ratings"],
    "additionalProperties": False,
    # A signed-off assessment names who signed and when; a draft names neither.
    "if": {"required": ["status"], "properties": {"status": {"const": SIGNED_OFF}}},
    "then": {"required": ["signed_off_by", "signed_off_at"],
             "properties": {"signed_off_by": {"type": "string", "minLength": 1}, "signed_off_at": _DATE}},
    "else": {"properties": {"signed_off_by": {"enum": [None, ""]}, "signed_off_at": {"type": "null"}}},
    "properties": {
        "schema_version": {"type": "string", "pattern": r"^1\.\d+$"},
        "kind": {"const": KIND},
        "organisation": {"type": "string", "pattern": r"\S"},  # blank or spaces only is refused
        "date": _DATE,
        "status": {"enum": list(STATUSES)},
        "signed_off_by": {"type": ["string", "null"]},
        "signed_off_at": {"oneOf": [_DATE, {"type": "null"}]},
        "checklist_version": _STR,
        "notes": _STR,
        "ratings": {
            "type": "object",
            "propertyNames": {"pattern": _ITEM_ID.pattern},
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "rag": {"enum": list(RAG_VALUES)},
                    "evidence": _STR,
                    "links": {"type": "array", "items": _STR},
                    "owner": _STR,
                    "target_rag": {"enum": [*RAG_ORDER, None]},
                    "target_date": {"oneOf": [_DATE, {"type": "null"}]},
                    "next_action": _STR,
                },
            },
        },
    },
}
