"""A load test you keep (issue #14 item 6): concurrent clients upload real tenders through the HTTP
API while Redis is restarted and the worker is SIGKILLed, and every accepted upload must finish
exactly once.

Usage: .venv/bin/python benchmarks/load.py [--count 500] [--clients 20] [--timeout 900]
           [--workers 1] [--no-redis-restart] [--no-worker-kill] [--visibility-timeout S]

The service is assembled the way `tenderlint serve` assembles it, from the same functions, in a
temporary instance folder on loopback: a private Redis (`start_local_redis`, append-only log),
migrations (`checked_prepare`), the web server `serve` runs (`web_command`) and a Celery worker
(`worker_command`). This script is their supervisor, so it can restart Redis on the same address
and data folder, and SIGKILL the worker's whole process group mid-job then start a new worker, as
`serve` or a container runtime would. Service settings are the defaults unless given.

Each client has its own user and API token (`POST /api/v1/tokens`), in one of a few
organisations, and loops: upload a corpus document (`POST /api/v1/documents`), poll its job until
done or failed, fetch the JSON report. The run stops after --count uploads or --timeout seconds,
then waits (within the same timeout) for accepted jobs to finish, and checks each through the API:

  finished    job done, report served
  failed      job failed with a user-facing error (a document the parser refuses)
  lost        accepted, but still queued or running when time ran out
  duplicated  more than one job for its version, findings stored twice (the findings list is
              longer than the report), or more documents in the organisations than accepted
  5xx         server errors on any request (uploads, polls, reports, checks)

Exit status 0 when nothing was lost or duplicated and no request got a 5xx, else 1.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CORPUS = REPO.parent / "shared" / "corpus" / "tenders"
HOST = "127.0.0.1"
POLL_INTERVAL = 0.2  # the first wait for a job; each further wait is 1.5 times longer, up to POLL_MAX,
POLL_MAX = 2.0      # as a well-behaved API client backs off: polls then cost the web tier little CPU
ORGANISATIONS = 4
PASSWORD = "load-test-passphrase-4821"


@dataclass
class Upload:
    """One accepted upload and what became of it."""

    name: str
    job_id: str
    version_id: str
    started: float
    report_at: float | None = None
    status: str = "queued"
    stored_on_503: bool = False
    attempts: int = 0  # deliveries the worker started: above 1 when the kill cut a run short


@dataclass
class Tally:
    """Shared counters; every HTTP answer goes through `record`."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter[int] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)  # 4xx on upload, by code
    connection_errors: int = 0
    accepted: list[Upload] = field(default_factory=list)
    next_index: int = 0

    def record(self, status: int) -> None:
        with self.lock:
            self.statuses[status] += 1

    def take(self, count: int) -> int | None:
        with self.lock:
            if self.next_index >= count:
                return None
            self.next_index += 1
            return self.next_index - 1


class Api:
    """One keep-alive HTTP connection to the service, as one client would hold."""

    def __init__(self, port: int, tally: Tally, token: str = "") -> None:
        self.port, self.tally, self.token = port, tally, token
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)

    def call(self, method: str, path: str, body: bytes | None = None, content_type: str = "") -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        if content_type:
            headers["Content-Type"] = content_type
        for attempt in range(2):  # a keep-alive connection the server closed is reopened once
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (ConnectionError, http.client.HTTPException, TimeoutError):
                self.connection.close()
                if attempt:
                    with self.tally.lock:
                        self.tally.connection_errors += 1
                    return 0, None
        self.tally.record(response.status)
        is_json = response.getheader("Content-Type", "").split(";")[0].endswith("json")
        return response.status, json.loads(data) if is_json and data else data

    def clone(self) -> "Api":
        """The same user on a connection of its own: an HTTPConnection is not shared between threads."""
        return Api(self.port, self.tally, self.token)

    def upload(self, path: Path) -> tuple[int, Any]:
        boundary = uuid.uuid4().hex
        body = b"".join([
            f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nLoad test {path.stem}\r\n'.encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode(),
            path.read_bytes(),
            f"\r\n--{boundary}--\r\n".encode(),
        ])
        return self.call("POST", "/api/v1/documents", body, f"multipart/form-data; boundary={boundary}")


class Service:
    """Redis, the database, a worker and the web server, started as `tenderlint serve` starts them."""

    def __init__(self, folder: Path, port: int, workers: int, settings: dict[str, str]) -> None:
        from service.local_redis import start_local_redis

        self.folder, self.port, self.workers = folder, port, workers
        self.redis = start_local_redis(folder / "instance" / "redis")
        os.environ.update(settings, TENDERLINT_INSTANCE_DIR=str(folder / "instance"), TENDERLINT_REDIS_URL=self.redis.url,
                          TENDERLINT_DATABASE_URL=f"sqlite:///{folder / 'instance' / 'tenderlint.sqlite'}",
                          TENDERLINT_SECURE_COOKIES="0")
        from service import create_app
        from service.prepare import checked_prepare

        self.app = create_app()
        if checked_prepare(self.app) is None:
            raise RuntimeError("the service could not be prepared")
        self.worker = self._start_worker()
        self.web = self._start_web()

    def _spawn(self, command: list[str], log: str) -> subprocess.Popen[bytes]:
        with open(self.folder / log, "ab") as out:
            return subprocess.Popen(command, env=dict(os.environ), stdout=out, stderr=out, start_new_session=True)

    def _start_worker(self) -> subprocess.Popen[bytes]:
        from service.serve import worker_command

        return self._spawn(worker_command(self.workers), "worker.log")

    def _start_web(self) -> subprocess.Popen[bytes]:
        from service.serve import port_open, web_command

        web = self._spawn(web_command(HOST, self.port), "web.log")
        deadline = time.monotonic() + 60
        while not port_open(HOST, self.port):
            if web.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the web server did not start; see {self.folder / 'web.log'}")
            time.sleep(0.2)
        return web

    def restart_redis(self) -> None:
        """Stop Redis (SIGTERM: the append-only log is flushed), then start it again on the same
        address and data folder, as `serve` restarts a Redis that exited."""
        from service.serve import stop_group

        stop_group(self.redis.process, "redis")
        self.redis.restart()

    def kill_worker(self) -> None:
        """SIGKILL the worker's main process and its pool (a crash or an OOM kill), then start a new one."""
        with contextlib.suppress(ProcessLookupError):  # it may have died by itself
            os.killpg(self.worker.pid, signal.SIGKILL)
        self.worker.wait()
        self.worker = self._start_worker()

    def close(self) -> None:
        """As `serve` stops its children: SIGTERM, then SIGKILL to whatever is left of each group."""
        from service.serve import stop_group

        for name, process in (("web", self.web), ("worker", self.worker), ("redis", self.redis.process)):
            stop_group(process, name)


def make_clients(service: Service, clients: int, tally: Tally) -> list[Api]:
    """A user per client in a few organisations (through the accounts code), each exchanging its
    password for a token over HTTP, as an integration would."""
    from service.accounts import create_organisation, create_user
    from service.db import db
    from service.models import Role

    with service.app.app_context():
        organisations = [create_organisation(f"Load test council {n}") for n in range(min(ORGANISATIONS, clients))]
        emails = [f"client{n}@load.example.org" for n in range(clients)]
        for n, email in enumerate(emails):
            create_user(organisations[n % len(organisations)], email, PASSWORD, Role.BUYER)
        db.session.commit()
    apis = []
    for email in emails:
        status, answer = Api(service.port, tally).call(
            "POST", "/api/v1/tokens", json.dumps({"email": email, "password": PASSWORD, "label": "load"}).encode(), "application/json")
        if status != 201:
            raise RuntimeError(f"no token for {email}: {status} {answer!r}")
        apis.append(Api(service.port, tally, answer["token"]))
    return apis


def client_loop(api: Api, documents: list[Path], tally: Tally, count: int, deadline: float) -> None:
    """Upload, wait for the report, repeat, until the shared count or the deadline is reached."""
    while time.monotonic() < deadline and (index := tally.take(count)) is not None:
        path = documents[index % len(documents)]
        started = time.monotonic()
        status, answer = api.upload(path)
        stored = status == 503 and isinstance(answer, dict) and answer.get("code") == "queue-unavailable"
        if status != 201 and not stored:
            if 400 <= status < 500:
                with tally.lock:
                    tally.refused[answer.get("code", str(status)) if isinstance(answer, dict) else str(status)] += 1
            continue
        # A 503 queue-unavailable still stored the upload and says to follow its job, not to upload again.
        version_id = answer["version"]["id"] if status == 201 else answer["version"].rsplit("/", 1)[-1]
        upload = Upload(path.name, answer["job"]["id"], version_id, started, stored_on_503=stored)
        with tally.lock:
            tally.accepted.append(upload)
        wait = POLL_INTERVAL
        while time.monotonic() < deadline:
            status, job = api.call("GET", f"/api/v1/jobs/{upload.job_id}")
            if status == 200 and job["status"] in ("done", "failed"):
                upload.status = job["status"]
                break
            time.sleep(wait)
            wait = min(wait * 1.5, POLL_MAX)
        if upload.status == "done":
            status, _ = api.call("GET", f"/api/v1/versions/{upload.version_id}/report?format=json")
            if status == 200:
                upload.report_at = time.monotonic()


def drain(apis: list[Api], tally: Tally, deadline: float) -> None:
    """After the clients stop: wait (until the deadline) for jobs still queued or running."""
    owners = _owners(apis, tally)
    while time.monotonic() < deadline:
        pending = [u for u in tally.accepted if u.status not in ("done", "failed")]
        if not pending:
            return
        for upload in pending:
            status, job = owners[upload.job_id].call("GET", f"/api/v1/jobs/{upload.job_id}")
            if status == 200:
                upload.status = job["status"]
        time.sleep(1.0)


def _owners(apis: list[Api], tally: Tally) -> dict[str, Api]:
    """The client (token) that may see each job: another organisation's job answers 404."""
    owners: dict[str, Api] = {}
    for api in apis:
        page = 1
        while True:
            status, answer = api.call("GET", f"/api/v1/jobs?per_page=100&page={page}")
            if status != 200:
                break
            owners.update({job["id"]: api for job in answer["items"] if job["id"] not in owners})
            if not answer["next"]:
                break
            page += 1
    missing = [u.job_id for u in tally.accepted if u.job_id not in owners]
    if missing:
        raise RuntimeError(f"{len(missing)} accepted jobs are not listed by any client: {missing[:3]}")
    return owners


def duplicates(apis: list[Api], tally: Tally) -> list[str]:
    """Uploads whose results exist twice, each with the reason."""
    owners = _owners(apis, tally)
    found = []
    for upload in tally.accepted:
        api = owners[upload.job_id]
        status, jobs = api.call("GET", f"/api/v1/jobs?version_id={upload.version_id}&per_page=100")
        if status == 200 and jobs["total"] != 1:
            found.append(f"{upload.name} (version {upload.version_id}): {jobs['total']} jobs")
        if status == 200:
            upload.attempts = max(job["attempts"] for job in jobs["items"])
        if upload.status != "done":
            continue
        status, report = api.call("GET", f"/api/v1/versions/{upload.version_id}/report?format=json")
        status_f, findings = api.call("GET", f"/api/v1/versions/{upload.version_id}/findings?per_page=1")
        if status == 200 and status_f == 200:
            in_report = len(report["findings"])
            if findings["total"] != in_report:
                found.append(f"{upload.name} (job {upload.job_id}): {findings['total']} findings stored, {in_report} in its report")
    stored = 0
    for api in apis[:ORGANISATIONS]:  # client n is in organisation n % ORGANISATIONS: one client per organisation
        status, answer = api.call("GET", "/api/v1/documents?per_page=1")
        stored += answer["total"] if status == 200 else 0
    if stored != len(tally.accepted):
        found.append(f"{stored} documents stored for {len(tally.accepted)} accepted uploads")
    return found


def running_jobs(apis: list[Api]) -> int:
    """Jobs running now, across the organisations (one client per organisation asks)."""
    total = 0
    for api in apis[:ORGANISATIONS]:
        status, answer = api.call("GET", "/api/v1/jobs?status=running&per_page=1")
        total += answer["total"] if status == 200 else 0
    return total


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500, help="uploads in all (default 500)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds for the whole run, draining included (default 900)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1, as `tenderlint serve`)")
    parser.add_argument("--no-redis-restart", dest="redis_restart", action="store_false", help="do not restart Redis")
    parser.add_argument("--no-worker-kill", dest="worker_kill", action="store_false", help="do not SIGKILL the worker")
    parser.add_argument("--visibility-timeout", type=int, help="TENDERLINT_VISIBILITY_TIMEOUT (default: the service's own)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=f"folder of documents to upload (default {CORPUS})")
    args = parser.parse_args()

    documents = sorted(p for p in args.corpus.iterdir() if p.is_file())
    random.Random(14).shuffle(documents)
    settings = {"TENDERLINT_VISIBILITY_TIMEOUT": str(args.visibility_timeout)} if args.visibility_timeout else {}
    tally = Tally()
    events: list[str] = []
    with tempfile.TemporaryDirectory(prefix="tenderlint-load-") as folder:
        from service.local_redis import free_port

        service = Service(Path(folder), free_port(), args.workers, settings)
        try:
            apis = make_clients(service, args.clients, tally)
            checkers = [api.clone() for api in apis]  # the main thread's own connections, same users
            start = time.monotonic()
            deadline = start + args.timeout
            threads = [threading.Thread(target=client_loop, args=(api, documents, tally, args.count, deadline), daemon=True)
                       for api in apis]
            for thread in threads:
                thread.start()
            chaos = [(args.count // 3, "redis", service.restart_redis)] if args.redis_restart else []
            chaos += [(2 * args.count // 3, "worker", service.kill_worker)] if args.worker_kill else []
            for at, name, act in chaos:
                while len(tally.accepted) < at and any(t.is_alive() for t in threads):
                    time.sleep(0.1)
                running = running_jobs(checkers)
                act()
                events.append(f"{name} {'restarted' if name == 'redis' else 'SIGKILLed and started again'} "
                              f"after {len(tally.accepted)} accepted uploads, {time.monotonic() - start:.0f} s in, "
                              f"{running} job(s) running")
            for thread in threads:
                thread.join(max(0.0, deadline - time.monotonic()))
            clients_done = time.monotonic()
            drain(checkers, tally, deadline)
            elapsed = time.monotonic() - start
            duplicated = duplicates(checkers, tally)
        finally:
            service.close()
            logs = {name: (Path(folder) / name).read_text(errors="replace")[-3000:] for name in ("worker.log", "web.log")
                    if (Path(folder) / name).exists()}

    statuses = Counter(u.status for u in tally.accepted)
    lost = [u for u in tally.accepted if u.status not in ("done", "failed")]
    times = [u.report_at - u.started for u in tally.accepted if u.report_at is not None]
    server_errors = sum(n for code, n in tally.statuses.items() if code >= 500)
    finished = statuses["done"]
    print(f"{len(documents)} corpus documents, {tally.next_index} uploads tried by {args.clients} clients, "
          f"{args.workers} worker process(es); {elapsed:.0f} s (clients stopped at {clients_done - start:.0f} s)")
    for event in events:
        print(f"  {event}")
    print(f"accepted {len(tally.accepted)}  finished {finished}  failed {statuses['failed']}  lost {len(lost)}  "
          f"duplicated {len(duplicated)}  5xx {server_errors}")
    print(f"of the accepted, stored but answered 503 queue-unavailable: {sum(u.stored_on_503 for u in tally.accepted)}")
    print(f"refused uploads (4xx) {sum(tally.refused.values())} {dict(tally.refused) or ''}  "
          f"connection errors {tally.connection_errors}  HTTP answers {dict(sorted(tally.statuses.items()))}")
    print(f"throughput {60 * (finished + statuses['failed']) / elapsed:.1f} uploads/minute; upload-to-report "
          f"p50 {percentile(times, 0.5):.1f} s, p95 {percentile(times, 0.95):.1f} s (n={len(times)}, "
          f"mean {statistics.mean(times) if times else float('nan'):.1f} s)")
    rerun = [u for u in tally.accepted if u.attempts > 1]
    print(f"jobs started more than once (a delivery cut short, then redelivered or requeued): {len(rerun)} "
          + " ".join(f"{u.name}x{u.attempts}" for u in rerun))
    for upload in lost:
        print(f"LOST {upload.name}: job {upload.job_id} still '{upload.status}'")
    for line in duplicated:
        print(f"DUPLICATED {line}")
    if lost or duplicated:
        for name, tail in logs.items():
            print(f"--- end of {name} ---\n{tail}")
    return 0 if not lost and not duplicated and not server_errors else 1


if __name__ == "__main__":
    sys.exit(main())
