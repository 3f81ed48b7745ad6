"""The decision form shown with each finding (report and triage pages): what it shows, what it sent.

A decision belongs to the document and the finding's fingerprint (see `service.triage`), so the
pages look decisions up in bulk for the findings they show rather than one query per finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..db import db
from ..models import Finding, FindingReview, Version
from ..triage import ReviewError

REVIEW_LABELS = {"open": "Open", "confirmed": "Confirmed", "dismissed": "Dismissed"}
REVIEW_TAGS = {"open": "govuk-tag--grey", "confirmed": "govuk-tag--purple", "dismissed": "govuk-tag--turquoise"}
# the pages a decision is made from, and so where the form goes back to
BACK_TO = ("report", "triage")


@dataclass
class ReviewForm:
    """What one finding's form sent, kept to show it again with the error next to the right field."""

    finding_id: str
    status: str
    reason: str
    reason_code: str | None = None
    error: str = ""
    code: str = ""

    @property
    def field(self) -> str:
        if self.code == "invalid-dismissal-reason":
            return "code"
        return "reason" if self.code.startswith("reason") else "status"

    @property
    def error_list(self) -> list[dict[str, str]]:
        return [{"text": self.error, "href": f"#{field_id(self.finding_id, self.field)}"}] if self.error else []


def field_id(finding_id: str, name: str) -> str:
    return f"review-{finding_id}-{name}"


def read_review_form(finding_id: str, form: Mapping[str, str]) -> ReviewForm:
    """The radios of the decision and the dismissal reason, and the comment (still named `reason`)."""
    return ReviewForm(finding_id, form.get("review_status", ""), form.get("reason", ""), form.get("dismissal_reason") or None)


def refused(form: ReviewForm, error: ReviewError) -> ReviewForm:
    """The form again, carrying the message `triage.decide` gave."""
    message = "Select a decision" if error.code == "invalid-status" else str(error)
    return ReviewForm(form.finding_id, form.status, form.reason, form.reason_code, message, error.code)


def reviews_for(findings: Iterable[Finding]) -> dict[str, FindingReview]:
    """finding id -> the decision recorded for its document and fingerprint (findings without one are left out)."""
    findings = list(findings)
    if not findings:
        return {}
    documents = dict(db.session.execute(
        select(Version.id, Version.document_id).where(Version.id.in_({f.version_id for f in findings}))
    ).all())
    reviews = db.session.scalars(
        select(FindingReview).options(selectinload(FindingReview.reviewer)).where(
            FindingReview.document_id.in_(set(documents.values())),
            FindingReview.fingerprint.in_({f.fingerprint for f in findings}),
        )
    )
    by_key = {(r.document_id, r.fingerprint): r for r in reviews}
    out = {}
    for finding in findings:
        review = by_key.get((documents.get(finding.version_id), finding.fingerprint))
        if review is not None:
            out[finding.id] = review
    return out
