"""The supplier profile page: what the firm records once (turnover, insurance, certifications,
history, staff, sectors, consortium) so every tender's gates can be compared with it. Read-only
users see it; reviewers and above edit it. Validation is the core's (service/supplier_profile.py)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for

from ..auth import current_user, login_required
from ..db import db
from ..roles import can_review, require
from ..supplier_profile import INSURANCE_LABELS, form_values, from_form, save_profile, stored_profile
from .blueprint import bp

# The page's field ids and the name an error message starts with.
FIELD_LABELS = {
    "turnover-0": "Turnover last year", "turnover-1": "Turnover the year before",
    **{f"insurance-{kind}": f"{label} insurance" for kind, label in INSURANCE_LABELS.items()},
    "certifications": "Certifications", "years_trading": "Years trading", "staff": "Staff",
    "sectors": "Sectors", "consortium": "Bidding with partners",
}


def _page(values: dict[str, str] | None = None, errors: dict[str, str] | None = None) -> tuple[str, int]:
    user = current_user()
    row = stored_profile(user.organisation_id)
    errors = errors or {}
    return render_template(
        "web/profile.html", row=row, values=values if values is not None else form_values(row.data if row else {}),
        errors=errors, error_list=[{"text": f"{FIELD_LABELS[f]}: {m}", "href": f"#{f}"} for f, m in errors.items()],
        editor=can_review(user), insurance_labels=INSURANCE_LABELS,
        insurance_said=row is not None and row.data.get("insurance") is not None,
    ), 400 if errors else 200


@bp.route("/profile")
@login_required
def profile() -> Any:
    return _page()


@bp.post("/profile")
@login_required
def save_profile_page() -> Any:
    user = current_user()
    require(can_review(user), "edit the supplier profile")
    values = request.form.to_dict()
    data, errors = from_form(values)
    if errors:
        return _page(values, errors)
    save_profile(user, data)
    db.session.commit()
    flash("Your supplier profile is saved")
    return redirect(url_for("web.profile"))
