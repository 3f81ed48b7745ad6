"""Slow clients against the web server `serve` runs: sixty connections each sending a request body
a few bytes at a time must not keep a normal request from being answered.

A server that gives each connection a thread while its body arrives (gunicorn's workers exposed
directly) has every thread waiting on them; the server `serve` runs reads bodies on its event loop.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator

import pytest

from service.serve import port_open, web_command

from .conftest import REPO, free_port

SLOW_CLIENTS = 60
DEADLINE = 60.0


@pytest.fixture
def web_server(app, service_env: dict[str, str]) -> Iterator[int]:
    """The web command `serve` uses, on the test's migrated database; yields its port."""
    port = free_port()
    process = subprocess.Popen(web_command("127.0.0.1", port), cwd=REPO, env={**os.environ, **service_env},
                               start_new_session=True)
    try:
        deadline = time.monotonic() + DEADLINE
        while not port_open("127.0.0.1", port):
            assert process.poll() is None, "the web server exited"
            assert time.monotonic() < deadline, "the web server never listened"
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(30)


def slow_body_client(port: int) -> socket.socket:
    """A sign-in whose JSON body promises 100 kB and sends its first byte only (the view reads it)."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"POST /api/v1/tokens HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 100000\r\n\r\n{")
    return sock


def test_sixty_slow_clients_do_not_block_a_normal_request(web_server: int) -> None:
    clients = [slow_body_client(web_server) for _ in range(SLOW_CLIENTS)]
    try:
        time.sleep(1)  # let the server take them all in before the normal request arrives
        for sock in clients:
            sock.sendall(b" ")  # still sending: none of them is idle
        url = f"http://127.0.0.1:{web_server}/api/v1/openapi.json"
        try:
            with urllib.request.urlopen(url, timeout=DEADLINE) as response:
                status, body = response.status, json.loads(response.read())
        except TimeoutError:
            pytest.fail(f"a normal request got no answer in {DEADLINE:.0f}s behind {SLOW_CLIENTS} slow clients")
        assert status == 200 and body["openapi"].startswith("3.1")
    finally:
        for sock in clients:
            sock.close()
