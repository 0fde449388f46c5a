"""The waybill pool's history over JSON (docs/api.md): is a number known and where was it used,
the audit trail and its CSV, the purchase planner read from the usage, and one number's page.

Split from api/routes/waybills.py (the list, stats and stock changes), whose ``Paging`` it uses.
api/__init__.py mounts the route modules by name, so this one comes after waybills.py: the
/waybills paths keep their order in /openapi.json, and /waybills/{carrier}/{number} stays last,
behind every fixed /waybills path.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from waybill_ui.api.deps import DB, CurrentUser, language
from waybill_ui.api.paging import Page
from waybill_ui.api.routes.waybills import Paging
from waybill_ui.services.market import planner
from waybill_ui.services.pool import known as pool_known
from waybill_ui.services.pool import numbers as pool_numbers
from waybill_ui.services.pool import history as pool_audit
from waybill_ui.services.pool import export as pool_export
from waybill_ui.api.router import api_router

router = api_router(tags=["waybills"])


class KnownOut(BaseModel):
    carrier: str
    number: str
    status: str
    origin: str
    order_no: str | None
    shipped_at: datetime | None
    reason: str


class LookupOut(BaseModel):
    known: bool
    places: list[KnownOut]


@router.get("/waybills/lookup", response_model=LookupOut)
def lookup_waybill(
    db: DB,
    user: CurrentUser,
    request: Request,
    number: str = Query(min_length=1, max_length=60),
    carrier: str | None = None,
) -> LookupOut:
    """The duplicate guard: is this number known to the shop, and where was it used?"""
    places = pool_known.where_known(db, number, carrier=carrier or None)
    lang = language(request)
    return LookupOut(
        known=bool(places),
        places=[
            KnownOut(
                carrier=k.carrier,
                number=k.number,
                status=k.status,
                origin=k.origin,
                order_no=k.order_no,
                shipped_at=k.shipped_at,
                reason=k.reason(lang),
            )
            for k in places
        ],
    )


class AuditOut(BaseModel):
    at: datetime
    actor: str
    carrier: str
    number: str
    action: str
    from_status: str
    to_status: str
    reason: str
    details: dict[str, Any]


def audit_filter(
    carrier: str | None = None,
    q: str | None = None,
    action: str | None = None,
    actor: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> pool_audit.AuditFilter:
    return pool_audit.AuditFilter(
        carrier=carrier or None, q=q or None, action=action or None, actor=actor or None, since=since, until=until
    )


AuditFilters = Annotated[pool_audit.AuditFilter, Depends(audit_filter)]


@router.get("/waybills/audit", response_model=Page[AuditOut])
def waybill_audit(db: DB, user: CurrentUser, filters: AuditFilters, paging: Paging) -> Page[AuditOut]:
    rows, total = pool_audit.list_audit(db, filters=filters, page=paging.page, size=paging.size)
    return Page(
        items=[AuditOut(**{k: r[k] for k in AuditOut.model_fields}) for r in rows],
        total=total,
        page=paging.page,
        size=paging.size,
    )


@router.get("/waybills/audit.csv")
def export_audit(db: DB, user: CurrentUser, filters: AuditFilters, request: Request) -> Response:
    return Response(
        pool_export.audit_csv(db, filters=filters, lang=language(request)),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="waybill-audit.csv"'},
    )


@router.get("/waybills/plan")
def purchase_plan(
    db: DB, user: CurrentUser, horizon_days: int | None = Query(default=None, ge=1, le=365)
) -> list[dict[str, Any]]:
    """采购建议 per carrier, with the arithmetic as (text key, params) steps."""
    return [
        {
            "carrier": p.carrier,
            "name": p.name,
            "horizon_days": p.horizon_days,
            "rate_per_day": round(p.rate_per_day, 2),
            "need": p.need,
            "available": p.available,
            "covered": p.covered,
            "gap": p.gap,
            "note": p.note,
            "total_fen": p.total_fen,
            "unused_in_suggestion": p.unused_in_suggestion,
            "lines": [
                {
                    "package_id": line.package.id,
                    "quantity": line.count,
                    "numbers": line.numbers,
                    "price_fen": line.price_fen,
                    "checkout_url": line.checkout_url,
                }
                for line in p.lines
            ],
            "steps": [{"key": key, "params": params} for key, params in p.steps],
        }
        for p in planner.plan(db, horizon_days=horizon_days)
    ]


@router.get("/waybills/{carrier}/{number}")
def waybill_detail(carrier: str, number: str, db: DB, user: CurrentUser, request: Request) -> dict[str, Any]:
    """One number: its pool row, the shipments that used it, and its history."""
    d = pool_numbers.number_detail(db, carrier=carrier, number=number)
    lang = language(request)
    return {
        "carrier": d.carrier,
        "number": d.number,
        "waybill": None if d.row is None else {k: v for k, v in d.row.items() if k != "id"},
        "shipments": d.shipments,
        "known": [k.reason(lang) for k in d.known],
        "history": [{k: v for k, v in r.items() if k != "id"} for r in d.history],
    }
