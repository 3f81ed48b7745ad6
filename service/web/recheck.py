"""The "correct the facts and check again" form of a report (service/recheck.py does the work).

The form starts from what the check assumed. Only the answers that differ from what the document
was read as become given facts, so a fact left alone stays "found in the document" in the new
report instead of turning into the reviewer's word.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for

from tenderlint.report.assumed import DOC_TYPES, KEY_FACTS, PROCEDURES, REGIMES, fact_item

from ..auth import current_user, login_required
from ..findings import job_report
from ..models import Job
from ..recheck import FactsError, clean_facts, recheck
from ..roles import can_review, require
from .blueprint import bp
from .queries import finished_job

UNCHANGED = "Change at least one answer to check again: these are the facts the check already used"
# what to ask a person, in words, when a given value is refused
PLAIN_ERRORS = {
    "value_total": "Enter the contract value as an amount in pounds, like 250000 or £250,000",
    "term_years": "Enter the contract term as a number of years more than 0, like 3 or 2.5",
    "doc_types": "Choose at least one kind of document",
    "regime": "Choose the procurement law from the list",
    "procedure": "Choose the procedure from the list",
    "is_it": "Choose yes or no",
}


def assumed_of(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's assumed facts; for a report stored before they were recorded, the same facts
    read from its context (without places)."""
    if report.get("assumed"):
        return list(report["assumed"].get("facts", []))
    context = report.get("context", {})
    facts = [(key, context.get(key.name) or {}) for key in KEY_FACTS]
    return [fact_item(key, fact.get("value"), fact.get("source", "not_found"), fact.get("quote")) for key, fact in facts]


def _form_values(facts: list[dict[str, Any]]) -> dict[str, Any]:
    """The form's starting answers: each fact as the check had it."""
    values: dict[str, Any] = {}
    for fact in facts:
        value = fact.get("value")
        if value is None:
            continue
        if fact["fact"] == "is_it":
            values["is_it"] = "yes" if value else "no"
        elif fact["fact"] == "doc_types":
            values["doc_types"] = list(value) if isinstance(value, list) else [value]
        elif fact["fact"] == "term_years":
            values["term_years"] = f"{float(value):g}"
        elif fact["fact"] == "value_total":
            values["value_total"] = f"{float(value):.0f}"
        else:
            values[fact["fact"]] = str(value)
    return values


def _changed(given: dict[str, Any], facts: list[dict[str, Any]]) -> dict[str, Any]:
    """The given facts that change what the check assumed (or were given before, and stay given)."""
    before = {f["fact"]: f for f in facts}
    out = {}
    for name, value in given.items():
        old = before.get(name, {})
        same = old.get("value") == value or (isinstance(value, list) and sorted(old.get("value") or []) == value)
        if not same or old.get("source") == "given":
            out[name] = value
    return out


@bp.route("/jobs/<job_id>/facts", methods=["GET", "POST"])
@login_required
@finished_job
def recheck_facts(job: Job) -> Any:
    user = current_user()
    require(can_review(user), "re-check documents")
    facts = assumed_of(job_report(job))
    values: dict[str, Any] = _form_values(facts)
    error: FactsError | None = None
    if request.method == "POST":
        values = {key.name: request.form.get(key.name, "").strip() for key in KEY_FACTS}
        values["doc_types"] = request.form.getlist("doc_types")
        try:
            given = _changed(clean_facts(values), facts)
            if not given:
                raise FactsError("unchanged")
        except FactsError as refused:
            error = FactsError(PLAIN_ERRORS.get(refused.field, UNCHANGED),
                               refused.field or "doc_types")
        else:
            new = recheck(user, job.version, given)
            flash("Checking again with the facts you gave. The earlier report is kept.")
            return redirect(url_for("web.job", job_id=new.id))
    html = render_template("web/recheck.html", job=job, version=job.version, document=job.version.document,
                           facts=facts, values=values, error=error, doc_types=DOC_TYPES, regimes=REGIMES,
                           procedures=PROCEDURES)
    return html, 400 if error else 200
