"""Alembic environment: runs migrations against the URL set by service.db.alembic_config."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from service import models  # noqa: F401  (registers the tables on the metadata)
from service.db import db

config = context.config
target_metadata = db.metadata


def run_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    engine = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
