"""What differs between SQLite and PostgreSQL, in one place.

Services write their SQL once. Where the two engines spell a thing differently, the difference
lives here: SQL constructs compiled per dialect (`local_day`, `days_between`), small per-dialect
fragments (`json_ids`, `json_pairs`, `json_rows`), and the driver's placeholder style.

Placeholders: bulk paths run SQL straight on the driver (`exec_driver_sql`) with `?` (SQLite's
paramstyle). psycopg uses `%s`, so on PostgreSQL `qmark_to_format` rewrites driver-level SQL on
its way to the cursor (installed by `waybill_ui.db.engine`); SQL built by SQLAlchemy is left
alone.
"""

from __future__ import annotations

import re

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Float, String

# ---------------------------------------------------------------- placeholders

_TOKENS = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|\?(\d+)?|%")


def qmark_to_format(statement: str, parameters):
    """`?` / `?N` / literal `%` in driver-level SQL → psycopg's `%s` / `%(pN)s` / `%%`; a `?` in
    quoted strings and identifiers stays. Returns (statement, parameters)."""
    numbered = False

    def swap(match: re.Match[str]) -> str:
        nonlocal numbered
        token = match.group(0)
        if token == "%":
            return "%%"
        if token[0] in "'\"":
            return token.replace("%", "%%")  # psycopg reads % even inside quotes
        if match.group(1):
            numbered = True
            return f"%(p{match.group(1)})s"
        return "%s"

    statement = _TOKENS.sub(swap, statement)
    if numbered:

        def as_dict(row):
            return {f"p{i + 1}": value for i, value in enumerate(row)}

        if isinstance(parameters, list):
            parameters = [as_dict(row) for row in parameters]
        elif isinstance(parameters, tuple):
            parameters = as_dict(parameters)
    return statement, parameters


def name(session_or_connection) -> str:
    """'sqlite' or 'postgresql' for a Session or a Connection."""
    bind = getattr(session_or_connection, "bind", None) or session_or_connection
    return bind.dialect.name


def is_postgres(session_or_connection) -> bool:
    return name(session_or_connection) == "postgresql"


# ---------------------------------------------------------------- SQL fragments


def json_ids(dialect: str, placeholder: str = "?", cast: str = "") -> str:
    """A subquery of the values of a JSON array parameter (e.g. `x IN ({json_ids(...)})`).
    `cast`: a PostgreSQL type for the values (they come out as text there)."""
    if dialect == "postgresql":
        value = f"value::{cast}" if cast else "value"
        return f"SELECT {value} FROM json_array_elements_text(CAST({placeholder} AS json))"
    return f"SELECT value FROM json_each({placeholder})"


def json_pairs(dialect: str, placeholder: str = "?") -> str:
    """A subquery of the rows `(a, b)` of a JSON array of two-text arrays `[[a, b], …]`: many rows
    into one set-based statement (one plan, one round trip) instead of an executemany."""
    if dialect == "postgresql":
        return f"SELECT value->>0 AS a, value->>1 AS b FROM json_array_elements(CAST({placeholder} AS json))"
    return f"SELECT json_extract(value, '$[0]') AS a, json_extract(value, '$[1]') AS b FROM json_each({placeholder})"


def stored_time(dialect: str, placeholder: str = "?") -> str:
    """A parameter holding a time as stored (text, db/types.py) where PostgreSQL cannot infer its
    type from a column, as in the select list of an INSERT … SELECT (it would take it for text)."""
    return f"CAST({placeholder} AS timestamp)" if dialect == "postgresql" else placeholder


def json_rows(dialect: str, columns: str) -> str:
    """One JSON text of all rows: `[[c1, c2, …], …]` for the comma-separated `columns`."""
    if dialect == "postgresql":
        return f"CAST(json_agg(json_build_array({columns})) AS text)"
    return f"json_group_array(json_array({columns}))"


# ---------------------------------------------------------------- compiled constructs


class local_day(FunctionElement):
    """The calendar day (text 'YYYY-MM-DD') of a stored UTC time in the shop's zone (UTC+8,
    China has no daylight saving)."""

    type = String()
    inherit_cache = True


@compiles(local_day)
def _local_day_sqlite(element, compiler, **kw):
    (column,) = element.clauses
    return f"date({compiler.process(column, **kw)}, '+8 hours')"


@compiles(local_day, "postgresql")
def _local_day_pg(element, compiler, **kw):
    (column,) = element.clauses
    return f"to_char({compiler.process(column, **kw)} + interval '8 hours', 'YYYY-MM-DD')"


class days_between(FunctionElement):
    """(later - earlier) in days, fractional; either argument may be a time or a 'YYYY-MM-DD' day."""

    type = Float()
    inherit_cache = True


@compiles(days_between)
def _days_between_sqlite(element, compiler, **kw):
    later, earlier = element.clauses
    return f"(julianday({compiler.process(later, **kw)}) - julianday({compiler.process(earlier, **kw)}))"


@compiles(days_between, "postgresql")
def _days_between_pg(element, compiler, **kw):
    later, earlier = element.clauses
    return (
        f"(EXTRACT(EPOCH FROM (CAST({compiler.process(later, **kw)} AS timestamp) - "
        f"CAST({compiler.process(earlier, **kw)} AS timestamp))) / 86400.0)"
    )


class greatest(FunctionElement):
    """The larger of two values (SQLite's two-argument max())."""

    type = Float()
    inherit_cache = True


@compiles(greatest)
def _greatest_sqlite(element, compiler, **kw):
    return f"max({compiler.process(element.clauses, **kw)})"


@compiles(greatest, "postgresql")
def _greatest_pg(element, compiler, **kw):
    return f"GREATEST({compiler.process(element.clauses, **kw)})"
