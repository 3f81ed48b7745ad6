"""What a tender demands before a firm may bid or win: one `Gate` per demand, with its place.

A gate is a pass/fail demand on the bidder itself (its money, cover, certificates, history, presence),
as opposed to what its bid must say. Gates are plain frozen values so the CLI, the API and the web
page render the same thing, and a profile can be compared with them without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ..model import Location


class GateKind(str, Enum):
    TURNOVER = "turnover"
    INSURANCE = "insurance"
    ACCREDITATION = "accreditation"
    EXPERIENCE = "experience"
    REFERENCES = "references"
    BOND = "bond"
    SITE_VISIT = "site_visit"
    LOCAL_PRESENCE = "local_presence"
    CONSORTIUM = "consortium"
    STAFF = "staff"


# A reader's label for each kind, for the page and the text output.
LABELS: dict[GateKind, str] = {
    GateKind.TURNOVER: "Turnover",
    GateKind.INSURANCE: "Insurance",
    GateKind.ACCREDITATION: "Accreditation",
    GateKind.EXPERIENCE: "Experience or trading history",
    GateKind.REFERENCES: "References",
    GateKind.BOND: "Bond or guarantee",
    GateKind.SITE_VISIT: "Site visit or meeting",
    GateKind.LOCAL_PRESENCE: "Local presence",
    GateKind.CONSORTIUM: "Consortium or subcontracting",
    GateKind.STAFF: "Staff numbers",
}


@dataclass(frozen=True)
class Gate:
    """One demand. `amount` is money (turnover, cover), `years` a duration in years, `count` a number
    (references, staff); `subject` names the insurance type or the certificate; `stage` is "bid",
    "award" or "" when the tender does not say when it must be met."""

    kind: GateKind
    quote: str
    location: Location
    amount: float | None = None
    currency: str | None = None
    years: float | None = None
    count: int | None = None
    subject: str = ""
    stage: str = ""
    mandatory: bool = True
    or_equivalent: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value, "label": self.label, "quote": self.quote, "location": self.location.to_json(),
            "amount": self.amount, "currency": self.currency, "years": self.years, "count": self.count,
            "subject": self.subject, "stage": self.stage, "mandatory": self.mandatory,
            "or_equivalent": self.or_equivalent,
        }
