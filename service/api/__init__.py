"""REST API under /api/v1: bearer tokens, JSON in and out, problem+json errors.

Browser sessions are deliberately not accepted here, so CSRF cannot reach the API and the
blueprint is exempt from the page forms' CSRF check.
"""

from . import documents, findings, jobs, openapi, portfolio, readiness, reports, rules, team, tokens  # noqa: F401  (register routes)
from . import bid  # noqa: F401  (registers the supplier profile and gates routes)
from . import packs  # noqa: F401  (registers the tender pack routes)
from .blueprint import bp

__all__ = ["bp"]
