"""JSON that is always JSON: Python's encoder writes bare NaN and Infinity for non-finite floats,
which no JSON parser accepts, so a single bad number in a stored context broke every list that
showed it. Input refuses such numbers; this makes output safe whatever is stored (null instead)."""

from __future__ import annotations

import math
from typing import Any

from flask.json.provider import DefaultJSONProvider


def finite(value: Any) -> Any:
    """`value` with every NaN/Infinity inside dicts and lists replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(item) for item in value]
    return value


class FiniteJSONProvider(DefaultJSONProvider):
    """Flask's JSON, with allow_nan=False; the walk to replace non-finite numbers runs only when
    the fast path refused one, so ordinary responses cost nothing extra."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        kwargs["allow_nan"] = False
        try:
            return super().dumps(obj, **kwargs)
        except ValueError:
            return super().dumps(finite(obj), **kwargs)
