"""A throwaway PostgreSQL server for one test session: `initdb` into a temporary folder, `postgres`
on a free loopback port, and an empty database per test.

Why our own server: the tests must not touch (or depend on) a system cluster, and CI runs as root
with no systemd to start one. PostgreSQL refuses to run as root, so as root the server runs as the
`postgres` account that Debian's package creates. Where no server can be had the PostgreSQL runs
skip with the reason, except under TENDERLINT_REQUIRE_POSTGRES=1 (set by .ci/run), where they fail:
CI must never pass by silently testing SQLite only.
"""

from __future__ import annotations

import ctypes
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from itertools import count
from pathlib import Path
from typing import Any, NoReturn

import pytest

REQUIRE = "TENDERLINT_REQUIRE_POSTGRES"
SUPERUSER = "tenderlint"
START_TIMEOUT = 60.0
# Durability is worthless for a database deleted after the session; these make it several times faster.
SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "200"}


def unavailable(reason: str) -> NoReturn:
    """Skip the PostgreSQL runs here, or fail them where they are required (CI)."""
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"PostgreSQL is required ({REQUIRE}=1) but {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL runs skipped: {reason} (scripts/bootstrap installs it)")


def server_binaries() -> Path | None:
    """The folder holding initdb and postgres: Debian keeps them off PATH, in /usr/lib/postgresql/N/bin."""
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: int(p.parent.parent.name)
                    if p.parent.parent.name.isdigit() else 0)
    if debian:
        return debian[-1].parent
    found = shutil.which("postgres")
    return Path(found).resolve().parent if found else None


def _die_with_parent() -> Any:
    """A pre-exec hook: SIGINT (PostgreSQL's fast shutdown) reaches the server if the test run is
    killed, so a crashed session leaves no server behind. Looked up before fork, called after."""
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    pr_set_pdeathsig = 1

    def hook() -> None:
        prctl(pr_set_pdeathsig, signal.SIGINT)

    return hook


class PostgresServer:
    """One PostgreSQL cluster in a temporary folder, listening on 127.0.0.1:`port` with trust auth."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.root: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.numbers = count(1)

    def _account(self) -> dict[str, Any]:
        """Popen arguments that run the server as a non-root account (PostgreSQL refuses root)."""
        if os.geteuid() != 0:
            return {}
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            unavailable("running as root and there is no 'postgres' account to run the server as")
        return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}

    def start(self) -> None:
        binaries = server_binaries()
        if binaries is None or not (binaries / "initdb").exists():
            unavailable("the PostgreSQL server (initdb, postgres) is not installed")
        account = self._account()
        self.root = Path(tempfile.mkdtemp(prefix="tenderlint-postgres-"))
        if account:
            os.chown(self.root, account["user"], account["group"])
        data, log = self.root / "data", self.root / "server.log"
        made = subprocess.run(
            [binaries / "initdb", "-D", data, "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8",
             "--no-sync"], capture_output=True, text=True, **account,
        )
        if made.returncode != 0:
            self.stop()
            unavailable(f"initdb failed: {made.stderr.strip() or made.stdout.strip()}")
        options = [arg for key, value in SETTINGS.items() for arg in ("-c", f"{key}={value}")]
        with open(log, "wb") as out:
            if account:
                os.fchown(out.fileno(), account["user"], account["group"])
            self.process = subprocess.Popen(
                [binaries / "postgres", "-D", data, "-p", str(self.port), "-h", "127.0.0.1", "-k", self.root, *options],
                stdout=out, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent(), **account,
            )
        self._wait_until_ready(log)

    def _wait_until_ready(self, log: Path) -> None:
        import psycopg

        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                psycopg.connect(self.url("postgres"), connect_timeout=5).close()
                return
            except psycopg.OperationalError:
                assert self.process is not None
                if self.process.poll() is not None or time.monotonic() > deadline:
                    output = log.read_text(errors="replace").strip()
                    self.stop()
                    unavailable(f"the server did not start: {output[-2000:]}")
                time.sleep(0.1)

    def url(self, database: str, driver: str = "") -> str:
        scheme = f"postgresql+{driver}" if driver else "postgresql"
        return f"{scheme}://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(sql)

    def create_database(self) -> str:
        """A new empty database; returns its SQLAlchemy URL (psycopg 3, as the service uses)."""
        name = f"test_{next(self.numbers)}"
        self._admin(f"CREATE DATABASE {name}")
        return self.url(name, "psycopg")

    def drop_database(self, url: str) -> None:
        """Drop a test's database, ending connections a worker or a pool still holds."""
        self._admin(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGINT)  # fast shutdown: disconnect clients, write a checkpoint
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
            self.process = None
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None
