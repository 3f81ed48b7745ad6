"""The API keeps the promises its OpenAPI document makes, under generated input (schemathesis).

Schemathesis reads `/api/v1/openapi.json` from the app and sends each operation requests built
from the schema (valid and, by its negative-data phase, invalid ones), signed in with a real token.
Every answer must be a documented status, with a documented content type and a body that matches
its schema, and never a server error. The budget is small so the suite stays quick; the probe that
found the paging overflow ran 20,000 requests, and `SCHEMATHESIS_EXAMPLES` raises this run's.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

# An upload's bytes must be a real document, which the server learns by sniffing them; a schema
# cannot say "a PDF, DOCX, ODT... file", so random schema-valid bytes are rightly refused (415).
CONTENT_CHECKED = {"POST /documents", "POST /documents/{document_id}/versions", "POST /packs", "POST /packs/{pack_id}/versions"}

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "15"))



@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """SQLite only: the contract is the same on both engines, and the engines are tested elsewhere."""
    yield f"sqlite:///{tmp_path / 'tenderlint.sqlite'}"


def test_every_operation_answers_as_documented(app, people) -> None:
    """Each operation in turn, so one failing operation does not hide the others."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {people['manager']['token']}"}
    failures: dict[str, str] = {}
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def exercise(case) -> None:
            excluded = [positive_data_acceptance] if case.operation.label in CONTENT_CHECKED else []
            case.call_and_validate(headers=headers, excluded_checks=excluded)

        try:
            exercise()
        except (Exception, BaseExceptionGroup) as error:  # failed checks: keep them per operation
            failures[operation.label] = str(error)[:2000]
    assert operations >= 10
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
