"""Several app processes on one PostgreSQL database (docs/scaling.md) must agree on the secrets
each one would otherwise generate in its own data folder: the key that signs NiceGUI's per-browser
storage, the embedded network's customer and key, and the salt Kuaidi100 signs its callbacks with
(a callback may reach any process). The first process to start puts its secrets in the database
(`setting` rows `secret.*`, never shown by any page or route); every later one adopts them.

On SQLite the app is one process and its data folder's `secrets.json` stays the only copy (a
restored backup must not bring another machine's embedded-network key with it)."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import col

from waybill_ui.config import Secrets
from waybill_ui.db import Database
from waybill_ui.db.models import Setting

SHARED = ("storage_secret", "sandbox_customer", "sandbox_key", "kuaidi100_salt")
PREFIX = "secret."


def adopt(db: Database, secrets: Secrets) -> dict[str, str]:
    """Offer ours, then take what the database holds (ours when we were first). Returns the
    names whose value changed here."""
    if not db.url.startswith("postgresql"):
        return {}
    from sqlalchemy.dialects.postgresql import insert

    with db.write() as session:
        for name in SHARED:
            session.execute(
                insert(Setting)
                .values(key=PREFIX + name, value=getattr(secrets, name), updated_by="first process")
                .on_conflict_do_nothing(index_elements=["key"])
            )
    with db.read() as session:
        stored = {
            row.key.removeprefix(PREFIX): row.value
            for row in session.scalars(select(Setting).where(col(Setting.key).in_([PREFIX + n for n in SHARED])))
        }
    changed = {}
    for name in SHARED:
        value = stored.get(name)
        if isinstance(value, str) and value and value != getattr(secrets, name):
            setattr(secrets, name, value)
            changed[name] = value
    return changed
