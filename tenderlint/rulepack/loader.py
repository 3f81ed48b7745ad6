"""Load and validate the rule pack: schema, unique ids, known check kinds.

Every error names the file and line so a procurement specialist editing YAML can find it.
"""

from __future__ import annotations

import difflib
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import jsonschema
import yaml

from ..errors import RuleError
from .model import Profile, Rule, RulePack, Source
from .schema import rule_schema

DEFAULT_RULES_DIR = Path(__file__).resolve().parents[2] / "rules"


def _node_at(node: yaml.Node | None, path: list[Any]) -> tuple[yaml.Node | None, yaml.Node | None]:
    """(key node, value node) of the value at `path` inside a composed YAML node tree, as far as it goes."""
    key_node = None
    for key in path:
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if k.value == key), None)
            if found is None:
                break
            key_node, node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            key_node, node = None, node.value[key]
        else:
            break
    return key_node, node


def _line_of(node: yaml.Node | None, path: list[Any], key: bool = False) -> int | None:
    """1-based line of the value at `path` (of its key, with `key=True`) inside a composed YAML node tree."""
    key_node, value_node = _node_at(node, path)
    target = key_node if key and key_node is not None else value_node
    return target.start_mark.line + 1 if target is not None else None


def _read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    text = path.read_text(encoding="utf-8")
    try:
        return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RuleError(f"invalid YAML: {getattr(exc, 'problem', exc)}", str(path), mark.line + 1 if mark else None) from exc


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


def _schema_error(
    error: jsonschema.ValidationError, kind_at: Callable[[list[Any]], str | None], prefix: tuple[Any, ...] = ()
) -> tuple[list[Any], bool, str]:
    """(path to point at, point at its key?, message) for a schema error, in a rule author's words.

    `kind_at(path)` names the kind whose parameters sit at `path` (None elsewhere); `prefix` is where
    the validated value sits in its file."""
    path = [*prefix, *error.absolute_path]
    where = ".".join(str(p) for p in path)
    kind = kind_at(path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = sorted(error.schema.get("properties", {}))
        extra = sorted(str(k) for k in error.instance if k not in known)[0]
        close = difflib.get_close_matches(extra, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        what = f"not a parameter of kind {kind!r}" if kind else "not a known key"
        return [*path, extra], True, f"{where + '.' if where else ''}{extra}: {what}{hint} (known: {', '.join(known)})"
    if error.validator == "required":
        name = next((r for r in error.validator_value if r not in error.instance), "?")
        needs = f"kind {kind!r} requires the parameter" if kind else "the key is required:"
        return path, True, f"{where or '(top level)'}: {needs} {name!r}"
    if path and path[-1] == "kind" and error.validator == "enum":
        nested = " (a composite's branch can be any other kind)" if len(path) > 1 else ""
        return path, False, f"unknown check kind {error.instance!r}{nested}; known kinds: {', '.join(map(str, error.validator_value))}"
    return path, False, f"{where or '(top level)'}: {error.message}"


def _kind_at(data: Any) -> Callable[[list[Any]], str | None]:
    """In a rule file, the kinds whose parameters sit at `params` and at each composite branch."""

    def kind_at(path: list[Any]) -> str | None:
        if path == ["params"]:
            return data.get("kind")
        if len(path) == 3 and path[:2] == ["params", "any"]:
            branch = data["params"]["any"][path[2]]
            return branch.get("kind") if isinstance(branch, dict) else None
        return None

    return kind_at if isinstance(data, dict) else (lambda path: None)


def _params_to_check(data: dict[str, Any]) -> list[tuple[list[Any], str, dict[str, Any]]]:
    """(path, kind, params) of the rule's params and of each composite branch."""
    found: list[tuple[list[Any], str, dict[str, Any]]] = [(["params"], data["kind"], data.get("params") or {})]
    if data["kind"] == "composite":
        found += [(["params", "any", n], spec["kind"], spec) for n, spec in enumerate(data["params"]["any"])]
    return found


def validate_rule(path: Path, data: Any, node: yaml.Node | None) -> None:
    """Raise RuleError naming the file and line of the first problem (in file order)."""
    from ..checks import KINDS  # the closed set of check kinds

    errors = [_schema_error(e, _kind_at(data)) for e in _validator().iter_errors(data)]
    if errors:
        where, key, message = min(errors, key=lambda e: (_line_of(node, e[0], e[1]) or 0, len(e[0])))
        raise RuleError(message, str(path), _line_of(node, where, key))
    for where, kind, params in _params_to_check(data):
        for inner, message in KINDS[kind].param_errors(params):
            at = where + inner
            raise RuleError(f"{'.'.join(map(str, at))}: {message}", str(path), _line_of(node, at))


def load_rule(
    path: Path,
    vocabulary: dict[str, tuple[str, ...]] | None = None,
    measured: dict[str, dict[str, Any]] | None = None,
) -> Rule:
    data, node = _read_yaml(path)
    validate_rule(path, data, node)
    if data["name"] != path.stem:
        raise RuleError(f"name {data['name']!r} must equal the file name {path.stem!r}", str(path), _line_of(node, ["name"]))
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


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(rule_schema())


def validate_profile_params(path: Path, profile: Profile, rules: dict[str, Rule]) -> None:
    """A profile's params override a rule's: the rule's params with the override must still suit its kind."""
    if not profile.params:
        return
    _, node = _read_yaml(path)
    defs = rule_schema()["$defs"]
    for rule_id, override in profile.params.items():
        rule = rules[rule_id]
        validator = jsonschema.Draft202012Validator({"$defs": defs, "$ref": f"#/$defs/params.{rule.kind}"})
        for error in validator.iter_errors({**rule.params, **(override or {})}):
            at = ["params", rule_id]
            where, key, message = _schema_error(error, lambda p: rule.kind if p == at else None, tuple(at))
            raise RuleError(message, str(path), _line_of(node, where, key))


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
    root = Path(root)
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
        rule = load_rule(path, vocabulary, measured)
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
        validate_profile_params(path, profile, {rule.id: rule for rule in rules})
        profiles[profile.name] = profile
    return RulePack(rules=tuple(rules), profiles=profiles, root=str(root), digest=digest.hexdigest())


@lru_cache(maxsize=4)
def default_pack(root: str | None = None) -> RulePack:
    """The pack shipped in `rules/`, loaded once per process."""
    return load_pack(root or DEFAULT_RULES_DIR)
