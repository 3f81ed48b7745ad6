"""People, the organisation, deletion and sign-off in the API (service/people.py, removal.py, signoff.py).

Roles as in service/roles.py: anyone may read the organisation and its people (to assign findings);
administrators add people, change roles, disable accounts, reset passwords and rename the
organisation; managers set retention, delete documents and versions, and sign versions off.
"""

from __future__ import annotations

from typing import Any

from flask import session

from ..auth import scoped_get
from ..db import db
from ..models import Document, Organisation, User, Version
from ..people import PeopleError, add_person, change_own_password, change_person, people_of, reset_password, update_organisation
from ..problems import ApiProblem
from ..removal import RemovalRefused, delete_document, delete_version
from ..roles import LABELS, can_administer, can_manage, require
from ..serialize import finding_json, iso
from ..signoff import SignOffRefused, approval_json, approval_of, approve, blocking_findings
from .blueprint import bp
from .common import bad_request, caller, json_body


def person_json(user: User) -> dict[str, Any]:
    return {"id": user.id, "email": user.email, "name": user.name, "role": user.role,
            "role_label": LABELS.get(user.role, user.role), "active": user.active, "created_at": iso(user.created_at)}


def organisation_json(organisation: Organisation) -> dict[str, Any]:
    return {"id": organisation.id, "name": organisation.name, "retention_days": organisation.retention_days}


def _refused(error: PeopleError) -> ApiProblem:
    db.session.rollback()
    return ApiProblem(error.status, "Bad request" if error.status == 400 else "Conflict", error.message,
                      code=error.code, field=error.field)


def _fields(body: dict[str, Any], allowed: dict[str, tuple[type, ...]]) -> dict[str, Any]:
    """The body's fields, each of an allowed type; unknown fields and an empty body are refused."""
    unknown = set(body) - set(allowed)
    if unknown:
        raise bad_request(f"Unknown field(s): {', '.join(sorted(unknown))}; send {', '.join(allowed)}.")
    if not body:
        raise bad_request(f"Send at least one of {', '.join(allowed)}.")
    for name, value in body.items():
        if not isinstance(value, allowed[name]) or (isinstance(value, bool) and bool not in allowed[name]):
            raise bad_request(f"{name} has the wrong type.", code="invalid-field", field=name)
    return body


@bp.get("/organisation")
def get_organisation() -> Any:
    return organisation_json(db.session.get(Organisation, caller().organisation_id))


@bp.patch("/organisation")
def patch_organisation() -> Any:
    """Rename (administrators) and set retention days (managers; null keeps versions for ever)."""
    user = caller()
    body = json_body()
    days = body.get("retention_days")
    if isinstance(days, float) and days.is_integer():  # 30.0 is an integer to JSON Schema too
        body["retention_days"] = int(days)
    body = _fields(body, {"name": (str,), "retention_days": (int, type(None))})
    if "name" in body:
        require(can_administer(user), "rename the organisation")
    require(can_manage(user), "change the organisation's settings")
    try:
        organisation = update_organisation(user, body.get("name"), body.get("retention_days", False))
    except PeopleError as error:
        raise _refused(error) from None
    db.session.commit()
    return organisation_json(organisation)


@bp.get("/users")
def list_people() -> Any:
    """Everyone in the caller's organisation (for assigning findings, and for administrators)."""
    return {"items": [person_json(u) for u in people_of(caller().organisation_id)]}


@bp.post("/users")
def create_person() -> Any:
    """Add a person with a temporary password, returned once for the administrator to pass on."""
    user = caller()
    require(can_administer(user), "add people")
    body = _fields(json_body(), {"email": (str,), "name": (str,), "role": (str,)})
    try:
        person, password = add_person(user, body.get("email", ""), body.get("name", ""), body.get("role", "reviewer"))
    except PeopleError as error:
        raise _refused(error) from None
    db.session.commit()
    return {"user": person_json(person), "temporary_password": password}, 201


@bp.get("/users/<user_id>")
def get_person(user_id: str) -> Any:
    return person_json(scoped_get(User, user_id, caller()))


@bp.patch("/users/<user_id>")
def patch_person(user_id: str) -> Any:
    """Change a person's role, name, or disable (active: false) or enable the account."""
    user = caller()
    person = scoped_get(User, user_id, user)
    require(can_administer(user), "change people's accounts")
    body = _fields(json_body(), {"role": (str,), "active": (bool,), "name": (str,)})
    try:
        change_person(user, person, body.get("role"), body.get("active"), body.get("name"))
    except PeopleError as error:
        raise _refused(error) from None
    db.session.commit()
    return person_json(person)


@bp.post("/users/<user_id>/password-reset")
def reset_person_password(user_id: str) -> Any:
    user = caller()
    person = scoped_get(User, user_id, user)
    require(can_administer(user), "reset passwords")
    password = reset_password(user, person)
    db.session.commit()
    return {"user": person_json(person), "temporary_password": password}


@bp.post("/account/password")
def change_password() -> Any:
    """The caller's own password; a wrong current password is 403 wrong-password."""
    user = caller()
    body = _fields(json_body(), {"current_password": (str,), "new_password": (str,)})
    try:
        change_own_password(user, body.get("current_password", ""), body.get("new_password", ""),
                            body.get("new_password", ""), session.get("session_id"))
    except PeopleError as error:
        if error.code == "wrong-password":
            db.session.rollback()
            raise ApiProblem(403, "Forbidden", error.message, code=error.code) from None
        raise _refused(error) from None
    db.session.commit()
    return "", 204


def _removal(action: Any, row: Any, user: User) -> Any:
    try:
        action(row, user)
    except RemovalRefused as refused:
        db.session.rollback()
        raise ApiProblem(409, "Conflict", refused.message, code=refused.code) from None
    db.session.commit()
    return "", 204


@bp.delete("/documents/<document_id>")
def remove_document(document_id: str) -> Any:
    user = caller()
    document = scoped_get(Document, document_id, user)
    require(can_manage(user), "delete documents")
    return _removal(delete_document, document, user)


@bp.delete("/versions/<version_id>")
def remove_version(version_id: str) -> Any:
    user = caller()
    version = scoped_get(Version, version_id, user)
    require(can_manage(user), "delete versions")
    return _removal(delete_version, version, user)


def signoff_json(version: Version) -> dict[str, Any]:
    blocking = blocking_findings(version)
    approval = approval_of(version)
    return {"version_id": version.id, "approval": approval_json(approval), "ready": approval is None and not blocking,
            "blocking_findings": [finding_json(f) for f in blocking]}


@bp.get("/versions/<version_id>/approval")
def get_approval(version_id: str) -> Any:
    """The version's sign-off, and the error-level findings that still stand in its way."""
    return signoff_json(scoped_get(Version, version_id, caller()))


@bp.post("/versions/<version_id>/approval")
def approve_version(version_id: str) -> Any:
    """Approve the version as ready to publish (managers; 409 while an error-level finding is open)."""
    user = caller()
    version = scoped_get(Version, version_id, user)
    require(can_manage(user), "sign versions off")
    try:
        approve(version, user)
    except SignOffRefused as refused:
        db.session.rollback()
        raise ApiProblem(409, "Conflict", refused.message, code=refused.code,
                         blocking_findings=[f.id for f in refused.blocking]) from None
    db.session.commit()
    return signoff_json(version), 201
