"""An assessment is one organisation's ratings on one date; here are the pure operations on it.

Ratings are keyed by checklist item id ("geography" for a factor, "geography.q3" for a
question) so the definition can gain questions without invalidating stored assessments.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
import datetime
from datetime import date
from types import MappingProxyType
from typing import Iterable, Mapping

from .definitions import NOT_RATED, RAG_ORDER, RAG_VALUES, Checklist, load_checklist
from ..errors import TenderlintError

DRAFT = "draft"
SIGNED_OFF = "signed_off"
STATUSES = (DRAFT, SIGNED_OFF)


class AssessmentError(TenderlintError):
    """An assessment value or operation that cannot be right (e.g. copying a draft)."""

    code = "readiness-assessment"


def rag_rank(rag: str) -> int | None:
    """0 red, 1 amber, 2 green; None when not rated, so it never counts as better or worse."""
    return RAG_ORDER.index(rag) if rag in RAG_ORDER else None


@dataclass(frozen=True)
class Rating:
    """Where we are on one item, why we think so, and what happens next."""

    rag: str = NOT_RATED
    evidence: str = ""
    links: tuple[str, ...] = ()
    owner: str = ""
    target_rag: str | None = None
    target_date: date | None = None
    next_action: str = ""

    def __post_init__(self) -> None:
        if self.rag not in RAG_VALUES:
            raise AssessmentError(f"rag: {self.rag!r} is not one of {', '.join(RAG_VALUES)}")
        if self.target_rag is not None and self.target_rag not in RAG_ORDER:
            raise AssessmentError(f"target_rag: {self.target_rag!r} is not one of {', '.join(RAG_ORDER)}")
        object.__setattr__(self, "links", tuple(self.links))

    @property
    def rated(self) -> bool:
        return self.rag != NOT_RATED

    def is_overdue(self, today: date) -> bool:
        """The target date has passed and the target colour (green if unset) is not yet reached."""
        if self.target_date is None or self.target_date >= today or not self.rated:
            return False
        return rag_rank(self.rag) < rag_rank(self.target_rag or "green")  # type: ignore[operator]


@dataclass(frozen=True)
class Assessment:
    """One self-evaluation. Sign-off fields are set exactly when status is signed_off."""

    organisation: str
    date: datetime.date  # the field shadows the type name inside the class
    ratings: Mapping[str, Rating] = field(default_factory=dict)
    status: str = DRAFT
    signed_off_by: str = ""
    signed_off_at: datetime.date | None = None
    checklist_version: str = ""
    notes: str = ""

    def __post_init__(self) -> None:
        if not self.organisation.strip():
            raise AssessmentError("organisation: required")
        if self.status not in STATUSES:
            raise AssessmentError(f"status: {self.status!r} is not one of {', '.join(STATUSES)}")
        signed = bool(self.signed_off_by) and self.signed_off_at is not None
        if self.status == SIGNED_OFF and not signed:
            raise AssessmentError("signed_off_by and signed_off_at are required when status is signed_off")
        if self.status == DRAFT and (self.signed_off_by or self.signed_off_at):
            raise AssessmentError("a draft cannot carry signed_off_by or signed_off_at")
        object.__setattr__(self, "ratings", MappingProxyType(dict(self.ratings)))

    def rating(self, item_id: str) -> Rating:
        return self.ratings.get(item_id, Rating())

    def with_rating(self, item_id: str, rating: Rating) -> Assessment:
        if self.status == SIGNED_OFF:
            raise AssessmentError("a signed-off assessment is a record; start a new one with copy_for_new")
        return dataclasses.replace(self, ratings={**self.ratings, item_id: rating})

    def sign_off(self, by: str, at: datetime.date) -> Assessment:
        if not by.strip():
            raise AssessmentError("signed_off_by: required")
        return dataclasses.replace(self, status=SIGNED_OFF, signed_off_by=by, signed_off_at=at)


@dataclass(frozen=True)
class Priority:
    """One item on the priority list, with the reason it is there."""

    item_id: str
    title: str
    rag: str
    reason: str  # "red" | "overdue" | "amber"
    overdue: bool
    target_date: date | None
    owner: str
    next_action: str


@dataclass(frozen=True)
class Summary:
    """Counts per colour and the ordered priority list.

    `factor_counts` always covers the six factors (unrated ones as not_rated); optional practice
    sections and questions are counted only where the assessment records them.
    """

    factor_counts: Mapping[str, int]
    practice_counts: Mapping[str, int]
    question_counts: Mapping[str, int]
    priorities: tuple[Priority, ...]
    as_of: date

    @property
    def overdue(self) -> tuple[Priority, ...]:
        return tuple(p for p in self.priorities if p.overdue)


def _ordered_ids(assessment: Assessment, checklist: Checklist) -> list[str]:
    """Checklist order first, then any ids the checklist no longer knows, alphabetically."""
    known = [i for i in checklist.item_ids() if i in assessment.ratings]
    return known + sorted(set(assessment.ratings) - set(known))


def _counts(ids: Iterable[str], assessment: Assessment) -> dict[str, int]:
    counts = dict.fromkeys(RAG_VALUES, 0)
    for item_id in ids:
        counts[assessment.rating(item_id).rag] += 1
    return counts


def summarise(assessment: Assessment, today: date | None = None, checklist: Checklist | None = None) -> Summary:
    """Reds first, then ambers past their target date, then other ambers.

    `today` defaults to the assessment date so a stored
    summary never changes; pass the real date to see what has become overdue since.
    """
    checklist = checklist or load_checklist()
    today = today or assessment.date
    practice_ids = [s.id for s in checklist.practices if s.id in assessment.ratings]
    sections = {s.id for s in checklist.sections}
    question_ids = [i for i in assessment.ratings if i not in sections]
    groups: dict[str, list[tuple[tuple[object, ...], Priority]]] = {"red": [], "overdue": [], "amber": []}
    for position, item_id in enumerate(_ordered_ids(assessment, checklist)):
        rating = assessment.rating(item_id)
        if rating.rag not in ("red", "amber"):
            continue
        overdue = rating.is_overdue(today)
        reason = "red" if rating.rag == "red" else ("overdue" if overdue else "amber")
        late_first = (rating.target_date or date.max, position)
        key = (position,) if reason == "red" else late_first
        groups[reason].append((key, Priority(item_id, checklist.title_of(item_id), rating.rag, reason, overdue,
                                             rating.target_date, rating.owner, rating.next_action)))
    priorities = tuple(p for reason in ("red", "overdue", "amber") for _, p in sorted(groups[reason], key=lambda kp: kp[0]))
    return Summary(
        factor_counts=MappingProxyType(_counts((s.id for s in checklist.factors), assessment)),
        practice_counts=MappingProxyType(_counts(practice_ids, assessment)),
        question_counts=MappingProxyType(_counts(question_ids, assessment)),
        priorities=priorities,
        as_of=today,
    )


@dataclass(frozen=True)
class Change:
    item_id: str
    title: str
    before: str
    after: str
    movement: str  # "improved" | "worsened" | "unchanged" | "added" | "removed"


@dataclass(frozen=True)
class Comparison:
    """What moved between two assessments, and what is overdue in the newer one."""

    older_date: date
    newer_date: date
    changes: tuple[Change, ...]
    overdue: tuple[Priority, ...]

    def by_movement(self, movement: str) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.movement == movement)

    @property
    def improved(self) -> tuple[Change, ...]:
        return self.by_movement("improved")

    @property
    def worsened(self) -> tuple[Change, ...]:
        return self.by_movement("worsened")

    @property
    def unchanged(self) -> tuple[Change, ...]:
        return self.by_movement("unchanged")

    @property
    def added(self) -> tuple[Change, ...]:
        return self.by_movement("added")

    @property
    def removed(self) -> tuple[Change, ...]:
        return self.by_movement("removed")


def _movement(before: str, after: str) -> str:
    old, new = rag_rank(before), rag_rank(after)
    if old is None:
        return "added"
    if new is None:
        return "removed"
    return "improved" if new > old else "worsened" if new < old else "unchanged"


def compare(older: Assessment, newer: Assessment, today: date | None = None,
            checklist: Checklist | None = None) -> Comparison:
    """Item by item: a rated item in only one of the two is "added" or "removed"."""
    checklist = checklist or load_checklist()
    if newer.date < older.date:
        older, newer = newer, older
    ids = [i for i in checklist.item_ids() if i in older.ratings or i in newer.ratings]
    ids += sorted((set(older.ratings) | set(newer.ratings)) - set(ids))
    changes = tuple(
        Change(item_id, checklist.title_of(item_id), older.rating(item_id).rag, newer.rating(item_id).rag,
               _movement(older.rating(item_id).rag, newer.rating(item_id).rag))
        for item_id in ids
        if older.rating(item_id).rated or newer.rating(item_id).rated
    )
    overdue = summarise(newer, today or newer.date, checklist).overdue
    return Comparison(older.date, newer.date, changes, overdue)


def copy_for_new(assessment: Assessment, on: date) -> Assessment:
    """A new draft that starts from a signed-off assessment's ratings, evidence and plans.

    Only signed-off assessments are copied so the history always runs record to record.
    """
    if assessment.status != SIGNED_OFF:
        raise AssessmentError("only a signed-off assessment can be copied; sign this draft off first")
    if on < assessment.date:
        raise AssessmentError(f"date: {on.isoformat()} is before the assessment it copies ({assessment.date.isoformat()})")
    return Assessment(
        organisation=assessment.organisation,
        date=on,
        ratings=dict(assessment.ratings),
        checklist_version=load_checklist().version,
        notes=assessment.notes,
    )
