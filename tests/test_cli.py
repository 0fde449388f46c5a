import random
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import text

from waybill_ui.cli import main
from waybill_ui.db import open_database
from waybill_ui.db.models import LedgerEntry, LedgerKind
from waybill_ui.services.accounts import users
from waybill_ui.services.system.backup import app_lock


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("serve", "create-user", "reset-password", "backup", "restore", "seed-demo", "import-orders"):
        assert command in out


def test_create_user_and_reset_password(settings):
    assert main(["create-user", "boss", "--password", "boss-pass-1", "--role", "owner"]) == 0
    db = open_database(settings.db_url)
    assert users.authenticate(db, username="boss", password="boss-pass-1").is_owner
    assert main(["create-user", "boss", "--password", "boss-pass-1"]) == 2  # taken: a clear error, no trace
    assert main(["reset-password", "boss", "--password", "new-pass-99"]) == 0
    assert users.authenticate(db, username="boss", password="new-pass-99")


def test_seed_demo(settings):
    assert main(["seed-demo", "--orders", "120", "--seed", "1", "--days", "0"]) == 0
    db = open_database(settings.db_url)
    with db.read() as session:
        count, provinces = session.execute(
            text("SELECT count(*), count(DISTINCT province) FROM orders WHERE is_demo")
        ).one()
        balance = session.execute(text("SELECT sum(amount_fen) FROM ledger_entry")).scalar()
    assert count == 120 and provinces >= 10 and balance == 200_000
    from waybill_ui.services.settings import senders

    sender = senders.shop_sender(db)  # a believable demo sender for labels and e-waybills
    assert sender["province"] == "浙江省" and sender["name"] and senders.clean_phone(sender["phone"])


def test_seed_demo_with_history_tells_the_network_when_parcels_left(settings):
    from waybill_ui.sandbox.store import SandboxStore

    assert main(["seed-demo", "--orders", "20", "--seed", "2", "--days", "10"]) == 0
    db = open_database(settings.db_url)
    with db.read() as session:
        number, shipped = session.execute(
            text("SELECT number, shipped_at FROM shipment WHERE next_check_at IS NOT NULL LIMIT 1")
        ).one()
        pending = session.execute(text("SELECT count(*) FROM orders WHERE status = 'pending'")).scalar()
    assert pending >= 20
    store = SandboxStore(settings.data_dir / "sandbox.db")
    try:
        t0, _ = store.parcel(number, "ZTO", "")
    finally:
        store.close()
    from datetime import datetime

    assert (
        abs(t0 - datetime.fromisoformat(str(shipped)).replace(tzinfo=__import__("datetime").timezone.utc).timestamp())
        < 2
    )


def test_backup_while_writing_then_restore(settings, tmp_path):
    db = open_database(settings.db_url)
    stop = threading.Event()
    written = []

    def writer():
        n = 0
        while not stop.is_set():
            with db.write() as session:
                for _ in range(20):
                    n += 1
                    session.add(LedgerEntry(kind=LedgerKind.topup, amount_fen=1, reference=f"w{n}"))
            written.append(n)

    thread = threading.Thread(target=writer)
    thread.start()
    time.sleep(0.3)
    backup_file = tmp_path / "copy.db"
    assert main(["backup", str(backup_file)]) == 0
    time.sleep(0.2)
    stop.set()
    thread.join()
    if db.is_postgres:  # pg_dump's file: restore it and check the snapshot in the database
        db.dispose()
        assert main(["restore", str(backup_file)]) == 0
        restored = open_database(settings.db_url)
        with restored.read() as session:
            rows, total = session.execute(text("SELECT count(*), sum(amount_fen) FROM ledger_entry")).one()
        restored.dispose()
        assert rows % 20 == 0 and rows == total  # whole transactions only: a consistent snapshot
        assert 0 < rows < written[-1]  # taken while writes went on
        return

    copy = sqlite3.connect(backup_file)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows, total = copy.execute("SELECT count(*), sum(amount_fen) FROM ledger_entry").fetchone()
    copy.close()
    assert rows % 20 == 0 and rows == total  # whole transactions only: a consistent snapshot
    assert 0 < rows < written[-1]  # taken while writes went on

    db.dispose()
    assert main(["restore", str(backup_file)]) == 0
    restored = open_database(settings.db_url)
    with restored.read() as session:
        assert session.execute(text("SELECT count(*) FROM ledger_entry")).scalar() == rows


@pytest.mark.sqlite_only  # the data folder's lock guards the SQLite file
def test_restore_refused_while_the_app_runs(settings, tmp_path):
    open_database(settings.db_url).dispose()
    assert main(["backup", str(tmp_path / "b.db")]) == 0
    with app_lock(settings.data_dir):
        assert main(["restore", str(tmp_path / "b.db")]) == 2


def test_restore_refuses_a_file_that_is_not_a_backup(settings, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    assert main(["restore", str(junk)]) == 2


def test_python_dash_m_works(data_dir):
    result = subprocess.run([sys.executable, "-m", "waybill_ui", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "seed-demo" in result.stdout


def test_import_orders_command(settings, tmp_path, capsys):
    from tests.fixtures import taobao_export as tb

    rows = [tb.row(i, random.Random(i), status=tb.PENDING) for i in range(3)]
    rows[1][0] = "2.1E+18"
    path = tmp_path / "ExportOrderList.csv"
    path.write_bytes(tb.build(rows))
    assert main(["import-orders", str(path)]) == 0
    out = capsys.readouterr().out
    assert "imported 2 new" in out and "row 3:" in out and "scientific notation" in out
    assert main(["import-orders", str(path)]) == 0
    assert "imported 0 new, updated 2" in capsys.readouterr().out
    assert main(["import-orders", str(tmp_path / "missing.csv")]) == 2
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert main(["import-orders", str(empty)]) == 2
    assert "empty" in capsys.readouterr().err
