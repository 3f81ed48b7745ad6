"""Evidence for the procurement-practice section from the council's own linted tenders.

The checklist asks whether the council's buying keeps small suppliers out; tenderlint's
findings on its tender documents answer part of that. This module turns a year of linted-
document summaries into numbers and a *suggested* rating. The person rating decides: the
suggestion and its reasons are shown beside the evidence, never stored as the rating.

SME barriers. A document "has an open SME barrier" when it has at least one finding that is
- in an SME-barrier family: PROP (one-size selection demands), PROC (process, time and access),
  PAY (payment and purchase-to-pay) or RISK (costs and risks passed to suppliers) — the families
  the rule catalogue ties to the report's SME theme and to pitfalls 1 and 3;
- of severity "error" (almost certain to exclude compliant SMEs, or unlawful);
- still open: its review status is not one of CLOSED_REVIEW_STATUSES. Unknown statuses count as
  open, so a new status in the service can only make the evidence more cautious.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Iterable, Mapping

from .definitions import Checklist, load_checklist

SME_BARRIER_FAMILIES = ("PROP", "PROC", "PAY", "RISK")
CLOSED_REVIEW_STATUSES = frozenset({"dismissed", "false_positive", "not_applicable", "resolved", "fixed", "wont_fix"})
PITFALL_SEVERITIES = ("error", "warning")  # what counts towards "most frequent pitfalls"
WINDOW_MONTHS = 12

# Thresholds of suggest_rating, on the share of documents with an open SME-barrier error.
GREEN_AT_MOST = 0.10
RED_ABOVE = 0.30
TREND_STEP = 0.10  # a change in share this large between half-years counts as a trend
MIN_DOCUMENTS = 5  # fewer documents than this never earn a suggested green


@dataclass(frozen=True)
class FindingSummary:
    rule_id: str
    severity: str
    category: str = ""
    review_status: str = "open"

    @property
    def family(self) -> str:
        """The rule family: the category if given, else the middle of "PP-PROP-001"."""
        if self.category:
            return self.category.upper()
        parts = self.rule_id.split("-")
        return parts[1] if len(parts) >= 3 else self.rule_id

    @property
    def is_open(self) -> bool:
        return self.review_status not in CLOSED_REVIEW_STATUSES


@dataclass(frozen=True)
class DocumentSummary:
    document_id: str
    title: str
    date: date
    findings: tuple[FindingSummary, ...] = ()

    @property
    def has_sme_barrier(self) -> bool:
        return any(f.is_open and f.severity == "error" and f.family in SME_BARRIER_FAMILIES for f in self.findings)


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.fromisoformat(str(value)).date()


def _finding(value: Any) -> FindingSummary:
    if isinstance(value, FindingSummary):
        return value
    if isinstance(value, Mapping):
        return FindingSummary(str(value["rule_id"]), str(value["severity"]), str(value.get("category") or ""),
                              str(value.get("review_status") or "open"))
    rule_id, severity, category, status = (*value, "", "open")[:4]  # a (rule_id, severity, category, status) tuple
    return FindingSummary(str(rule_id), str(severity), str(category or ""), str(status or "open"))


def document_summary(value: DocumentSummary | Mapping[str, Any]) -> DocumentSummary:
    """Accept a DocumentSummary or a plain dict (date, document_id or id, title, findings)."""
    if isinstance(value, DocumentSummary):
        return value
    return DocumentSummary(
        document_id=str(value.get("document_id", value.get("id", ""))),
        title=str(value.get("title", "")),
        date=_as_date(value["date"]),
        findings=tuple(_finding(f) for f in value.get("findings", ())),
    )


@dataclass(frozen=True)
class MonthPoint:
    month: str  # "2024-03"
    documents: int
    with_sme_barrier: int

    @property
    def share(self) -> float | None:
        return self.with_sme_barrier / self.documents if self.documents else None


@dataclass(frozen=True)
class ProcurementEvidence:
    as_of: date
    since: date
    documents: int
    with_sme_barrier: int
    top_rules: tuple[tuple[str, int], ...]  # (rule id, documents where it is an open pitfall)
    top_families: tuple[tuple[str, int], ...]
    months: tuple[MonthPoint, ...]
    trend: str  # "improving" | "worsening" | "steady" | "unknown"
    by_question: tuple[tuple[str, int], ...]  # (procurement question id, documents with a linked finding)

    @property
    def share(self) -> float | None:
        return self.with_sme_barrier / self.documents if self.documents else None


def _month_starts(as_of: date, months: int) -> list[date]:
    year, month = as_of.year, as_of.month
    starts = []
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def _month_point(start: date, docs: list[DocumentSummary]) -> MonthPoint:
    in_month = [d for d in docs if (d.date.year, d.date.month) == (start.year, start.month)]
    return MonthPoint(start.strftime("%Y-%m"), len(in_month), sum(d.has_sme_barrier for d in in_month))


def _share(points: Iterable[MonthPoint]) -> float | None:
    points = list(points)
    total = sum(p.documents for p in points)
    return sum(p.with_sme_barrier for p in points) / total if total else None


def _trend(months: tuple[MonthPoint, ...]) -> str:
    half = len(months) // 2
    earlier, later = _share(months[:half]), _share(months[half:])
    if earlier is None or later is None:
        return "unknown"
    if later <= earlier - TREND_STEP:
        return "improving"
    return "worsening" if later >= earlier + TREND_STEP else "steady"


def procurement_evidence(documents: Iterable[DocumentSummary | Mapping[str, Any]], as_of: date,
                         months: int = WINDOW_MONTHS, top: int = 5, checklist: Checklist | None = None) -> ProcurementEvidence:
    """Documents dated in the `months` calendar months ending with `as_of`'s month (up to `as_of`).

    A rule or family is counted once per document, so one long tender cannot dominate.
    """
    starts = _month_starts(as_of, months)
    docs = [d for d in map(document_summary, documents) if starts[0] <= d.date <= as_of]
    rules: Counter[str] = Counter()
    families: Counter[str] = Counter()
    for doc in docs:
        pitfalls = [f for f in doc.findings if f.is_open and f.severity in PITFALL_SEVERITIES]
        rules.update({f.rule_id for f in pitfalls})
        families.update({f.family for f in pitfalls})
    month_points = tuple(_month_point(start, docs) for start in starts)
    procurement = next((s for s in (checklist or load_checklist()).practices if s.id == "procurement"), None)
    by_question = tuple(
        (q.id, sum(1 for d in docs if any(f.is_open and f.family in q.linter_families for f in d.findings
                                          if f.severity in PITFALL_SEVERITIES)))
        for q in (procurement.questions if procurement else ()) if q.linter_families
    )
    order = lambda item: (-item[1], item[0])  # noqa: E731 - most frequent first, ties by id
    return ProcurementEvidence(
        as_of=as_of,
        since=starts[0],
        documents=len(docs),
        with_sme_barrier=sum(d.has_sme_barrier for d in docs),
        top_rules=tuple(sorted(rules.items(), key=order)[:top]),
        top_families=tuple(sorted(families.items(), key=order)[:top]),
        months=month_points,
        trend=_trend(month_points),
        by_question=by_question,
    )


def suggest_rating(evidence: ProcurementEvidence) -> tuple[str, list[str]]:
    """A suggested RAG for the procurement section, with the reasons; the person decides.

    share of documents with an open SME-barrier error: at most 10% green, above 30% red,
    otherwise amber. A worsening trend moves green to amber and amber to red; an improving one
    moves red to amber. Fewer than 5 documents never earn green.
    """
    share = evidence.share
    if share is None:
        return "not_rated", [f"no linted documents between {evidence.since.isoformat()} and {evidence.as_of.isoformat()}"]
    reasons = [f"{evidence.with_sme_barrier} of {evidence.documents} documents ({share:.0%}) have an open SME-barrier error "
               f"({'/'.join(SME_BARRIER_FAMILIES)} families)"]
    if share <= GREEN_AT_MOST:
        rag = "green"
        reasons.append(f"at most {GREEN_AT_MOST:.0%} of documents: green")
    elif share > RED_ABOVE:
        rag = "red"
        reasons.append(f"more than {RED_ABOVE:.0%} of documents: red")
    else:
        rag = "amber"
        reasons.append(f"between {GREEN_AT_MOST:.0%} and {RED_ABOVE:.0%} of documents: amber")
    if evidence.trend == "worsening" and rag != "red":
        rag = "amber" if rag == "green" else "red"
        reasons.append(f"the share rose by {TREND_STEP:.0%} or more between the two half-years: one step worse")
    elif evidence.trend == "improving" and rag == "red":
        rag = "amber"
        reasons.append(f"the share fell by {TREND_STEP:.0%} or more between the two half-years: one step better")
    if evidence.documents < MIN_DOCUMENTS and rag == "green":
        rag = "amber"
        reasons.append(f"only {evidence.documents} documents (fewer than {MIN_DOCUMENTS}): too few to support green")
    if evidence.top_families:
        family, count = evidence.top_families[0]
        reasons.append(f"most frequent pitfall family: {family} ({count} documents)")
    return rag, reasons
