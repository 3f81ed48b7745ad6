"""The portfolio dashboard's data: five queries per request whatever the number of documents (no
query per document), handed to the pure figures in tenderlint/portfolio, and the JSON and CSV
both the API and the page's download give.

Managers and administrators see it (service/roles.py: can_manage). Reviewers and read-only members
do not: it is a view of the team's work for whoever signs documents off; the findings themselves
stay on the triage page for everyone.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Response
from sqlalchemy import case, func, select

from tenderlint.portfolio import (CheckRow, FindingGroup, Portfolio, Undecided, VersionRow, current_checks, portfolio,
                                  sme_barrier_rules)
from tenderlint.rulepack.loader import default_pack
from tenderlint.spreadsheet import safe_row

from .db import db, utcnow
from .downloads import name_download
from .models import Document, Finding, Job, JobStatus, ReviewStatus, User, Version
from .roles import can_manage
from .serialize import iso
from .signoff_models import VersionApproval

DEFAULT_STALE_DAYS = 14
MAX_STALE_DAYS = 3650
TREND_MONTHS = 12


def may_see(user: User) -> bool:
    """Managers and administrators (see the module's docstring for why not reviewers)."""
    return can_manage(user)


def load(organisation_id: str, stale_days: int = DEFAULT_STALE_DAYS) -> Portfolio:
    """The organisation's dashboard as of now; nothing of another organisation is read."""
    approved = set(db.session.scalars(
        select(VersionApproval.version_id).where(VersionApproval.organisation_id == organisation_id)))
    versions = [
        VersionRow(version_id, document_id, title, number, created_at, version_id in approved)
        for version_id, document_id, title, number, created_at in db.session.execute(
            select(Version.id, Version.document_id, Document.title, Version.number, Version.created_at)
            .join(Document, Version.document_id == Document.id)
            .where(Version.organisation_id == organisation_id, Document.organisation_id == organisation_id))
    ]
    done = (Job.organisation_id == organisation_id, Job.status == JobStatus.DONE.value)
    checks = [CheckRow(*row) for row in db.session.execute(select(Job.id, Job.version_id, Job.finished_at).where(*done))]
    groups = [FindingGroup(*row) for row in db.session.execute(
        select(Finding.job_id, Finding.rule_id, Finding.severity, Finding.category, Finding.review_status, func.count())
        .join(Job, Finding.job_id == Job.id)
        .where(Finding.organisation_id == organisation_id, *done)
        .group_by(Finding.job_id, Finding.rule_id, Finding.severity, Finding.category, Finding.review_status))]
    current_jobs = [check.job_id for _, check in current_checks(versions, checks).values()]
    return portfolio(versions, checks, groups, _undecided(organisation_id, current_jobs), sme_barrier_rules(default_pack()),
                     utcnow(), stale_days, months=TREND_MONTHS)


def _undecided(organisation_id: str, current_jobs: list[str]) -> list[Undecided]:
    """The current checks' undecided findings, each with the first time its passage was found in the
    document (by any version's check): a finding carried into a new version is not new to triage.
    A decision applies to every version's copy of a passage, so one pass over the undecided rows
    finds both; the HAVING keeps the passages the current check still has."""
    if not current_jobs:
        return []
    rows = db.session.execute(
        select(Version.document_id, func.min(Job.finished_at))
        .select_from(Finding).join(Job, Finding.job_id == Job.id).join(Version, Finding.version_id == Version.id)
        .where(Finding.organisation_id == organisation_id, Finding.review_status == ReviewStatus.OPEN.value,
               Job.status == JobStatus.DONE.value)
        .group_by(Version.document_id, Finding.fingerprint)
        .having(func.max(case((Finding.job_id.in_(current_jobs), 1), else_=0)) == 1)
    )
    return [Undecided(document_id, seen) for document_id, seen in rows if seen is not None]


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def portfolio_json(p: Portfolio) -> dict[str, Any]:
    return {
        "as_of": iso(p.as_of), "documents": p.documents, "mean_bid_barrier_index": _number(p.mean_index),
        "open_by_severity": [{"severity": s.severity, "undecided": s.undecided, "confirmed": s.confirmed, "open": s.open}
                             for s in p.by_severity],
        "open_by_family": [{"family": family, "open": count} for family, count in p.by_family],
        "top_rules": [{"rule_id": r.rule_id, "family": r.family, "documents": r.documents, "findings": r.findings}
                      for r in p.top_rules],
        "bid_barrier_index": [
            {"document_id": d.document_id, "title": d.title, "version_id": d.version_id, "version_number": d.version_number,
             "index": d.index, "sme_errors": d.sme_errors, "sme_warnings": d.sme_warnings, "change": d.change,
             "history": [{"version_number": h.version_number, "uploaded_at": iso(h.uploaded_at), "index": h.index}
                         for h in d.history]}
            for d in p.barriers],
        "trend": [{"month": m.month, "documents": m.documents, "mean_index": _number(m.mean_index)} for m in p.trend],
        "awaiting_sign_off": [
            {"document_id": a.document_id, "title": a.title, "version_id": a.version_id, "version_number": a.version_number,
             "checked_at": iso(a.checked_at), "blocking_errors": a.blocking_errors} for a in p.awaiting],
        "stale_triage": {
            "days": p.stale_days, "findings": p.stale_total,
            "documents": [{"document_id": s.document_id, "title": s.title, "version_number": s.version_number,
                           "findings": s.findings, "oldest": iso(s.oldest)} for s in p.stale]},
    }


CSV_HEADER = ("table", "document_id", "document", "version", "item", "measure", "value")


def portfolio_csv(p: Portfolio) -> str:
    """One row per number (table, document, version, item, measure, value): a long table any
    spreadsheet pivots. Titles are the uploaders' text, so cells are made formula-safe."""
    rows: list[tuple[Any, ...]] = [("summary", "", "", "", "", "documents", p.documents),
                                   ("summary", "", "", "", "", "mean_bid_barrier_index", _number(p.mean_index))]
    for s in p.by_severity:
        rows += [("open_by_severity", "", "", "", s.severity, m, v)
                 for m, v in (("undecided", s.undecided), ("confirmed", s.confirmed), ("open", s.open))]
    rows += [("open_by_family", "", "", "", family, "open", count) for family, count in p.by_family]
    for r in p.top_rules:
        rows += [("top_rules", "", "", "", r.rule_id, "documents", r.documents), ("top_rules", "", "", "", r.rule_id, "findings", r.findings)]
    for d in p.barriers:
        rows += [("bid_barrier_index", d.document_id, d.title, d.version_number, "", m, v)
                 for m, v in (("index", d.index), ("sme_errors", d.sme_errors), ("sme_warnings", d.sme_warnings))]
        rows += [("bid_barrier_history", d.document_id, d.title, h.version_number, h.uploaded_at.date().isoformat(),
                  "index", h.index) for h in d.history]
    for m in p.trend:
        rows += [("bid_barrier_trend", "", "", "", m.month, "documents", m.documents),
                 ("bid_barrier_trend", "", "", "", m.month, "mean_index", _number(m.mean_index))]
    rows += [("awaiting_sign_off", a.document_id, a.title, a.version_number, iso(a.checked_at), "blocking_errors",
              a.blocking_errors) for a in p.awaiting]
    rows += [(f"triage_older_than_{p.stale_days}_days", s.document_id, s.title, s.version_number, iso(s.oldest),
              "undecided", s.findings) for s in p.stale]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(safe_row("" if v is None else v for v in row) for row in rows)
    return out.getvalue()


def csv_download(p: Portfolio) -> Response:
    """The CSV as the page and the API give it, named for the day it stands at."""
    return name_download(Response(portfolio_csv(p), mimetype="text/csv"), f"portfolio-{p.as_of:%Y-%m-%d}.csv")
