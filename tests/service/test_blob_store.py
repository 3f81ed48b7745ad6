"""Blobs are shared by content: two uploads of the same bytes at the same moment both succeed
(benchmarks/scale.py found the second one answering 500 on the primary key)."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from service.db import db
from service.models import Blob
from service.storage import get_blob, put_blob

DATA = b"# A tender both councils uploaded\n\nThe supplier shall hold the stated insurance.\n"


def test_the_same_bytes_stored_by_two_transactions_at_once(app) -> None:
    first_wrote, second_stored = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        with app.app_context():
            try:
                put_blob(DATA)  # inserted, not yet committed
                first_wrote.set()
                # The second upload has found the blob missing by now. Commit once it has stored
                # its copy, or (where its insert waits for this transaction) after a pause.
                second_stored.wait(3)
                db.session.commit()
            except BaseException as exc:  # noqa: BLE001  (reported by the assertion below)
                errors.append(exc)
            finally:
                first_wrote.set()
                db.session.remove()

    def second() -> None:
        first_wrote.wait(30)
        with app.app_context():
            try:
                put_blob(DATA)
                second_stored.set()
                db.session.commit()
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)
            finally:
                second_stored.set()
                db.session.remove()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Blob)) == 1
    assert get_blob(put_blob(DATA)) == DATA  # a later upload finds it and adds nothing
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Blob)) == 1
