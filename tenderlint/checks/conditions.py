"""The fact conditions rules put on their checks (`when`, `when_not`, period tables).

One small language, shared by every check kind that gates on context facts:
  a value or a list of values   the fact equals one of them (strings compared without case)
  true / false                  the fact's truth
  {">": n, "<=": m}             the fact is a number and compares
  {not: values}                 the fact is none of them; an unknown fact passes
A list-valued fact (doc_types) satisfies a condition when any member does. Apart from {not: ...},
an unknown fact never satisfies a condition.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..context import Context
from .threshold import OPERATORS


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        low = value.strip().lower()
        if low in ("true", "false"):
            return low == "true"
        return low
    return value


def holds(value: Any, condition: Any) -> bool:
    """Does a fact value (None when unknown) satisfy a condition?"""
    if isinstance(condition, Mapping) and "not" in condition:
        rest = {k: v for k, v in condition.items() if k != "not"}
        if value is None:
            return not rest
        return not holds(value, condition["not"]) and (not rest or holds(value, rest))
    if value is None:
        return False
    if isinstance(condition, Mapping):
        try:
            number = float(value)
            return all(OPERATORS[op](number, float(limit)) for op, limit in condition.items())
        except (TypeError, ValueError, KeyError):
            return False
    values = [_norm(v) for v in value] if isinstance(value, (list, tuple, set, frozenset)) else [_norm(value)]
    wanted = [_norm(c) for c in condition] if isinstance(condition, (list, tuple)) else [_norm(condition)]
    if wanted == [True] or wanted == [False]:
        return any(bool(v) == wanted[0] for v in values)
    return any(v in wanted for v in values)


def facts_allow(context: Context, when: Mapping[str, Any] | None, when_not: Mapping[str, Any] | None = None) -> str:
    """An empty string when the facts allow the check to run, else the reason it does not."""
    for fact, condition in (when or {}).items():
        value = context.get(fact)
        if holds(value, condition):
            continue
        if value is None:
            return f"needs {fact}, which is unknown"
        return f"applies only when {fact} is {condition}; here {value}"
    for fact, condition in (when_not or {}).items():
        value = context.get(fact)
        if value is not None and holds(value, condition):
            return f"does not apply when {fact} is {condition}"
    return ""
