"""The database holds every organisation's files and password hashes: the SQLite file (and its
WAL) is readable by the service's user only, and the instance folder we create is private. Pages
and API answers for a signed-in user or a token are never stored by browsers or proxies."""

from __future__ import annotations

import stat
from pathlib import Path

from service import create_app
from service.db import upgrade

from .test_api import auth
from .test_web import done_job, sign_in


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_file_and_instance_folder_are_private(tmp_path, monkeypatch, redis_server) -> None:
    monkeypatch.setenv("TENDERLINT_INSTANCE_DIR", str(tmp_path / "instance"))
    monkeypatch.setenv("TENDERLINT_REDIS_URL", redis_server.url)
    monkeypatch.delenv("TENDERLINT_DATABASE_URL", raising=False)
    app = create_app({"TESTING": True})
    upgrade(app)
    instance = tmp_path / "instance"
    database = instance / "tenderlint.sqlite"
    assert mode(instance) == 0o700
    assert mode(database) == 0o600
    for side in instance.glob("tenderlint.sqlite-*"):
        assert mode(side) & 0o077 == 0, side


def test_an_existing_world_readable_database_is_tightened(tmp_path, monkeypatch, redis_server) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    database = folder / "old.sqlite"
    database.touch(mode=0o644)
    database.chmod(0o644)
    monkeypatch.setenv("TENDERLINT_INSTANCE_DIR", str(tmp_path / "instance"))
    monkeypatch.setenv("TENDERLINT_REDIS_URL", redis_server.url)
    monkeypatch.setenv("TENDERLINT_DATABASE_URL", f"sqlite:///{database}")
    upgrade(create_app({"TESTING": True}))
    assert mode(database) == 0o600
    assert mode(folder) == 0o755  # a folder we did not create is the operator's to set


def test_signed_in_pages_downloads_and_api_answers_are_not_stored(client, people) -> None:
    job = done_job(people)
    public = client.get("/rules")
    assert "no-store" not in public.headers.get("Cache-Control", "")
    sign_in(client, people["buyer"])
    for url in ("/documents", f"/jobs/{job.id}/report", f"/jobs/{job.id}/report.csv", f"/jobs/{job.id}/questions.md",
                "/account/tokens", "/rules"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
    api = client.get("/api/v1/documents", headers=auth(people["buyer"]))
    assert api.headers["Cache-Control"] == "no-store"
    token = client.post("/api/v1/tokens", json={"email": people["buyer"]["email"], "password": people["buyer"]["password"]})
    assert token.status_code == 201 and token.headers["Cache-Control"] == "no-store"
