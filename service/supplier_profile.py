"""A supplier's profile in the service: one per organisation, validated by the core's
SupplierProfile before anything is stored, so the page, the API and the CLI accept the same values.

The page checks each field on its own, so a bad turnover and a bad staff count are both reported
at once beside their fields; nothing is saved while any field is wrong.
"""

from __future__ import annotations

from typing import Any, Mapping

from sqlalchemy import select

from tenderlint.gates import INSURANCE_TYPES, ProfileError, SupplierProfile

from .accounts import audit
from .db import db, utcnow
from .models import User
from .profile_models import StoredProfile

# A reader's name for each insurance type the core knows.
INSURANCE_LABELS: dict[str, str] = {
    "employers_liability": "Employer's liability",
    "public_liability": "Public liability",
    "professional_indemnity": "Professional indemnity",
    "product_liability": "Product liability",
    "cyber": "Cyber",
    "motor": "Motor",
}
assert set(INSURANCE_LABELS) == set(INSURANCE_TYPES), "a label for every insurance type the core knows"


def stored_profile(organisation_id: str) -> StoredProfile | None:
    return db.session.scalars(select(StoredProfile).where(StoredProfile.organisation_id == organisation_id)).first()


def profile_of(organisation_id: str) -> SupplierProfile | None:
    """The organisation's profile as the core's value, or None when it has not recorded one."""
    row = stored_profile(organisation_id)
    return SupplierProfile.from_mapping(row.data) if row is not None else None


def save_profile(user: User, data: Mapping[str, Any]) -> StoredProfile:
    """Validate and store the whole profile (a field left out becomes "not said"); audited with the
    fields that changed. Raises ProfileError, with nothing stored, on a bad value."""
    profile = SupplierProfile.from_mapping(data).to_json()
    row = stored_profile(user.organisation_id)
    before = row.data if row is not None else {}
    if row is None:
        row = StoredProfile(organisation_id=user.organisation_id)
        db.session.add(row)
    row.data = profile
    row.updated_by = user.id
    row.updated_at = utcnow()
    changed = sorted(name for name in profile if before.get(name) != profile[name])
    audit(user, "profile.updated", "organisation", user.organisation_id, fields=changed)
    return row


def from_form(form: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The page's fields as a profile mapping, and an error message per form field id. Blank means
    not said; each value is checked by the core alone so every bad field gets its own message."""
    errors: dict[str, str] = {}

    def checked(field_id: str, name: str, value: Any) -> Any:
        try:
            SupplierProfile.from_mapping({name: value})
        except ProfileError as error:
            errors[field_id] = error.problem
        return value

    def text(name: str) -> str:
        return (form.get(name) or "").strip()

    turnover = [checked(f"turnover-{n}", "turnover", [text(f"turnover-{n}")]) for n in (0, 1) if text(f"turnover-{n}")]
    if text("turnover-1") and not text("turnover-0"):
        errors["turnover-0"] = "Enter last year's turnover before the year before's"
    insurance = {kind: checked(f"insurance-{kind}", "insurance", {kind: text(f"insurance-{kind}")})[kind]
                 for kind in INSURANCE_TYPES if text(f"insurance-{kind}")}
    data: dict[str, Any] = {
        "turnover": [value[0] for value in turnover] or None,
        "insurance": insurance or None,
        "certifications": _lines(text("certifications")) or None,
        "years_trading": checked("years_trading", "years_trading", text("years_trading")) or None,
        "staff": checked("staff", "staff", text("staff")) or None,
        "sectors": _lines(text("sectors")),
        "consortium": checked("consortium", "consortium", text("consortium")) or None,
    }
    for name in ("certifications", "sectors"):
        checked(name, name, data[name])
    return data, errors


def form_values(data: Mapping[str, Any]) -> dict[str, str]:
    """A stored profile as the page's field values (the reverse of `from_form`)."""
    turnover = data.get("turnover") or []
    values = {f"turnover-{n}": _plain(amount) for n, amount in enumerate(turnover)}
    values.update({f"insurance-{kind}": _plain(amount) for kind, amount in (data.get("insurance") or {}).items()})
    values["certifications"] = "\n".join(data.get("certifications") or ())
    values["sectors"] = "\n".join(data.get("sectors") or ())
    values["years_trading"] = _plain(data.get("years_trading"))
    values["staff"] = _plain(data.get("staff"))
    consortium = data.get("consortium")
    values["consortium"] = "" if consortium is None else ("yes" if consortium else "no")
    return values


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _plain(number: Any) -> str:
    """250000.0 -> "250000", 2.5 -> "2.5", None -> ""."""
    if number is None:
        return ""
    return str(number) if isinstance(number, float) and not number.is_integer() else str(int(number))
