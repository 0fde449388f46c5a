"""Sending alerts to the channels.

New alerts are picked up by id (a cursor in the shop settings, so nothing is sent twice and
alerts from before the first channel are not replayed) and queued on each channel that wants
their kind. A channel sends at most one message a minute: the first alert goes out alone, the
ones that arrive within the minute are folded into one digest sent when the minute is up. A
failed send keeps the queue, records the error, and is retried with a growing pause (30 s, 1 min,
2 min … at most 30 min). The daily summary goes out once a day after 08:00 shop time."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import httpx
from sqlalchemy import func, select
from sqlmodel import col

from waybill_ui.config import Settings
from waybill_ui.db import Database
from waybill_ui.db.models import Alert, AlertChannel, Setting, Shipment
from waybill_ui.clock import SHANGHAI, utcnow
from waybill_ui.services.settings import store as shop_settings
from waybill_ui.services.alerts.channels import mail, robots
from waybill_ui.services.common.errors import Invalid, NotFound
from waybill_ui.texts import tr

CURSOR_KEY = "alert_channels.cursor"
MIN_GAP = timedelta(minutes=1)
MAX_BACKOFF = timedelta(minutes=30)
DIGEST_LINES = 20
SUMMARY_HOUR = 8


def collect(db: Database) -> int:
    """Queue alerts newer than the cursor on the channels that want them. Returns how many alerts."""
    cursor = shop_settings.get(db, CURSOR_KEY, None)
    with db.read() as session:
        top = session.execute(select(func.max(Alert.id))).scalar_one() or 0
    if cursor is not None and top <= int(cursor):
        return 0
    # the cursor moves in the same transaction as the queues: an alert is queued exactly once
    # (a bookkeeping value, so no audit row; first run: alerts from before are not replayed)
    with db.write() as session:
        session.merge(Setting(key=CURSOR_KEY, value=top, updated_by="job:alert_channels"))
        if cursor is None:
            return 0
        fresh = session.execute(
            select(col(Alert.id), col(Alert.kind))
            .where(col(Alert.id) > int(cursor), col(Alert.id) <= top)
            .order_by(col(Alert.id))
        ).all()
        for channel in session.execute(select(AlertChannel).where(col(AlertChannel.enabled))).scalars():
            wanted = set(channel.alert_kinds or [])
            ids = [i for i, kind in fresh if not wanted or kind in wanted]
            if ids:
                channel.pending = [*(channel.pending or []), *ids][-1000:]
                session.add(channel)
    return len(fresh)


def _may_send(channel: AlertChannel, now: datetime) -> bool:
    if channel.last_sent_at and now - channel.last_sent_at < MIN_GAP:
        return False
    return not (channel.next_try_at and channel.next_try_at > now)


def compose(db: Database, alert_ids: list[int], lang: str = "zh") -> tuple[str, str]:
    with db.read() as session:
        rows = session.execute(
            select(col(Alert.kind), col(Alert.message))
            .where(col(Alert.id).in_(alert_ids[:DIGEST_LINES]))
            .order_by(col(Alert.id))
        ).all()
    if len(alert_ids) == 1 and rows:
        kind, message = rows[0]
        return tr("channels.msg.one", lang, kind=tr(f"alerts.kind.{kind}", lang)), message
    lines = [f"- {tr(f'alerts.kind.{k}', lang)}：{m}" for k, m in rows]
    if len(alert_ids) > len(rows):
        lines.append(tr("channels.msg.more", lang, count=len(alert_ids) - len(rows)))
    return tr("channels.msg.digest", lang, count=len(alert_ids)), "\n".join(lines)


async def deliver(
    channel: AlertChannel,
    *,
    title: str,
    text: str,
    settings: Settings,
    now: datetime,
    client: httpx.AsyncClient | None = None,
) -> str:
    """Send one message; returns "" or the problem."""
    try:
        if channel.kind == "email":
            await asyncio.to_thread(mail.send, settings, to=channel.target, subject=title, text=text)
            return ""
        url, body = robots.build(
            channel.kind, url=channel.target, secret=channel.secret, title=title, text=text, now=now
        )
        own = client is None
        client = client or httpx.AsyncClient(timeout=10)
        try:
            response = await client.post(url, json=body)
        finally:
            if own:
                await client.aclose()
        return robots.problem(channel.kind, response.status_code, response.content)
    except Exception as exc:  # network, TLS, SMTP, bad URL: all end up as the channel's last error
        return f"{type(exc).__name__}: {exc}"[:300]


def _record(
    db: Database, channel_id: int, *, problem: str, sent_ids: list[int], now: datetime, summary_day: str = ""
) -> None:
    with db.write() as session:
        channel = session.get(AlertChannel, channel_id)
        if channel is None:
            return
        if problem:
            channel.failures += 1
            channel.last_error, channel.last_error_at = problem[:300], now
            channel.next_try_at = now + min(timedelta(seconds=30) * 2 ** (channel.failures - 1), MAX_BACKOFF)
        else:
            channel.failures, channel.next_try_at, channel.last_sent_at = 0, None, now
            channel.pending = [i for i in (channel.pending or []) if i not in set(sent_ids)]
            if summary_day:
                channel.last_summary_on = summary_day
        session.add(channel)


def daily_summary(db: Database, *, now: datetime, lang: str = "zh") -> tuple[str, str]:
    """Yesterday (shop time): shipments sent and delivered; open alerts now; carriers low on stock."""
    today = now.astimezone(SHANGHAI).replace(hour=0, minute=0, second=0, microsecond=0)
    start, end = today - timedelta(days=1), today
    with db.read() as session:
        shipped = session.execute(
            select(func.count())
            .select_from(Shipment)
            .where(
                col(Shipment.shipped_at) >= start, col(Shipment.shipped_at) < end, col(Shipment.cancelled_at).is_(None)
            )
        ).scalar_one()
        delivered = session.execute(
            select(func.count())
            .select_from(Shipment)
            .where(col(Shipment.delivered_at) >= start, col(Shipment.delivered_at) < end)
        ).scalar_one()
        open_alerts = session.execute(
            select(func.count()).select_from(Alert).where(col(Alert.status) != "resolved")
        ).scalar_one()
        low = sorted(
            {
                c or ""
                for c in session.execute(
                    select(col(Alert.carrier_code)).where(
                        col(Alert.kind) == "pool_low_stock", col(Alert.status) != "resolved"
                    )
                ).scalars()
            }
        )
    title = tr("channels.summary.title", lang, day=f"{start:%Y-%m-%d}")
    text = tr(
        "channels.summary.text",
        lang,
        shipped=shipped,
        delivered=delivered,
        open=open_alerts,
        low="、".join(low) if low else tr("channels.summary.none", lang),
    )
    return title, text


async def flush(db: Database, *, settings: Settings, now: datetime, client: httpx.AsyncClient | None = None) -> int:
    """Send what each channel may send now. Returns messages sent."""
    with db.read() as session:
        channels = list(session.execute(select(AlertChannel).where(col(AlertChannel.enabled))).scalars())
    sent = 0
    local = now.astimezone(SHANGHAI)
    for channel in channels:
        if not _may_send(channel, now):
            continue
        summary_day = f"{local:%Y-%m-%d}"
        if channel.daily_summary and channel.last_summary_on != summary_day and local.hour >= SUMMARY_HOUR:
            title, text = await asyncio.to_thread(daily_summary, db, now=now)
            problem = await deliver(channel, title=title, text=text, settings=settings, now=now, client=client)
            await asyncio.to_thread(
                _record, db, channel.id, problem=problem, sent_ids=[], now=now, summary_day=summary_day
            )
            sent += not problem
            continue  # the queue waits for the next minute
        ids = list(channel.pending or [])
        if not ids:
            continue
        title, text = await asyncio.to_thread(compose, db, ids)
        problem = await deliver(channel, title=title, text=text, settings=settings, now=now, client=client)
        await asyncio.to_thread(_record, db, channel.id, problem=problem, sent_ids=ids, now=now)
        sent += not problem
    return sent


async def run_once(
    db: Database, *, settings: Settings, now: datetime | None = None, client: httpx.AsyncClient | None = None
) -> int:
    now = now or utcnow()
    await asyncio.to_thread(collect, db)
    return await flush(db, settings=settings, now=now, client=client)


async def send_test(
    db: Database,
    *,
    channel_id: int,
    settings: Settings,
    now: datetime | None = None,
    client: httpx.AsyncClient | None = None,
    lang: str = "zh",
) -> str:
    """The test button: one message now (within the one-a-minute limit). Returns "" or the problem."""
    now = now or utcnow()
    with db.read() as session:
        channel = session.get(AlertChannel, channel_id)
    if channel is None:
        raise NotFound("channels.not_found", id=channel_id)
    if channel.last_sent_at and now - channel.last_sent_at < MIN_GAP:
        wait = int((MIN_GAP - (now - channel.last_sent_at)).total_seconds()) + 1
        raise Invalid("channels.wait", seconds=wait, code="rate_limited")
    problem = await deliver(
        channel,
        title=tr("channels.msg.test_title", lang),
        text=tr("channels.msg.test_text", lang, name=channel.name),
        settings=settings,
        now=now,
        client=client,
    )
    await asyncio.to_thread(_record, db, channel_id, problem=problem, sent_ids=[], now=now)
    return problem
