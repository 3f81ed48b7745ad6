"""The rule catalogue, generated from the rule files so it cannot drift from what runs."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template

from tenderlint.rulepack.docs import rule_json
from tenderlint.rulepack.loader import default_pack

from .blueprint import bp
from ..families import FAMILIES
from .reports import safe_url


@bp.route("/rules")
def rules() -> Any:
    pack = default_pack()
    groups = []
    for code, (name, about) in FAMILIES.items():
        members = sorted((r for r in pack.rules if r.family == code), key=lambda r: r.id)
        groups.append({"code": code, "name": name, "about": about, "rules": members})
    return render_template("web/rules.html", groups=groups, count=len(pack.rules))


@bp.route("/rules/<rule_id>")
def rule(rule_id: str) -> Any:
    found = default_pack().get(rule_id)
    if found is None:
        abort(404)
    return render_template("web/rule.html", rule=rule_json(found), family=FAMILIES.get(found.family), safe_url=safe_url)
