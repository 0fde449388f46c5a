"""A PostgreSQL database that is not UTF8 (SQL_ASCII, from a server set up without a locale) is
refused at the first connection with a message that says what to do (db/engine.py)."""

from __future__ import annotations

import pytest

from tests import pg_support
from waybill_ui.db import open_database
from waybill_ui.db.engine import NotUtf8Database


@pytest.mark.postgres_only
def test_a_sql_ascii_database_is_refused_with_what_to_do():
    url = pg_support.url_of(f"{pg_support._prefix()}_ascii")
    name = url.rsplit("/", 1)[1]
    pg_support._execute(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f"CREATE DATABASE \"{name}\" ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0",
    )
    try:
        with pytest.raises(NotUtf8Database) as refused:
            open_database(url)
        assert "SQL_ASCII" in str(refused.value) and "ENCODING 'UTF8'" in str(refused.value)
        assert "编码" in str(refused.value)
    finally:
        pg_support.drop_database(url)
