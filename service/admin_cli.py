"""`tenderlint admin ...`: what a site operator does from the command line, for a shared service run
for several councils. Each organisation's own administrator then adds its people on the web.

  tenderlint admin create-organisation NAME --admin-email EMAIL [--admin-name NAME]
  tenderlint admin list-organisations

Both work on TENDERLINT_DATABASE_URL (migrating it first, as `serve` does). The new administrator's
password is generated and printed once: the operator passes it on, and it is changed after signing in.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sqlalchemy import func, select


def add_parser(commands: Any) -> None:
    """Added to the core CLI through the `tenderlint.commands` entry point (pyproject.toml)."""
    admin = commands.add_parser("admin", help="site operator tasks: create organisations and their first administrator")
    actions = admin.add_subparsers(dest="admin_command", required=True)
    create = actions.add_parser("create-organisation", help="a new organisation with its first administrator")
    create.add_argument("name", help="the organisation's name, e.g. 'Southby District Council'")
    create.add_argument("--admin-email", required=True, help="email address of its first administrator")
    create.add_argument("--admin-name", default="", help="that administrator's name")
    actions.add_parser("list-organisations", help="every organisation, with how many people and documents it has")
    admin.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from . import create_app
    from .db import db, upgrade

    app = create_app()
    upgrade(app)
    with app.app_context():
        try:
            return create_organisation(args) if args.admin_command == "create-organisation" else list_organisations()
        finally:
            db.session.remove()


def create_organisation(args: argparse.Namespace) -> int:
    from .accounts import audit, create_organisation as new_organisation, create_user
    from .db import db
    from .models import Role, User
    from .people import looks_like_email, temporary_password

    name, email = args.name.strip(), args.admin_email.strip().lower()
    if not name or len(name) > 200:
        print("tenderlint admin: the organisation's name must be 1 to 200 characters", file=sys.stderr)
        return 2
    if not looks_like_email(email):
        print(f"tenderlint admin: {args.admin_email!r} is not an email address", file=sys.stderr)
        return 2
    if db.session.scalar(select(User).where(User.email == email)) is not None:
        print(f"tenderlint admin: there is already an account for {email}", file=sys.stderr)
        return 2
    organisation = new_organisation(name)
    password = temporary_password()
    admin = create_user(organisation, email, password, Role.ADMIN, args.admin_name.strip())
    audit(admin, "organisation.created", "organisation", organisation.id, name=name, by="command line")
    db.session.commit()
    print(f"Created {name} ({organisation.id}).")
    print(f"Its administrator {email} signs in with password {password} (shown only this once; change it after signing in).")
    return 0


def list_organisations() -> int:
    from .db import db
    from .models import Document, Organisation, User

    people = dict(db.session.execute(select(User.organisation_id, func.count()).group_by(User.organisation_id)).all())
    documents = dict(db.session.execute(select(Document.organisation_id, func.count()).group_by(Document.organisation_id)).all())
    for organisation in db.session.scalars(select(Organisation).order_by(Organisation.created_at)):
        print(f"{organisation.id}  {organisation.name}  people: {people.get(organisation.id, 0)}  "
              f"documents: {documents.get(organisation.id, 0)}")
    return 0
