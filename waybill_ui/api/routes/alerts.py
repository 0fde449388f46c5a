"""预警 over JSON: every alert of every kind, resolve with a note, acknowledge, buyer notices."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Any

from fastapi import Depends, Request
from pydantic import BaseModel, Field, StrictInt

from waybill_ui.api.deps import DB, CurrentUser, language
from waybill_ui.api.paging import Page, PageParams, page_params
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.services.alerts import buyer_notices
from waybill_ui.api.router import api_router

router = api_router(tags=["alerts"])


class AlertOut(BaseModel):
    id: int
    kind: str
    kind_label: str
    status: str
    shipment_id: int | None
    purchase_id: int | None
    carrier: str | None
    number: str
    order_no: str
    message: str
    created_at: datetime
    acknowledged_by: str
    acknowledged_at: datetime | None
    resolved_by: str
    resolved_at: datetime | None
    note: str


class ResolveIn(BaseModel):
    note: str = Field(default="", max_length=500)


class BulkIn(BaseModel):
    action: Literal["acknowledge", "resolve"]
    ids: list[StrictInt] | None = Field(
        default=None, max_length=100_000, description="these alerts; left out: every alert matching status and kind"
    )
    status: str = "open"
    kind: str | None = None
    note: str = Field(default="", max_length=500)


class BulkOut(BaseModel):
    changed: int


class NoticeIn(BaseModel):
    text: str = Field(max_length=1000)


def _out(row: alert_center.AlertRow, lang: str) -> AlertOut:
    return AlertOut(
        id=row.id,
        kind=row.kind,
        kind_label=alert_center.kind_label(row.kind, lang),
        status=row.status,
        shipment_id=row.shipment_id,
        purchase_id=row.purchase_id,
        carrier=row.carrier_code,
        number=row.number,
        order_no=row.order_no,
        message=alert_center.localized_message(row, lang),
        created_at=row.created_at,
        acknowledged_by=row.acknowledged_by,
        acknowledged_at=row.acknowledged_at,
        resolved_by=row.resolved_by,
        resolved_at=row.resolved_at,
        note=row.note,
    )


def _one(db, alert_id: int, lang: str) -> AlertOut:
    rows, _ = alert_center.list_alerts(db, status="all", alert_id=alert_id)
    return _out(rows[0], lang)


@router.get("/alerts", response_model=Page[AlertOut])
def list_alerts(
    request: Request,
    db: DB,
    user: CurrentUser,
    paging: Annotated[PageParams, Depends(page_params)],
    status: str = "open",
    kind: str | None = None,
):
    """`status`: open (not resolved yet, the default), acknowledged, resolved or all."""
    rows, total = alert_center.list_alerts(db, status=status, kind=kind or None, page=paging.page, size=paging.size)
    lang = language(request)
    return Page(items=[_out(r, lang) for r in rows], total=total, page=paging.page, size=paging.size)


@router.get("/alerts/counts")
def alert_counts(db: DB, user: CurrentUser) -> dict[str, int]:
    """Open alerts per kind, and `total`."""
    counts = alert_center.open_counts(db)
    return {**counts, "total": sum(counts.values())}


@router.post("/alerts/bulk", response_model=BulkOut)
def bulk_alerts(body: BulkIn, db: DB, user: CurrentUser) -> BulkOut:
    """Acknowledge or resolve many alerts at once: `ids`, or all that match `status`/`kind`."""
    changed = alert_center.bulk(
        db, action=body.action, actor=user.username, note=body.note, ids=body.ids, status=body.status, kind=body.kind
    )
    return BulkOut(changed=changed)


@router.post("/alerts/{alert_id}/resolve", response_model=AlertOut)
def resolve_alert(alert_id: int, request: Request, db: DB, user: CurrentUser, body: ResolveIn | None = None):
    alert_center.resolve(db, alert_id=alert_id, note=body.note if body else "", actor=user.username)
    return _one(db, alert_id, language(request))


@router.post("/alerts/{alert_id}/acknowledge", response_model=AlertOut)
def acknowledge_alert(alert_id: int, request: Request, db: DB, user: CurrentUser):
    alert_center.acknowledge(db, alert_id=alert_id, actor=user.username)
    return _one(db, alert_id, language(request))


@router.get("/alerts/{alert_id}/notice")
def draft_notice(alert_id: int, db: DB, user: CurrentUser) -> dict[str, str]:
    """The buyer message for this alert, from the template of its kind filled with the order's data."""
    return {"text": buyer_notices.draft(db, alert_id=alert_id)}


@router.post("/alerts/{alert_id}/notices", status_code=201)
def log_notice(alert_id: int, body: NoticeIn, db: DB, user: CurrentUser) -> dict[str, Any]:
    """Record that this message was given to the buyer."""
    notice = buyer_notices.log_notice(db, alert_id=alert_id, text=body.text, actor=user.username)
    return {"id": notice.id, "alert_id": alert_id, "text": notice.text, "created_at": notice.created_at}
