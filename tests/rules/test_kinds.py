"""Check kinds as a contract: named modules, declared parameters, generated docs, unit tests, and
rule files that fail to load (with their file and line) when they break the contract."""

from __future__ import annotations

import ast
import inspect
import shutil
import string
import sys
from pathlib import Path

import jsonschema
import pytest

from tenderlint.checks import KINDS
from tenderlint.checks.base import Check
from tenderlint.checks.params import SHARED
from tenderlint.cli import main
from tenderlint.errors import RuleError
from tenderlint.rulepack.loader import DEFAULT_RULES_DIR, load_pack
from tenderlint.rulepack.schema import rule_schema, schema_text, with_kinds_table

REPO = Path(__file__).resolve().parents[2]
PACK = load_pack()
BASE_READS = {"unless", "unless_affirmed", "guards", "include_headings", "elsewhere", "skip_roles"}  # Check.__init__ reads these


def _code_of(cls: type[Check]) -> list[ast.AST]:
    """The syntax trees of the kind's module and its parents' (not the shared base)."""
    return [ast.parse(inspect.getsource(sys.modules[k.__module__])) for k in cls.__mro__ if k not in (Check, object)]


def _params_read(cls: type[Check]) -> set[str]:
    """Every `params["x"]` / `params.get("x")` in the kind's own module (a parent's may be overridden)."""
    read: set[str] = set()
    for tree in _code_of(cls)[:1]:
        for node in ast.walk(tree):
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "params":
                target = node.slice
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
                  and isinstance(node.func.value, ast.Name) and node.func.value.id == "params" and node.args):
                target = node.args[0]
            else:
                continue
            if isinstance(target, ast.Constant) and isinstance(target.value, str):
                read.add(target.value)
    return read


def _named_in_code(cls: type[Check]) -> set[str]:
    """Strings the kind's code uses, leaving out its `parameters` declaration."""
    names: set[str] = set()
    for tree in _code_of(cls):
        declarations = {id(n) for node in ast.walk(tree) if isinstance(node, ast.Assign)
                        and any(getattr(t, "id", "") == "parameters" for t in node.targets) for n in ast.walk(node)}
        names |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in declarations}
    return names


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_kind_lives_in_the_module_named_after_it(kind: str) -> None:
    assert KINDS[kind].__module__ == f"tenderlint.checks.{kind}"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_kind_declares_what_it_reads_and_documents_it(kind: str) -> None:
    cls = KINDS[kind]
    declared = set(cls.parameters)
    read = _params_read(cls)
    assert read <= declared, f"{kind} reads undeclared parameters {sorted(read - declared)}"
    unused = declared - _named_in_code(cls) - BASE_READS
    assert not unused, f"{kind} declares parameters its code never names: {sorted(unused)}"
    assert cls.fires and all(param.doc for param in cls.parameters.values())


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_kind_has_a_unit_test_file_that_runs_it(kind: str) -> None:
    path = REPO / "tests" / "core" / f"test_checks_{kind}.py"
    assert path.exists(), f"no unit tests for kind {kind}: write {path.relative_to(REPO)}"
    tree = ast.parse(path.read_text())
    runs = [
        node for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "linter"
        and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value == kind
    ]
    assert runs and any(n.name.startswith("test_") for n in tree.body if isinstance(n, ast.FunctionDef))


@pytest.mark.parametrize("rule", PACK.rules, ids=lambda r: r.id)
def test_every_message_placeholder_is_filled_by_the_kind(rule) -> None:
    used = {name for text in (rule.message, rule.fix, rule.question) for _, name, _, _ in string.Formatter().parse(text) if name}
    missing = used - KINDS[rule.kind].filled(rule.params)
    assert not missing, f"{rule.id}: kind {rule.kind} does not fill {sorted(missing)}"


def test_composite_fills_only_what_every_branch_fills() -> None:
    labelled = {"kind": "phrase", "terms": ["x"], "label": "a"}
    assert KINDS["composite"].filled({"any": [labelled, {"kind": "phrase", "terms": ["y"]}]}) == {"match"}
    assert KINDS["composite"].filled({"any": [labelled, {"kind": "threshold", "trigger": ["y"]}]}) == set()
    assert KINDS["composite"].filled({"any": [labelled, {"kind": "absence", "require_any": ["y"], "label": "b"}]}) == {"detail"}


def test_committed_schema_and_kinds_table_are_generated_from_the_kinds() -> None:
    jsonschema.Draft202012Validator.check_schema(rule_schema())
    assert (DEFAULT_RULES_DIR / "schema.json").read_text() == schema_text(), "run scripts/generate_rule_docs.py"
    readme = (DEFAULT_RULES_DIR / "README.md").read_text()
    assert with_kinds_table(readme) == readme, "run scripts/generate_rule_docs.py"
    for kind, cls in KINDS.items():
        assert f"| `{kind}` |" in readme and all(f"`{name}`" in readme for name in cls.parameters)
    assert all(f"- `{name}`" in readme for name in SHARED)


def _pack_with(tmp_path: Path, file: str, old: str, new: str) -> tuple[Path, Path]:
    """A copy of the pack with one edit in one file: (the pack's root, the edited file)."""
    root = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, root)
    path = root / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return root, path


def _line(path: Path, text: str) -> int:
    return path.read_text().splitlines().index(text) + 1


def test_misspelt_parameter_fails_test_rules_naming_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, path = _pack_with(tmp_path, "prop/turnover-above-twice-value.yaml", "  minimums_only: true", "  minimum_only: true")
    line = _line(path, "  minimum_only: true")
    assert main(["test-rules", "--rules", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:{line}: params.minimum_only: not a parameter of kind 'threshold'" in err
    assert "did you mean 'minimums_only'?" in err


def test_missing_parameter_fails_at_load_naming_file_and_line(tmp_path: Path) -> None:
    root, path = _pack_with(tmp_path, "prop/turnover-above-twice-value.yaml", "  quantity: money\n", "")
    line = _line(path, "params:")
    with pytest.raises(RuleError) as caught:
        load_pack(root)
    assert str(caught.value).startswith(f"{path}:{line}: params: kind 'threshold' requires the parameter 'quantity'")


def test_misspelt_branch_parameter_and_nested_composite(tmp_path: Path) -> None:
    root, path = _pack_with(tmp_path, "risk/broad-indemnity.yaml", "      scope: clause\n", "      scop: clause\n")
    line = _line(path, "      scop: clause")
    with pytest.raises(RuleError, match=rf"broad-indemnity.yaml:{line}: params.any.0.scop: not a parameter of kind 'cooccurrence'"):
        load_pack(root)
    root, path = _pack_with(tmp_path / "b", "risk/broad-indemnity.yaml", "    - kind: cooccurrence", "    - kind: composite")
    line = _line(path, "    - kind: composite")
    with pytest.raises(RuleError, match=rf"broad-indemnity.yaml:{line}: unknown check kind 'composite'"):
        load_pack(root)


def test_a_group_named_outside_all_fails_at_load(tmp_path: Path) -> None:
    root, path = _pack_with(tmp_path, "risk/broad-indemnity.yaml", "      scope: clause\n", "      scope: clause\n      negated: {indemnty: exclude}\n")
    line = _line(path, "      negated: {indemnty: exclude}")
    with pytest.raises(RuleError, match=rf"broad-indemnity.yaml:{line}: params.any.0.negated: negated names 'indemnty'"):
        load_pack(root)


def test_profile_params_are_checked_against_the_rule_kind(tmp_path: Path) -> None:
    override = "params:\n  PP-PROP-001:\n    minimum_only: true\nseverity:\n"
    root, path = _pack_with(tmp_path, "profiles/uk-procurement-act-2023.yaml", "severity:\n", override)
    line = _line(path, "    minimum_only: true")
    with pytest.raises(RuleError, match=rf"uk-procurement-act-2023.yaml:{line}: params.PP-PROP-001.minimum_only: not a parameter"):
        load_pack(root)
    path.write_text(path.read_text().replace("minimum_only: true", "minimums_only: false"))
    assert load_pack(root).profiles["uk-procurement-act-2023"].params == {"PP-PROP-001": {"minimums_only": False}}


def test_a_known_miss_that_now_fires_fails_until_promoted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixture = "prop/turnover-above-twice-value.fixture.txt"
    text = (DEFAULT_RULES_DIR / fixture).read_text()
    first = next(line for line in text.splitlines() if line.startswith("# ruleid: PP-PROP-001"))
    root, path = _pack_with(tmp_path, fixture, first, first.replace("# ruleid:", "# todoruleid:"))
    line = _line(path, first.replace("# ruleid:", "# todoruleid:"))
    assert main(["test-rules", "PP-PROP-001", "--rules", str(root)]) == 1
    out = capsys.readouterr().out
    assert f"FAIL {path}:{line + 1}: PP-PROP-001 now gets this known miss right: promote `# todoruleid` to `# ruleid`" in out
    path.write_text(text)
    assert main(["test-rules", "PP-PROP-001", "--rules", str(root)]) == 0
