"""告知买家: a ready message for the buyer, per alert kind, from an editable template filled
with the order's data; the seller copies it into the marketplace chat and we log it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlmodel import col

from waybill_ui.carriers.codes import name_of
from waybill_ui.db import Database
from waybill_ui.db.models import Alert, BuyerNotice, Order, Shipment, TrackingEvent
from waybill_ui.db.rows import must_get
from waybill_ui.clock import fmt_local
from waybill_ui.services.accounts import audit
from waybill_ui.services.settings import store as shop_settings
from waybill_ui.services.common.errors import Invalid, NotFound
from waybill_ui.services.accounts.users import Principal, require_owner

SETTING_PREFIX = "notices.template."
FIELDS = ("买家", "收件人", "订单号", "商品", "快递", "单号", "发货时间", "最新进展", "最新时间")
DEFAULT_TEMPLATES: dict[str, str] = {
    "pickup_overdue": "亲，您的订单{订单号}已于{发货时间}交给{快递}（单号{单号}），目前快递还没有上门揽收，"
    "我们已经在催促快递尽快取件，给您带来不便非常抱歉！",
    "transit_stalled": "亲，您的包裹（{快递} {单号}）在运输途中暂时没有更新，最新进展：{最新进展}（{最新时间}）。"
    "我们已联系快递核实，有消息会第一时间告诉您，请您耐心等待～",
    "delivery_overdue": "亲，您的包裹（{快递} {单号}）已经在派送中，但较长时间还没有送达，我们已联系派送网点尽快为您派送。"
    "如果方便，也可以留意快递员的电话哦～",
    "exception": "亲，您的包裹（{快递} {单号}）在运输中出现了异常：{最新进展}。我们正在和快递处理，有结果马上通知您，非常抱歉！",
    "refused": "亲，快递显示您的包裹（{快递} {单号}）被拒收了，请问是遇到了什么问题吗？需要重新发货或者办理退款都可以联系我们～",
    "returned": "亲，您的包裹（{快递} {单号}）正在退回我们这里（最新进展：{最新进展}）。请问需要为您重新发货还是办理退款呢？",
    "transit_overdue": "亲，您的包裹（{快递} {单号}）比预计的到达时间晚了一些，最新进展：{最新进展}。"
    "我们已催促快递加快派送，感谢您的耐心等待！",
}
GENERIC = "亲，您的订单{订单号}（{快递} {单号}）物流最新进展：{最新进展}（{最新时间}）。有任何问题随时联系我们～"
_FIELD = re.compile(r"\{([^{}\s]{1,12})\}")


@dataclass
class NoticeRow:
    id: int
    text: str
    created_at: datetime
    created_by: str
    alert_id: int | None
    order_no: str = ""
    kind: str = ""


def fill(template: str, fields: dict[str, str]) -> str:
    """Replace {字段} placeholders; unknown or stray braces stay as written (templates are user text)."""
    return _FIELD.sub(lambda m: str(fields[m.group(1)]) if m.group(1) in fields else m.group(0), template)


def templates(db: Database) -> dict[str, str]:
    stored = shop_settings.get_many(db, {f"{SETTING_PREFIX}{k}": v for k, v in DEFAULT_TEMPLATES.items()})
    return {k.removeprefix(SETTING_PREFIX): v for k, v in stored.items()}


def save_templates(db: Database, *, values: dict[str, str], actor: Principal) -> None:
    require_owner(actor)
    cleaned = {}
    for kind, text in values.items():
        text = (text or "").strip()
        if kind not in DEFAULT_TEMPLATES or not text or len(text) > 1000:
            raise Invalid("notices.bad_template", kind=kind)
        cleaned[f"{SETTING_PREFIX}{kind}"] = text
    shop_settings.put(db, values=cleaned, actor=actor.username)


def fields_for(db: Database, *, alert_id: int) -> tuple[str, dict[str, str], int | None]:
    """(alert kind, placeholder values, order id) for an alert about a shipment."""
    with db.read() as session:
        alert = session.get(Alert, alert_id)
        if alert is None:
            raise NotFound("alerts.not_found", id=alert_id)
        if alert.shipment_id is None:
            raise Invalid("notices.no_shipment")
        shipment = must_get(session, Shipment, alert.shipment_id)
        order = must_get(session, Order, shipment.order_id)
        latest = session.execute(
            select(col(TrackingEvent.text), col(TrackingEvent.event_time))
            .where(col(TrackingEvent.shipment_id) == shipment.id)
            .order_by(col(TrackingEvent.event_time).desc(), col(TrackingEvent.id).desc())
            .limit(1)
        ).first()
    fields = {
        "买家": order.buyer_nick or order.receiver_name,
        "收件人": order.receiver_name,
        "订单号": order.order_no,
        "商品": order.items,
        "快递": name_of(shipment.carrier_code),
        "单号": shipment.number,
        "发货时间": fmt_local(shipment.shipped_at),
        "最新进展": latest.text if latest else "暂无物流信息",
        "最新时间": fmt_local(latest.event_time) if latest else "",
    }
    return alert.kind, fields, order.id


def draft(db: Database, *, alert_id: int) -> str:
    kind, fields, _ = fields_for(db, alert_id=alert_id)
    return fill(templates(db).get(kind, GENERIC), fields)


def log_notice(db: Database, *, alert_id: int, text: str, actor: str) -> BuyerNotice:
    text = (text or "").strip()
    if not text or len(text) > 1000:
        raise Invalid("notices.bad_text")
    _, _, order_id = fields_for(db, alert_id=alert_id)
    with db.write() as session:
        notice = BuyerNotice(alert_id=alert_id, order_id=order_id, text=text, created_by=actor)
        session.add(notice)
        session.flush()
        audit.record(
            session,
            actor=actor,
            entity="alert",
            entity_id=alert_id,
            action="notify_buyer",
            details={"notice_id": notice.id},
        )
        return notice


def list_notices(
    db: Database, *, alert_id: int | None = None, shipment_id: int | None = None, page: int = 1, size: int = 50
) -> tuple[list[NoticeRow], int]:
    where: list[ColumnElement[bool]] = []
    if alert_id:
        where.append(col(BuyerNotice.alert_id) == alert_id)
    if shipment_id:
        where.append(col(Alert.shipment_id) == shipment_id)
    query = (
        select(BuyerNotice, col(Order.order_no), col(Alert.kind))
        .outerjoin(Order, col(Order.id) == col(BuyerNotice.order_id))
        .outerjoin(Alert, col(Alert.id) == col(BuyerNotice.alert_id))
        .where(*where)
    )
    with db.read() as session:
        total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = session.execute(
            query.order_by(col(BuyerNotice.created_at).desc(), col(BuyerNotice.id).desc())
            .offset((page - 1) * size)
            .limit(size)
        )
        return [
            NoticeRow(
                id=n.id,
                text=n.text,
                created_at=n.created_at,
                created_by=n.created_by,
                alert_id=n.alert_id,
                order_no=order_no or "",
                kind=kind or "",
            )
            for n, order_no, kind in rows
        ], total
