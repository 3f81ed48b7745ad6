"""The portfolio dashboard's figures, from plain rows the service loads in a handful of queries.

Pure: no database, no clock (the caller passes `as_of`). Which findings are "current" follows the
triage queue: per document, the newest done check of the newest version that has one, so a
version still being checked does not empty the dashboard. Open means not dismissed (undecided or
confirmed); "to triage" means undecided.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from statistics import fmean
from typing import Iterable, Sequence

from ..readiness.linter_evidence import PITFALL_SEVERITIES
from ..rulepack.model import SEVERITIES
from .index import barrier_points, is_open

CONFIRMED = "confirmed"  # a review status; any other but a dismissal is still to decide


@dataclass(frozen=True)
class VersionRow:
    id: str
    document_id: str
    title: str
    number: int
    uploaded_at: dt.datetime
    approved: bool = False


@dataclass(frozen=True)
class CheckRow:
    """A finished (done) check of a version."""

    job_id: str
    version_id: str
    finished_at: dt.datetime | None


@dataclass(frozen=True)
class FindingGroup:
    """How many findings of one check share rule, severity, family and review status."""

    job_id: str
    rule_id: str
    severity: str
    family: str
    status: str
    count: int


@dataclass(frozen=True)
class Undecided:
    """An undecided finding of a document's current check, with when its passage was first found in
    the document (by any version's check)."""

    document_id: str
    first_seen: dt.datetime


@dataclass(frozen=True)
class SeverityCount:
    severity: str
    undecided: int
    confirmed: int

    @property
    def open(self) -> int:
        return self.undecided + self.confirmed


@dataclass(frozen=True)
class RuleCount:
    rule_id: str
    family: str
    documents: int  # documents where the rule has an open finding (so one long tender cannot dominate)
    findings: int


@dataclass(frozen=True)
class IndexPoint:
    version_number: int
    uploaded_at: dt.datetime
    index: int


@dataclass(frozen=True)
class DocumentIndex:
    document_id: str
    title: str
    version_id: str
    version_number: int
    index: int
    sme_errors: int
    sme_warnings: int
    history: tuple[IndexPoint, ...]  # every checked version, oldest first

    @property
    def change(self) -> int | None:
        """Since the first checked version (None with only one): negative is fewer barriers."""
        return self.index - self.history[0].index if len(self.history) > 1 else None


@dataclass(frozen=True)
class MonthPoint:
    month: str  # "2026-11"
    documents: int  # documents with a checked version uploaded by the end of the month
    mean_index: float | None


@dataclass(frozen=True)
class AwaitingSignOff:
    document_id: str
    title: str
    version_id: str
    version_number: int
    checked_at: dt.datetime | None
    blocking_errors: int  # error-level findings not dismissed: sign-off is refused until they are


@dataclass(frozen=True)
class StaleTriage:
    document_id: str
    title: str
    version_number: int
    findings: int
    oldest: dt.datetime


@dataclass(frozen=True)
class Portfolio:
    as_of: dt.datetime
    stale_days: int
    documents: int  # documents with a finished check
    mean_index: float | None
    by_severity: tuple[SeverityCount, ...]
    by_family: tuple[tuple[str, int], ...]
    top_rules: tuple[RuleCount, ...]
    barriers: tuple[DocumentIndex, ...]  # highest index first
    trend: tuple[MonthPoint, ...]
    awaiting: tuple[AwaitingSignOff, ...]
    stale: tuple[StaleTriage, ...]

    @property
    def stale_total(self) -> int:
        return sum(s.findings for s in self.stale)


def newest_checks(checks: Iterable[CheckRow]) -> dict[str, CheckRow]:
    """Per version, its newest done check (a re-check replaces the earlier findings)."""
    newest: dict[str, CheckRow] = {}
    for check in checks:
        known = newest.get(check.version_id)
        if known is None or _check_key(check) > _check_key(known):
            newest[check.version_id] = check
    return newest


def _check_key(check: CheckRow) -> tuple[dt.datetime, str]:
    return check.finished_at or dt.datetime.min, check.job_id


def current_checks(versions: Iterable[VersionRow], checks: Iterable[CheckRow]) -> dict[str, tuple[VersionRow, CheckRow]]:
    """Per document, the newest version that has a done check, with that check."""
    by_version = newest_checks(checks)
    current: dict[str, tuple[VersionRow, CheckRow]] = {}
    for version in versions:
        check = by_version.get(version.id)
        if check is not None and (version.document_id not in current
                                  or version.number > current[version.document_id][0].number):
            current[version.document_id] = (version, check)
    return current


def portfolio(versions: Sequence[VersionRow], checks: Iterable[CheckRow], groups: Iterable[FindingGroup],
              undecided: Iterable[Undecided], sme_rules: frozenset[str], as_of: dt.datetime, stale_days: int,
              months: int = 12, top: int = 10) -> Portfolio:
    """Every figure of the dashboard. `groups` may hold any done check's findings (superseded ones
    are ignored); `undecided` the current checks' undecided findings."""
    by_version = newest_checks(checks)
    current = current_checks(versions, by_version.values())
    per_job: dict[str, list[FindingGroup]] = defaultdict(list)
    for group in groups:
        per_job[group.job_id].append(group)
    current_groups = [g for _, check in current.values() for g in per_job[check.job_id]]
    points = {version_id: barrier_points(per_job[check.job_id], sme_rules) for version_id, check in by_version.items()}
    barriers = _barriers(versions, current, per_job, points, sme_rules)
    return Portfolio(
        as_of=as_of, stale_days=stale_days, documents=len(current),
        mean_index=fmean(b.index for b in barriers) if barriers else None,
        by_severity=_by_severity(current_groups), by_family=_by_family(current_groups),
        top_rules=_top_rules(current, per_job, top), barriers=barriers,
        trend=_trend(versions, points, as_of, months),
        awaiting=_awaiting(versions, by_version, per_job),
        stale=_stale(current, undecided, as_of - dt.timedelta(days=stale_days)),
    )


def _by_severity(groups: list[FindingGroup]) -> tuple[SeverityCount, ...]:
    undecided: Counter[str] = Counter()
    confirmed: Counter[str] = Counter()
    for g in groups:
        if g.status == CONFIRMED:
            confirmed[g.severity] += g.count
        elif is_open(g.status):
            undecided[g.severity] += g.count
    order = [*SEVERITIES, *sorted({g.severity for g in groups} - set(SEVERITIES))]
    return tuple(SeverityCount(s, undecided[s], confirmed[s]) for s in order)


def _by_family(groups: list[FindingGroup]) -> tuple[tuple[str, int], ...]:
    families: Counter[str] = Counter()
    for g in groups:
        if is_open(g.status):
            families[g.family] += g.count
    return tuple(sorted(families.items(), key=lambda item: (-item[1], item[0])))


def _top_rules(current: dict[str, tuple[VersionRow, CheckRow]], per_job: dict[str, list[FindingGroup]],
               top: int) -> tuple[RuleCount, ...]:
    """The pitfalls (error and warning findings) open in the most documents."""
    documents: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    families: dict[str, str] = {}
    for _, check in current.values():
        seen = set()
        for g in per_job[check.job_id]:
            if is_open(g.status) and g.severity in PITFALL_SEVERITIES:
                findings[g.rule_id] += g.count
                families[g.rule_id] = g.family
                seen.add(g.rule_id)
        documents.update(seen)
    ranked = sorted(documents, key=lambda rule: (-documents[rule], -findings[rule], rule))[:top]
    return tuple(RuleCount(rule, families[rule], documents[rule], findings[rule]) for rule in ranked)


def _barriers(versions: Sequence[VersionRow], current: dict[str, tuple[VersionRow, CheckRow]],
              per_job: dict[str, list[FindingGroup]], points: dict[str, int],
              sme_rules: frozenset[str]) -> tuple[DocumentIndex, ...]:
    history: dict[str, list[IndexPoint]] = defaultdict(list)
    for version in sorted(versions, key=lambda v: v.number):
        if version.id in points:
            history[version.document_id].append(IndexPoint(version.number, version.uploaded_at, points[version.id]))
    out = []
    for document_id, (version, check) in current.items():
        sme = [g for g in per_job[check.job_id] if g.rule_id in sme_rules and is_open(g.status)]
        out.append(DocumentIndex(
            document_id, version.title, version.id, version.number, points[version.id],
            sum(g.count for g in sme if g.severity == "error"), sum(g.count for g in sme if g.severity == "warning"),
            tuple(history[document_id]),
        ))
    return tuple(sorted(out, key=lambda d: (-d.index, d.title.lower(), d.document_id)))


def month_starts(as_of: dt.datetime, months: int) -> list[dt.datetime]:
    """The first instants of the `months` calendar months ending with as_of's, oldest first."""
    year, month = as_of.year, as_of.month
    starts = []
    for _ in range(months):
        starts.append(dt.datetime(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def _next_month(start: dt.datetime) -> dt.datetime:
    return dt.datetime(start.year + start.month // 12, start.month % 12 + 1, 1)


def _trend(versions: Sequence[VersionRow], points: dict[str, int], as_of: dt.datetime,
           months: int) -> tuple[MonthPoint, ...]:
    """Each month, the mean index of the documents as they stood at its end: each document by its
    newest checked version uploaded by then."""
    checked = sorted((v for v in versions if v.id in points), key=lambda v: v.number)
    out = []
    for start in month_starts(as_of, months):
        end = min(_next_month(start), as_of + dt.timedelta(microseconds=1))
        standing: dict[str, int] = {}
        for version in checked:
            if version.uploaded_at < end:
                standing[version.document_id] = points[version.id]  # by number, so the newest wins
        out.append(MonthPoint(f"{start:%Y-%m}", len(standing), fmean(standing.values()) if standing else None))
    return tuple(out)


def _awaiting(versions: Sequence[VersionRow], by_version: dict[str, CheckRow],
              per_job: dict[str, list[FindingGroup]]) -> tuple[AwaitingSignOff, ...]:
    """Documents whose newest version is checked and not approved, oldest check first."""
    newest: dict[str, VersionRow] = {}
    for version in versions:
        if version.document_id not in newest or version.number > newest[version.document_id].number:
            newest[version.document_id] = version
    out = []
    for version in newest.values():
        check = by_version.get(version.id)
        if check is None or version.approved:
            continue
        blocking = sum(g.count for g in per_job[check.job_id] if g.severity == "error" and is_open(g.status))
        out.append(AwaitingSignOff(version.document_id, version.title, version.id, version.number,
                                   check.finished_at, blocking))
    return tuple(sorted(out, key=lambda a: (a.checked_at or dt.datetime.min, a.title.lower(), a.document_id)))


def _stale(current: dict[str, tuple[VersionRow, CheckRow]], undecided: Iterable[Undecided],
           cutoff: dt.datetime) -> tuple[StaleTriage, ...]:
    """Per document, the undecided findings first found before `cutoff`, most first."""
    found: dict[str, list[dt.datetime]] = defaultdict(list)
    for finding in undecided:
        if finding.document_id in current and finding.first_seen < cutoff:
            found[finding.document_id].append(finding.first_seen)
    out = [StaleTriage(document_id, current[document_id][0].title, current[document_id][0].number, len(seen), min(seen))
           for document_id, seen in found.items()]
    return tuple(sorted(out, key=lambda s: (-s.findings, s.oldest, s.title.lower(), s.document_id)))
