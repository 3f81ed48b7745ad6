"""Paginated pages with huge or malformed page numbers show a page instead of a 500 (the OFFSET
overflowed SQLite's 64-bit integer); like other unknown values on pages, they fall back to page 1."""

from __future__ import annotations

import pytest

from .test_web import done_job, sign_in


@pytest.mark.parametrize("page", ["9223372036854775807", "99999999999999999999999", "-9223372036854775809", "x", "٣"])
@pytest.mark.parametrize("url", ["/documents", "/triage"])
def test_huge_page_numbers_show_the_first_page(client, people, url, page) -> None:
    done_job(people)
    sign_in(client, people["buyer"])
    response = client.get(f"{url}?page={page}")
    assert response.status_code == 200
    assert "Parking &lt;b&gt;ITT&lt;/b&gt;" in response.text
