"""The header's search box through NiceGUI's simulated user: one match jumps to its page (an
order opens the orders list searched for it), several matches list every kind."""

from nicegui.testing import User
from sqlalchemy import select

from waybill_ui import runtime
from waybill_ui.db.models import Waybill
from tests.helpers import eventually, login
from tests.report_data import january


def search_for(user: User, q: str) -> None:
    user.find(marker="global-search").type(q).trigger("keydown.enter")


async def test_an_order_no_opens_the_orders_list_searched(user: User):
    january(runtime.get().db)
    await login(user)
    await user.open("/")
    search_for(user, "TB1001")
    await user.should_see(marker="orders-table", retries=100)
    with user:
        table = next(iter(user.find(marker="orders-table").elements))
        box = next(iter(user.find(marker="orders-search").elements))
    assert box.value == "TB1001"
    await eventually(lambda: [r["order_no"] for r in table.rows] == ["TB1001"])


async def test_a_pool_number_opens_its_page(user: User):
    db = runtime.get().db
    january(db)
    with db.read() as session:
        number = (
            session.execute(select(Waybill.number).where(Waybill.status == "available").order_by(Waybill.id))
            .scalars()
            .first()
        )
    await login(user)
    await user.open("/pool")
    search_for(user, number)
    await user.should_see(number, retries=100)
    await user.should_see(marker="number-facts", retries=50)


async def test_many_matches_are_listed_by_kind(user: User):
    january(runtime.get().db)
    await login(user)
    await user.open("/")
    search_for(user, "ZTO")  # every ZTO number, and the shipments made with them
    await user.should_see(marker="search-number", retries=100)
    await user.should_see(marker="search-shipment")
    await user.should_see("还有更多结果")
    await user.open("/search?q=nothing-like-this")
    await user.should_see(marker="search-nothing")
    await user.open("/search?q=1")
    await user.should_see(marker="search-short")
