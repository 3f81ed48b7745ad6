"""Throughput against worker processes (issue #14 item 3): the same batch of real documents through
the whole service with 1, 2, ... worker processes, in one run.

Usage: .venv/bin/python benchmarks/scale.py [--workers 1,2[,3]] [--count 64] [--limit N]
           [--clients C] [--timeout S] [--json]

For each worker count a fresh service is started exactly as `benchmarks/load.py` starts it (the
functions `tenderlint serve` uses: a private Redis, migrations, the web server, a Celery worker with
N processes; an empty SQLite database in a temporary folder). C clients (default twice the largest
worker count, so the queue never runs dry) upload through the HTTP API, poll each job until done
and fetch its report, one document at a time each, until the batch is through. Before the clock
starts, one short document per worker process goes through, so worker start-up is not counted.

The batch: every document in ../shared/corpus/tenders and ../shared/corpus/blind, then CUAD
contracts (text and PDF, alternately) up to --count (default 64, at least 50 for a real
measurement), largest first, so the run does not end with one big file on one busy worker.
--limit N takes the first N of them (a smoke run).

Printed per worker count: documents per minute (documents finished, done or refused by the parser,
over the time from the first upload to the last report), p50/p95 upload-to-report seconds (the
clients poll from 0.2 s, backing off to 2 s as a polite client does), the worker's peak RSS (its processes together, and the largest one,
sampled every 0.5 s), the throughput against the smallest worker count, and where the time went
(from the jobs' own timings: mean parse + lint seconds per document, which grows when processes
compete for the cores; mean other seconds per job, which grows when they wait for the database;
and how busy the worker processes were, below 1 when they sat idle), and the machine's own
ceiling: the same core work (the batch's first 24 files by name) in one bare process and in N bare
processes at once, with no web tier, Redis, database or clients; on a shared or virtual 2-core
machine two processes do not get twice the work done, and the service's ratio is read against
this. Exit status 1 if a document was lost (not finished within --timeout).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

from load import CORPUS, ORGANISATIONS, Api, Service, Tally, client_loop, make_clients, percentile

SHARED = CORPUS.parent
WARM_UP = b"# Warm-up\n\nThe supplier shall provide the service within 30 days.\n"


def batch(count: int) -> list[Path]:
    """Tenders and blind documents, then CUAD contracts to make up the count; largest first."""
    chosen = sorted(p for folder in ("tenders", "blind") for p in (SHARED / folder).iterdir() if p.is_file())
    texts = sorted((SHARED / "cuad" / "full_contract_txt").iterdir())
    pdfs = sorted((SHARED / "cuad" / "full_contract_pdf").iterdir())
    extra = [p for pair in zip(texts, pdfs) for p in pair]
    chosen += extra[: max(0, count - len(chosen))]
    return sorted(chosen[:count], key=lambda p: (-p.stat().st_size, p.name))


class PeakRss:
    """Samples the worker's process tree (main process and pool) in a thread; keeps the peaks."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.total = self.largest = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.wait(0.5):
            sizes = []
            for process in [self.root, *self.root.children(recursive=True)]:
                try:
                    sizes.append(process.memory_info().rss)
                except psutil.Error:
                    continue  # a pool process that just exited
            self.total, self.largest = max(self.total, sum(sizes)), max([self.largest, *sizes])

    def close(self) -> None:
        self.stop.set()
        self.thread.join()


def job_timings(apis: list[Api], wanted: set[str]) -> list[dict[str, Any]]:
    """The service's own timings of the batch's jobs (each organisation's list, through the API)."""
    found: dict[str, dict[str, Any]] = {}
    for api in apis[:ORGANISATIONS]:  # client n is in organisation n % ORGANISATIONS
        page = 1
        while page:
            status, answer = api.call("GET", f"/api/v1/jobs?per_page=100&page={page}")
            if status != 200:
                break
            found.update({job["id"]: job["timings"] for job in answer["items"] if job["id"] in wanted})
            page = page + 1 if answer["next"] else 0
    return list(found.values())


def measure(workers: int, documents: list[Path], clients: int, timeout: float) -> dict[str, Any]:
    """One fresh service with `workers` processes; the batch through it."""
    with tempfile.TemporaryDirectory(prefix="tenderlint-scale-") as folder:
        from service.local_redis import free_port

        service = Service(Path(folder), free_port(), workers, {})
        try:
            warm_tally = Tally()
            apis = make_clients(service, clients, warm_tally)
            sample = Path(folder) / "warm-up.md"
            sample.write_bytes(WARM_UP)
            ready_by = time.monotonic() + min(timeout, 300)
            warm = [threading.Thread(target=client_loop, args=(api, [sample], warm_tally, workers, ready_by))
                    for api in apis[:workers]]
            for thread in warm:
                thread.start()
            for thread in warm:
                thread.join()
            if any(u.status != "done" for u in warm_tally.accepted) or len(warm_tally.accepted) != workers:
                log = (Path(folder) / "worker.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"the warm-up did not finish: jobs {[u.status for u in warm_tally.accepted]}, "
                                   f"refused {dict(warm_tally.refused)}, HTTP {dict(warm_tally.statuses)}, worker "
                                   f"{'running' if service.worker.poll() is None else 'exited'}; its log ends:\n{log}")

            tally = Tally()
            timed = [Api(api.port, tally, api.token) for api in apis]
            rss = PeakRss(service.worker.pid)
            start = time.monotonic()
            threads = [threading.Thread(target=client_loop, args=(api, documents, tally, len(documents), start + timeout))
                       for api in timed]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            rss.close()
            timings = job_timings(timed, {u.job_id for u in tally.accepted})
        finally:
            service.close()

    finished = [u for u in tally.accepted if u.status in ("done", "failed")]
    ends = [u.report_at or u.started for u in finished]  # a refused document ends when its job says so
    elapsed = (max(ends) - start) if ends else float("nan")
    times = [u.report_at - u.started for u in tally.accepted if u.report_at is not None]
    core = [(t["parse_ms"] or 0) + (t["lint_ms"] or 0) for t in timings if t["run_ms"] is not None]
    runs = [t["run_ms"] for t in timings if t["run_ms"] is not None]
    return {
        "workers": workers,
        "documents": len(documents),
        "accepted": len(tally.accepted),
        "done": sum(u.status == "done" for u in tally.accepted),
        "failed": sum(u.status == "failed" for u in tally.accepted),
        "refused": sum(tally.refused.values()),  # answered 4xx at upload
        "lost": len(tally.accepted) - len(finished),
        "seconds": round(elapsed, 2),
        "documents_per_minute": round(60 * len(finished) / elapsed, 2) if finished else 0.0,
        "p50_seconds": round(percentile(times, 0.5), 2),
        "p95_seconds": round(percentile(times, 0.95), 2),
        "peak_worker_rss_mib": round(rss.total / 2**20, 1),
        "peak_process_rss_mib": round(rss.largest / 2**20, 1),
        "server_errors": sum(n for code, n in tally.statuses.items() if code >= 500),
        # Where time goes: parse + lint per document grows when processes compete for the cores;
        # the rest of a job (claim, blob, rendering, storing, SQLite lock waits) when they queue
        # for the database; busy below 1 means worker processes sat idle.
        "parse_lint_seconds_mean": round(statistics.mean(core) / 1000, 2) if core else None,
        "job_other_seconds_mean": round(statistics.mean(r - c for r, c in zip(runs, core)) / 1000, 2) if runs else None,
        "worker_busy": round(sum(runs) / 1000 / (elapsed * workers), 2) if runs else None,
    }


# One bare core process: parse and lint the given files, print the seconds it took (spaCy loaded first).
_BARE = """
import sys, time
from tenderlint.engine import Linter
from tenderlint.parse import parse_path
linter = Linter()
linter.lint(parse_path(sys.argv[1]))
start = time.perf_counter()
for name in sys.argv[1:]:
    linter.lint(parse_path(name))
print(time.perf_counter() - start)
"""
CEILING_FILES = 24  # enough for half a minute of work per process


def machine_ceiling(documents: list[Path], processes: int) -> float:
    """What the machine itself gives: the same core work in 1 bare process, then in `processes`
    bare processes at once (no web tier, Redis, database or clients), as a throughput ratio. The
    service cannot scale past this, so its own ratio is read against it."""
    files = [str(p) for p in sorted(documents, key=lambda p: p.name)[:CEILING_FILES]]

    def run(count: int) -> list[float]:
        started = [subprocess.Popen([sys.executable, "-c", _BARE, *files], stdout=subprocess.PIPE, text=True)
                   for _ in range(count)]
        return [float(p.communicate()[0].strip().splitlines()[-1]) for p in started]

    alone = run(1)[0]
    together = run(processes)
    return round(processes * alone / max(together), 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="1,2", help="worker process counts, comma-separated (default 1,2)")
    parser.add_argument("--count", type=int, default=64, help="documents in the batch (default 64)")
    parser.add_argument("--limit", type=int, help="only the first N documents of the batch (a smoke run)")
    parser.add_argument("--clients", type=int, help="concurrent clients (default twice the largest worker count)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed per worker count (default 1800)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    counts = sorted({int(n) for n in args.workers.split(",") if n.strip()})
    if not counts or counts[0] < 1:
        parser.error("--workers takes positive numbers, e.g. 1,2")
    documents = batch(args.count)[: args.limit]
    clients = args.clients or 2 * counts[-1]

    ceilings = {n: machine_ceiling(documents, n) for n in counts if n > 1}
    results = [measure(n, documents, clients, args.timeout) for n in counts]
    base = results[0]["documents_per_minute"]
    for result in results:
        result["scaling"] = round(result["documents_per_minute"] / base, 2) if base else None
        result["machine_ceiling"] = ceilings.get(result["workers"], 1.0)
    summary = {"documents": [str(p.relative_to(SHARED)) for p in documents], "clients": clients,
               "cpus": psutil.cpu_count(), "runs": results}
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        kinds = sorted({p.suffix.lower() for p in documents})
        print(f"{len(documents)} documents ({', '.join(kinds)}; {sum(p.stat().st_size for p in documents) / 2**20:.1f} MiB), "
              f"{clients} clients, {psutil.cpu_count()} CPUs")
        print(f"{'workers':>7} {'docs/min':>9} {'scaling':>8} {'p50 s':>7} {'p95 s':>7} {'worker RSS MiB':>15} "
              f"{'largest MiB':>12} {'done':>5} {'failed':>6} {'lost':>5} {'5xx':>4} {'parse+lint s':>13} "
              f"{'other s':>8} {'busy':>5} {'machine':>8}")
        for r in results:
            print(f"{r['workers']:>7} {r['documents_per_minute']:>9.1f} {r['scaling']:>7.2f}x {r['p50_seconds']:>7.1f} "
                  f"{r['p95_seconds']:>7.1f} {r['peak_worker_rss_mib']:>15.0f} {r['peak_process_rss_mib']:>12.0f} "
                  f"{r['done']:>5} {r['failed']:>6} {r['lost']:>5} {r['server_errors']:>4} "
                  f"{r['parse_lint_seconds_mean'] or 0:>13.2f} {r['job_other_seconds_mean'] or 0:>8.2f} {r['worker_busy'] or 0:>5.2f}"
                  f" {r['machine_ceiling']:>7.2f}x")
        print("machine: the same core work in that many bare processes at once against one (no service), the most "
              "the service could scale to here")
    return 1 if any(r["lost"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
