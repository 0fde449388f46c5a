"""Secrets shared through the database on PostgreSQL (several processes, one database); on
SQLite the data folder's secrets.json stays the only copy."""

import pytest

from waybill_ui.config import Secrets
from waybill_ui.services.accounts import shared_secrets
from waybill_ui.services.settings import store as shop_settings


def secrets_of(tag: str) -> Secrets:
    return Secrets(
        {
            "storage_secret": f"storage-{tag}",
            "sandbox_customer": f"SANDBOX{tag}",
            "sandbox_key": f"key-{tag}",
            "kuaidi100_salt": f"salt-{tag}",
        }
    )


@pytest.mark.postgres_only
def test_the_first_process_secrets_are_everyones(db):
    first, second = secrets_of("a"), secrets_of("b")
    assert shared_secrets.adopt(db, first) == {}  # the first to start keeps its own and offers them
    changed = shared_secrets.adopt(db, second)  # a later process (another data folder) adopts them
    assert set(changed) == set(shared_secrets.SHARED)
    assert (second.storage_secret, second.sandbox_customer, second.sandbox_key, second.kuaidi100_salt) == (
        "storage-a",
        "SANDBOXa",
        "key-a",
        "salt-a",
    )
    assert shared_secrets.adopt(db, secrets_of("c")) and shared_secrets.adopt(db, first) == {}


@pytest.mark.sqlite_only
def test_on_sqlite_nothing_is_stored_or_changed(db):
    mine = secrets_of("a")
    assert shared_secrets.adopt(db, mine) == {} and mine.sandbox_key == "key-a"
    assert shop_settings.get(db, "secret.sandbox_key") is None
