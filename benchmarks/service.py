"""The service's overhead: upload -> report ready through Redis and a real worker, against the
core's own parse + lint of the same file, measured in the same run.

Usage: .venv/bin/python benchmarks/service.py [--runs N] [--pack-only] [--pack FILE...]

A deterministic 100-page PDF is generated with reportlab. The service path is `accept_upload`
(blob stored, version + job committed, task sent) in this process, then polling the database
every 10 ms until the job is done: pickup from Redis, blob read, parse, lint, five renderings and
the findings written. HTTP is not included (a few ms). Workers are warm (rule pack preloaded).

One worker process: one document at a time. Two worker processes: two documents uploaded together
(the makespan, and documents per minute), and one document alone, which is no faster: a document
is one task, so a second process adds throughput, not speed for a single file.

A tender pack (default: the G-Cloud 15 files of ../shared/corpus) from `accept_pack` until its pack
report is stored, on one and on two worker processes, against the sum of its documents' core
times (parse + lint of each alone) and the core's own `check_pack`, in the same run. Each document
is analysed twice in the service (facts, then lint with the pack's facts: worker/pack_pipeline.py),
so one worker takes longer than the sum; two share the documents.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACK = sorted((REPO.parent / "shared" / "corpus" / "tenders").glob("uk-ccs-gcloud15-*"))
sys.path.insert(0, str(REPO))

WORDS = (
    "the supplier shall provide maintain and support the service in accordance with specification contract "
    "authority council tender bidder must ensure that all data is held securely within agreed timescales "
    "insurance liability payment invoice days performance monitoring reporting social value price quality"
).split()
CLAUSES = (
    "The Supplier shall hold professional indemnity insurance of not less than £10,000,000.",
    "Bidders must have an annual turnover of at least £5,000,000 in each of the last three years.",
    "The Supplier shall indemnify the Authority against all losses without limit.",
    "Payment will be made within 60 days of receipt of a valid invoice.",
    "The solution must use Microsoft Dynamics 365 or equivalent.",
    "The Authority may terminate this Contract at any time for convenience.",
)


def tender_pdf(pages: int = 100, seed: int = 7) -> bytes:
    """A tender-like PDF: numbered headings and clauses, with phrases the rules look for."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    width, height = A4
    for page in range(1, pages + 1):
        y = height - 72
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(72, y, f"{page}. Section {page}: Requirements")
        y -= 28
        for clause in range(1, 12):
            pdf.setFont("Helvetica", 10)
            text = CLAUSES[(page + clause) % len(CLAUSES)] if clause % 4 == 0 else " ".join(rng.choice(WORDS) for _ in range(30)).capitalize() + "."
            line = f"{page}.{clause} "
            for word in text.split():
                if pdf.stringWidth(line + word, "Helvetica", 10) > width - 144:
                    pdf.drawString(72, y, line)
                    y, line = y - 13, ""
                line += word + " "
            pdf.drawString(72, y, line)
            y -= 20
        pdf.drawString(width / 2 - 20, 36, f"Page {page}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def core_seconds(data: bytes, runs: int) -> tuple[float, int, int]:
    from tenderlint.engine import Linter
    from tenderlint.parse import parse_bytes

    linter = Linter()
    linter.lint(parse_bytes(data, "tender.pdf"))  # warm-up, as the worker is warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        document = parse_bytes(data, "tender.pdf")
        report = linter.lint(document)
        times.append(time.perf_counter() - start)
    return statistics.median(times), document.pages or 0, len(report.findings)


def pack_core_seconds(files: Sequence[Path], runs: int) -> tuple[float, float]:
    """The median sum of each document's parse + lint alone, and of the core's `check_pack` of them."""
    from tenderlint.engine import Linter
    from tenderlint.pack import PackSource, check_pack
    from tenderlint.pack.members import Member
    from tenderlint.parse import parse_bytes

    linter = Linter()
    blobs = [(path.name, path.read_bytes()) for path in files]
    source = PackSource("pack", tuple(Member(name, data) for name, data in blobs))
    check_pack(linter, source)  # warm-up
    sums, packs = [], []
    for _ in range(runs):
        start = time.perf_counter()
        for name, data in blobs:
            linter.lint(parse_bytes(data, name))
        sums.append(time.perf_counter() - start)
        start = time.perf_counter()
        check_pack(linter, source)
        packs.append(time.perf_counter() - start)
    return statistics.median(sums), statistics.median(packs)


class Service:
    """Redis, a SQLite database and a worker with N processes, all in a temporary folder."""

    def __init__(self, folder: Path) -> None:
        from service.local_redis import start_local_redis

        self.redis = start_local_redis(folder / "redis")
        os.environ.update(
            TENDERLINT_INSTANCE_DIR=str(folder / "instance"),
            TENDERLINT_REDIS_URL=self.redis.url,
            TENDERLINT_DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite'}",
        )
        from service import create_app
        from service.accounts import create_organisation, create_user
        from service.db import db, upgrade

        self.app = create_app()
        upgrade(self.app)
        self.context = self.app.app_context()
        self.context.push()
        self.user = create_user(create_organisation("Bench"), "bench@example.org", "bench-password-1")
        db.session.commit()
        self.worker: subprocess.Popen[bytes] | None = None
        self.inside: list[float] = []

    def start_worker(self, processes: int) -> None:
        self.stop_worker()
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "tenderlint", "worker", "--concurrency", str(processes), "--loglevel", "WARNING"],
            env=dict(os.environ), stdout=subprocess.DEVNULL, start_new_session=True,
        )
        self.run([b"# Warm-up\n\nThe supplier shall provide the service.\n"] * processes, "warm-up.md")

    def stop_worker(self) -> None:
        if self.worker is not None:
            self.worker.terminate()  # Celery's main process stops its pool itself
            self.worker.wait(30)
            self.worker = None

    def run(self, files: list[bytes], name: str = "tender.pdf") -> float:
        """Seconds from the first upload until every job is done (the worker's own parse + lint
        time per job is kept in `self.inside`)."""
        from service.db import db
        from service.models import Job
        from service.uploads import accept_upload

        start = time.perf_counter()
        ids = [accept_upload(self.user, name, data, {}).job.id for data in files]
        while True:
            db.session.rollback()
            statuses = [db.session.get(Job, job_id, populate_existing=True).status for job_id in ids]
            if "failed" in statuses:
                raise RuntimeError(f"a benchmark job failed: {statuses}")
            if all(status == "done" for status in statuses):
                elapsed = time.perf_counter() - start
                jobs = [db.session.get(Job, job_id) for job_id in ids]
                self.inside.append(statistics.mean((job.parse_ms or 0) + (job.lint_ms or 0) for job in jobs) / 1000)
                return elapsed
            time.sleep(0.01)

    def run_pack(self, files: Sequence[Path]) -> float:
        """Seconds from the pack's upload until its pack report is stored."""
        from service.db import db
        from service.pack_models import PackVersion
        from service.packs import accept_pack

        start = time.perf_counter()
        version_id = accept_pack(self.user, [(path.name, path.read_bytes()) for path in files], {}).version.id
        while True:
            db.session.rollback()
            status = db.session.get(PackVersion, version_id, populate_existing=True).status
            if status == "failed":
                raise RuntimeError("the benchmark pack failed")
            if status == "done":
                return time.perf_counter() - start
            time.sleep(0.01)

    def close(self) -> None:
        self.stop_worker()
        self.context.pop()
        os.killpg(self.redis.process.pid, 15)
        self.redis.process.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pack", type=Path, nargs="+", default=PACK, help="the files of one tender pack")
    parser.add_argument("--pack-only", action="store_true", help="measure the pack only, not the 100-page PDF")
    args = parser.parse_args()
    runs = args.runs

    if not args.pack_only:
        data = tender_pdf()
        core, pages, findings = core_seconds(data, runs)
    pack_sum, pack_core = pack_core_seconds(args.pack, runs)
    with tempfile.TemporaryDirectory(prefix="tenderlint-bench-") as folder:
        service = Service(Path(folder))
        try:
            service.start_worker(1)
            service.inside.clear()
            if not args.pack_only:
                one = statistics.median(service.run([data]) for _ in range(runs))
                inside = statistics.median(service.inside)
            pack_one = statistics.median(service.run_pack(args.pack) for _ in range(runs))
            service.start_worker(2)
            if not args.pack_only:
                pair = statistics.median(service.run([data, data]) for _ in range(runs))
                single_on_two = statistics.median(service.run([data]) for _ in range(runs))
            pack_two = statistics.median(service.run_pack(args.pack) for _ in range(runs))
        finally:
            service.close()

    if not args.pack_only:
        print(f"generated PDF: {pages} pages, {len(data) / 1024:.0f} KiB, {findings} findings; median of {runs} runs")
        print(f"{'':<46}{'seconds':>9}{'docs/min':>10}")
        print(f"{'core: parse_bytes + Linter.lint (in process)':<46}{core:>9.2f}{60 / core:>10.1f}")
        print(f"{'service, 1 worker process, 1 document':<46}{one:>9.2f}{60 / one:>10.1f}")
        print(f"{'service, 2 worker processes, 2 documents':<46}{pair:>9.2f}{120 / pair:>10.1f}")
        print(f"{'service, 2 worker processes, 1 document':<46}{single_on_two:>9.2f}{60 / single_on_two:>10.1f}")
        print(f"overhead, 1 worker: {one / core:.2f}x the core time (+{(one - core) * 1000:.0f} ms per document)")
        print(f"  the worker's own parse + lint of that document took {inside:.2f} s, so the service's share "
              f"(queue, blob, rendering 5 formats, findings, commits, polling) is {(one - inside) * 1000:.0f} ms")
        print(f"2 workers, 2 documents: {2 * one / pair:.2f}x the throughput of 1 worker")
    print(f"tender pack: {len(args.pack)} documents ({', '.join(p.name for p in args.pack)}); median of {runs} runs")
    print(f"{'core: each document parsed + linted alone, summed':<52}{pack_sum:>9.2f} s")
    print(f"{'core: check_pack (in process)':<52}{pack_core:>9.2f} s  {pack_core / pack_sum:.2f}x the sum")
    print(f"{'service, 1 worker process: upload to pack report':<52}{pack_one:>9.2f} s  {pack_one / pack_sum:.2f}x the sum")
    print(f"{'service, 2 worker processes: upload to pack report':<52}{pack_two:>9.2f} s  {pack_two / pack_sum:.2f}x the sum")


if __name__ == "__main__":
    main()
