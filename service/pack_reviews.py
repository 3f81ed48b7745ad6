"""Decisions on a tender pack's own findings: an absence judged once over the pack, or two documents
that disagree. They are triaged like a document's findings (confirmed, dismissed with a reason from
the fixed list and a comment, or reopened: `triage.check_decision` applies the same rules).

A pack finding is no database row: it lives in its pack version's stored report. So a decision
belongs to (pack, fingerprint), as a document finding's belongs to (document, fingerprint), and
holds for every version of the pack whose report still has that finding; a later upload of the
pack that no longer has it simply shows nothing for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .accounts import audit
from .db import db, lock_row
from .models import ReviewStatus, User, utcnow
from .pack_models import Pack, PackFindingReview, PackVersion
from .triage import check_decision, decision_json


@dataclass(frozen=True)
class PackFindingRef:
    """What the decision macros of the pages need of a pack finding (`web/_review.html`)."""

    id: str  # the fingerprint: unique within a pack version's report
    rule_id: str
    review_status: str


def pack_finding(version: PackVersion, fingerprint: str) -> dict[str, Any] | None:
    """The finding of the version's report with that fingerprint, or None."""
    return next((f for f in (version.report or {}).get("findings", ()) if f.get("fingerprint") == fingerprint), None)


def reviews_of(pack_id: str) -> dict[str, PackFindingReview]:
    """fingerprint -> the decision on it, for one pack (every version's findings)."""
    rows = db.session.scalars(select(PackFindingReview).options(selectinload(PackFindingReview.reviewer))
                              .where(PackFindingReview.pack_id == pack_id))
    return {review.fingerprint: review for review in rows}


def decide_pack_finding(version: PackVersion, finding: dict[str, Any], user: User, status: str, reason: str = "",
                        reason_code: str | None = None) -> PackFindingReview:
    """Record `user`'s decision on a finding of the pack's report, for this and every later version
    (a ReviewError if the decision is refused). The caller commits."""
    reason, reason_code = check_decision(status, reason, reason_code)
    lock_row(Pack, version.pack_id)  # one decision at a time per pack: the row is made once
    review = db.session.scalar(select(PackFindingReview).where(
        PackFindingReview.pack_id == version.pack_id, PackFindingReview.fingerprint == finding["fingerprint"]))
    if review is None:
        review = PackFindingReview(organisation_id=version.organisation_id, pack_id=version.pack_id,
                                   fingerprint=finding["fingerprint"], rule_id=finding["rule_id"])
        db.session.add(review)
    previous = review.status or ReviewStatus.OPEN.value
    review.status, review.reason, review.reason_code = status, reason, reason_code
    review.reviewed_by, review.reviewed_at = user.id, utcnow()
    audit(user, "pack_finding.review", "pack", version.pack_id, version=version.number, rule_id=finding["rule_id"],
          fingerprint=finding["fingerprint"], status=status, previous=previous, reason=reason, reason_code=reason_code)
    return review


def reviewed(finding: dict[str, Any], reviews: dict[str, PackFindingReview]) -> dict[str, Any]:
    """A pack finding as the report shows it: with its decision (open and null when none)."""
    review = reviews.get(finding.get("fingerprint", ""))
    return {**finding, "review_status": review.status if review else ReviewStatus.OPEN.value, "review": decision_json(review) if review else None}


def refs(findings: list[dict[str, Any]]) -> dict[str, PackFindingRef]:
    """fingerprint -> what the page's decision form needs, for findings already `reviewed`."""
    return {f["fingerprint"]: PackFindingRef(f["fingerprint"], f["rule_id"], f["review_status"]) for f in findings}
