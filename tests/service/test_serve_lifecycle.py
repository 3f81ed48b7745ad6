"""`tenderlint serve` as an operator meets it: killed outright, its children lost one by one.

Real processes throughout: `serve` in a subprocess with its own Redis, worker and web server;
the test kills them with SIGKILL, as the kernel's OOM killer or a crash would.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from .conftest import free_port
from .test_worker import JOB_TIMEOUT, SAMPLE, call, multipart, read_until

DEADLINE = 60.0
ADMIN = {"email": "admin@example.org", "password": "serve-test-password-1"}


def wait_until(condition: Callable[[], object], what: str, timeout: float = DEADLINE) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} (waited {timeout:.0f}s)")
        time.sleep(0.2)


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def listening_ports(processes: list[psutil.Process]) -> set[int]:
    ports = set()
    for process in processes:
        try:
            ports |= {c.laddr.port for c in process.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN}
        except psutil.NoSuchProcess:
            continue
    return ports


class Serve:
    """One `tenderlint serve` subprocess on a given instance folder and port."""

    def __init__(self, workdir: Path, port: int) -> None:
        env = {key: value for key, value in os.environ.items() if not key.startswith("TENDERLINT_")}
        env.update(TENDERLINT_INSTANCE_DIR=str(workdir / "instance"), TENDERLINT_ADMIN_EMAIL=ADMIN["email"],
                   TENDERLINT_ADMIN_PASSWORD=ADMIN["password"])
        self.stderr_path = workdir / f"serve-{time.monotonic_ns()}.err"
        with self.stderr_path.open("wb") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tenderlint", "serve", "--port", str(port)],
                cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True, start_new_session=True,
            )
        line = read_until(self.process, "running at http://", timeout=120)
        self.base = line.split("running at ", 1)[1].strip().rstrip("/")

    @property
    def log(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def descendants(self) -> list[psutil.Process]:
        return psutil.Process(self.process.pid).children(recursive=True)

    def child(self, needle: str) -> psutil.Process:
        """The direct child whose command line contains `needle`."""
        for process in psutil.Process(self.process.pid).children():
            if needle in " ".join(process.cmdline()):
                return process
        pytest.fail(f"no child of serve runs {needle!r}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                raise
        return self.process.returncode


@pytest.fixture
def serves(tmp_path: Path) -> Iterator[list[Serve]]:
    started: list[Serve] = []
    yield started
    for serve in started:
        serve.stop()


def test_a_killed_serve_leaves_no_process_behind_and_the_next_serve_starts(tmp_path: Path, serves: list[Serve]) -> None:
    port = free_port()
    first = Serve(tmp_path, port)
    serves.append(first)
    children = first.descendants()
    names = " ".join(" ".join(p.cmdline()) for p in children)
    assert "redis-server" in names and "worker" in names and "service.web_server" in names, names
    ports = listening_ports(children)
    assert port in ports and len(ports) >= 2, ports  # the web port and Redis's

    os.kill(first.process.pid, signal.SIGKILL)
    first.process.wait(10)
    wait_until(lambda: not any(running(p) for p in children),
               f"processes outlived the killed serve: {[p.pid for p in children if running(p)]}")
    wait_until(lambda: all(port_free(p) for p in ports), f"ports still taken after serve was killed: {ports}")

    second = Serve(tmp_path, port)  # same instance folder (its record of the crashed run) and same port
    serves.append(second)
    status, body = call(f"{second.base}/api/v1/tokens", json.dumps(ADMIN).encode(), {"Content-Type": "application/json"})
    assert status == 201, body
    assert second.stop() == 0


def test_a_second_serve_left_over_from_a_crash_is_cleared_even_without_the_watchdog(tmp_path: Path, serves: list[Serve]) -> None:
    """Kill serve's watchdog first, then serve: the kernel's parent-death signal still takes the
    direct children, and the next serve stops whatever the record says is left."""
    port = free_port()
    first = Serve(tmp_path, port)
    serves.append(first)
    children = first.descendants()
    watchdog = first.child("children.py")
    watchdog.kill()
    wait_until(lambda: not running(watchdog), "the watchdog did not die")
    os.kill(first.process.pid, signal.SIGKILL)
    first.process.wait(10)

    second = Serve(tmp_path, port)
    serves.append(second)
    wait_until(lambda: not any(running(p) for p in children if p.pid != watchdog.pid),
               "processes of the crashed serve are still running beside the new one")
    assert second.stop() == 0


def test_serve_restarts_a_killed_worker_and_redis_and_keeps_serving(tmp_path: Path, serves: list[Serve]) -> None:
    serve = Serve(tmp_path, free_port())
    serves.append(serve)
    status, body = call(f"{serve.base}/api/v1/tokens", json.dumps(ADMIN).encode(), {"Content-Type": "application/json"})
    assert status == 201, body
    auth = {"Authorization": f"Bearer {body['token']}"}

    for needle, name in (("tenderlint worker", "worker"), ("redis-server", "redis")):
        victim = serve.child(needle)
        victim.kill()  # as the OOM killer would
        wait_until(lambda name=name: f"{name} restarted" in serve.log, f"serve did not restart {name}; its log:\n{serve.log}")
        assert serve.child(needle).pid != victim.pid
    assert serve.process.poll() is None

    data, content_type = multipart("file", SAMPLE.name, SAMPLE.read_bytes())
    status, body = call(f"{serve.base}/api/v1/documents", data, {**auth, "Content-Type": content_type})
    assert status == 201, body
    job_url = f"{serve.base}/api/v1/jobs/{body['job']['id']}"
    job: dict[str, object] = {}

    def finished() -> bool:
        job.update(call(job_url, headers=auth)[1])
        return job.get("status") in ("done", "failed")

    wait_until(finished, f"the upload after the restarts was never checked: {job}", timeout=JOB_TIMEOUT)
    assert job["status"] == "done", job
    assert serve.stop() == 0
