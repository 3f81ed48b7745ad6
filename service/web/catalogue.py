"""The rule catalogue, generated from the rule files so it cannot drift from what runs."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template

from tenderlint.rulepack.docs import rule_json
from tenderlint.rulepack.loader import default_pack
from tenderlint.rulepack.wording import example_message, example_messages

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
    messages = example_messages(pack)
    return render_template("web/rules.html", groups=groups, count=len(pack.rules),
                           wording=lambda rule: example_message(rule, messages))


@bp.route("/rules/<rule_id>")
def rule(rule_id: str) -> Any:
    pack = default_pack()
    found = pack.get(rule_id)
    if found is None:
        abort(404)
    message = example_message(found, example_messages(pack))
    return render_template("web/rule.html", rule=rule_json(found), family=FAMILIES.get(found.family), safe_url=safe_url,
                           message=message, example=message != found.message)
