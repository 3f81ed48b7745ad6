"""The `tenderlint` command: a thin shell over the core, like the web app and the worker.

Exit codes: 0 success, 1 findings at or above --fail-on (for `check`), 2 bad input or usage,
3 internal error (a bug or a broken installation: one line `error[internal-error]: ...`; set
TENDERLINT_DEBUG=1 to see the traceback).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from importlib.metadata import entry_points

from . import __version__
from .errors import INTERNAL_ERROR, TenderlintError
from .model import Document, Finding
from .parse import parse_path
from .report.document import document_json, document_text

if TYPE_CHECKING:
    from .engine import Linter

# Commands that need the service (`serve`, `worker`) are added by the packages that own them,
# through this entry-point group in pyproject.toml: the core never imports Flask or Celery.
COMMAND_PLUGINS = "tenderlint.commands"
EXIT_INTERNAL_ERROR = 3  # distinct from 1 ("findings found"), so a crash never reads as a verdict

def _cmd_extract(args: argparse.Namespace) -> int:
    document = parse_path(args.file)
    if args.format == "json":
        json.dump(document_json(document), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(document_text(document) + "\n")
    return 0


def _money(text: str) -> float:
    from .quantities import parse_money

    value = parse_money(text)
    if value is None:
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(f"not an amount of money: {text!r} (try 250000 or £250k)") from None
    return value


_FAIL_LEVELS = {"error": ("error",), "warning": ("error", "warning"), "info": ("error", "warning", "info")}


def _cmd_check(args: argparse.Namespace) -> int:
    from .engine import LintConfig, Linter
    from .report import RENDERERS

    facts: dict[str, object] = {}
    if args.value is not None:
        facts["value_total"] = args.value
    if args.regime:
        facts["regime"] = args.regime
    config = LintConfig(
        profile=args.profile,
        enable=tuple(args.enable or ()),
        disable=tuple(args.disable or ()),
        facts=facts,
    )
    if args.annotate is not None:
        from .annotate import ANNOTATABLE, CannotAnnotate
        from .parse import sniff

        if len(args.files) != 1:
            print("error[usage]: --annotate takes exactly one FILE.", file=sys.stderr)
            return 2
        fmt = sniff(args.files[0].read_bytes(), args.files[0].name)
        if fmt not in ANNOTATABLE:
            raise CannotAnnotate(f"{args.files[0].name} is {fmt.upper()}; --annotate can write DOCX and PDF files only.")
    linter = Linter(config=config)
    gc.freeze()  # the compiled pack lives all run: keep the collector from re-walking it (as the worker does)
    if args.pack is not None:
        return _check_pack(args, linter)
    reports = [linter.lint(parse_path(path)) for path in args.files]
    sys.stdout.write(RENDERERS[args.format](reports).rstrip("\n") + "\n")
    if args.annotate is not None:
        _write_annotated(args, reports[0].document, reports[0].findings)
    failing = _FAIL_LEVELS[args.fail_on]
    return 1 if any(f.severity in failing for r in reports for f in r.findings) else 0


def _write_annotated(args: argparse.Namespace, document: Document, findings: Sequence[Finding]) -> None:
    """`--annotate OUT`: the checked file with its findings as Word comments or PDF highlights."""
    from .annotate import annotate, notes_for

    notes = notes_for([f.to_json() for f in findings], serious_only=args.annotate_serious)
    result = annotate(args.files[0].read_bytes(), document, notes)
    args.annotate.write_bytes(result.data)
    missed = f"; {len(result.unplaced)} passage(s) not found in the file" if result.unplaced else ""
    print(f"{args.annotate}: {len(result.placed)} finding(s) annotated{missed}", file=sys.stderr)


def _check_pack(args: argparse.Namespace, linter: Linter) -> int:
    """`check --pack DIR|ZIP`: every document's report, then the pack's (refused members are listed, not fatal)."""
    from .pack import check_pack, read_pack
    from .report import PACK_RENDERERS

    pack = check_pack(linter, read_pack(args.pack))
    sys.stdout.write(PACK_RENDERERS[args.format](pack).rstrip("\n") + "\n")
    return 1 if any(f.severity in _FAIL_LEVELS[args.fail_on] for f in pack.all_findings()) else 0


def _cmd_gates(args: argparse.Namespace) -> int:
    """`gates FILE --profile P`: can this firm bid? (tenderlint/gates, tenderlint/effort)."""
    from .gates.command import run_gates

    return run_gates(args)


def _cmd_rules(args: argparse.Namespace) -> int:
    from .rulepack.docs import render_rules
    from .rulepack.loader import default_pack

    pack = default_pack()
    if args.id and pack.get(args.id) is None:
        print(f"error[unknown-rule]: no rule {args.id!r}; run `tenderlint rules` for the list.", file=sys.stderr)
        return 2
    sys.stdout.write(render_rules(pack, args.id, args.format).rstrip("\n") + "\n")
    return 0


def _cmd_test_rules(args: argparse.Namespace) -> int:
    from .rulepack.fixtures import run_cases
    from .rulepack.loader import default_pack

    results = run_cases(default_pack(str(args.rules) if args.rules else None), args.id)
    failed = [r for r in results if not r.passed]
    for result in failed:
        print(f"FAIL {result.case.origin}: {result.problem} on: {result.case.text}")
    todo = sum(1 for r in results if r.case.todo)
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed" + (f" ({todo} known misses recorded)" if todo else ""))
    return 1 if failed else 0


def _cmd_eval(args: argparse.Namespace) -> int:
    if args.labels is not None:
        return _cmd_eval_labels(args)
    from .evaluation.cuad import evaluate_cuad, format_table

    if not (args.cuad / "master_clauses.csv").is_file():
        print(f"error[usage]: {args.cuad} has no master_clauses.csv; point --cuad at a CUAD v1 folder.", file=sys.stderr)
        return 2
    sys.stdout.write(format_table(evaluate_cuad(args.cuad, args.limit)) + "\n")
    return 0


def _cmd_eval_labels(args: argparse.Namespace) -> int:
    """A measurement: exit 0 unless --min-precision / --min-recall are given and not met."""
    from .evaluation.labels import evaluate_labels, format_table

    result = evaluate_labels(args.labels, corpus=args.corpus, closed=args.closed)
    sys.stdout.write(format_table(result) + "\n")
    return 0 if result.meets(args.min_precision, args.min_recall) else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tenderlint", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"tenderlint {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="print the document model of a file")
    extract.add_argument("file", type=Path)
    extract.add_argument("--format", choices=("json", "text"), default="json")
    extract.set_defaults(run=_cmd_extract)

    check = commands.add_parser("check", help="lint documents against the rule pack")
    check.add_argument("files", nargs="*", type=Path, metavar="FILE")
    check.add_argument("--pack", type=Path, metavar="DIR|ZIP",
                       help="the files of one tender (a folder or a zip): each document's report and one pack report")
    check.add_argument("--format", choices=("text", "json", "sarif", "csv", "html", "questions"), default="text",
                       help="questions: clarification questions a supplier could send the buyer (Markdown)")
    check.add_argument("--profile", help="uk-pcr-2015, uk-procurement-act-2023 or good-practice")
    check.add_argument("--value", type=_money, help="estimated total contract value, e.g. 250000 or £250k")
    check.add_argument("--regime", choices=("pcr-2015", "pa-2023", "non-uk"), help="override the detected regime")
    check.add_argument("--fail-on", choices=("error", "warning", "info"), default="error")
    check.add_argument("--enable", action="append", metavar="RULE", help="enable a rule (repeatable)")
    check.add_argument("--disable", action="append", metavar="RULE", help="disable a rule (repeatable)")
    check.add_argument("--annotate", type=Path, metavar="OUT",
                       help="write a copy of FILE (DOCX or PDF) with each finding as a comment or highlight")
    check.add_argument("--annotate-serious", action="store_true", help="annotate errors and warnings only")
    check.set_defaults(run=_cmd_check)

    gates = commands.add_parser("gates", help="a supplier's standing against a tender's gates, and the bid effort")
    gates.add_argument("file", type=Path)
    gates.add_argument("--profile", type=Path, required=True, metavar="PROFILE.yaml", help="the supplier's profile (YAML)")
    gates.add_argument("--value", type=_money, help="estimated total contract value, e.g. 250000 or £250k")
    gates.add_argument("--format", choices=("text", "json"), default="text")
    gates.set_defaults(run=_cmd_gates)

    rules = commands.add_parser("rules", help="list the rules, or show one rule's documentation")
    rules.add_argument("id", nargs="?")
    rules.add_argument("--format", choices=("text", "json", "md"), default="text")
    rules.set_defaults(run=_cmd_rules)

    test_rules = commands.add_parser("test-rules", help="run every rule's examples and fixture")
    test_rules.add_argument("id", nargs="?")
    test_rules.add_argument("--rules", type=Path, metavar="DIR", help="a rule pack folder other than the shipped rules/")
    test_rules.set_defaults(run=_cmd_test_rules)

    evaluate = commands.add_parser("eval", help="measure clause tagging (CUAD) or the rules (hand labels) against a corpus")
    source = evaluate.add_mutually_exclusive_group(required=True)
    source.add_argument("--cuad", type=Path, metavar="DIR", help="a CUAD v1 folder (master_clauses.csv)")
    source.add_argument("--labels", type=Path, metavar="FILE_OR_DIR", help="rule labels, e.g. tests/corpus_labels")
    evaluate.add_argument("--limit", type=int, help="only the first N contracts (by file name; --cuad)")
    evaluate.add_argument("--corpus", type=Path, metavar="DIR", help="where labelled documents live (default ../shared/corpus/tenders)")
    evaluate.add_argument("--closed", action="store_true", help="labels are exhaustive: every unlabelled firing is a false positive")
    evaluate.add_argument("--min-precision", type=float, metavar="P", help="exit 1 if overall precision is below P (0-1)")
    evaluate.add_argument("--min-recall", type=float, metavar="R", help="exit 1 if overall recall is below R (0-1)")
    evaluate.set_defaults(run=_cmd_eval)

    for plugin in sorted(entry_points(group=COMMAND_PLUGINS), key=lambda p: p.name):
        plugin.load()(commands)  # e.g. service.serve:add_parser adds `tenderlint serve`

    from .readiness.commands import add_parser as add_readiness_parser

    add_readiness_parser(commands)  # `tenderlint readiness template|summary|compare|chart`
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check" and (args.pack is None) == (not args.files):
        parser.error("check takes FILE... or --pack DIR|ZIP (one of the two)")
    if args.command == "check" and args.pack is not None and args.format not in ("text", "json", "sarif"):
        parser.error(f"--format {args.format} is not available with --pack (text, json or sarif)")
    try:
        return int(args.run(args))
    except KeyError as exc:  # unknown profile or rule named on the command line
        print(f"error[usage]: {exc.args[0]}", file=sys.stderr)
        return 2
    except TenderlintError as exc:
        print(f"error[{exc.code}]: {exc.message}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"error[file-not-found]: {exc.filename} does not exist.", file=sys.stderr)
        return 2
    except IsADirectoryError as exc:
        print(f"error[file-not-found]: {exc.filename} is a directory, not a file.", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception as exc:  # not bad input: a bug or a broken installation
        if os.environ.get("TENDERLINT_DEBUG"):
            traceback.print_exc()
        detail = (str(exc).strip().splitlines() or [""])[0]
        print(f"error[{INTERNAL_ERROR}]: {type(exc).__name__}: {detail}", file=sys.stderr)
        return EXIT_INTERNAL_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
