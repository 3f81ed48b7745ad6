"""A firm's standing against each gate: meets, does not meet, or unknown, with the reason.

"Unknown" is honest, not a failure: the profile did not say (no insurance recorded), the gate is
about something a profile does not hold (references, a site visit on a date, a named person's
experience), or the demand is relative to a contract value the tender does not state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .model import Gate, GateKind
from .profile import SupplierProfile

MEETS = "meets"
FAILS = "does_not_meet"
UNKNOWN = "unknown"
STATUS_LABELS = {MEETS: "Meets", FAILS: "Does not meet", UNKNOWN: "Unknown"}


@dataclass(frozen=True)
class Standing:
    status: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "reason": self.reason}


def _pounds(amount: float | None) -> str:
    if amount is None:
        return "an unstated amount"
    if amount >= 1_000_000:
        return f"£{amount / 1_000_000:,.1f}m".replace(".0m", "m")
    return f"£{amount:,.0f}"


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def assess(gate: Gate, profile: SupplierProfile, contract_value: float | None = None) -> Standing:
    """One gate against one profile (`contract_value` settles "twice the contract value")."""
    if gate.kind is GateKind.TURNOVER:
        amount = gate.amount
        multiple = next((float(n.split(":")[1]) for n in gate.notes if n.startswith("multiple:")), None)
        if amount is None and multiple is not None and contract_value:
            amount = multiple * contract_value
        if amount is None:
            return Standing(UNKNOWN, "the demand is relative to the contract value, which is not known")
        if not profile.turnover:
            return Standing(UNKNOWN, "your profile does not give your turnover")
        average = "average" in gate.quote.lower() and len(profile.turnover) > 1
        held = sum(profile.turnover) / len(profile.turnover) if average else profile.turnover[0]
        said = "your average turnover" if average else "your latest turnover"
        if held >= amount:
            return Standing(MEETS, f"{said} {_pounds(held)} is at least {_pounds(amount)}")
        return Standing(FAILS, f"{said} {_pounds(held)} is below {_pounds(amount)}")
    if gate.kind is GateKind.INSURANCE:
        if profile.insurance is None:
            return Standing(UNKNOWN, "your profile does not say what insurance you hold")
        if not gate.subject:
            return Standing(UNKNOWN, "the tender does not say which insurance it means")
        held_cover = profile.insurance.get(gate.subject)
        later = " (needed only at award: cover can be bought if you win)" if gate.stage == "award" else ""
        if held_cover is None:
            return Standing(FAILS, f"you hold no {gate.subject.replace('_', ' ')} insurance{later}")
        if gate.amount is not None and held_cover < gate.amount:
            return Standing(FAILS, f"you hold {_pounds(held_cover)}, the tender asks {_pounds(gate.amount)}{later}")
        return Standing(MEETS, f"you hold {_pounds(held_cover)}")
    if gate.kind is GateKind.ACCREDITATION:
        if profile.certifications is None:
            return Standing(UNKNOWN, "your profile does not list your certifications")
        certificates = {_key(c) for c in profile.certifications}
        wanted = _key(gate.subject)
        if wanted in certificates or any(h.startswith(wanted) for h in certificates):  # Cyber Essentials Plus covers Cyber Essentials
            return Standing(MEETS, f"you hold {gate.subject}")
        equivalent = " (the tender accepts an equivalent)" if gate.or_equivalent else ""
        return Standing(FAILS, f"you do not list {gate.subject}{equivalent}")
    if gate.kind is GateKind.EXPERIENCE:
        if gate.subject == "personnel":
            return Standing(UNKNOWN, f"{gate.years:g} years' experience of named people: not in a firm's profile")
        return _at_least(profile.years_trading, gate.years or 0, "how long you have traded",
                         "you have traded {held:g} years", f"{gate.years:g} years")
    if gate.kind is GateKind.STAFF:
        return _at_least(profile.staff, gate.count or 0, "your staff numbers", "you employ {held:g}", f"at least {gate.count}")
    if gate.kind is GateKind.CONSORTIUM:
        if profile.consortium is None:
            return Standing(UNKNOWN, "your profile does not say whether you would bid with partners")
        if profile.consortium:
            return Standing(FAILS, "you would bid with partners, which this tender does not accept")
        return Standing(MEETS, "you bid alone")
    return Standing(UNKNOWN, _UNKNOWABLE[gate.kind])


def _at_least(held: float | None, wanted: float, what: str, have: str, asked: str) -> Standing:
    """A count the profile holds against the tender's minimum; `have` is formatted with `held`."""
    if held is None:
        return Standing(UNKNOWN, f"your profile does not give {what}")
    said = have.format(held=held)
    return Standing(MEETS, said) if held >= wanted else Standing(FAILS, f"{said}, the tender asks {asked}")


_UNKNOWABLE = {
    GateKind.REFERENCES: "check you can name this many referees for similar work",
    GateKind.BOND: "check with your bank or insurer whether you can provide it, and at what cost",
    GateKind.SITE_VISIT: "someone must be free to attend on the date set",
    GateKind.LOCAL_PRESENCE: "check whether your offices meet it",
}
