"""`tenderlint serve`: the whole service from one command.

`serve` needs no configuration: a private Redis (unless TENDERLINT_REDIS_URL is set), SQLite in
the instance folder (unless TENDERLINT_DATABASE_URL is set), migrations, a first admin, one Celery
worker and the web app. Each child runs in its own process group, so stopping `serve` (Ctrl-C or
SIGTERM) stops every process it started, grandchildren included.
"""

from __future__ import annotations

import ipaddress
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from importlib.util import find_spec
from typing import Any
from pathlib import Path
from types import FrameType

STOP_TIMEOUT = 20.0
WEB_START_TIMEOUT = 60.0


@dataclass
class Supervisor:
    """The processes `serve` started, stopped together in reverse order of starting."""

    children: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def start(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(command, env=env, start_new_session=True)
        self.children.append((name, process))
        return process

    def adopt(self, name: str, process: subprocess.Popen[bytes]) -> None:
        self.children.append((name, process))

    def dead_child(self) -> str | None:
        for name, process in self.children:
            if process.poll() is not None:
                return f"{name} exited with status {process.returncode}"
        return None

    def stop_all(self) -> None:
        for name, process in reversed(self.children):
            _stop_group(process, name)
        self.children.clear()

    def on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.stopping.set()


def _stop_group(process: subprocess.Popen[bytes], name: str) -> None:
    """SIGTERM the child (gunicorn's master, Celery's main process stop their own workers
    gracefully), then SIGKILL its whole process group: nothing it started outlives `serve`."""
    try:
        os.kill(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        print(f"tenderlint: {name} did not stop in {STOP_TIMEOUT:.0f}s; killing it", file=sys.stderr)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # grandchildren a clean exit may have left behind
    except ProcessLookupError:
        pass
    process.wait()


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _port_open(host: str, port: int) -> bool:
    target = "127.0.0.1" if host in ("0.0.0.0", "") else ("::1" if host == "::" else host)
    try:
        with socket.create_connection((target, port), timeout=0.5):
            return True
    except OSError:
        return False


def web_command(host: str, port: int) -> list[str]:
    """gunicorn when installed (production-grade), else Flask's own server."""
    if find_spec("gunicorn") is not None:
        return [sys.executable, "-m", "gunicorn", "--bind", f"{host}:{port}", "--workers", "2", "--worker-class", "gthread",
                "--threads", "4", "--graceful-timeout", "10", "service.wsgi:app"]
    return [sys.executable, "-m", "flask", "--app", "service.wsgi:app", "run", "--host", host, "--port", str(port), "--no-reload"]


def worker_command(concurrency: int) -> list[str]:
    return [sys.executable, "-m", "tenderlint", "worker", "--concurrency", str(concurrency)]


def _child_environment(host: str) -> dict[str, str]:
    """Settings `serve` decides for its children (and itself); anything the user set wins."""
    env: dict[str, str] = {}
    instance = Path(os.environ.get("TENDERLINT_INSTANCE_DIR", "instance")).resolve()
    env["TENDERLINT_INSTANCE_DIR"] = str(instance)
    if "TENDERLINT_SECURE_COOKIES" not in os.environ and _is_loopback(host):
        env["TENDERLINT_SECURE_COOKIES"] = "0"  # plain http on this machine: a secure cookie would never be sent
    return env


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> int:
    """Run until Ctrl-C or SIGTERM; 0 on a requested stop, 1 if a component died."""
    supervisor = Supervisor()
    previous = {sig: signal.signal(sig, supervisor.on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        return _run(supervisor, host, port, workers)
    finally:
        supervisor.stop_all()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _run(supervisor: Supervisor, host: str, port: int, workers: int) -> int:
    from . import create_app
    from .local_redis import start_local_redis
    from .prepare import checked_prepare, sign_in_hint

    if _port_open(host, port):
        print(f"tenderlint: port {port} on {host} is already in use; choose another with --port", file=sys.stderr)
        return 1
    os.environ.update(_child_environment(host))
    instance = Path(os.environ["TENDERLINT_INSTANCE_DIR"])
    if not os.environ.get("TENDERLINT_REDIS_URL"):
        local = start_local_redis(instance / "redis")
        supervisor.adopt("redis", local.process)
        os.environ["TENDERLINT_REDIS_URL"] = local.url
    admin = checked_prepare(create_app())
    if admin is None:
        return 2
    if supervisor.stopping.is_set():
        return 0
    env = dict(os.environ)
    supervisor.start("worker", worker_command(workers), env)
    supervisor.start("web", web_command(host, port), env)

    deadline = time.monotonic() + WEB_START_TIMEOUT
    while not _port_open(host, port):
        problem = supervisor.dead_child()
        if problem or time.monotonic() > deadline:
            print(f"tenderlint: the web server did not start ({problem or 'timed out'})", file=sys.stderr)
            return 1
        if supervisor.stopping.wait(0.2):
            return 0
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    print(f"tenderlint is running at http://{shown}:{port}/", flush=True)
    print(sign_in_hint(admin), flush=True)
    print("Press Ctrl-C to stop.", flush=True)

    while not supervisor.stopping.wait(1.0):
        problem = supervisor.dead_child()
        if problem:
            print(f"tenderlint: {problem}; stopping everything", file=sys.stderr)
            return 1
    print("tenderlint: stopping", flush=True)
    return 0



def add_parser(commands: Any) -> None:
    """`tenderlint serve`, added to the core CLI through the `tenderlint.commands` entry point."""
    serve_cmd = commands.add_parser("serve", help="run the web app, a worker and a local Redis (no setup needed)")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve_cmd.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve_cmd.add_argument("--workers", type=int, default=1, metavar="N", help="documents checked in parallel (default 1)")
    serve_cmd.set_defaults(run=lambda args: serve(args.host, args.port, args.workers))
