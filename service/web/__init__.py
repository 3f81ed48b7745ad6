"""Web pages (GOV.UK Design System): upload, documents, jobs, reports, document view, triage, clarification questions, rules, API tokens."""

from flask import Blueprint

bp = Blueprint("web", __name__, template_folder="../templates")

from . import setup, documents, jobs, reports, catalogue, readiness, triage, questions, tokens  # noqa: E402,F401  (registers routes)
