"""`tenderlint serve`: the whole service from one command, kept running.

`serve` needs no configuration: a private Redis (unless TENDERLINT_REDIS_URL is set), SQLite in
the instance folder (unless TENDERLINT_DATABASE_URL is set), migrations, a first admin, one Celery
worker and the web app.

It supervises what it starts: a child that exits (an OOM-killed worker, a crashed Redis) is
restarted with a growing delay, and only repeated failures soon after starting make `serve` give
up (exit 1). Each child runs in its own process group, so stopping `serve` (Ctrl-C or SIGTERM)
stops every process it started, grandchildren included; if `serve` itself is killed, the kernel
and a watchdog stop them instead (service/children.py), and the next `serve` clears anything left.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from types import FrameType
from typing import Any

from .children import Lifeline, die_with_parent, running_serve, stop_leftovers

STOP_TIMEOUT = 20.0
WEB_START_TIMEOUT = 60.0
FAST_FAILURE = 30.0  # a child that exits sooner than this after starting has failed fast
MAX_FAST_FAILURES = 5  # in a row, per child, before `serve` gives up
MAX_BACKOFF = 30.0


def _log(message: str) -> None:
    print(f"tenderlint: {message}", file=sys.stderr, flush=True)


@dataclass
class Child:
    """One supervised process and how to start it again."""

    name: str
    launch: Callable[[], subprocess.Popen[bytes]]
    process: subprocess.Popen[bytes]
    started: float = field(default_factory=time.monotonic)
    fast_failures: int = 0
    restart_at: float | None = None  # set while waiting to restart


@dataclass
class Supervisor:
    """The processes `serve` started: restarted when they exit, stopped together in reverse order."""

    lifeline: Lifeline | None = None
    children: list[Child] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def start(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        def launch() -> subprocess.Popen[bytes]:
            return subprocess.Popen(command, env=env, start_new_session=True, preexec_fn=die_with_parent())

        return self.adopt(name, launch(), launch)

    def adopt(self, name: str, process: subprocess.Popen[bytes],
              launch: Callable[[], subprocess.Popen[bytes]] | None = None) -> subprocess.Popen[bytes]:
        self.children.append(Child(name, launch or (lambda: process), process))
        if self.lifeline is not None:
            self.lifeline.add(process.pid)
        return process

    def dead_child(self) -> str | None:
        for child in self.children:
            if child.process.poll() is not None:
                return f"{child.name} exited with status {child.process.returncode}"
        return None

    def supervise(self) -> str | None:
        """Restart children that exited; a reason to give up after too many fast failures."""
        now = time.monotonic()
        for child in self.children:
            if child.restart_at is not None:
                if now >= child.restart_at:
                    self._restart(child)
                continue
            code = child.process.poll()
            if code is None:
                continue
            self._forget(child)  # its group may still hold a port or a job: gone before the new one starts
            child.fast_failures = child.fast_failures + 1 if now - child.started < FAST_FAILURE else 0
            if child.fast_failures >= MAX_FAST_FAILURES:
                return f"{child.name} exited with status {code} {child.fast_failures} times in a row soon after starting"
            delay = min(MAX_BACKOFF, 2.0 ** child.fast_failures)
            _log(f"{child.name} exited with status {code}; restarting it in {delay:.0f}s")
            child.restart_at = now + delay
        return None

    def _restart(self, child: Child) -> None:
        try:
            child.process = child.launch()
        except (OSError, RuntimeError) as exc:  # e.g. Redis did not come back up: counts as a fast failure
            _log(f"could not restart {child.name}: {exc}")
            child.fast_failures += 1
            child.restart_at = time.monotonic() + min(MAX_BACKOFF, 2.0 ** child.fast_failures)
            return
        child.started, child.restart_at = time.monotonic(), None
        if self.lifeline is not None:
            self.lifeline.add(child.process.pid)
        _log(f"{child.name} restarted (pid {child.process.pid})")

    def _forget(self, child: Child) -> None:
        stop_group(child.process, child.name)
        if self.lifeline is not None:
            self.lifeline.remove(child.process.pid)

    def stop_all(self) -> None:
        for child in reversed(self.children):
            if child.restart_at is None:
                self._forget(child)
        self.children.clear()

    def on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.stopping.set()


def stop_group(process: subprocess.Popen[bytes], name: str) -> None:
    """SIGTERM the child (the web server, Celery's main process stop their own workers
    gracefully), then SIGKILL its whole process group: nothing it started outlives `serve`."""
    if process.poll() is None:
        try:
            os.kill(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            _log(f"{name} did not stop in {STOP_TIMEOUT:.0f}s; killing it")
    try:
        os.killpg(process.pid, signal.SIGKILL)  # grandchildren a clean exit may have left behind
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def port_open(host: str, port: int) -> bool:
    target = "127.0.0.1" if host in ("0.0.0.0", "") else ("::1" if host == "::" else host)
    try:
        with socket.create_connection((target, port), timeout=0.5):
            return True
    except OSError:
        return False


def web_command(host: str, port: int) -> list[str]:
    """waitress when installed (buffers whole requests, so slow clients hold no thread:
    service/web_server.py), else Flask's own server."""
    if find_spec("waitress") is not None:
        return [sys.executable, "-m", "service.web_server", "--host", host, "--port", str(port)]
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
    """Run until Ctrl-C or SIGTERM; 0 on a requested stop, 1 if a component kept failing."""
    supervisor = Supervisor()
    previous = {sig: signal.signal(sig, supervisor.on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        return _run(supervisor, host, port, workers)
    finally:
        supervisor.stop_all()
        if supervisor.lifeline is not None:
            supervisor.lifeline.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _claim_instance(supervisor: Supervisor, instance: Path) -> bool:
    """One `serve` per instance folder; what a crashed one left running is stopped first."""
    other = running_serve(instance)
    if other is not None:
        _log(f"another tenderlint serve (pid {other}) is running with {instance}; stop it first")
        return False
    left = stop_leftovers(instance)
    if left:
        _log(f"stopped {left} process group(s) left running by a tenderlint serve that did not stop cleanly")
    supervisor.lifeline = Lifeline(instance)
    return True


def _run(supervisor: Supervisor, host: str, port: int, workers: int) -> int:
    from . import create_app
    from .local_redis import start_local_redis
    from .prepare import checked_prepare, sign_in_hint

    os.environ.update(_child_environment(host))
    instance = Path(os.environ["TENDERLINT_INSTANCE_DIR"])
    instance.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not _claim_instance(supervisor, instance):
        return 1
    if port_open(host, port):
        _log(f"port {port} on {host} is already in use; choose another with --port")
        return 1
    if not os.environ.get("TENDERLINT_REDIS_URL"):
        local = start_local_redis(instance / "redis")
        supervisor.adopt("redis", local.process, local.restart)
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
    while not port_open(host, port):
        problem = supervisor.dead_child()
        if problem or time.monotonic() > deadline:
            _log(f"the web server did not start ({problem or 'timed out'})")
            return 1
        if supervisor.stopping.wait(0.2):
            return 0
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    print(f"tenderlint is running at http://{shown}:{port}/", flush=True)
    print(sign_in_hint(admin), flush=True)
    print("Press Ctrl-C to stop.", flush=True)

    while not supervisor.stopping.wait(0.5):
        problem = supervisor.supervise()
        if problem:
            _log(f"{problem}; stopping everything")
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
