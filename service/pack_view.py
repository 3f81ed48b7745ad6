"""What a tender pack shows, for the API and the pages alike: its versions, each document's status
and counts, the pack report, and a version compared with the one before it.

The comparison is over the whole tender: every document's findings (keyed by document and
fingerprint, so the same passage in two documents stays two findings) and the pack's own findings
(absences judged once, inconsistencies across documents), new in this version, gone from the
previous one, or in both.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from .db import db
from .models import Document, Finding, Job, JobStatus, Version
from .pack_models import Pack, PackMember, PackStatus, PackVersion
from .pack_reviews import reviewed, reviews_of
from .serialize import API, iso, job_url

SEVERITIES = ("error", "warning", "info")


def pack_url(pack_id: str) -> str:
    return f"{API}/packs/{pack_id}"


def pack_version_url(pack_id: str, number: int) -> str:
    return f"{pack_url(pack_id)}/versions/{number}"


def latest_version(pack: Pack) -> PackVersion | None:
    return pack.versions[-1] if pack.versions else None


def numbered_version(pack: Pack, number: int) -> PackVersion | None:
    """The pack's version `number`, or None."""
    return db.session.scalar(select(PackVersion).where(PackVersion.pack_id == pack.id, PackVersion.number == number))


def pack_json(pack: Pack, with_versions: bool = False) -> dict[str, Any]:
    latest = latest_version(pack)
    body: dict[str, Any] = {
        "id": pack.id,
        "url": pack_url(pack.id),
        "title": pack.title,
        "created_at": iso(pack.created_at),
        "latest_version": pack_version_json(latest, with_documents=False) if latest else None,
    }
    if with_versions:
        body["versions"] = [pack_version_json(v, with_documents=False) for v in reversed(pack.versions)]
    return body


def pack_version_json(version: PackVersion, with_documents: bool = True) -> dict[str, Any]:
    base = pack_version_url(version.pack_id, version.number)
    body: dict[str, Any] = {
        "number": version.number,
        "url": base,
        "status": version.status,
        "source": version.source,
        "created_at": iso(version.created_at),
        "finished_at": iso(version.finished_at),
        "report_url": f"{base}/report" if version.status == PackStatus.DONE else None,
        "comparison_url": f"{base}/comparison" if version.number > 1 else None,
        "refused": list(version.refused or ()),
    }
    if with_documents:
        body["documents"] = [_member_json(row) for row in members(version)]
        if version.report is not None:
            body["scores"] = version.report.get("scores")
    return body


@dataclass(frozen=True)
class MemberRow:
    member: PackMember
    version: Version | None
    job: Job | None
    counts: dict[str, int]


def members(version: PackVersion) -> list[MemberRow]:
    """Each document of the pack version, with its job and its findings counted by severity."""
    rows = db.session.execute(
        select(PackMember, Version, Job)
        .outerjoin(Version, Version.id == PackMember.version_id).outerjoin(Job, Job.id == PackMember.job_id)
        .where(PackMember.pack_version_id == version.id).order_by(PackMember.position)
    ).all()
    job_ids = [job.id for _, _, job in rows if job is not None]
    counts: dict[str, Counter[str]] = {}
    if job_ids:
        for job_id, severity in db.session.execute(select(Finding.job_id, Finding.severity).where(Finding.job_id.in_(job_ids))):
            counts.setdefault(job_id, Counter())[severity] += 1
    return [
        MemberRow(member, member_version, job, {s: counts.get(job.id, Counter())[s] if job else 0 for s in SEVERITIES})
        for member, member_version, job in rows
    ]


def _member_json(row: MemberRow) -> dict[str, Any]:
    job, version = row.job, row.version
    failed = job is not None and job.status == JobStatus.FAILED.value
    return {
        "name": row.member.name,
        "document": {"id": version.document_id, "url": f"{API}/documents/{version.document_id}"} if version else None,
        "version": {"id": version.id, "number": version.number, "url": f"{API}/versions/{version.id}"} if version else None,
        "job": {"id": job.id, "url": job_url(job.id), "status": job.status, "stage": job.stage} if job else None,
        "error": {"code": job.error_code or "error", "message": job.error_message or ""} if failed and job else None,
        "findings": row.counts,
    }


def reviewed_report(version: PackVersion) -> dict[str, Any] | None:
    """The version's stored pack report, each of its findings with the decision on it."""
    if version.report is None:
        return None
    reviews = reviews_of(version.pack_id)
    return {**version.report, "findings": [reviewed(f, reviews) for f in version.report.get("findings", ())]}


def pack_report(version: PackVersion) -> dict[str, Any]:
    """The pack's own report, with the decisions on its findings and where each document's own report is."""
    return {
        "pack": {"id": version.pack_id, "title": version.pack.title, "version": version.number},
        **(reviewed_report(version) or {}),
        "document_reports": [
            {"name": row.member.name, "report_url": f"{API}/versions/{row.version.id}/report?format=json"}
            for row in members(version) if row.version is not None and row.job is not None
            and row.job.status == JobStatus.DONE.value
        ],
    }


@dataclass(frozen=True)
class Comparison:
    previous: PackVersion
    new: list[dict[str, Any]]
    gone: list[dict[str, Any]]
    kept: int

    def to_json(self) -> dict[str, Any]:
        return {"previous_version": self.previous.number, "new": self.new, "gone": self.gone, "kept": self.kept,
                "counts": {"new": len(self.new), "gone": len(self.gone), "kept": self.kept}}


def previous_version(version: PackVersion) -> PackVersion | None:
    return db.session.scalar(
        select(PackVersion).where(PackVersion.pack_id == version.pack_id, PackVersion.number < version.number)
        .order_by(PackVersion.number.desc()).limit(1)
    )


def compare(version: PackVersion) -> Comparison | None:
    """This version's findings against the previous version's, or None without a finished previous one."""
    previous = previous_version(version)
    if previous is None or version.status != PackStatus.DONE or previous.status != PackStatus.DONE:
        return None
    now, then = _findings(version), _findings(previous)
    return Comparison(
        previous=previous,
        new=[item for key, item in now.items() if key not in then],
        gone=[item for key, item in then.items() if key not in now],
        kept=len(now.keys() & then.keys()),
    )


def _findings(version: PackVersion) -> dict[tuple[str, str], dict[str, Any]]:
    """(document id or "pack", fingerprint) -> a short description, for every finding of the version."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for item in (version.report or {}).get("findings", ()):
        out[("pack", item["fingerprint"])] = {
            "level": "pack", "kind": item["kind"], "document": item["document"], "rule_id": item["rule_id"],
            "severity": item["severity"], "message": item["message"], "quote": item["quote"],
        }
    rows = db.session.execute(
        select(Finding, Document.title, Version.document_id)
        .join(PackMember, PackMember.job_id == Finding.job_id)
        .join(Version, Version.id == Finding.version_id).join(Document, Document.id == Version.document_id)
        .where(PackMember.pack_version_id == version.id)
    ).all()
    for finding, title, document_id in rows:
        out[(document_id, finding.fingerprint)] = {
            "level": "document", "kind": None, "document": title, "rule_id": finding.rule_id,
            "severity": finding.severity, "message": finding.message, "quote": finding.quote,
        }
    return out
