"""The SQLAlchemy handle shared by the web app and the worker, and schema migration."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


def new_id() -> str:
    """Random ids: nothing to enumerate, nothing that leaks another organisation's volume."""
    return uuid.uuid4().hex


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(connection, record) -> None:  # type: ignore[no-untyped-def]
    """SQLite: enforce foreign keys, and WAL so the worker can write while the web reads."""
    if connection.__class__.__module__.startswith("sqlite3"):
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


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
