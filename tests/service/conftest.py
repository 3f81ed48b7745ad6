"""Real parts for service tests: a redis-server process, a migrated database (each test runs on SQLite
and on a throwaway PostgreSQL server), users in two organisations, and (on request) a real Celery
worker process on the same broker and database."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
import redis

from service import create_app
from service.accounts import create_organisation, create_user, issue_token
from service.db import db, upgrade
from service.models import Role

from .postgres_server import PostgresServer

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A throwaway redis-server on a free loopback port; can be stopped and restarted."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed (scripts/bootstrap installs it)")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.workdir),
             "--appendonly", "yes", "--save", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the session (skips, or fails under TENDERLINT_REQUIRE_POSTGRES=1,
    where none can be started)."""
    server = PostgresServer(free_port())
    server.start()
    yield server
    server.stop()


DATABASES = ("sqlite", "postgresql")


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database for one test, on each engine the service supports: the embedded SQLite and
    PostgreSQL, where locking, types and ordering differ (every service and worker test runs on both)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tenderlint.sqlite'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create_database()
    yield url
    server.drop_database(url)


@pytest.fixture
def service_env(tmp_path: Path, redis_server: RedisServer, database_url: str) -> dict[str, str]:
    """Environment that points the app and a worker at the same database and broker."""
    redis.Redis.from_url(redis_server.url).flushdb()
    return {
        "TENDERLINT_DATABASE_URL": database_url,
        "TENDERLINT_REDIS_URL": redis_server.url,
        "TENDERLINT_INSTANCE_DIR": str(tmp_path / "instance"),
        "TENDERLINT_SECURE_COOKIES": "0",
    }


@pytest.fixture
def app(service_env: dict[str, str], monkeypatch: pytest.MonkeyPatch):
    for key, value in service_env.items():
        monkeypatch.setenv(key, value)
    application = create_app({"TESTING": True})
    upgrade(application)
    with application.app_context():
        yield application
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def people(app) -> dict[str, dict[str, str]]:
    """Users in two organisations, each with an API token: buyer, manager, supplier and other_buyer."""
    council = create_organisation("Northfield Borough Council")
    other = create_organisation("Southby District Council")
    out = {}
    for key, org, role in (
        ("buyer", council, Role.BUYER),
        ("manager", council, Role.MANAGER),
        ("supplier", council, Role.SUPPLIER),
        ("other_buyer", other, Role.BUYER),
    ):
        email = f"{key}@example.org"
        user = create_user(org, email, f"{key}-password-123", role)
        out[key] = {"email": email, "password": f"{key}-password-123", "token": issue_token(user), "id": user.id}
    db.session.commit()
    return out


class Worker:
    """A real `celery worker` process (prefork) on the test broker and database."""

    def __init__(self, env: dict[str, str], concurrency: int = 1) -> None:
        self.env = {**os.environ, **env}
        self.concurrency = concurrency
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "worker.app:celery", "worker", "--loglevel", "WARNING",
             "--concurrency", str(self.concurrency), "--pool", "prefork", "--without-gossip", "--without-mingle"],
            cwd=REPO, env=self.env, start_new_session=True,
        )

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and children), as a crash would."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None


@pytest.fixture
def worker(service_env: dict[str, str]) -> Iterator[Worker]:
    process = Worker(service_env)
    process.start()
    yield process
    process.stop()
