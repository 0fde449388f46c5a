"""Taking pushed callbacks in fast: each request waits until its update is written (so nothing a
provider was told we took can be lost), but the writes of many requests arriving together share
one transaction, written off the event loop. Hundreds of callbacks a second stay well under the
vendor's 20 s answer limit, and pages keep responding meanwhile."""

from __future__ import annotations

import asyncio
import logging
import random
import time
import weakref
from collections.abc import Callable
from datetime import datetime
from typing import Any, TYPE_CHECKING

from waybill_ui.carriers.protocol import PushUpdate
from waybill_ui.db import Database
from waybill_ui.clock import utcnow
from waybill_ui.services.tracking import push_store
from waybill_ui.services.tracking.config import TrackingConfig

if TYPE_CHECKING:  # annotations only
    from waybill_ui.runtime import Runtime

log = logging.getLogger(__name__)
CHUNK = 32  # updates per write transaction
WINDOW_S = 0.02  # how long the first callback of a batch waits for company
CONFIG_TTL_S = 5.0

# one submit(): the updates, and the future its caller awaits (the numbers we do not keep)
_Job = tuple[list[PushUpdate], "asyncio.Future[list[str]]"]


class PushIngest:
    def __init__(self, db: Database, *, config: Callable[[], TrackingConfig], now_fn: Callable[[], datetime] = utcnow):
        self.db, self._config, self.now_fn = db, config, now_fn
        self._queue: asyncio.Queue[_Job] | None = None
        self._task: asyncio.Task[Any] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._cfg: tuple[float, TrackingConfig] | None = None
        self._rng = random.Random()

    def _start(self) -> asyncio.Queue[_Job]:
        loop = asyncio.get_running_loop()
        if self._queue is None or self._loop is not loop or self._task is None or self._task.done():
            self._loop, self._queue = loop, asyncio.Queue()
            self._task = loop.create_task(self._writer(self._queue))
        return self._queue

    async def submit(self, updates: list[PushUpdate]) -> list[str]:
        """Store these updates; returns the numbers among them that we do not keep."""
        if not updates:
            return []
        future: asyncio.Future[list[str]] = asyncio.get_running_loop().create_future()
        self._start().put_nowait((updates, future))
        return await future

    async def _cfg_now(self) -> TrackingConfig:
        if self._cfg is None or time.monotonic() - self._cfg[0] > CONFIG_TTL_S:
            self._cfg = (time.monotonic(), await asyncio.to_thread(self._config))
        return self._cfg[1]

    async def _writer(self, queue: asyncio.Queue[_Job]) -> None:
        loop = asyncio.get_running_loop()
        while True:
            batch = [await queue.get()]
            size = len(batch[0][0])
            deadline = loop.time() + WINDOW_S
            while size < CHUNK:
                try:
                    item = queue.get_nowait()
                except asyncio.QueueEmpty:
                    if loop.time() >= deadline:
                        break
                    await asyncio.sleep(min(0.005, max(deadline - loop.time(), 0)))
                    continue
                batch.append(item)
                size += len(item[0])
            await self._write(batch)

    async def _write(self, batch: list[tuple[list[PushUpdate], asyncio.Future[Any]]]) -> None:
        updates = [u for ups, _ in batch for u in ups]
        try:
            cfg = await self._cfg_now()
            applied = await asyncio.to_thread(
                push_store.apply_pushes, self.db, updates, cfg=cfg, now=self.now_fn(), rng=self._rng
            )
        except Exception as exc:  # nothing of this batch is stored: every caller answers an error
            log.exception("writing %d pushed updates failed", len(updates))
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        unknown = set(applied.unknown)
        for ups, future in batch:
            if not future.done():
                future.set_result([u.number for u in ups if u.number in unknown])


_INGESTS: "weakref.WeakKeyDictionary[Database, PushIngest]" = weakref.WeakKeyDictionary()


def ingest_for(rt: Runtime) -> PushIngest:
    """The running app's one ingest (one per database)."""
    ingest = _INGESTS.get(rt.db)
    if ingest is None:
        from waybill_ui.services.tracking import config as tracking_config

        ingest = PushIngest(rt.db, config=lambda: tracking_config.load_for_runtime(rt))
        _INGESTS[rt.db] = ingest
    return ingest
