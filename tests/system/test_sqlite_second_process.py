"""SQLite serves one app process: a second real process pointed at the same database file (from
another data folder, so the folder lock does not stop it) says so at start and runs no
scheduled jobs (waybill_ui/jobs/leader.py); the first keeps them."""

from __future__ import annotations

import pytest

from .conftest import LiveApp, make_live_app

pytestmark = [pytest.mark.sqlite_only, pytest.mark.slow]
WARNING = "Another app process is already using the SQLite database"


def test_a_second_process_on_the_same_sqlite_file_says_so_at_start(tmp_path):
    first = make_live_app(tmp_path / "first", exec_=True)  # the real command line, as the README runs it
    database = first.data_dir / "waybill.db"
    second = LiveApp(data_dir=tmp_path / "second", env=dict(first.env), exec_=True)
    second.env.update(
        {
            "WAYBILL_DATA_DIR": str(second.data_dir),
            "WAYBILL_PORT": str(second.port),
            "WAYBILL_DATABASE_URL": f"sqlite:///{database}",
        }
    )
    second.data_dir.mkdir()
    try:
        first.start()
        second.start()
        assert WARNING in second.log_path.read_text()
        assert str(database) in second.log_path.read_text()
        assert "runs no scheduled jobs" in second.log_path.read_text()
        assert WARNING not in first.log_path.read_text()
    finally:
        second.stop()
        first.stop()
    # once the first has stopped, the file is free: a process started now is the one
    third = LiveApp(data_dir=second.data_dir, env=dict(second.env), exec_=True)
    third.env["WAYBILL_PORT"] = str(third.port)
    third.log_path.unlink()
    try:
        third.start()
    finally:
        third.stop()
    assert WARNING not in third.log_path.read_text()
