"""Download names with letters outside Latin-1 (Welsh "Ŵ", Polish "Ł"): every download sends an
RFC 6266 Content-Disposition with an ASCII `filename` and the real name in `filename*` (RFC 5987),
instead of failing with 500 because a header must be Latin-1."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from service.db import db
from service.downloads import content_disposition

from .test_api import auth, finish, upload
from .test_web import done_job, sign_in


def parts(header: str) -> dict[str, str]:
    """The parameters of a Content-Disposition value (filename*, decoded)."""
    out = {"type": header.split(";", 1)[0].strip()}
    for item in header.split(";")[1:]:
        key, _, value = item.strip().partition("=")
        if key == "filename*":
            charset, _, encoded = value.split("'", 2)
            assert charset == "UTF-8"
            value = unquote(encoded)
        out[key] = value.strip('"')
    return out


@pytest.mark.parametrize("name, ascii_name", [
    ("Tendr Ŵyl.md", "Tendr-Wyl"), ("Przetarg Łódź.pdf", "Przetarg-odz"), ("ÉTUDE.docx", "ETUDE"),
])
def test_web_report_and_questions_downloads_keep_the_real_name(client, people, name, ascii_name) -> None:
    job = done_job(people)
    job.version.filename = name
    db.session.commit()
    sign_in(client, people["buyer"])
    for url, suffix in ((f"/jobs/{job.id}/report.csv", "-v1.csv"), (f"/jobs/{job.id}/questions.md", "-v1-questions.md")):
        response = client.get(url)
        assert response.status_code == 200, url
        header = parts(response.headers["Content-Disposition"])
        assert header["type"] == "attachment"
        assert header["filename"].isascii() and header["filename"].endswith(suffix)
        assert header["filename"].startswith(ascii_name[:4])
        stem = name.rsplit(".", 1)[0].replace(" ", "-")
        assert header["filename*"] == stem + suffix


def test_plain_names_keep_the_plain_header(client, people) -> None:
    job = done_job(people)
    sign_in(client, people["buyer"])
    assert client.get(f"/jobs/{job.id}/report.csv").headers["Content-Disposition"] == 'attachment; filename="itt-v1.csv"'


def test_api_report_download_header(client, people) -> None:
    doc = upload(client, people["buyer"], name="Gwasanaeth Ŵ.txt").get_json()
    finish(doc["version"]["id"])
    response = client.get(f"/api/v1/versions/{doc['version']['id']}/report.csv", headers=auth(people["buyer"]))
    assert response.status_code == 200
    assert parts(response.headers["Content-Disposition"])["filename"] == f"{doc['id']}-v1.csv"


def test_header_is_always_latin_1_and_quotes_are_escaped() -> None:
    for name in ('a"b\\c.csv', "Ŵ\r\n.csv", "\u202eevil.csv", "日本語.pdf", ""):
        value = content_disposition(name)
        value.encode("latin-1")
        assert "\r" not in value and "\n" not in value
        header = parts(value)
        assert '"' not in header["filename"] and "\\" not in header["filename"] and header["filename"]
    assert parts(content_disposition("日本語.pdf"))["filename*"] == "日本語.pdf"
    assert content_disposition("report.html", inline=True) == 'inline; filename="report.html"'
