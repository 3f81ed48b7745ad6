"""How the pages show severities, job states and rule results (GOV.UK tag classes and words)."""

from __future__ import annotations

SEVERITY_TAGS = {"error": "govuk-tag--red", "warning": "govuk-tag--orange", "info": ""}
STATUS_TAGS = {"queued": "govuk-tag--grey", "running": "", "done": "govuk-tag--green", "failed": "govuk-tag--red"}
STATUS_LABELS = {"queued": "Queued", "running": "Checking", "done": "Done", "failed": "Failed"}
RESULT_LABELS = {
    "flagged": "Flagged",
    "passed": "Passed",
    "not_applicable": "Not applicable",
    "could_not_check": "Could not check",
}
