"""Many alerts at once: tick some, or select all that the filter shows, then acknowledge or
resolve them with one note (the service, the API and the 预警 page)."""

from nicegui.testing import User
from sqlmodel import select

from tests.helpers import eventually, login_staff
from waybill_ui import runtime
from waybill_ui.db.models import Alert, AuditLog
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.services.alerts import raising as alerts


def raise_many(db, kind: str, count: int, start: int = 0) -> list[int]:
    with db.write() as session:
        return [
            alerts.raise_alert(session, kind=kind, dedupe_key=f"{kind}:{i}", message=f"{kind} {i}", actor="t").id
            for i in range(start, start + count)
        ]


def statuses(db) -> dict[int, str]:
    with db.read() as session:
        return {a.id: a.status for a in session.exec(select(Alert))}


def test_bulk_by_ids_and_by_filter(db):
    late = raise_many(db, "transit_overdue", 22)
    stock = raise_many(db, "pool_low_stock", 3)
    assert alert_center.bulk(db, action="acknowledge", actor="amy", ids=late[:2]) == 2
    assert alert_center.bulk(db, action="acknowledge", actor="amy", ids=late[:2]) == 0  # already acknowledged
    # everything the filter shows: one kind, open or acknowledged, in chunks
    assert (
        alert_center.bulk(
            db, action="resolve", actor="amy", note="快递公司系统故障，已恢复", kind="transit_overdue", chunk=5
        )
        == 22
    )
    now = statuses(db)
    assert all(now[i] == "resolved" for i in late) and all(now[i] == "open" for i in stock)
    with db.read() as session:
        notes = {a.note for a in session.exec(select(Alert).where(Alert.kind == "transit_overdue"))}
        audits = session.exec(select(AuditLog).where(AuditLog.entity == "alert", AuditLog.action == "resolve")).all()
    assert notes == {"快递公司系统故障，已恢复"} and len(audits) == 22
    assert alert_center.bulk(db, action="resolve", actor="amy", ids=late) == 0  # nothing left to resolve


def test_bulk_refuses_bad_input(db):
    import pytest

    from waybill_ui.services.common.errors import Invalid

    with pytest.raises(Invalid):
        alert_center.bulk(db, action="delete", actor="amy", ids=[1])
    with pytest.raises(Invalid):
        alert_center.bulk(db, action="resolve", actor="amy", ids=[1], note="x" * 501)


async def test_page_selects_all_matching_and_resolves_them(user: User):
    await login_staff(user)
    db = runtime.get().db
    late = raise_many(db, "transit_overdue", 25)  # more than one page of 20
    raise_many(db, "pool_low_stock", 1)
    await user.open("/alerts?kind=transit_overdue")
    await user.should_see(marker=f"alert-{late[-1]}")
    user.find(marker="alerts-select-all").click()
    await user.should_see("已选 25 条")
    user.find(marker="alerts-bulk-resolve").click()
    await user.should_see(marker="bulk-resolve-dialog")
    user.find(marker="bulk-resolve-note").type("查询服务恢复后已补查")
    user.find(marker="bulk-resolve-confirm").click()
    await eventually(lambda: sum(1 for s in statuses(db).values() if s == "resolved") == 25)
    await user.should_see(marker="alerts-empty")


async def test_page_ticks_single_alerts_and_acknowledges_them(user: User):
    await login_staff(user)
    db = runtime.get().db
    ids = raise_many(db, "pickup_overdue", 3)
    await user.open("/alerts")
    await user.should_see(marker=f"alert-pick-{ids[0]}")
    user.find(marker=f"alert-pick-{ids[0]}").click()
    user.find(marker=f"alert-pick-{ids[2]}").click()
    await user.should_see("已选 2 条")
    user.find(marker="alerts-bulk-ack").click()
    await eventually(lambda: [statuses(db)[i] for i in ids] == ["acknowledged", "open", "acknowledged"])


async def test_api_bulk(user: User):
    from waybill_ui.services.accounts import users

    db = runtime.get().db
    users.create_user(db, username="apistaff", password="api-pass-123", role="staff")
    client = user.http_client
    token = (await client.post("/api/v1/auth/token", json={"username": "apistaff", "password": "api-pass-123"})).json()
    auth = {"Authorization": f"Bearer {token['token']}"}
    ids = raise_many(db, "transit_overdue", 4)
    done = await client.post("/api/v1/alerts/bulk", json={"action": "acknowledge", "ids": ids[:1]}, headers=auth)
    assert done.status_code == 200 and done.json() == {"changed": 1}
    done = await client.post(
        "/api/v1/alerts/bulk", json={"action": "resolve", "kind": "transit_overdue", "note": "已批量处理"}, headers=auth
    )
    assert done.json() == {"changed": 4}
    bad = await client.post("/api/v1/alerts/bulk", json={"action": "drop"}, headers=auth)
    assert bad.status_code == 422 and "action" in bad.json()["detail"]
    lax = await client.post("/api/v1/alerts/bulk", json={"action": "resolve", "ids": ["12"]}, headers=auth)
    assert lax.status_code == 422 and "ids" in lax.json()["detail"]


async def test_page_box_follows_the_page_shown(user: User):
    """Ticking "this page" on page 1 and paging on: page 2's alerts are not ticked, so the box is
    not either, and one click ticks page 2 too (it used to stay ticked and take two clicks)."""
    await login_staff(user)
    db = runtime.get().db
    late = raise_many(db, "transit_overdue", 25)  # page 1: 20, page 2: 5
    await user.open("/alerts")
    await user.should_see(marker=f"alert-{late[-1]}")
    user.find(marker="alerts-select-page").click()
    await user.should_see("已选 20 条")
    pager = user.find(marker="alerts-pager").elements.pop()
    pager.set_value(2)
    await user.should_see(marker=f"alert-{late[0]}")
    box = user.find(marker="alerts-select-page").elements.pop()
    await eventually(lambda: box.value is False)
    user.find(marker="alerts-select-page").click()
    await user.should_see("已选 25 条")


async def test_page_box_ticks_only_alerts_that_have_a_box(user: User):
    """Under "all", resolved alerts are shown without a box: ticking the page counts the others only."""
    await login_staff(user)
    db = runtime.get().db
    ids = raise_many(db, "pickup_overdue", 3)
    alert_center.resolve(db, alert_id=ids[0], note="已处理", actor="amy")
    await user.open("/alerts?status=all")
    await user.should_see(marker=f"alert-{ids[0]}")
    user.find(marker="alerts-select-page").click()
    await user.should_see("已选 2 条")
    user.find(marker="alerts-bulk-ack").click()
    await eventually(lambda: [statuses(db)[i] for i in ids] == ["resolved", "acknowledged", "acknowledged"])
