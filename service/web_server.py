"""The web tier's HTTP server: waitress, which reads each request whole before a thread sees it.

A thread-per-connection server (gunicorn's sync or gthread workers exposed directly) gives each
connection a thread while its body arrives, so a few dozen clients sending bodies slowly hold
every thread and nobody else is answered. waitress reads requests on its event loop, buffering
bodies (to a temporary file past 512 KB), and hands a request to one of its threads only once it
is complete, so slow clients cost a socket each, not a thread. Connections idle longer than the
channel timeout are closed, and the number of open connections is bounded.

    python -m service.web_server [--host H] [--port N]    (`serve` and docker-compose run this)
"""

from __future__ import annotations

import argparse
import os

THREADS = 8  # requests being answered at once; waiting for a body never takes one
CONNECTION_LIMIT = 1000  # open sockets (slow clients included) before new ones wait in the backlog
CHANNEL_TIMEOUT = 60  # seconds a connection may send nothing before it is closed
BACKLOG = 1024


def settings(host: str, port: int) -> dict[str, object]:
    """waitress's adjustments for our app (see waitress's `Adjustments` for each)."""
    max_mb = int(os.environ.get("TENDERLINT_MAX_UPLOAD_MB", "50"))
    return {
        "host": host,
        "port": port,
        "threads": int(os.environ.get("TENDERLINT_WEB_THREADS", THREADS)),
        "connection_limit": CONNECTION_LIMIT,
        "channel_timeout": CHANNEL_TIMEOUT,
        "backlog": BACKLOG,
        "max_request_body_size": (max_mb + 1) * 1024 * 1024,  # the file plus form fields; Flask checks the exact limit
        "ident": "tenderlint",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.web_server", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    from waitress import serve

    from .wsgi import app

    serve(app, **settings(args.host, args.port))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
