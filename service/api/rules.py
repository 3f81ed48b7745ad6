"""The rule pack's documentation: the same text as `tenderlint rules`, generated from the YAML."""

from __future__ import annotations

from typing import Any

from flask import Response, request

from tenderlint.rulepack.docs import rule_json, rule_markdown
from tenderlint.rulepack.loader import default_pack

from ..problems import ApiProblem
from ..families import AUDIENCES, FAMILIES, SEVERITIES
from .blueprint import bp
from .common import choice_arg

# Closed sets are refused outside their values; `status` is whatever the pack's rules declare.
RULE_FILTERS: dict[str, tuple[str, ...]] = {"severity": SEVERITIES, "category": tuple(FAMILIES), "status": ()}


@bp.get("/rules")
def list_rules() -> Any:
    pack = default_pack()
    rules = list(pack.rules)
    for name, allowed in RULE_FILTERS.items():
        value = choice_arg(name, allowed) if allowed else request.args.get(name)
        if value:
            rules = [r for r in rules if getattr(r, name) == value]
    audience = choice_arg("audience", AUDIENCES)
    if audience:
        rules = [r for r in rules if audience in r.audiences]
    return {"items": [rule_json(r) for r in rules], "total": len(rules), "pack_digest": pack.digest}


@bp.get("/rules/<rule_id>")
def get_rule(rule_id: str) -> Any:
    rule = default_pack().get(rule_id)
    if rule is None:
        raise ApiProblem(404, "Unknown rule", f"No rule has the id or name {rule_id!r}.", code="unknown-rule")
    if choice_arg("format", ("json", "md")) == "md":
        return Response(rule_markdown(rule), content_type="text/markdown; charset=utf-8")
    return rule_json(rule)
