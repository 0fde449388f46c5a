"""Issue 13 item 10: the database, its -wal/-shm, backups and everything else in the data folder
are private to the account running the app (0600 files, 0700 folders), like secrets.json."""

import os
import stat

import pytest
from sqlalchemy import text

from waybill_ui.config import load_settings
from waybill_ui.db import open_database
from waybill_ui.services.system import backup


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def world_umask():
    """Start like a typical desktop session (umask 022: new files 0644) and restore afterwards."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.sqlite_only  # the database's own files
def test_new_data_folder_is_private(data_dir, world_umask):
    settings = load_settings()
    db = open_database(settings.db_url)
    try:
        with db.write() as session:
            session.execute(text("CREATE TABLE IF NOT EXISTS probe (x INTEGER)"))
            session.execute(text("INSERT INTO probe VALUES (1)"))
        db_path = settings.db_path
        assert mode(data_dir) == 0o700
        for suffix in ("", "-wal", "-shm"):
            path = db_path.with_name(db_path.name + suffix)
            assert path.exists(), path
            assert mode(path) == 0o600, (path, oct(mode(path)))
        assert mode(data_dir / "secrets.json") == 0o600 if (data_dir / "secrets.json").exists() else True
        copy = backup.backup(db_path, settings.backups_dir / "waybill-backup.db")
        assert mode(copy) == 0o600 and mode(settings.backups_dir) == 0o700
        settings.uploads_dir.mkdir()
        (settings.uploads_dir / "orders.csv").write_text("x")
        assert mode(settings.uploads_dir) == 0o700 and mode(settings.uploads_dir / "orders.csv") == 0o600
    finally:
        db.dispose()


def test_an_older_world_readable_folder_is_tightened_at_start(data_dir, world_umask):
    (data_dir / "backups").mkdir(parents=True)
    os.chmod(data_dir, 0o755)
    os.chmod(data_dir / "backups", 0o755)
    for name in ("waybill.db", "waybill.db-wal", "waybill.db-shm", "backups/old.db", "sandbox.db"):
        (data_dir / name).write_bytes(b"")
        os.chmod(data_dir / name, 0o644)
    load_settings()
    assert mode(data_dir) == 0o700 and mode(data_dir / "backups") == 0o700
    for name in ("waybill.db", "waybill.db-wal", "waybill.db-shm", "backups/old.db", "sandbox.db"):
        assert mode(data_dir / name) == 0o600, name


@pytest.mark.sqlite_only  # a copy of the SQLite file
def test_a_backup_elsewhere_is_private_even_without_the_app_umask(tmp_path, db, world_umask):
    with db.write() as session:
        session.execute(text("CREATE TABLE IF NOT EXISTS probe (x INTEGER)"))
    from waybill_ui.config import load_settings as again

    db_path = again().db_path
    os.umask(0o022)  # e.g. a script calling backup() directly
    copy = backup.backup(db_path, tmp_path / "usb")
    assert mode(copy) == 0o600
