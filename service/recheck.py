"""Checking a version again with facts a person corrected, without uploading it again.

The report opens with what the check assumed (tenderlint/report/assumed.py). When one of those
facts is wrong or missing (the value was not stated, the procedure was misread), a reviewer gives
it and a new job runs on the same version with those facts stored on the job, so its report shows
them as given, and by whom. The earlier job and its report are kept: a correction is a second
opinion, not an overwrite.
"""

from __future__ import annotations

import math
from typing import Any

from flask import current_app

from tenderlint.report.assumed import DOC_TYPES, NAMES, PROCEDURES, REGIMES

from .accounts import audit
from .db import db
from .fair_share import admit
from .jobs import send_lint
from .models import Job, User, Version
from .uploads import money

MAX_TERM_YEARS = 100.0
YES, NO = ("yes", "true"), ("no", "false")


class FactsError(ValueError):
    """Bad facts; the message names the fact and what it may be, `field` the fact (for a form)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message, self.field = message, field


def _choice(name: str, value: Any, allowed: dict[str, str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise FactsError(f"{name} must be one of {', '.join(allowed)}; got {str(value)[:40]!r}", name)
    return value


def _term(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise FactsError("term_years must be a number of years, like 3 or 2.5", "term_years")
    try:
        years = float(str(value).strip())
    except ValueError:
        raise FactsError(f"term_years must be a number of years, like 3 or 2.5; got {str(value)[:40]!r}", "term_years") from None
    if not math.isfinite(years) or not 0 < years <= MAX_TERM_YEARS:
        raise FactsError(f"term_years must be more than 0 and at most {MAX_TERM_YEARS:g} years", "term_years")
    return years


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in YES + NO:
        return value.lower() in YES
    raise FactsError("is_it must be true or false (yes or no)", "is_it")


def _doc_types(value: Any) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise FactsError(f"doc_types must be a list of one or more of {', '.join(DOC_TYPES)}", "doc_types")
    return sorted({_choice("doc_types", item, DOC_TYPES) for item in items})


def clean_facts(raw: dict[str, Any]) -> dict[str, Any]:
    """The facts given, typed and checked; empty values mean "as found". Raises FactsError."""
    unknown = sorted(set(raw) - set(NAMES))
    if unknown:
        raise FactsError(f"unknown fact(s) {', '.join(unknown)}; the facts you can give are {', '.join(NAMES)}")
    facts: dict[str, Any] = {}
    for name, value in raw.items():
        if value is None or value == "" or value == []:
            continue
        if name == "value_total":
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise FactsError("value_total must be an amount in pounds, like 250000", name)
            try:
                facts[name] = money(name, str(value))
            except ValueError as error:
                raise FactsError(str(error), name) from None
        elif name == "term_years":
            facts[name] = _term(value)
        elif name == "is_it":
            facts[name] = _yes_no(value)
        elif name == "doc_types":
            facts[name] = _doc_types(value)
        else:
            facts[name] = _choice(name, value, REGIMES if name == "regime" else PROCEDURES)
    if not facts:
        raise FactsError(f"give at least one fact to check with: {', '.join(NAMES)}")
    return facts


def recheck(user: User, version: Version, facts: dict[str, Any]) -> Job:
    """A new job on `version` with `facts` over its upload's; queued (or held for the
    organisation's turn) like an upload's. The caller has checked the role and the facts."""
    job = Job(version_id=version.id, organisation_id=version.organisation_id, facts=facts, facts_by=user.id)
    db.session.add(job)
    db.session.flush()
    audit(user, "version.rechecked", "version", version.id, job=job.id, facts=facts)
    db.session.commit()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if admit(app, job):
        send_lint(app, job.id)
    return job


def givers(job: Job) -> dict[str, str]:
    """fact -> who gave it for this job: the person who asked for the re-check, else the uploader
    (the value and regime given with the file). Facts a rule profile sets are not listed."""
    names: dict[str, str] = {}
    version = db.session.get(Version, job.version_id)
    uploader = db.session.get(User, version.uploaded_by) if version is not None and version.uploaded_by else None
    for key in (version.context or {}) if version is not None else ():
        if key in ("value_total", "value_annual", "regime") and uploader is not None:
            names["value_total" if key == "value_annual" else key] = uploader.name or uploader.email
    checker = db.session.get(User, job.facts_by) if job.facts_by else None
    if checker is not None:
        names.update(dict.fromkeys(job.facts or {}, checker.name or checker.email))
    return names


def with_givers(report: dict[str, Any], job: Job) -> dict[str, Any]:
    """The JSON report's assumed facts, each given one naming who gave it (`given_by`)."""
    names = givers(job)
    for fact in report.get("assumed", {}).get("facts", []):
        fact["given_by"] = names.get(fact["fact"]) if fact.get("source") == "given" else None
    return report
