"""Load and validate the rule pack: schema, unique ids, known check kinds.

Every error names the file and line so a procurement specialist editing YAML can find it.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from ..errors import RuleError
from .model import Profile, Rule, RulePack, Source

DEFAULT_RULES_DIR = Path(__file__).resolve().parents[2] / "rules"


def _line_of(node: yaml.Node | None, path: list[Any]) -> int | None:
    """1-based line of the value at `path` inside a composed YAML node tree."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    text = path.read_text(encoding="utf-8")
    try:
        return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RuleError(f"invalid YAML: {getattr(exc, 'problem', exc)}", str(path), mark.line + 1 if mark else None) from exc


@lru_cache(maxsize=1)
def _schema(root: str) -> dict[str, Any]:
    return json.loads((Path(root) / "schema.json").read_text(encoding="utf-8"))


VOCABULARY_FILE = "vocabulary.yaml"
MEASURED_FILE = "measured.yaml"


def load_measured(root: Path) -> dict[str, dict[str, Any]]:
    """Per-rule measured precision and recall (`rules/measured.yaml`, from scripts/measure_rules.py)."""
    path = root / MEASURED_FILE
    if not path.exists():
        return {}
    data, _ = _read_yaml(path)
    rules = (data or {}).get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, dict):
        raise RuleError("measured.yaml needs a `rules` mapping", str(path), 1)
    return {str(rule): dict(figures or {}) for rule, figures in rules.items()}


def load_vocabulary(root: Path) -> dict[str, tuple[str, ...]]:
    """Named term sets (`rules/vocabulary.yaml`) that any term list can include as "@name"."""
    path = root / VOCABULARY_FILE
    if not path.exists():
        return {}
    data, _ = _read_yaml(path)
    if not isinstance(data, dict) or not all(isinstance(v, list) and all(isinstance(t, str) for t in v) for v in data.values()):
        raise RuleError("the vocabulary maps names to lists of terms", str(path), 1)
    return {str(name): tuple(terms) for name, terms in data.items()}


def expand_vocabulary(value: Any, vocabulary: dict[str, tuple[str, ...]], where: str) -> Any:
    """`value` with every "@name" item of a list replaced by that term set's terms."""
    if isinstance(value, dict):
        return {key: expand_vocabulary(item, vocabulary, where) for key, item in value.items()}
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            if isinstance(item, str) and item.startswith("@"):
                if item[1:] not in vocabulary:
                    raise RuleError(f"unknown term set {item!r}; known: {', '.join(sorted(vocabulary)) or 'none'}", where)
                out.extend(vocabulary[item[1:]])
            else:
                out.append(expand_vocabulary(item, vocabulary, where))
        return out
    return value


def load_rule(
    path: Path,
    schema: dict[str, Any],
    kinds: set[str],
    vocabulary: dict[str, tuple[str, ...]] | None = None,
    measured: dict[str, dict[str, Any]] | None = None,
) -> Rule:
    data, node = _read_yaml(path)
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        where = ".".join(str(p) for p in error.absolute_path) or "(top level)"
        raise RuleError(f"{where}: {error.message}", str(path), _line_of(node, list(error.absolute_path)))
    if data["name"] != path.stem:
        raise RuleError(f"name {data['name']!r} must equal the file name {path.stem!r}", str(path), _line_of(node, ["name"]))
    if data["kind"] not in kinds:
        raise RuleError(
            f"unknown check kind {data['kind']!r}; known kinds: {', '.join(sorted(kinds))}",
            str(path),
            _line_of(node, ["kind"]),
        )
    examples = data.get("examples", {})
    return Rule(
        id=data["id"],
        name=data["name"],
        status=data.get("status", "stable"),
        severity=data["severity"],
        category=data.get("category", data["id"].split("-")[1]),
        kind=data["kind"],
        params=expand_vocabulary(data.get("params", {}), vocabulary or {}, str(path)),
        message=data["message"].strip(),
        why=data["why"].strip(),
        fix=data["fix"].strip(),
        question=" ".join(data.get("question", "").split()),
        implements=tuple(data.get("implements", ())),
        audiences=tuple(data.get("audiences", ("buyer",))),
        doc_types=tuple(data.get("doc_types", ())),
        jurisdiction=data.get("jurisdiction", "anywhere"),
        legal=data.get("legal", {}),
        sources=tuple(Source(**s) for s in data.get("sources", ())),
        examples={
            "bad": tuple(examples.get("bad", ())),
            "good": tuple(examples.get("good", ())),
            "facts": dict(examples.get("facts", {})),
        },
        path=str(path),
        measured=(measured or {}).get(data["id"], {}),
    )


def load_profile(path: Path) -> Profile:
    data, node = _read_yaml(path)
    if not isinstance(data, dict) or "name" not in data:
        raise RuleError("a profile needs at least a name", str(path), 1)
    return Profile(
        name=data["name"],
        description=data.get("description", ""),
        enable=tuple(data.get("enable", ())),
        disable=tuple(data.get("disable", ())),
        severity=data.get("severity", {}),
        params=data.get("params", {}),
        facts=data.get("facts", {}),
    )


def load_pack(root: str | Path = DEFAULT_RULES_DIR) -> RulePack:
    """Read every rule under `root`; raise RuleError on the first invalid file."""
    from ..checks import KINDS  # the closed set of check kinds

    root = Path(root)
    schema = _schema(str(root))
    digest = hashlib.sha256()
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    vocabulary = load_vocabulary(root)
    measured = load_measured(root)
    for shared in (VOCABULARY_FILE, MEASURED_FILE):
        if (root / shared).exists():
            digest.update((root / shared).read_bytes())
    for path in sorted(root.glob("*/*.yaml")):
        if path.parent.name == "profiles":
            continue
        digest.update(path.read_bytes())
        rule = load_rule(path, schema, set(KINDS), vocabulary, measured)
        if rule.id in seen:
            raise RuleError(f"duplicate rule id {rule.id} (also in {seen[rule.id]})", str(path), 1)
        seen[rule.id] = str(path)
        fixture = path.with_suffix(".fixture.txt")
        if fixture.exists():
            digest.update(fixture.read_bytes())
        rules.append(rule)
    profiles = {}
    for path in sorted((root / "profiles").glob("*.yaml")):
        digest.update(path.read_bytes())
        profile = load_profile(path)
        for rule_id in (*profile.enable, *profile.disable, *profile.severity, *profile.params):
            if rule_id not in seen:
                raise RuleError(f"profile names unknown rule {rule_id}", str(path))
        profiles[profile.name] = profile
    return RulePack(rules=tuple(rules), profiles=profiles, root=str(root), digest=digest.hexdigest())


@lru_cache(maxsize=4)
def default_pack(root: str | None = None) -> RulePack:
    """The pack shipped in `rules/`, loaded once per process."""
    return load_pack(root or DEFAULT_RULES_DIR)
