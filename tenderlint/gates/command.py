"""The `tenderlint gates` command: lint the file (for the rules' objections and the deadline),
read the profile, print the gates, the effort and the questions. Exit 0, or 1 if a gate is failed."""

from __future__ import annotations

import argparse
import json
import sys

import yaml

from ..engine import LintConfig, Linter
from ..effort import estimate_effort
from ..parse import parse_path
from .check import check_gates
from .compare import FAILS
from .profile import ProfileError, SupplierProfile
from .questions import gate_questions
from .render import bid_json, bid_text


def read_profile(path: str) -> SupplierProfile:
    with open(path, encoding="utf-8") as stream:
        try:
            data = yaml.safe_load(stream)
        except yaml.YAMLError as exc:
            raise ProfileError(f"{path} is not valid YAML: {exc}") from None
    try:
        return SupplierProfile.from_mapping(data)
    except ProfileError as exc:
        raise ProfileError(f"{path}: {exc.message}") from None


def run_gates(args: argparse.Namespace) -> int:
    profile = read_profile(str(args.profile))
    document = parse_path(args.file)
    facts = {"value_total": args.value} if args.value is not None else {}
    report = Linter(config=LintConfig(facts=facts)).lint(document)
    findings = [f.to_json() for f in report.findings]
    context = report.context.to_json()
    value = report.context.get("value_total")
    results = check_gates(document, profile, findings, float(value) if isinstance(value, (int, float)) else None)
    estimate = estimate_effort(document, [r.gate for r in results], context)
    questions = gate_questions(results, findings)
    if args.format == "json":
        json.dump(bid_json(results, estimate, questions), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(bid_text(args.file.name, results, estimate, questions))
    return 1 if any(r.standing.status == FAILS for r in results) else 0
