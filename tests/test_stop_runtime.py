"""Stopping the app stops every part even when one of them fails (waybill_ui/app.py stop_runtime):
a stop that gave up half-way would leave the bus bridge's threads asking a database that is gone."""

from __future__ import annotations

import logging

from waybill_ui import app as web_app
from waybill_ui import runtime


class Part:
    def __init__(self, fails: bool = False):
        self.fails = fails
        self.stopped = False

    def close(self) -> None:
        self.stopped = True
        if self.fails:
            raise OSError("disk gone")

    def stop(self) -> None:
        self.close()


class Db(Part):
    def dispose(self) -> None:
        self.close()


async def test_a_failing_part_does_not_keep_the_others_running(settings, caplog):
    sandbox, lock, bridge, db = Part(fails=True), Part(fails=True), Part(), Db()
    rt = runtime.Runtime(settings=settings, db=db)  # type: ignore[arg-type]
    rt.sandbox, rt.db_file_lock, rt.bus_bridge = sandbox, lock, bridge  # type: ignore[assignment]
    runtime.install(rt)
    with caplog.at_level(logging.ERROR, logger="waybill_ui"):
        await web_app.stop_runtime()
    assert sandbox.stopped and lock.stopped and bridge.stopped and db.stopped
    assert runtime.get_or_none() is None
    failed = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert failed == ["stopping sandbox failed", "stopping file lock failed"]
