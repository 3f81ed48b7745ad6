"""A tender pack through the workers: each document's job runs twice, then the pack is judged once.

A document of a pack is judged with facts the pack's other documents state (the invitation's deadline
lent to a contract schedule), so no document can be linted before every document's facts are read.
Hence two runs of each member's ordinary job (its lease, heartbeat, redelivery and fair share are
the single upload's, service/jobs.py):

1. **read**: parse, analyse, the facts the document states (`tenderlint.pack.read_member`); they are
   stored on the member and the job goes back to queued, parked (stage `waiting-for-pack`: not sent,
   not counted against the organisation's share, not claimable by a stray message);
2. **lint**: once every member's facts are in (or its job failed), the jobs are sent again; each
   parses and analyses again and is judged with the pack's facts lent to it (`lint_member`), stores
   its report and findings as any upload does, and its share of the pack judgement (`result`).

The document is parsed and analysed twice (on the G-Cloud 15 pack, one worker takes about 1.4x the
sum of its documents' core times: benchmarks/service.py), instead of keeping each analysis
(megabytes of spaCy state) between the runs, or linting every document again with the pack's
facts in one serial step at the end. Both runs of every member spread over the workers.

3. **judge**: when every member's lint job has finished, the pack judgement (absences once,
   cross-document consistency, missing kinds of document) runs once, from the stored results.

`advance` moves a pack from one step to the next. It runs after every member's job ends (done or
failed) and at every worker's sweep, and every move is one conditional UPDATE of the pack version's
status, so of two workers finishing the last two members at once exactly one moves it: only the
later commit sees every member done, and if both see it, one UPDATE matches. The judgement holds a
lease like a job's: a worker killed while judging leaves a pack `judging` whose heartbeat grows
old, and the next sweep takes it over; the final write is conditional on holding the lease, so the
pack report is stored once.

What waits between the passes (facts, then each document's result) is stored in the core's plain,
versioned JSON form (tenderlint.pack.stored). A row of another form (written before a deploy that
changed it, or a pickle of the first version, which migration 0010 marks) is not misread: the pass
that wrote it runs again for that document, here and now, from its stored file.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import replace
from typing import Any

from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.orm import defer

from service.db import db, new_id
from service.models import AuditEvent, Job, JobStatus, Version, utcnow
from service.pack_models import PACK_WAITING, PackMember, PackStatus, PackVersion
from service.storage import get_blob
from service.uploads import enqueue
from tenderlint.engine import Linter
from tenderlint.model import Document
from tenderlint.pack import MemberResult, PackContext, Refused, judge_pack, lint_member, read_member
from tenderlint.pack.absence import pack_judged, without_pack_judged
from tenderlint.pack.facts import MemberFacts
from tenderlint.pack.stored import StoredFormOutdated, facts_from_json, facts_to_json, result_from_json, result_to_json
from tenderlint.parse import parse_bytes
from tenderlint.report.pack_json import pack_json

from .linters import linter_for
from .pipeline import Progress, _lint, given_facts, parse_upload, store_report

log = logging.getLogger(__name__)

FINISHED = (JobStatus.DONE.value, JobStatus.FAILED.value)


def member_of(job_id: str) -> PackMember | None:
    return db.session.scalar(select(PackMember).where(PackMember.job_id == job_id))


def check(job: Job) -> str:
    """The work of a claimed job: a pack member's run, or an ordinary upload's lint."""
    member = member_of(job.id)
    if member is None:
        return _lint(job)
    return _read(job, member) if member.facts is None else _lint_member(job, member)


def _read(job: Job, member: PackMember) -> str:
    progress = Progress(job)
    document, parse_ms = parse_upload(job, progress)
    context = dict(job.version.context or {})
    linter = linter_for(context.get("profile"))
    progress.stage("reading-facts")
    member.facts = facts_to_json(_own_facts(linter, document, context))
    mine = (Job.id == job.id) & (Job.delivery == job.delivery) & (Job.status == JobStatus.RUNNING.value)
    parked = db.session.execute(
        update(Job).where(mine).values(status=JobStatus.QUEUED.value, stage=PACK_WAITING, delivery=None, parse_ms=parse_ms)
    ).rowcount
    if not parked:  # another delivery took the job over (this one's lease ran out): its run stands
        db.session.rollback()
        return "skipped"
    db.session.commit()
    return "read"


def _own_facts(linter: Linter, document: Document, context: dict[str, Any]) -> MemberFacts:
    _, own = read_member(linter, document)
    # The uploader's facts are the document's own (source "given"): never lent, and over the pack's.
    return replace(own, context=own.context.with_overrides(given_facts(context)))


def _stored_document(member: PackMember) -> tuple[Document, dict[str, Any]]:
    """The member's file parsed again, and its upload's facts: for a pass that runs again."""
    version = db.session.get(Version, member.version_id)
    if version is None:
        raise StoredFormOutdated(f"{member.name}: its stored form is outdated and its file is gone.")
    return parse_bytes(get_blob(version.blob_sha256), version.filename), dict(version.context or {})


def _member_facts(member: PackMember) -> MemberFacts:
    """The member's stored facts; an outdated form is read again from the document and stored."""
    try:
        return facts_from_json(member.facts)
    except StoredFormOutdated as outdated:
        log.warning("pack member %s: %s", member.id, outdated.message)
    document, context = _stored_document(member)
    facts = _own_facts(linter_for(context.get("profile")), document, context)
    member.facts = facts_to_json(facts)
    return facts


def _lint_member(job: Job, member: PackMember) -> str:
    progress = Progress(job)
    document, parse_ms = parse_upload(job, progress)
    linter = linter_for((job.version.context or {}).get("profile"))
    progress.stage("linting")
    started = time.perf_counter()
    analysis = linter.analyse(document)
    result = lint_member(linter, analysis, _member_facts(member), _pack_context(member.pack_version_id))
    lint_ms = round((time.perf_counter() - started) * 1000)
    member.result = result_to_json(result)  # written in store_report's transaction, or not at all
    judged = {rule.id for rule, _, _ in linter.rules if pack_judged(rule)}
    return store_report(job, progress, without_pack_judged(result.report, judged), parse_ms, lint_ms)


def _members(pack_version_id: str) -> list[tuple[PackMember, Job | None]]:
    rows = db.session.execute(
        select(PackMember, Job).outerjoin(Job, Job.id == PackMember.job_id)
        .where(PackMember.pack_version_id == pack_version_id).order_by(PackMember.position)
        .options(defer(PackMember.result))  # each is a document's whole report: read only by the judgement
        .execution_options(populate_existing=True)
    ).all()
    return [(member, job) for member, job in rows]


def _facts(members: list[tuple[PackMember, Job | None]]) -> list[MemberFacts]:
    return [_member_facts(m) for m, _ in members if m.facts is not None]


def _pack_context(pack_version_id: str) -> PackContext:
    return PackContext.build(_facts(_members(pack_version_id)))


def advance(app: Flask, pack_version_id: str) -> str:
    """Move the pack on if its current step is complete; returns its status afterwards."""
    db.session.rollback()  # read what other workers committed
    version = db.session.get(PackVersion, pack_version_id, populate_existing=True)
    if version is None:
        return "missing"
    members = _members(pack_version_id)
    status = version.status
    if status == PackStatus.READING:
        if any(m.facts is None and job is not None and job.status not in FINISHED for m, job in members):
            return status
        readable = [job for m, job in members if m.facts is not None and job is not None and job.status not in FINISHED]
        if not readable:
            return _move(version.id, status, PackStatus.FAILED, finished_at=utcnow())
        if _move(version.id, status, PackStatus.LINTING) != PackStatus.LINTING:
            return PackStatus.LINTING  # another worker moved it, and sends the jobs
        # Queued with an ordinary stage: if this worker dies before sending, the sweep finds queued
        # jobs whose message is not in the broker and sends them (service/jobs.py).
        for job in readable:
            job.stage = JobStatus.QUEUED.value
        db.session.commit()
        for job in readable:
            enqueue(app, job)
        return PackStatus.LINTING
    if status == PackStatus.LINTING:
        if any(m.facts is not None and job is not None and job.status not in FINISHED for m, job in members):
            return status
        delivery = new_id()
        if _move(version.id, status, PackStatus.JUDGING, delivery=delivery, heartbeat_at=utcnow()) != PackStatus.JUDGING:
            return PackStatus.JUDGING
        return _judge(version.id, delivery)
    if status == PackStatus.JUDGING:
        lease = dt.timedelta(seconds=app.config["JOB_LEASE"])
        delivery = new_id()
        taken = db.session.execute(
            update(PackVersion).where(
                PackVersion.id == version.id, PackVersion.status == PackStatus.JUDGING,
                PackVersion.heartbeat_at < utcnow() - lease,
            ).values(delivery=delivery, heartbeat_at=utcnow())
        ).rowcount
        db.session.commit()
        if taken:
            log.warning("pack version %s: its judgement lost its worker; judging it again", version.id)
            return _judge(version.id, delivery)
    return status


def _move(version_id: str, before: str, after: str, **values: object) -> str:
    """One conditional UPDATE: `after` if this call made the move, else the status found."""
    moved = db.session.execute(
        update(PackVersion).where(PackVersion.id == version_id, PackVersion.status == before).values(status=after, **values)
    ).rowcount
    db.session.commit()
    return after if moved else before


def _judge(version_id: str, delivery: str) -> str:
    """The pack report from the members' stored results; stored only while this call holds the lease."""
    version = db.session.get(PackVersion, version_id)
    assert version is not None
    members = _members(version_id)
    refused = [Refused(**r) for r in version.refused]
    linter = linter_for((version.context or {}).get("profile"))
    checked = [m for m, job in members if job is not None and job.status == JobStatus.DONE.value and m.result is not None]
    for member, job in members:
        if member not in checked:
            code = (job.error_code if job is not None else None) or member.error_code or "not-checked"
            message = (job.error_message if job is not None else None) or member.error_message or f"{member.name} was not checked."
            refused.append(Refused(member.name, code, message))
    if checked:
        context = PackContext.build(_facts(members))  # once: also what an outdated result is linted again with
        results = [_member_result(member, linter, context) for member in checked]
        report = pack_json(judge_pack(linter, version.pack.title, results, context, refused))["pack"]
        status = PackStatus.DONE
    else:
        report = {"name": version.pack.title, "refused": [r.to_json() for r in refused]}
        status = PackStatus.FAILED
    stored = db.session.execute(
        update(PackVersion).where(
            PackVersion.id == version_id, PackVersion.status == PackStatus.JUDGING, PackVersion.delivery == delivery
        ).values(status=status, report=report, finished_at=utcnow())
    ).rowcount
    if not stored:  # another worker took the judgement over; its report is the one stored
        db.session.rollback()
        return PackStatus.JUDGING
    # in the same transaction as the report: one event per pack report stored
    db.session.add(AuditEvent(organisation_id=version.organisation_id, action="pack.judged", target_type="pack",
                              target_id=version.pack_id, detail={"version": version.number, "status": status}))
    db.session.commit()
    return status


def _member_result(member: PackMember, linter: Linter, context: PackContext) -> MemberResult:
    """The member's stored result; an outdated form is linted again with the pack's facts (not stored
    again as the document's report, which its job stored already) and kept in the current form."""
    try:
        return result_from_json(member.result)
    except StoredFormOutdated as outdated:
        log.warning("pack member %s: %s", member.id, outdated.message)
    document, _ = _stored_document(member)
    result = lint_member(linter, linter.analyse(document), _member_facts(member), context)
    member.result = result_to_json(result)  # committed with the pack report, or not at all
    return result


def advance_member(app: Flask, job_id: str) -> None:
    """After a job ends: if it belongs to a pack, move the pack on."""
    member = member_of(job_id)
    if member is not None:
        advance(app, member.pack_version_id)


def advance_unfinished(app: Flask) -> int:
    """The sweep's part: every pack still in progress is moved on if it can be (a worker died between
    finishing a member and moving the pack, or while judging). Returns how many changed status."""
    active = (PackStatus.READING, PackStatus.LINTING, PackStatus.JUDGING)
    rows = db.session.execute(select(PackVersion.id, PackVersion.status).where(PackVersion.status.in_(active))).all()
    return sum(1 for version_id, status in rows if advance(app, version_id) != status)
