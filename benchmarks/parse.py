"""PDF extraction speed and memory against pdftotext on the same files, in the same run.

Usage: .venv/bin/python benchmarks/parse.py [FILE.pdf ...]
       (default: the corpus PDFs plus a generated 100-page tender)

Each extractor runs in its own child process per file, so peak memory (ru_maxrss of that
child, via os.wait4) is its own. pdftotext is timed as a whole process, best of 3. Ours is
timed inside its child after imports: "first" is the first parse in a fresh process (lazy
loads included), "best" the best of 3. Issue: at most 10x pdftotext's time, with headings
and tables intact; the ratio line compares total time over all files.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "tenders"
RUNS = 3

_CHILD = """
import json, resource, sys, time
from tenderlint.parse import parse_bytes
data = open(sys.argv[1], "rb").read()
times = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    document = parse_bytes(data, sys.argv[1])
    times.append(time.perf_counter() - start)
print(json.dumps({"first": times[0], "best": min(times), "pages": document.pages,
                  "blocks": len(document.blocks)}))
"""


def tender_pdf(pages: int = 100) -> bytes:
    """A deterministic tender: headings, numbered clauses, a few ruled tables, header/footer."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    story: list = [Paragraph("Invitation to Tender: Highways Maintenance Services", styles["Title"])]
    clause = (
        "The Contractor shall carry out the Services in accordance with the Specification and Good "
        "Industry Practice, shall co-operate with the Council's other contractors, and shall notify "
        "the Contract Manager in writing within five Working Days of becoming aware of any matter "
        "which may delay or prevent the performance of its obligations under this Contract."
    )
    for section in range(1, pages + 1):
        story.append(Paragraph(f"{section}. Section {section} of the Conditions", styles["Heading1"]))
        for sub in range(1, 3):
            story.append(Paragraph(f"{section}.{sub} Obligations of the parties", styles["Heading2"]))
            for n in range(1, 3):
                story.append(Paragraph(f"{section}.{sub}.{n} {clause}", styles["BodyText"]))
        if section % 20 == 0:
            rows = [["Lot", "Description", "Estimated value"]]
            rows += [[f"Lot {k}", f"Area {k} resurfacing and drainage", f"£{k * 125_000:,}"] for k in range(1, 9)]
            table = Table(rows)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story.append(table)
        story.append(PageBreak())

    def furniture(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, 812, "Highways Maintenance ITT - OFFICIAL")
        canvas.drawString(72, 30, f"Page {doc.page}")

    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, invariant=1).build(story, onFirstPage=furniture, onLaterPages=furniture)
    return out.getvalue()


def _child(args: list[str]) -> tuple[float, int, str]:
    """Run a process; (wall seconds, its peak RSS in MB, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=REPO)
    stdout = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{args[0]} failed on {args[-1]}")
    return elapsed, usage.ru_maxrss // 1024, stdout.decode()


def measure(path: Path) -> dict:
    runs = [_child(["pdftotext", "-q", str(path), os.devnull]) for _ in range(RUNS)]
    ref_time = min(t for t, _, _ in runs)
    ref_mb = max(mb for _, mb, _ in runs)
    _, ours_mb, out = _child([sys.executable, "-c", _CHILD, str(path), str(RUNS)])
    ours = json.loads(out)
    return {"name": path.name, "pages": ours["pages"], "ref": ref_time, "ref_mb": ref_mb,
            "first": ours["first"], "best": ours["best"], "mb": ours_mb}


def main(paths: list[Path]) -> None:
    rows = [measure(p) for p in paths]
    head = f"{'file':<40}{'pages':>6}{'pdftotext s':>12}{'pg/s':>8}{'MB':>5}{'ours s':>9}{'first s':>9}{'pg/s':>7}{'MB':>5}{'ratio':>7}"
    print(head)
    print("-" * len(head))
    for r in rows:
        print(
            f"{r['name'][:39]:<40}{r['pages']:>6}{r['ref']:>12.3f}{r['pages'] / r['ref']:>8.0f}{r['ref_mb']:>5}"
            f"{r['best']:>9.3f}{r['first']:>9.3f}{r['pages'] / r['best']:>7.0f}{r['mb']:>5}{r['best'] / r['ref']:>6.1f}x"
        )
    pages = sum(r["pages"] for r in rows)
    ref, best, first = (sum(r[k] for r in rows) for k in ("ref", "best", "first"))
    print("-" * len(head))
    print(
        f"{'total':<40}{pages:>6}{ref:>12.3f}{pages / ref:>8.0f}{max(r['ref_mb'] for r in rows):>5}"
        f"{best:>9.3f}{first:>9.3f}{pages / best:>7.0f}{max(r['mb'] for r in rows):>5}{best / ref:>6.1f}x"
    )
    print(f"ratio ours / pdftotext (total time): {best / ref:.1f}x best, {first / ref:.1f}x first parse in a process")


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    if args:
        main(args)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            generated = Path(tmp) / "generated-tender-100p.pdf"
            generated.write_bytes(tender_pdf(100))
            main(sorted(CORPUS.glob("*.pdf")) + [generated])
