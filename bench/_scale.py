"""Shared by the 1M benches (orders_page_1m, pool_page_1m, import_1m, labels_10k): a scratch
database on SQLite or on a PostgreSQL server (`--database-url`), bulk-filled fast, and timing
helpers. On PostgreSQL each run creates its own database next to the given one and drops it."""

from __future__ import annotations

import random
import statistics
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from _common import fresh_db

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PROVINCES = ["浙江省", "广东省", "江苏省", "上海市", "北京市", "四川省", "湖北省", "山东省", "河南省", "福建省"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
STATUSES = ["pending"] * 6 + ["shipped"] * 3 + ["closed"]
START = datetime(2026, 1, 1)


@contextmanager
def scratch_db(database_url: str | None, keep: str | None = None):
    """(Database, kind, reused) on a fresh schema; dropped afterwards on PostgreSQL.

    `keep` (the benches' --keep): a SQLite folder or a PostgreSQL database name that is kept
    afterwards and reused, already filled, by the next run with the same `keep` (the schema is
    brought to the newest version first) — a 1M fill costs minutes on a shared machine."""
    if not database_url:
        if keep and (Path(keep) / "bench.db").exists():
            from waybill_ui.db import open_database

            db = open_database(f"sqlite:///{keep}/bench.db")
            try:
                yield db, "sqlite", True
            finally:
                db.dispose()
            return
        db, _ = fresh_db(keep)
        try:
            yield db, "sqlite", False
        finally:
            db.dispose()
        return
    from waybill_ui.db import open_database

    url = make_url(database_url)
    name = keep or f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        reused = bool(keep) and bool(
            conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
        )
        if not reused:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    db = open_database(url.set(database=name).render_as_string(hide_password=False))
    try:
        yield db, "postgresql", reused
    finally:
        db.dispose()
        if not keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def stamp(moment: datetime) -> str:
    return moment.isoformat(" ", "microseconds")


def order_rows(count: int, *, seed: int = 1):
    """`count` orders as tuples in the import's column order (store.new_row: ORDER_COLUMNS,
    imported_at, shop, carrier key), in blocks of 50,000: ties in amount, province, status and
    time; some without a payment time."""
    from waybill_ui.services.orders.importing.parsing import ORDER_COLUMNS
    from waybill_ui.services.orders.importing.store import new_row

    rng = random.Random(seed)
    index = {c: i for i, c in enumerate(ORDER_COLUMNS)}
    width = len(ORDER_COLUMNS)
    block = []
    for n in range(count):
        row = [""] * width
        ordered = START + timedelta(seconds=n * 30 + rng.randrange(30))
        status = rng.choice(STATUSES)
        province = rng.choice(PROVINCES)
        name = rng.choice(SURNAMES) + rng.choice("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平")
        row[index["order_no"]] = f"{3_000_000_000_000_000 + n * 7919}"
        row[index["buyer_nick"]] = f"tb{rng.randrange(10**8):08d}"
        row[index["receiver_name"]] = name
        row[index["phone"]] = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        row[index["province"]] = province
        row[index["city"]] = "市"
        row[index["district"]] = "区"
        row[index["address"]] = f"人民路{rng.randrange(1, 999)}号"
        row[index["full_address"]] = f"{province} 市 区 人民路"
        row[index["items"]] = "商品"
        row[index["item_count"]] = 1
        row[index["weight_g"]] = None
        row[index["amount_fen"]] = rng.randrange(1, 500) * 100
        row[index["postage_fen"]] = 0
        row[index["status"]] = status
        row[index["ordered_at"]] = stamp(ordered)
        row[index["paid_at"]] = None if status == "closed" else stamp(ordered + timedelta(minutes=1))
        block.append(new_row(tuple(row), now=stamp(START), shop_id=1))
        if len(block) == 50_000:
            yield block
            block = []
    if block:
        yield block


def bulk_orders(db, count: int) -> float:
    """The import's own raw INSERT, indexes built once at the end (as a first import does)."""
    from waybill_ui.services.orders.importing.store import _INSERT, indexes_built_after

    started = time.perf_counter()
    with db.write() as session, indexes_built_after(session):
        conn = session.connection()
        for block in order_rows(count):
            conn.exec_driver_sql(_INSERT, block)
    analyze(db)
    return time.perf_counter() - started


def analyze(db) -> None:
    """Fresh planner statistics, as after a day of use (PostgreSQL's autovacuum, SQLite's
    PRAGMA optimize at close). PostgreSQL: VACUUM ANALYZE, outside a transaction, so counts can
    read the indexes alone (the visibility map) as they would on a settled database."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        return
    with db.write() as session:
        session.connection().exec_driver_sql("ANALYZE")


def median_ms(fn, runs: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result
