"""Readiness assessments in the service: the pure core (tenderlint.readiness) over stored rows.

Every function takes the acting user and enforces the same rules for the API and the pages:
rows are scoped to the user's organisation (404 otherwise), buyers and managers edit drafts,
suppliers only read, only managers sign off, and a signed-off assessment is a record that is
never changed again (409) — a new one starts from it with `copy`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Mapping

from sqlalchemy import Select, select

from tenderlint.readiness import (
    Assessment, AssessmentFormatError, Comparison, Summary, compare, copy_for_new, from_json, grid_svg,
    load_checklist, summarise, to_json, trend_svg,
)
from tenderlint.readiness.assessment import AssessmentError

from .accounts import audit
from .auth import has_role, scoped_get
from .db import db
from .models import AuditEvent, Organisation, Role, User, utcnow
from .readiness_models import DRAFT, SIGNED_OFF, ReadinessAssessment


class ReadinessError(Exception):
    """A refused operation: `status` is the HTTP status, `field` the bad value's path if any."""

    def __init__(self, status: int, code: str, message: str, field: str = "") -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def today() -> dt.date:
    return utcnow().date()


def can_edit(user: User) -> bool:
    return has_role(user, Role.BUYER, Role.REVIEWER, Role.MANAGER)  # a reviewer is what a buyer was


def can_sign_off(user: User) -> bool:
    return has_role(user, Role.MANAGER)


def _require_editor(user: User) -> None:
    if not can_edit(user):
        raise ReadinessError(403, "forbidden", "Only buyers and managers can change readiness assessments.")


def _require_draft(row: ReadinessAssessment) -> None:
    if row.status != DRAFT:
        raise ReadinessError(409, "signed-off", "This assessment is signed off and cannot be changed; "
                             "start a new one from it instead.")


def check_editable(user: User, row: ReadinessAssessment) -> None:
    """The refusal `update` would give, for forms that should be refused before they are judged."""
    _require_editor(user)
    _require_draft(row)


def core(row: ReadinessAssessment) -> Assessment:
    return from_json(row.data)


def _organisation_name(user: User) -> str:
    return db.session.get(Organisation, user.organisation_id).name


def _store(row: ReadinessAssessment, assessment: Assessment) -> None:
    row.data = to_json(assessment)
    row.assessed_on = assessment.date
    row.status = assessment.status


def assessments_query(user: User) -> Select[tuple[ReadinessAssessment]]:
    """The organisation's assessments, newest first."""
    return (select(ReadinessAssessment).where(ReadinessAssessment.organisation_id == user.organisation_id)
            .order_by(ReadinessAssessment.assessed_on.desc(), ReadinessAssessment.created_at.desc(), ReadinessAssessment.id))


def list_assessments(user: User) -> list[ReadinessAssessment]:
    return list(db.session.scalars(assessments_query(user)))


def get(user: User, assessment_id: str) -> ReadinessAssessment:
    return scoped_get(ReadinessAssessment, assessment_id, user)


def create(user: User, on: dt.date | None = None, notes: str = "") -> ReadinessAssessment:
    _require_editor(user)
    assessment = Assessment(_organisation_name(user), on or today(), checklist_version=load_checklist().version, notes=notes)
    row = ReadinessAssessment(organisation_id=user.organisation_id, created_by=user.id)
    _store(row, assessment)
    db.session.add(row)
    db.session.flush()
    audit(user, "readiness.created", "readiness", row.id, date=row.assessed_on.isoformat())
    return row


def copy(user: User, source: ReadinessAssessment, on: dt.date | None = None) -> ReadinessAssessment:
    """A new draft carrying a signed-off assessment's ratings, evidence and plans."""
    _require_editor(user)
    try:
        assessment = copy_for_new(core(source), on or max(today(), source.assessed_on))
    except AssessmentError as exc:
        raise ReadinessError(409 if source.status == DRAFT else 422, "cannot-copy", exc.message) from None
    row = ReadinessAssessment(organisation_id=user.organisation_id, created_by=user.id, copied_from=source.id)
    _store(row, assessment)
    db.session.add(row)
    db.session.flush()
    audit(user, "readiness.copied", "readiness", row.id, copied_from=source.id, date=row.assessed_on.isoformat())
    return row


def update(user: User, row: ReadinessAssessment, ratings: Mapping[str, Any] | None = None,
           notes: str | None = None, on: str | None = None) -> ReadinessAssessment:
    """Merge rating changes (item id -> some rating fields, or None to remove) into a draft.

    The merged export is read back with `from_json` against the checklist, so a bad value is
    refused with the path of the field (`ratings["geography"].target_date`) and nothing is saved.
    """
    check_editable(user, row)
    data = {**row.data, "ratings": dict(row.data.get("ratings") or {})}
    if not isinstance(ratings or {}, Mapping):
        raise ReadinessError(422, "invalid-assessment", "ratings: expected an object keyed by checklist item id", "ratings")
    for item_id, change in (ratings or {}).items():
        if change is None:
            data["ratings"].pop(item_id, None)
        elif isinstance(change, Mapping):
            data["ratings"][item_id] = {**data["ratings"].get(item_id, {}), **change}
        else:
            raise ReadinessError(422, "invalid-assessment", f'ratings["{item_id}"]: expected an object or null',
                                 f'ratings["{item_id}"]')
    if notes is not None:
        data["notes"] = notes
    if on is not None:
        data["date"] = on
    assessment = validate(data)
    _store(row, assessment)
    audit(user, "readiness.updated", "readiness", row.id, items=sorted((ratings or {}).keys()),
          notes=notes is not None, date=on)
    return row


def validate(data: Any) -> Assessment:
    """An export checked against the checklist, links limited to web addresses."""
    try:
        assessment = from_json(data, load_checklist())
    except AssessmentFormatError as exc:
        raise ReadinessError(422, "invalid-assessment", exc.message, exc.field) from None
    for item_id, rating in assessment.ratings.items():
        for n, link in enumerate(rating.links):
            if not link.startswith(("https://", "http://")):
                field = f'ratings["{item_id}"].links[{n}]'
                raise ReadinessError(422, "invalid-assessment", f"{field}: a link must start with https:// or http://", field)
    return assessment


def sign_off(user: User, row: ReadinessAssessment) -> ReadinessAssessment:
    if not can_sign_off(user):
        raise ReadinessError(403, "forbidden", "Only managers can sign off a readiness assessment.")
    _require_draft(row)
    now = utcnow()
    _store(row, core(row).sign_off(user.name or user.email, now.date()))
    row.signed_off_by, row.signed_off_at = user.id, now
    audit(user, "readiness.signed_off", "readiness", row.id)
    return row


def import_export(user: User, data: Any) -> ReadinessAssessment:
    """Store an export (e.g. from the CLI) as the caller organisation's assessment.

    The file's organisation name is replaced by the caller's. An imported assessment is marked as
    imported and is always a draft: a sign-off written in a file is someone's claim, not a sign-off
    made here, so it never counts as one (the trend, the status). The claim is kept in the audit
    record and shown on the page. A file that claims a sign-off is still a manager's to bring in.
    """
    _require_editor(user)
    assessment = validate(data)
    if assessment.status == SIGNED_OFF and not can_sign_off(user):
        raise ReadinessError(403, "forbidden", "Only managers can import a signed-off assessment; "
                             "import it as a draft (status \"draft\") instead.")
    claimed = {}
    if assessment.status == SIGNED_OFF and assessment.signed_off_at is not None:
        claimed = {"file_signed_off_by": assessment.signed_off_by, "file_signed_off_at": assessment.signed_off_at.isoformat()}
    assessment = dataclasses.replace(assessment, organisation=_organisation_name(user), status=DRAFT,
                                     signed_off_by="", signed_off_at=None)
    row = ReadinessAssessment(organisation_id=user.organisation_id, created_by=user.id, imported=True)
    _store(row, assessment)
    db.session.add(row)
    db.session.flush()
    audit(user, "readiness.imported", "readiness", row.id, status=row.status, date=row.assessed_on.isoformat(), **claimed)
    return row


def import_claim(row: ReadinessAssessment) -> dict[str, str]:
    """What an imported file said about its sign-off ({} when it said nothing, or for other rows)."""
    if not row.imported:
        return {}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "readiness.imported",
                                                       AuditEvent.target_id == row.id).limit(1))
    detail = event.detail if event is not None else {}
    return {k: str(detail[k]) for k in ("file_signed_off_by", "file_signed_off_at") if detail.get(k)}


def summary(row: ReadinessAssessment, as_of: dt.date | None = None) -> Summary:
    """Drafts are judged as of today (what is overdue now); records as of their own date."""
    assessment = core(row)
    return summarise(assessment, as_of or (today() if row.status == DRAFT else assessment.date))


def comparison(older: ReadinessAssessment, newer: ReadinessAssessment) -> Comparison:
    return compare(core(older), core(newer), today())


def grid_chart(row: ReadinessAssessment) -> str:
    return grid_svg(core(row))


def history(user: User) -> list[ReadinessAssessment]:
    """Signed-off assessments, oldest first: the record the trend chart draws."""
    return [r for r in reversed(list_assessments(user)) if r.status == SIGNED_OFF]


def trend_chart(rows: list[ReadinessAssessment]) -> str | None:
    return trend_svg([core(r) for r in rows]) if rows else None
