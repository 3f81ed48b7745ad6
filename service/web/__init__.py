"""Web pages (GOV.UK Design System): upload, documents, jobs, reports, document view, triage, clarification questions, rules, API tokens."""

from . import setup, documents, jobs, reports, catalogue, readiness, triage, questions, tokens, people, publication, portfolio  # noqa: F401,I001  (registers routes, in this order)
from . import gates, profile  # noqa: F401  (the supplier profile and "Can we bid?" pages)
from . import packs  # noqa: F401  (the tender pack pages)
from .blueprint import bp

__all__ = ["bp"]
