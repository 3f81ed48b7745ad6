"""`tenderlint eval --labels`: the label files themselves, the scoring, and the CLI table.

Scoring is checked on synthetic labels and findings (no parsing, no NLP); only the quote check
parses the real labelled documents, and the CLI test lints one small document.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tenderlint.evaluation.labels import (
    DocumentLabels,
    Firing,
    LabelError,
    LabelItem,
    document_path,
    format_table,
    load_label_file,
    load_labels,
    quotes_not_found,
    score,
)
from tenderlint.parse import parse_path

from ..conftest import CORPUS, REPO

LABELS = REPO / "tests" / "corpus_labels"
LABEL_FILES = sorted(LABELS.rglob("*.yaml"))
BLIND_ROUNDS = sorted((LABELS / "blind").glob("round-*"))


# --- the label files ------------------------------------------------------------------------------


def test_there_are_at_least_ten_labelled_documents() -> None:
    assert len(LABEL_FILES) >= 10
    names = [Path(load_label_file(f).document).name for f in LABEL_FILES]
    assert len(set(names)) == len(names), "one label file per document"


def test_blind_rounds_are_folders_of_label_files_loaded_with_the_rest() -> None:
    assert BLIND_ROUNDS, "blind rounds live in tests/corpus_labels/blind/round-N"
    every = {labels.source for labels in load_labels(LABELS)}
    for folder in BLIND_ROUNDS:
        in_round = {labels.source for labels in load_labels(folder)}
        assert in_round and in_round <= every


@pytest.mark.usefixtures("corpus_dir")  # fails clearly when ../shared is missing
@pytest.mark.parametrize("path", LABEL_FILES, ids=lambda p: p.stem)
def test_label_file_is_valid_and_quotes_are_in_the_document(path: Path) -> None:
    labels = load_label_file(path)
    assert path.stem == Path(labels.document).stem, "label files are named after their document"
    beside = (path.parent / labels.document).is_file()  # a round found after the shared blind set was used
    document_file = document_path(labels)  # beside its label, else in the shared corpus
    assert document_file.is_file(), f"{labels.document} is neither in the shared corpus nor beside its label"
    if "blind" in path.parts:
        assert labels.document.startswith("blind/") or beside, "blind documents are unseen ones"
        assert labels.closed, "blind labels are exhaustive (closed)"
    if beside:
        assert (path.parent / "SOURCES.md").is_file(), "documents kept here say where they came from"
    # a closed label may expect nothing (a short plan where no rule should fire: every finding is a
    # false alarm); it still records the near misses its reader weighed
    assert labels.not_expected and (labels.expected or labels.closed)
    for item in labels.expected:
        assert item.note, f"{item.rule}: say why it should fire"
    missing = quotes_not_found(labels, parse_path(document_file).text)
    assert not missing, "quotes not in the extracted text: " + "; ".join(f"{m.rule}: {m.quote!r}" for m in missing)


def test_label_rule_ids_exist_in_the_pack() -> None:
    from tenderlint.rulepack.loader import default_pack

    known = {rule.id for rule in default_pack().rules}
    for labels in load_labels(LABELS):
        unknown = (labels.expected_rules | labels.not_expected_rules) - known
        assert not unknown, f"{labels.source.name}: unknown rules {sorted(unknown)}"


# --- loading errors -------------------------------------------------------------------------------


def _write(tmp_path: Path, text: str, name: str = "doc.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_label_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(LabelError, match="document"):
        load_label_file(_write(tmp_path, "expected: []\n"))
    with pytest.raises(LabelError, match="not a rule id"):
        load_label_file(_write(tmp_path, "document: a.md\nexpected:\n  - {rule: RISK-1, quote: x}\n"))
    with pytest.raises(LabelError, match="both expected and not expected"):
        load_label_file(
            _write(tmp_path, "document: a.md\nexpected:\n  - {rule: PP-PAY-001, quote: x}\nnot_expected:\n  - {rule: PP-PAY-001}\n")
        )
    with pytest.raises(LabelError, match="unknown keys"):
        load_label_file(_write(tmp_path, "document: a.md\nexpectd: []\n"))
    with pytest.raises(LabelError, match="does not exist"):
        load_labels(tmp_path / "missing")


# --- scoring (pure) -------------------------------------------------------------------------------


def _labels(name: str, expected=(), not_expected=(), closed: bool = False) -> DocumentLabels:
    return DocumentLabels(
        source=Path(f"{name}.yaml"),
        document=name,
        expected=tuple(LabelItem(r, q, "because") for r, q in expected),
        not_expected=tuple(LabelItem(r, "", "not here") for r in not_expected),
        closed=closed,
    )


SYNTHETIC = [
    (
        _labels(
            "a.md",
            expected=[("PP-PAY-001", "paid within 60 days"), ("PP-PAY-001", "net 90"), ("PP-RISK-001", "unlimited")],
            not_expected=["PP-PROP-001", "PP-RISK-003"],
        ),
        [
            Firing("PP-PAY-001", "Invoices will be   PAID within 60 days of approval."),
            Firing("PP-PAY-001", "Another payment sentence."),
            Firing("PP-PROP-001", "Turnover of £10m is required."),
            Firing("PP-DOC-001", ""),
        ],
    ),
    (
        _labels("b.md", expected=[("PP-RISK-001", "")], not_expected=["PP-PAY-001"]),
        [Firing("PP-RISK-001", ""), Firing("PP-TECH-001", "Microsoft Word")],
    ),
]


def test_counts_per_document_and_rule() -> None:
    result = score(SYNTHETIC)
    rules = result.rules
    assert (rules["PP-PAY-001"].tp, rules["PP-PAY-001"].fn, rules["PP-PAY-001"].fp) == (1, 0, 0)
    assert (rules["PP-RISK-001"].tp, rules["PP-RISK-001"].fn) == (1, 1)
    assert (rules["PP-PROP-001"].fp, rules["PP-PROP-001"].tp) == (1, 0)
    assert rules["PP-RISK-003"].fp == 0 and "PP-RISK-003" in rules  # not_expected and quiet: listed, nothing counted
    assert rules["PP-DOC-001"].unlabelled == 1 and rules["PP-DOC-001"].fp == 0
    assert rules["PP-TECH-001"].unlabelled == 1
    overall = result.overall
    assert (overall.tp, overall.fn, overall.fp, overall.unlabelled) == (2, 1, 1, 2)
    assert overall.precision == pytest.approx(2 / 3)
    assert overall.recall == pytest.approx(2 / 3)
    kinds = sorted((m.kind, m.document, m.rule) for m in result.misses)
    assert ("FN", "a.md", "PP-RISK-001") in kinds
    assert ("FP", "a.md", "PP-PROP-001") in kinds


def test_quote_level_matching_normalises_whitespace_and_case() -> None:
    counts = score(SYNTHETIC).rules["PP-PAY-001"]
    assert (counts.quotes, counts.quotes_matched) == (2, 1)  # "paid within 60 days" found; "net 90" not
    quote_misses = score(SYNTHETIC).quote_misses
    assert [(m.rule, m.quote) for m in quote_misses] == [("PP-PAY-001", "net 90")]


def test_closed_mode_turns_unlabelled_firings_into_false_positives() -> None:
    closed = score(SYNTHETIC, closed=True)
    assert closed.rules["PP-DOC-001"].fp == 1 and closed.rules["PP-DOC-001"].unlabelled == 0
    assert closed.overall.fp == 3
    per_document = score([(_labels("c.md", closed=True), [Firing("PP-TECH-001", "Oracle")])])
    assert per_document.rules["PP-TECH-001"].fp == 1


def test_fn_notes_carry_the_rule_status() -> None:
    result = score(SYNTHETIC, statuses={"a.md": {"PP-RISK-001": "rule not_applicable: buyer guidance"}})
    fn = next(m for m in result.misses if m.kind == "FN")
    assert "not_applicable" in fn.note


def test_thresholds() -> None:
    result = score(SYNTHETIC)
    assert result.meets()
    assert result.meets(min_precision=0.6, min_recall=0.6)
    assert not result.meets(min_precision=0.7)
    assert not result.meets(min_recall=0.9)


def test_table_lists_rules_overall_and_every_miss() -> None:
    table = format_table(score(SYNTHETIC))
    assert "PP-PAY-001" in table and "overall" in table
    assert "Overall precision 67%, recall 67%" in table
    assert 'FN PP-RISK-001 a.md: "unlimited"' in table
    assert 'FP PP-PROP-001 a.md: "Turnover of £10m is required."' in table
    assert "Unlabelled firings" in table


# --- the CLI --------------------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tenderlint", *args], capture_output=True, text=True, timeout=300, cwd=REPO)


def test_cli_prints_the_table_and_honours_thresholds(tmp_path: Path) -> None:
    labels = _write(
        tmp_path,
        "document: uk-ccs-fm2017-performance-bond.docx\n"
        "expected:\n  - {rule: PP-RISK-006, quote: a bond in the form below, note: bond on services}\n"
        "not_expected:\n  - {rule: PP-PAY-001, note: no payment terms}\n",
        "bond.yaml",
    )
    done = run("eval", "--labels", str(labels), "--corpus", str(CORPUS))
    assert done.returncode == 0, done.stderr
    assert "Labelled documents: 1" in done.stdout
    assert "overall" in done.stdout and "PP-RISK-006" in done.stdout
    impossible = run("eval", "--labels", str(labels), "--corpus", str(CORPUS), "--min-precision", "1.01")
    assert impossible.returncode == 1


def test_cli_cuad_and_labels_are_mutually_exclusive(tmp_path: Path) -> None:
    both = run("eval", "--cuad", str(tmp_path), "--labels", str(tmp_path))
    assert both.returncode == 2 and "not allowed with" in both.stderr
    neither = run("eval")
    assert neither.returncode == 2 and "required" in neither.stderr
    missing = run("eval", "--labels", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "error[bad-labels]" in missing.stderr
