#!/usr/bin/env python3
"""Snapshot every finding on a set of documents, and diff two snapshots.

Rule changes are judged corpus-wide, never on the one document that prompted them:

    scripts/corpus_findings.py snapshot ../shared/corpus/tenders ../shared/corpus/blind tests/corpus_labels/blind/round-* -o /tmp/before.json
    ... change a rule ...
    scripts/corpus_findings.py snapshot ../shared/corpus/tenders -o /tmp/after.json
    scripts/corpus_findings.py diff /tmp/before.json /tmp/after.json

A finding is identified by (document, rule, quote); the diff lists the findings gone and new, and
rules whose status changed (flagged, passed, not applicable, could not check).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tenderlint.engine import Linter
from tenderlint.errors import TenderlintError
from tenderlint.parse import parse_path


# A blind round keeps its label files and SOURCES.md beside its documents (tests/corpus_labels/blind/round-N).
_NOT_DOCUMENTS = {".yaml", ".yml"}
_NOTES = {"SOURCES.md", "README.md"}


def _is_document(path: Path) -> bool:
    return path.suffix.lower() not in _NOT_DOCUMENTS and path.name not in _NOTES


def documents(paths: list[Path]) -> list[Path]:
    """The documents named, or held in the folders named (labels and notes left out), sorted."""
    return sorted(f for p in paths for f in (sorted(p.iterdir()) if p.is_dir() else [p]) if f.is_file() and _is_document(f))


def snapshot(paths: list[Path]) -> dict[str, dict]:
    linter = Linter()
    out: dict[str, dict] = {}
    files = documents(paths)
    for file in files:
        try:
            report = linter.lint(parse_path(file))
        except TenderlintError as exc:
            out[file.name] = {"error": str(exc)}
            continue
        out[file.name] = {
            # a finding and each further place of its cause, so grouping changes no entry
            "findings": [
                {"rule": f.rule_id, "severity": f.severity, "quote": " ".join(quote.split())[:300], "message": f.message}
                for f in report.findings
                for quote in (f.quote, *(place.quote for place in f.also))
            ],
            "status": {r.rule_id: r.status for r in report.rule_results},
        }
    return out


def diff(before: dict[str, dict], after: dict[str, dict]) -> str:
    lines: list[str] = []
    gone_total = new_total = 0
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, {}), after.get(name, {})
        key = lambda f: (f["rule"], f["quote"])  # noqa: E731
        old_f = {key(f): f for f in old.get("findings", [])}
        new_f = {key(f): f for f in new.get("findings", [])}
        gone = [old_f[k] for k in old_f if k not in new_f]
        came = [new_f[k] for k in new_f if k not in old_f]
        status = [
            f"{rule}: {old.get('status', {}).get(rule)} -> {new.get('status', {}).get(rule)}"
            for rule in sorted(set(old.get("status", {})) | set(new.get("status", {})))
            if old.get("status", {}).get(rule) != new.get("status", {}).get(rule)
        ]
        if not (gone or came or status):
            continue
        lines.append(f"== {name}")
        lines += [f"  - {f['rule']} [{f['severity']}] {f['quote'][:160]}" for f in gone]
        lines += [f"  + {f['rule']} [{f['severity']}] {f['quote'][:160]}" for f in came]
        lines += [f"  ~ {s}" for s in status]
        gone_total += len(gone)
        new_total += len(came)
    lines.append(f"{gone_total} findings gone, {new_total} new")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot")
    snap.add_argument("paths", nargs="+", type=Path)
    snap.add_argument("-o", "--output", type=Path, required=True)
    cmp = sub.add_parser("diff")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "snapshot":
        args.output.write_text(json.dumps(snapshot(args.paths), indent=1, ensure_ascii=False))
        return 0
    print(diff(json.loads(args.before.read_text()), json.loads(args.after.read_text())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
