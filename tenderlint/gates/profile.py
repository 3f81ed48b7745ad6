"""A supplier's standing facts, recorded once and compared with every tender's gates.

Plain values only: the service stores a profile per organisation and the CLI reads one from YAML,
and both hand the core this dataclass. A field left out is unknown, which is not the same as none:
a firm that has not said what insurance it holds gets "unknown" against an insurance demand, not
"does not meet".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from ..errors import TenderlintError
from ..quantities import parse_money

# Insurance types a profile may name, with the words tenders use for each.
INSURANCE_TYPES: dict[str, str] = {
    "employers_liability": r"employers?[’']?s?[’']?\s+(?:\(compulsory\)\s+)?liability",
    "public_liability": r"public(?:\s+and\s+products?)?\s+liability|general\s+liability|third[-\s]party\s+liability",
    "professional_indemnity": r"professional\s+(?:indemnity|liability)|errors\s+(?:and|&)\s+omissions",
    "product_liability": r"products?\s+liability",
    "cyber": r"cyber(?:\s+(?:liability|risk|security))?\s+insurance|cyber\s+liability",
    "motor": r"motor(?:\s+vehicle)?\s+insurance|(?:commercial\s+)?(?:auto(?:mobile)?|vehicle)\s+liability",
}
FIELDS = ("turnover", "insurance", "certifications", "years_trading", "staff", "sectors", "consortium")


class ProfileError(TenderlintError):
    """A profile value that cannot be used: `field` names it ("insurance.cyber", or "" for the profile
    as a whole) and `problem` says what is wrong; the message is both ("staff: ... a whole number")."""

    code = "bad-profile"

    def __init__(self, problem: str, field: str = "") -> None:
        super().__init__(f"{field}: {problem}" if field else problem)
        self.field = field
        self.problem = problem


@dataclass(frozen=True)
class SupplierProfile:
    """`turnover` is the last two years' turnover, most recent first, in pounds; `insurance` maps an
    INSURANCE_TYPES key to the cover held per claim; None anywhere means "not said"."""

    turnover: tuple[float, ...] | None = None
    insurance: Mapping[str, float] | None = None
    certifications: tuple[str, ...] | None = None
    years_trading: float | None = None
    staff: int | None = None
    sectors: tuple[str, ...] = ()
    consortium: bool | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> "SupplierProfile":
        """Validate a profile as given by YAML, a form or JSON; unknown fields are refused so a typo
        ("turnvoer") is not silently read as "unknown"."""
        data = data or {}
        if not isinstance(data, Mapping):
            raise ProfileError("a profile is a mapping of fields: " + ", ".join(FIELDS))
        unknown = sorted(set(data) - set(FIELDS))
        if unknown:
            raise ProfileError(f"unknown profile field(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}")
        turnover = data.get("turnover")
        if turnover is not None:
            items = turnover if isinstance(turnover, (list, tuple)) else [turnover]
            if not 1 <= len(items) <= 2:
                raise ProfileError("give the last one or two years' turnover, most recent first", "turnover")
            turnover = tuple(_money("turnover", item) for item in items)
        insurance = data.get("insurance")
        if insurance is not None:
            if not isinstance(insurance, Mapping):
                raise ProfileError("a mapping of insurance type to cover, e.g. public_liability: 5000000", "insurance")
            bad = sorted(set(insurance) - set(INSURANCE_TYPES))
            if bad:
                raise ProfileError(f"unknown type(s) {', '.join(bad)}; known: {', '.join(INSURANCE_TYPES)}", "insurance")
            insurance = {name: _money(f"insurance.{name}", value) for name, value in insurance.items() if value not in (None, "")}
        return cls(
            turnover=turnover,
            insurance=insurance,
            certifications=_strings("certifications", data.get("certifications")),
            years_trading=_number("years_trading", data.get("years_trading")),
            staff=_whole("staff", data.get("staff")),
            sectors=_strings("sectors", data.get("sectors")) or (),
            consortium=_flag("consortium", data.get("consortium")),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "turnover": list(self.turnover) if self.turnover is not None else None,
            "insurance": dict(self.insurance) if self.insurance is not None else None,
            "certifications": list(self.certifications) if self.certifications is not None else None,
            "years_trading": self.years_trading, "staff": self.staff, "sectors": list(self.sectors),
            "consortium": self.consortium,
        }


def _money(name: str, value: Any) -> float:
    if isinstance(value, bool):
        raise ProfileError(f"{value!r} is not an amount of money", name)
    if isinstance(value, (int, float)):
        try:
            amount: float | None = float(value)
        except OverflowError:  # an int beyond any float
            amount = None
    else:
        text = str(value).strip()
        amount = parse_money(text) if re.search(r"[£$€]|\b(?:GBP|USD|EUR)\b", text) else None
        if amount is None:
            amount = parse_money("£" + text) if text else None
    if amount is None or amount < 0 or amount != amount or amount == float("inf"):
        raise ProfileError(f"{value!r} is not an amount of money (try 250000 or £250k)", name)
    return amount


def _number(name: str, value: Any, most: float = 1000) -> float | None:
    """A non-negative number up to `most` (years trading; `_whole` raises the bound for people)."""
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ProfileError(f"{str(value)[:40]!r} is not a number", name) from None
    if isinstance(value, bool) or number < 0 or number != number or number > most:
        raise ProfileError(f"{value!r} must be a number between 0 and {most:,.0f}", name)
    return number


def _whole(name: str, value: Any) -> int | None:
    number = _number(name, value, most=10_000_000)
    if number is None:
        return None
    if number != int(number):
        raise ProfileError(f"{value!r} must be a whole number of people", name)
    return int(number)


def _strings(name: str, value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = [part for part in re.split(r"[,\n]", value)]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ProfileError("a list of names", name)
    cleaned = tuple(" ".join(v.split()) for v in value if v.strip())
    if any(len(v) > 200 for v in cleaned) or len(cleaned) > 100:
        raise ProfileError("at most 100 names of at most 200 characters", name)
    return cleaned


def _flag(name: str, value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("yes", "true", "no", "false"):
        return value.lower() in ("yes", "true")
    raise ProfileError("yes or no", name)
