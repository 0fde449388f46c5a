"""工作台 through NiceGUI's simulated user: a friendly start for an empty shop, today's figures,
stock, alerts and charts for a busy one, and live updates while the page is open."""

from nicegui import ui
from nicegui.testing import User
from sqlalchemy import func, select, text

from waybill_ui import events
from waybill_ui import runtime
from waybill_ui.db.models import Alert, Order, Purchase
from waybill_ui.clock import SHANGHAI, utcnow
from tests.fixtures.shop import add_orders
from tests.helpers import eventually, login, login_staff
from tests.pool_helpers import add_numbers, add_purchase, history, zto


def texts(user: User, marker: str) -> str:
    with user:
        return " ".join(
            e.text for e in user.find(marker=marker).elements for e in e.descendants() if hasattr(e, "text")
        )


def chart(user: User, name: str) -> ui.echart:
    with user:
        return next(iter(user.find(marker=f"chart-{name}").elements))


async def test_empty_shop_shows_how_to_start_and_loads_demo_data(user: User):
    await login(user)
    await user.open("/")
    await user.should_see(marker="dash-start")
    await user.should_see("导入订单")
    await user.should_see(marker="start-market")
    await user.should_see(marker="start-pool")
    user.find(marker="start-demo").click()
    await user.should_see(marker="dash-pending", retries=100)
    with runtime.get().db.read() as session:
        pending = session.execute(
            select(func.count()).select_from(Order).where(Order.is_demo == True, Order.status == "pending")  # noqa: E712
        ).scalar()  # noqa: E712
        shipped = session.execute(
            select(func.count()).select_from(Order).where(Order.is_demo == True, Order.status == "shipped")  # noqa: E712
        ).scalar()  # noqa: E712
    assert pending == 300 and shipped > 300  # waiting orders, and weeks of shipped history
    await eventually(lambda: texts(user, "dash-pending") == "待发货订单 300")
    await user.should_not_see(marker="dash-start")
    # the charts have something true to show on first open
    per_day = chart(user, "per_day").options
    assert len(per_day["series"]) >= 5 and "graphic" not in per_day
    assert "graphic" not in chart(user, "on_time").options


async def test_staff_sees_the_start_without_the_demo_button(user: User):
    await login_staff(user)
    await user.open("/")
    await user.should_see(marker="dash-start")
    await user.should_not_see(marker="start-demo")


def busy_shop(db) -> None:
    now = utcnow()
    history(db, carrier="ZTO", days=10, per_day=3)
    history(db, carrier="YTO", days=5, per_day=2)
    add_numbers(db, [zto(i) for i in range(40)], expires_in_days=3, cost_fen=12)
    add_orders(db, 7)
    purchase = add_purchase(db, carrier="ZTO", count=100)
    with db.write() as session:
        # picked up 20 minutes after shipping, delivered 30 minutes later
        session.execute(
            text(
                "UPDATE shipment SET picked_up_at = datetime(shipped_at, '+20 minutes'), "
                "delivered_at = datetime(shipped_at, '+50 minutes') WHERE status = 'delivered' AND delivered_at IS NULL"
            )
        )
        p = session.get(Purchase, purchase)
        p.status, p.numbers_received = "sync_pending", 40
        session.add(Alert(kind="pool_low_stock", dedupe_key="low:ZTO", message="low", carrier_code="ZTO"))
        session.add(Alert(kind="pickup_overdue", dedupe_key="p:1", message="late"))
        session.add(Alert(kind="pickup_overdue", dedupe_key="p:2", message="late", status="resolved", resolved_at=now))


async def test_busy_shop_figures_links_and_charts(user: User):
    db = runtime.get().db
    busy_shop(db)
    await login(user)
    await user.open("/")
    await user.should_see(marker="dash-stock-table", retries=100)
    assert texts(user, "dash-pending") == "待发货订单 7"
    # history(): 3 + 2 shipments an hour old each day (still yesterday in the shop's first hour)
    today = 5 if utcnow().astimezone(SHANGHAI).hour >= 1 else 0
    assert texts(user, "dash-shipped-today") == f"今日已发货 {today}"
    assert texts(user, "dash-alerts-open") == "未处理预警 2"
    assert "还差 60 个单号" in texts(user, "dash-purchases")
    alerts = texts(user, "dash-alerts")
    assert "库存不足 1" in alerts and ("pickup_overdue 1" in alerts or "揽收超时 1" in alerts)
    with user:
        links = {
            e.props.get("href")
            for e in user.find(marker="dash-alerts").elements.pop().descendants()
            if isinstance(e, ui.link)
        }
    assert {"/alerts?kind=pool_low_stock", "/alerts?kind=pickup_overdue"} <= links
    assert "已签收 40" in texts(user, "dash-statuses")
    with user:
        stock = next(iter(user.find(marker="dash-stock-table").elements))
        zto_row = [r for r in stock.rows if r["name"].startswith("中通")][0]
    assert zto_row["available"] == 40 and zto_row["expiring"] == 40
    assert zto_row["days_left"] == f"{40 / (30 / 10):.1f}"  # 30 used over a 10-day-old shop's 10 days

    per_day = chart(user, "per_day").options
    assert len(per_day["xAxis"]["data"]) == 30
    assert {s["name"]: sum(s["data"]) for s in per_day["series"]} == {"中通快递": 30, "圆通速递": 10}
    on_time = chart(user, "on_time").options
    assert on_time["series"][0]["data"] == [100.0, 100.0]  # no promise known: every parcel counts on time
    forecast = chart(user, "forecast").options
    assert "中通快递" in forecast["xAxis"]["data"]
    assert chart(user, "cost").options["series"][0]["data"] == [0.0, 0.0]  # history numbers cost nothing


async def test_numbers_follow_the_news(user: User, shop_clock):
    rt = runtime.get()
    busy_shop(rt.db)
    await login(user)
    await user.open("/")
    await user.should_see(marker="dash-stock-table", retries=100)
    add_orders(rt.db, 5, prefix="7000")
    rt.bus.publish(events.OrdersChanged(reason="test"))
    shop_clock.jump(seconds=5)  # MIN_GAP_S of ui/pages/dashboard.py: a burst of news redraws once
    await eventually(lambda: texts(user, "dash-pending") == "待发货订单 12", timeout=15)
