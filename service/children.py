"""Processes that cannot outlive `tenderlint serve`, however it ends.

Two guards, because either alone leaks:

* each direct child asks the kernel for SIGKILL when `serve` dies (PR_SET_PDEATHSIG). That covers
  a SIGKILL or OOM kill of `serve` at once, but not grandchildren (gunicorn's or Celery's own
  workers, which would keep the port or the job);
* a watchdog in its own session reads a pipe from `serve`, which names each child's process group
  as it starts and stops. When `serve` dies the pipe closes and the watchdog kills every group it
  still holds, grandchildren included.

The same groups are written to a record in the instance folder, so the next `serve` can stop what
is left of a run whose watchdog died with it (`kill -9` of everything it could see).

Standard library only: the watchdog runs this file as a script, without importing the service.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

PR_SET_PDEATHSIG = 1
RECORD_NAME = "serve.pids"


def die_with_parent() -> Callable[[], None] | None:
    """A `preexec_fn` that makes the child get SIGKILL when this process dies (Linux only).

    The kernel sends it when the *thread* that started the child ends, so start children from the
    main thread. If the parent died before the request was made, the child ends itself at once.
    """
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)  # loaded before the fork: nothing to load in the child
    parent = os.getpid()

    def hook() -> None:
        libc.prctl(PR_SET_PDEATHSIG, ctypes.c_int(signal.SIGKILL), 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return hook


def start_time(pid: int) -> int | None:
    """The process's start time in clock ticks since boot (from /proc), or None if it is gone.

    A pid with a different start time is another process that reused the number."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return None if fields[0] == "Z" else int(fields[19])


def group_members(pgid: int) -> list[int]:
    """Live processes in a process group (from /proc)."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                members.append(int(entry.name))
    return members


def kill_group(pgid: int, started: int | None) -> bool:
    """SIGKILL a group we started, unless its number now belongs to someone else.

    While any member of a group lives, the kernel does not reuse its number, so a group whose
    leader is gone is still ours; a live leader with another start time is not."""
    leader_started = start_time(pgid)
    if leader_started is not None and started is not None and leader_started != started:
        return False
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        return False
    return True


class Lifeline:
    """The watchdog's pipe and the record file, kept in step with the children `serve` runs."""

    def __init__(self, instance: Path) -> None:
        self.record = instance / RECORD_NAME
        self.groups: dict[int, int | None] = {}
        self.watchdog: subprocess.Popen[bytes] | None = None
        if sys.platform.startswith("linux"):
            self.watchdog = subprocess.Popen(
                [sys.executable, "-I", str(Path(__file__).resolve()), str(self.record)],
                stdin=subprocess.PIPE, start_new_session=True,  # out of reach of a signal to serve's group
            )
        self._write()

    def add(self, pid: int) -> None:
        """A child started with start_new_session: its pid is its process group."""
        self.groups[pid] = start_time(pid)
        self._tell(f"+{pid} {self.groups[pid] or 0}")
        self._write()

    def remove(self, pid: int) -> None:
        self.groups.pop(pid, None)
        self._tell(f"-{pid}")
        self._write()

    def close(self) -> None:
        """After a clean stop: nothing left to kill, so the watchdog exits and the record goes."""
        if self.watchdog is not None and self.watchdog.stdin is not None:
            self.watchdog.stdin.close()
            self.watchdog.wait()
        self.record.unlink(missing_ok=True)

    def _tell(self, line: str) -> None:
        if self.watchdog is not None and self.watchdog.stdin is not None:
            try:
                self.watchdog.stdin.write(line.encode() + b"\n")
                self.watchdog.stdin.flush()
            except BrokenPipeError:  # the watchdog was killed; the record still covers the next start
                self.watchdog = None

    def _write(self) -> None:
        data = {"serve": [os.getpid(), start_time(os.getpid())], "groups": [[p, s] for p, s in self.groups.items()]}
        temporary = self.record.with_suffix(".tmp")
        temporary.write_text(json.dumps(data))
        temporary.replace(self.record)


def running_serve(instance: Path) -> int | None:
    """The pid of a live `serve` using this instance folder, from its record."""
    try:
        pid, started = json.loads((instance / RECORD_NAME).read_text())["serve"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return pid if pid != os.getpid() and started is not None and start_time(pid) == started else None


def stop_leftovers(instance: Path, timeout: float = 10.0) -> int:
    """Kill the process groups a crashed `serve` recorded; returns how many were still there.

    Waits until they are gone, so their ports and files are free for this run."""
    record = instance / RECORD_NAME
    try:
        groups = [(int(p), s) for p, s in json.loads(record.read_text())["groups"]]
    except (OSError, ValueError, KeyError, TypeError):
        groups = []
    killed = [pgid for pgid, started in groups if kill_group(pgid, started)]
    deadline = time.monotonic() + timeout
    while any(group_members(pgid) for pgid in killed) and time.monotonic() < deadline:
        time.sleep(0.1)
    record.unlink(missing_ok=True)
    return len(killed)


def _watch(record: Path) -> None:
    """The watchdog: follow serve's announcements until the pipe closes, then kill what is left."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is serve's to handle; we act when it is gone
    groups: dict[int, int | None] = {}
    for raw in sys.stdin.buffer:
        line = raw.decode().strip()
        if line.startswith("+"):
            pgid, started = line[1:].split()
            groups[int(pgid)] = int(started) or None
        elif line.startswith("-"):
            groups.pop(int(line[1:]), None)
    for pgid, started in groups.items():
        kill_group(pgid, started)
    if groups:
        record.unlink(missing_ok=True)


if __name__ == "__main__":
    _watch(Path(sys.argv[1]))
