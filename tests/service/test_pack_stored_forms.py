"""A pack's stored intermediate values across a deploy: rows of an older form are computed again.

A pack of two corpus RFPs is checked by a real worker; then its members' stored facts and results
are put back to the older form migration 0010 leaves where a pickle was, and the pack to the
moment its judgement lost its worker. The sweep's move (`advance`) judges it again: each outdated
row is read again from its document, never unpickled, and the pack report is the one first stored.
And the migration that made the columns JSON turns a pickle left by a pack in progress into that
older form, keeping which members had one.
"""

from __future__ import annotations

import datetime as dt
import pickle

from alembic import command
from sqlalchemy import create_engine, select, text, update

from service.db import alembic_config, db
from service.pack_models import PackMember, PackStatus, PackVersion
from tenderlint.pack.stored import FORM_VERSION
from worker.pack_pipeline import advance

from .test_packs import ALASKA, auth, corpus_files, post_pack, wait_for_pack


def test_rows_of_an_older_stored_form_are_computed_again_to_the_same_pack_report(app, client, people, worker) -> None:
    created = post_pack(client, people["buyer"], corpus_files(ALASKA[:2])).get_json()
    status = wait_for_pack(client, people["buyer"], created["version"]["url"])
    assert status["status"] == "done", status
    first = client.get(status["report_url"], headers=auth(people["buyer"])).get_json()
    assert [f for f in first["findings"] if f["kind"] == "consistency"], "the two RFPs' deadlines differ"
    version_id = db.session.scalar(select(PackVersion.id).where(PackVersion.pack_id == created["id"]))

    older = {"version": 0}
    db.session.execute(update(PackMember).where(PackMember.pack_version_id == version_id).values(facts=older, result=older))
    db.session.execute(update(PackVersion).where(PackVersion.id == version_id).values(
        status=PackStatus.JUDGING, delivery="a worker that died", heartbeat_at=dt.datetime(2026, 1, 1)))
    db.session.commit()

    assert advance(app, version_id) == PackStatus.DONE
    again = client.get(status["report_url"], headers=auth(people["buyer"])).get_json()
    assert again == first
    rows = db.session.scalars(select(PackMember).where(PackMember.pack_version_id == version_id)
                              .execution_options(populate_existing=True)).all()
    assert [(m.facts["version"], m.result["version"]) for m in rows] == [(FORM_VERSION, FORM_VERSION)] * 2


def test_the_migration_turns_a_pickle_left_mid_pack_into_an_older_stored_form(database_url: str) -> None:
    config = alembic_config(database_url)
    engine = create_engine(database_url)
    try:
        command.upgrade(config, "0009")
        with engine.begin() as connection:
            now = {"now": dt.datetime(2026, 12, 6, 14, 0)}
            connection.execute(text("INSERT INTO organisations (id, name, created_at) VALUES ('o1', 'A council', :now)"), now)
            connection.execute(text("INSERT INTO packs (id, organisation_id, title, created_at) VALUES ('p1', 'o1', 'A pack', :now)"), now)
            connection.execute(text(
                "INSERT INTO pack_versions (id, pack_id, organisation_id, number, source, created_at, context, status, refused) "
                "VALUES ('v1', 'p1', 'o1', 1, '2 files', :now, '{}', 'linting', '[]')"), now)
            for member, facts in (("read", pickle.dumps({"written by": "the first pack workers"})), ("unread", None)):
                connection.execute(text(
                    "INSERT INTO pack_members (id, pack_version_id, organisation_id, position, name, facts) "
                    "VALUES (:id, 'v1', 'o1', 0, :id, :facts)"), {"id": member, "facts": facts})
        command.upgrade(config, "0010")
        members = db.metadata.tables["pack_members"]
        with engine.connect() as connection:
            rows = {row.id: (row.facts, row.result) for row in connection.execute(
                select(members.c.id, members.c.facts, members.c.result))}
        assert rows == {"read": ({"version": 0}, None), "unread": (None, None)}
    finally:
        engine.dispose()
