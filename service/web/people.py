"""The organisation page (its name, retention and people), adding and changing a person, and
changing one's own password. The rules are service/people.py's and the roles service/roles.py's,
as in the API (`service/api/team.py`); a temporary password is shown once, on the page that made it."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, session, url_for

from ..auth import current_user, login_required, scoped_get
from ..db import db
from ..models import Organisation, User
from ..people import PeopleError, add_person, change_own_password, change_person, people_of, reset_password, update_organisation
from ..roles import ASSIGNABLE, LABELS, can_administer, can_manage, require
from .blueprint import bp


def _organisation_page(error: PeopleError | None = None, values: dict[str, str] | None = None) -> tuple[str, int]:
    user = current_user()
    organisation = db.session.get(Organisation, user.organisation_id)
    html = render_template("web/organisation.html", organisation=organisation, people=people_of(user.organisation_id),
                           labels=LABELS, admin=can_administer(user), manager=can_manage(user), error=error,
                           values=values or {})
    return html, 400 if error else 200


@bp.route("/organisation")
@login_required
def organisation() -> Any:
    return _organisation_page()


@bp.post("/organisation")
@login_required
def update_organisation_settings() -> Any:
    """One page, two forms: the name (administrators) or the retention (managers), told apart by `form`."""
    user = current_user()
    values = request.form.to_dict()
    try:
        if values.get("form") == "name":
            require(can_administer(user), "rename the organisation")
            update_organisation(user, name=values.get("name", ""))
            message = "The organisation's name is changed"
        else:
            require(can_manage(user), "change how long versions are kept")
            raw = values.get("retention_days", "").strip()
            if raw and not raw.isdigit():
                raise PeopleError("invalid-retention", "Enter a whole number of days, or leave it empty to keep versions",
                                  "retention_days")
            update_organisation(user, retention_days=int(raw) if raw else None)
            message = f"Versions are kept for {raw} days" if raw else "Versions are kept until someone deletes them"
    except PeopleError as error:
        db.session.rollback()
        return _organisation_page(error, values)
    db.session.commit()
    flash(message)
    return redirect(url_for("web.organisation"))


@bp.route("/organisation/people/new", methods=["GET", "POST"])
@login_required
def add_person_page() -> Any:
    user = current_user()
    require(can_administer(user), "add people")
    values = request.form.to_dict() if request.method == "POST" else {"role": "reviewer"}
    error = None
    if request.method == "POST":
        try:
            person, password = add_person(user, values.get("email", ""), values.get("name", ""), values.get("role", ""))
        except PeopleError as refused:
            db.session.rollback()
            error = refused
        else:
            db.session.commit()
            return render_template("web/person_added.html", person=person, password=password, labels=LABELS)
    html = render_template("web/person_new.html", values=values, error=error, roles=ASSIGNABLE, labels=LABELS)
    return html, 400 if error else 200


def _person_page(person: User, error: PeopleError | None = None, password: str | None = None) -> tuple[str, int]:
    roles = list(ASSIGNABLE) + ([person.role] if person.role not in ASSIGNABLE else [])
    html = render_template("web/person.html", person=person, roles=roles, labels=LABELS, error=error, password=password,
                           me=current_user())
    return html, 400 if error else 200


@bp.route("/organisation/people/<user_id>", methods=["GET", "POST"])
@login_required
def person(user_id: str) -> Any:
    """A person's role and account: change the role, disable or enable, reset the password."""
    user = current_user()
    person = scoped_get(User, user_id, user)
    require(can_administer(user), "change people's accounts")
    if request.method == "GET":
        return _person_page(person)
    action = request.form.get("action", "")
    try:
        if action == "reset-password":
            password = reset_password(user, person)
            db.session.commit()
            return _person_page(person, password=password)
        if action in ("disable", "enable"):
            change_person(user, person, active=action == "enable")
            message = f"{person.email} is {'enabled' if action == 'enable' else 'disabled'}"
        else:
            change_person(user, person, role=request.form.get("role", ""))
            message = f"{person.email} is now {LABELS.get(person.role, person.role).lower()}"
    except PeopleError as error:
        db.session.rollback()
        return _person_page(person, error)
    db.session.commit()
    flash(message)
    return redirect(url_for("web.person", user_id=person.id))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def own_password() -> Any:
    error = None
    if request.method == "POST":
        user = current_user()
        try:
            change_own_password(user, request.form.get("current_password", ""), request.form.get("new_password", ""),
                                request.form.get("confirm_password", ""), session.get("session_id"))
        except PeopleError as refused:
            db.session.rollback()
            error = refused
        else:
            db.session.commit()
            flash("Your password is changed. You are signed out of your other browsers.")
            return redirect(url_for("web.organisation"))
    return render_template("web/password.html", error=error), 400 if error else 200
