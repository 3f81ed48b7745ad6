"""The SQLAlchemy handle shared by the web app and the worker, and schema migration."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from pathlib import Path

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase

from .json_output import finite

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class Base(DeclarativeBase):
    pass


def json_column_value(value: object) -> str:
    """How JSON columns are written: NaN and Infinity as null. PostgreSQL refuses them (the whole
    transaction fails, a worker's included) where SQLite stored them, so both now store the same."""
    try:
        return json.dumps(value, allow_nan=False)
    except ValueError:
        return json.dumps(finite(value), allow_nan=False)


db = SQLAlchemy(model_class=Base, engine_options={"json_serializer": json_column_value})


def new_id() -> str:
    """Random ids: nothing to enumerate, nothing that leaks another organisation's volume."""
    return uuid.uuid4().hex


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def lock_row(model: type[Base], key: str) -> None:
    """Hold a write lock on one row until the session's transaction ends, so transactions that read
    something hanging off it and then write on that reading (a new version's findings taking the
    triage decisions; a decision updating every copy of a finding) run one after the other instead
    of each acting on a reading the other is about to change.

    PostgreSQL: SELECT ... FOR NO KEY UPDATE, which still lets rows that refer to this one be
    inserted. SQLite has one writer at a time, but its driver begins a transaction only at the
    first write, so reads before it are not protected: BEGIN IMMEDIATE takes the write lock now,
    unless a write in this transaction already holds it."""
    if db.engine.dialect.name == "sqlite":
        connection = db.session.connection()
        if not connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    primary = model.__table__.primary_key.columns.values()[0]  # type: ignore[attr-defined]
    db.session.execute(select(primary).where(primary == key).with_for_update(key_share=True))


def insert_unless_present(model: type[Base], unique: str, **values: object) -> None:
    """INSERT a row, or nothing when a row with the same `unique` column exists, also one another
    transaction has written but not yet committed: the insert waits for it (ON CONFLICT DO NOTHING)
    instead of failing on the unique key."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(model).values(**values)
    db.session.execute(insert.on_conflict_do_nothing(index_elements=[unique]))


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(connection, record) -> None:  # type: ignore[no-untyped-def]
    """SQLite: enforce foreign keys, and WAL so the worker can write while the web reads."""
    if connection.__class__.__module__.startswith("sqlite3"):
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def private_sqlite_file(url: str) -> None:
    """Create the SQLite file readable by its owner only (0600), before SQLite would create it 0644
    under the usual umask; it holds every organisation's files and password hashes. SQLite gives
    its -wal and -shm files the database file's mode. An existing file is tightened too; a folder
    we create is 0700, one that exists is left as the operator set it."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:" \
            or parsed.database.startswith("file:"):
        return
    path = Path(parsed.database)
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
        path.parent.chmod(0o700)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists() and file.stat().st_mode & 0o077 and file.stat().st_uid == os.geteuid():
            file.chmod(0o600)


def alembic_config(url: str):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(app: Flask) -> None:
    """Bring the database schema to the newest migration (safe to run on every start)."""
    from alembic import command

    with app.app_context():
        command.upgrade(alembic_config(app.config["SQLALCHEMY_DATABASE_URI"]), "head")
