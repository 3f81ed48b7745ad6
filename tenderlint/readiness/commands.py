"""The `tenderlint readiness` subcommands; tenderlint/cli.py only registers them."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .assessment import Assessment, compare, summarise
from .chart import chart_svg
from .definitions import load_checklist
from .export import from_json
from .render import checklist_markdown, comparison_json, comparison_text, summary_json, summary_text


def _read(path: Path) -> Assessment:
    return from_json(path.read_text(encoding="utf-8"), load_checklist())


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def _template(args: argparse.Namespace) -> int:
    checklist = load_checklist()
    if args.format == "json":
        _print_json(checklist.to_data())
    elif args.format == "yaml":
        sys.stdout.write(yaml.safe_dump(checklist.to_data(), sort_keys=False, allow_unicode=True, width=100))
    else:
        sys.stdout.write(checklist_markdown(checklist))
    return 0


def _summary(args: argparse.Namespace) -> int:
    assessment = _read(args.file)
    summary = summarise(assessment, args.today)
    if args.format == "json":
        _print_json(summary_json(summary))
    else:
        sys.stdout.write(summary_text(assessment, summary))
    return 0


def _compare(args: argparse.Namespace) -> int:
    comparison = compare(_read(args.old), _read(args.new), args.today)
    if args.format == "json":
        _print_json(comparison_json(comparison))
    else:
        sys.stdout.write(comparison_text(comparison))
    return 0


def _chart(args: argparse.Namespace) -> int:
    svg = chart_svg([_read(path) for path in args.files])
    if str(args.out) == "-":
        sys.stdout.write(svg)
    else:
        args.out.write_text(svg, encoding="utf-8")
    return 0


def add_parser(commands: Any) -> None:
    """Register `readiness` and its subcommands on the main parser's subparsers."""
    readiness = commands.add_parser("readiness", help="the digital-region readiness checklist and assessments")
    sub = readiness.add_subparsers(dest="readiness_command", required=True)

    template = sub.add_parser("template", help="print the checklist definition")
    template.add_argument("--format", choices=("json", "yaml", "md"), default="md")
    template.set_defaults(run=_template)

    summary = sub.add_parser("summary", help="counts per colour and the priority list of an assessment export")
    summary.add_argument("file", type=Path, metavar="FILE.json")
    summary.add_argument("--today", type=_day, help="judge overdue targets as of this date (default: the assessment date)")
    summary.add_argument("--format", choices=("text", "json"), default="text")
    summary.set_defaults(run=_summary)

    comp = sub.add_parser("compare", help="what moved between two assessment exports")
    comp.add_argument("old", type=Path, metavar="OLD.json")
    comp.add_argument("new", type=Path, metavar="NEW.json")
    comp.add_argument("--today", type=_day, help="judge overdue targets as of this date (default: the newer date)")
    comp.add_argument("--format", choices=("text", "json"), default="text")
    comp.set_defaults(run=_compare)

    chart = sub.add_parser("chart", help="SVG: a RAG grid for one export, a trend for several")
    chart.add_argument("files", nargs="+", type=Path, metavar="FILE.json")
    chart.add_argument("--out", type=Path, default=Path("-"), help="where to write the SVG (default: standard output)")
    chart.set_defaults(run=_chart)
