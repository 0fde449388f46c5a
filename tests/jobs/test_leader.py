"""Who runs the scheduled jobs: on SQLite the one process that claimed the database file (a second
says so and runs none); on PostgreSQL the holder of the leader lock (tests/system/
test_several_processes.py runs two real processes)."""

from __future__ import annotations

import pytest

from waybill_ui.db import Database
from waybill_ui.db.dialect import qmark_to_format
from waybill_ui.jobs.leader import Leader, claim_file


@pytest.mark.sqlite_only
def test_a_second_process_on_the_same_sqlite_file_is_told_and_runs_no_jobs(tmp_path, capsys):
    db = Database(f"sqlite:///{tmp_path / 'shop.db'}")
    first = claim_file(db)
    try:
        assert first is not None and Leader(db, file_claimed=True).check()
        second = claim_file(db)  # another open of the lock file: as a second process would
        assert second is None
        assert "Another app process is already using the SQLite database" in capsys.readouterr().out
        assert not Leader(db, file_claimed=False).check()
    finally:
        first.close()
        db.dispose()
    again = claim_file(db)  # the first one stopped: the file is free
    assert again is not None
    again.close()


@pytest.mark.postgres_only
def test_one_leader_lock_holder_at_a_time_and_the_next_takes_over(db):
    a, b = Leader(db), Leader(Database(db.url))
    try:
        assert a.check() and not b.check()
        assert a.check() and not b.check()  # the leader keeps it
        a.release()
        assert b.check() and not a.check()
    finally:
        a.release()
        b.release()
        b.db.dispose()


def test_driver_placeholders_for_psycopg_leave_quoted_text_alone():
    sql, params = qmark_to_format("SELECT '?', x FROM t WHERE a = ? AND b LIKE '%z' AND c = ?", (1, 2))
    assert sql == "SELECT '?', x FROM t WHERE a = %s AND b LIKE '%%z' AND c = %s" and params == (1, 2)
    sql, params = qmark_to_format("SELECT 1 WHERE a IN (?1) OR b IN (?1) OR c = ?2", ("x", 5))
    assert sql == "SELECT 1 WHERE a IN (%(p1)s) OR b IN (%(p1)s) OR c = %(p2)s" and params == {"p1": "x", "p2": 5}
    _, many = qmark_to_format("INSERT INTO t VALUES (?1, ?2)", [(1, 2), (3, 4)])
    assert many == [{"p1": 1, "p2": 2}, {"p1": 3, "p2": 4}]
