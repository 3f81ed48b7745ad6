"""What each role may do. Four team roles (admin, manager, reviewer, read-only); the older stored
names stay valid and map onto them: buyer and supplier act as reviewers (they upload, check and
decide on findings), so accounts made before the team roles keep every right they had.

| role | may |
|---|---|
| read-only | read documents, reports, findings and the triage queue |
| reviewer (buyer, supplier) | also upload, decide on findings, assign them, act in bulk |
| manager | also delete documents and versions, set retention, sign off versions, see the portfolio dashboard |
| admin | also add people, change roles, disable accounts, reset passwords, rename the organisation |
"""

from __future__ import annotations

from .models import Role, User
from .problems import ApiProblem

LEVELS = {
    Role.READ_ONLY.value: 0,
    Role.REVIEWER.value: 1,
    Role.BUYER.value: 1,
    Role.SUPPLIER.value: 1,
    Role.MANAGER.value: 2,
    Role.ADMIN.value: 3,
}
# the roles an administrator hands out; buyer and supplier stay valid for existing accounts
ASSIGNABLE = (Role.ADMIN.value, Role.MANAGER.value, Role.REVIEWER.value, Role.READ_ONLY.value)
LABELS = {
    Role.ADMIN.value: "Administrator",
    Role.MANAGER.value: "Manager",
    Role.REVIEWER.value: "Reviewer",
    Role.READ_ONLY.value: "Read-only",
    Role.BUYER.value: "Reviewer (buyer)",
    Role.SUPPLIER.value: "Reviewer (supplier)",
}


def level(user: User) -> int:
    """An unknown stored role gets no rights beyond reading, rather than failing every page."""
    return LEVELS.get(user.role, 0)


def can_review(user: User) -> bool:
    """Upload, decide on findings, assign them."""
    return level(user) >= 1


def can_manage(user: User) -> bool:
    """Delete documents and versions, set retention, sign off versions."""
    return level(user) >= 2


def can_administer(user: User) -> bool:
    """People, roles and the organisation's name."""
    return level(user) >= 3


def require(allowed: bool, action: str) -> None:
    """Refuse with 403 (a problem document in the API, the error page on the web) naming the action."""
    if not allowed:
        raise ApiProblem(403, "Forbidden", f"Your role does not allow you to {action}.", code="forbidden")
