"""CSV exports of the number list and of the audit trail.

UTF-8 with a BOM so Excel opens the Chinese text; a cell that starts with a formula character
(= + - @, tab, carriage return) gets a leading apostrophe, so a spreadsheet shows it as text and
never runs it (CSV injection).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from waybill_ui.carriers import codes
from waybill_ui.db import Database
from waybill_ui.clock import fmt_local
from waybill_ui.services.pool import numbers as pool_numbers
from waybill_ui.services.pool import history as pool_audit
from waybill_ui.services.common.spreadsheet import csv_bytes
from waybill_ui.texts import tr


def _csv(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    return csv_bytes(header, rows)


def numbers_csv(db: Database, *, filters: pool_numbers.NumberFilter | None = None, lang: str = "zh") -> bytes:
    header = [
        tr(f"pool.col.{c}", lang)
        for c in ("carrier", "number", "status", "origin", "expires_at", "created_at", "order_no", "shipped_at")
    ]
    rows = (
        [
            codes.name_of(r["carrier"]),
            r["number"],
            tr(f"pool.status.{r['status']}", lang),
            tr(f"pool.origin.{r['origin']}", lang),
            fmt_local(r["expires_at"]),
            fmt_local(r["created_at"]),
            r["order_no"] or "",
            fmt_local(r["shipped_at"]),
        ]
        for r in pool_numbers.iter_numbers(db, filters=filters)
    )
    return _csv(header, rows)


def audit_csv(db: Database, *, filters: pool_audit.AuditFilter | None = None, lang: str = "zh") -> bytes:
    header = [
        tr(f"pool.audit.col.{c}", lang)
        for c in ("at", "actor", "carrier", "number", "action", "from", "to", "reason", "details")
    ]
    rows = (
        [
            fmt_local(r["at"], "%Y-%m-%d %H:%M:%S"),
            r["actor"],
            codes.name_of(r["carrier"]),
            r["number"],
            tr(f"pool.action.{r['action']}", lang),
            _status(r["from_status"], lang),
            _status(r["to_status"], lang),
            reason_text(r["reason"], lang),
            json.dumps(r["details"], ensure_ascii=False),
        ]
        for r in pool_audit.iter_audit(db, filters=filters)
    )
    return _csv(header, rows)


def _status(status: str, lang: str) -> str:
    return tr(f"pool.status.{status}", lang) if status else ""


def reason_text(reason: str, lang: str | None = "zh") -> str:
    """Known reason codes in the reader's language; anything else (a person's note) as written."""
    from waybill_ui.texts import TEXTS

    return tr(f"pool.why.{reason}", lang) if f"pool.why.{reason}" in TEXTS else reason
