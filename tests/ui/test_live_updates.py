"""Open pages follow change notices through one helper (waybill_ui/ui/live.py) that survives a
websocket reconnect, and a change made through the API reaches them too (issue 14)."""

import asyncio
import inspect

from nicegui import ui
from nicegui.testing import User
from sqlalchemy import select

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
from tests.conftest import OWNER
from tests.helpers import eventually, login
from waybill_ui import runtime
from waybill_ui.db.models import Alert
from waybill_ui.services.alerts import raising as alerts
from waybill_ui.services.pool import importing as pool_import
from waybill_ui.services.shipping import single as shipping


def element(user: User, marker: str):
    return user.find(marker=marker).elements.pop()


def texts(user: User, marker: str) -> str:
    with user:
        return " ".join(
            e.text for e in user.find(marker=marker).elements for e in e.descendants() if hasattr(e, "text")
        )


async def wifi_blip(user: User) -> None:
    """What NiceGUI does when a browser's socket drops and comes back within the reconnect
    timeout: the client's disconnect handlers run, the client itself stays."""
    client = user.client
    assert client is not None
    for handler in list(client.disconnect_handlers):
        result = handler()
        if inspect.isawaitable(result):
            await result
    assert not client.is_deleted


async def test_the_orders_page_keeps_refreshing_after_a_reconnect(user: User):
    db = runtime.get().db
    seed_catalogue(db)
    add_stock(db, "ZTO", 3)
    orders = add_orders(db, 2)
    await login(user)
    await user.open("/orders")
    table = element(user, "orders-table")
    await eventually(lambda: len(table.rows) == 2)
    await wifi_blip(user)
    shipping.ship_order(db, order_no=orders[0], carrier="ZTO", actor="someone-else")  # another desk ships
    await eventually(
        lambda: {r["order_no"] for r in table.rows} == {orders[1]},
        timeout=15,
        message="the 待发货 list did not follow after the reconnect",
    )


async def _tick_timers(user: User) -> None:
    """Every ui.timer of the page runs once now, as if its interval had passed."""
    assert user.client is not None
    for timer in [e for e in user.client.elements.values() if isinstance(e, ui.timer)]:
        result = timer.callback() if timer.callback else None
        if inspect.isawaitable(result):
            await result


async def test_news_reloads_the_orders_list_at_once_then_at_most_every_three_seconds(
    user: User, shop_clock, monkeypatch
):
    """ui/live.py `follow`: one change by another desk shows at once; news right after a reload
    waits until 3 s (on the app's clock) have passed since it, then reloads once."""
    db = runtime.get().db
    seed_catalogue(db)
    add_stock(db, "ZTO", 3)
    orders = add_orders(db, 3)
    await login(user)
    from waybill_ui.ui.pages.orders import OrdersView  # imported by the app's start, not before it

    reloads = 0
    original = OrdersView.reload

    async def counted(self) -> None:
        nonlocal reloads
        reloads += 1
        await original(self)

    monkeypatch.setattr(OrdersView, "reload", counted)
    await user.open("/orders")
    table = element(user, "orders-table")
    await eventually(lambda: len(table.rows) == 3)
    before = reloads
    shipping.ship_order(db, order_no=orders[0], carrier="ZTO", actor="someone-else")
    await eventually(lambda: len(table.rows) == 2, message="a single change did not show at once")
    assert reloads == before + 1
    shipping.ship_order(db, order_no=orders[1], carrier="ZTO", actor="someone-else")
    shipping.ship_order(db, order_no=orders[2], carrier="ZTO", actor="someone-else")
    for _ in range(20):  # the news reaches the page within the loop's next few turns
        await asyncio.sleep(0)
    await _tick_timers(user)
    assert reloads == before + 1, "reloaded again within 3 s of the last reload"
    shop_clock.jump(seconds=3)
    await _tick_timers(user)
    assert reloads == before + 2  # the two later changes: one reload
    await eventually(lambda: not table.rows)


async def test_the_pool_page_keeps_refreshing_after_a_reconnect(user: User):
    db = runtime.get().db
    seed_catalogue(db)
    add_stock(db, "ZTO", 2)
    await login(user)
    await user.open("/pool")
    await user.should_see(marker="pool-stock-table", retries=100)
    await wifi_blip(user)
    start = "73" + "0" * 10
    done = pool_import.commit_import(db, carrier="ZTO", start=start, count=5, actor="owner")
    assert len(done.accepted) == 5

    def shows_seven() -> bool:
        return any(row.get("available") == 7 for row in element(user, "pool-stock-table").rows)

    await eventually(shows_seven, timeout=15, message="the stock did not follow after the reconnect")


async def test_the_dashboard_keeps_refreshing_after_a_reconnect(user: User, shop_clock):
    db = runtime.get().db
    seed_catalogue(db)
    add_stock(db, "ZTO", 3)
    orders = add_orders(db, 3)
    await login(user)
    await user.open("/")
    await user.should_see(marker="dash-pending", retries=100)
    await eventually(lambda: texts(user, "dash-pending").endswith(" 3"), timeout=15)
    await wifi_blip(user)
    shipping.ship_order(db, order_no=orders[0], carrier="ZTO", actor="someone-else")
    shop_clock.jump(seconds=5)  # past MIN_GAP_S of ui/pages/dashboard.py, the gap between redraws
    await eventually(
        lambda: texts(user, "dash-pending").endswith(" 2"),
        timeout=15,
        message="the dashboard did not follow after the reconnect",
    )


async def test_an_alert_resolved_through_the_api_leaves_the_open_pages(user: User):
    db = runtime.get().db
    with db.write() as session:
        alert_id = alerts.raise_alert(
            session, kind="transit_overdue", dedupe_key="api-resolve:1", message="超时未更新", actor="test"
        ).id
    await login(user)
    await user.open("/alerts")
    await user.should_see(marker=f"alert-{alert_id}", retries=100)

    def listed() -> bool:  # (user.find raises when nothing matches)
        return any(f"alert-{alert_id}" in e._markers for e in user.client.elements.values())

    assert listed()
    client = user.http_client
    token = (await client.post("/api/v1/auth/token", json={"username": OWNER[0], "password": OWNER[1]})).json()
    answer = await client.post(
        f"/api/v1/alerts/{alert_id}/resolve",
        json={"note": "API 已处理"},
        headers={"Authorization": f"Bearer {token['token']}"},
    )
    assert answer.status_code == 200, answer.text
    with db.read() as session:
        assert session.scalar(select(Alert.status).where(Alert.id == alert_id)) == "resolved"

    await eventually(
        lambda: not listed(), timeout=15, message="the 预警 page still lists the alert resolved through the API"
    )
