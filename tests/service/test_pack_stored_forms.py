"""A pack's stored intermediate values across a deploy: rows of an older form are computed again.

A pack of two corpus RFPs is checked by a real worker; then its members' stored facts and results
are put back to the older form migration 0010 leaves where a pickle was, and the pack to the
moment its judgement lost its worker. The sweep's move (`advance`) judges it again: each outdated
row is read again from its document, never unpickled, and the pack report is the one first stored.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from service.db import db
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
