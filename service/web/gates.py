"""The "Can we bid?" page of a finished check: each eligibility demand with its quote and place,
the firm's standing from the supplier profile, the rules that say a buyer should not demand it,
and the bid-effort estimate beside them (service/bid.py computes; this page only shows)."""

from __future__ import annotations

from typing import Any

from flask import render_template

from tenderlint.effort import ESTIMATE_NOTE
from tenderlint.gates import STATUS_LABELS

from ..auth import login_required
from ..bid import bid_view, gate_place
from ..models import Job
from .blueprint import bp
from .queries import finished_job

STATUS_TAGS = {"meets": "govuk-tag--green", "does_not_meet": "govuk-tag--red", "unknown": "govuk-tag--grey"}


@bp.route("/jobs/<job_id>/gates")
@login_required
@finished_job
def gates(job: Job) -> Any:
    view = bid_view(job)
    shown: list[dict[str, Any]] = []
    for result in view.results:
        place, passage = gate_place(job.id, result)
        shown.append({"result": result, "where": place, "passage": passage})
    return render_template("web/gates.html", job=job, version=job.version, document=job.version.document, view=view,
                           gates=shown, status_labels=STATUS_LABELS, status_tags=STATUS_TAGS, estimate_note=ESTIMATE_NOTE)
