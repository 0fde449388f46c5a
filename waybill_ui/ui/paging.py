"""Server-paged tables (Quasar's `request` event): which page the table asks for, and showing
the page the service returned. The lists that page by number (returns, freight bill lines, the
pool audit) share these; the pool's number list pages by cursor instead (ui/pool/numbers_view.py)."""

from __future__ import annotations

from typing import Any

from nicegui import events, ui


def wanted(table: ui.table, page: int | None, default_size: int) -> tuple[dict[str, Any], int, int]:
    """(the table's pagination with `page` applied, page number, page size)."""
    asked = dict(table.pagination)
    if page is not None:
        asked["page"] = page
    return asked, int(asked["page"]), int(asked.get("rowsPerPage") or default_size)


def show(table: ui.table, rows: list[dict[str, Any]], asked: dict[str, Any], total: int) -> None:
    table.rows = rows
    table.pagination = {**asked, "rowsNumber": total}
    table.update()


def take_request(table: ui.table, e: events.GenericEventArguments) -> None:
    """Keep what the table asked for (page, size, sort) before loading it."""
    asked = e.args.get("pagination", {}) if isinstance(e.args, dict) else {}
    table.pagination = {**table.pagination, **asked}
