"""物流跟踪 keeps what the user is doing when news arrives: rows update in place (the same
elements, the same ticks), and the whole filtered list can be selected at once."""

from sqlalchemy import update

from nicegui.testing import User

from tests.helpers import eventually, login_staff
from tests.tracking_factories import make_many
from waybill_ui import runtime
from waybill_ui.db.models import Shipment


def element(user: User, marker: str):
    return user.find(marker=marker).elements.pop()


async def test_news_updates_rows_in_place_and_keeps_ticks(user: User):
    await login_staff(user)
    db = runtime.get().db
    ids = make_many(db, 5)
    await user.open("/tracking")
    await user.should_see(marker=f"shipment-row-{ids[0]}")
    row_before = element(user, f"shipment-row-{ids[0]}")
    user.find(marker=f"check-{ids[1]}").click()
    await user.should_see("已选 1 个")
    with db.write() as session:  # a refresh elsewhere moved one parcel on
        session.execute(update(Shipment).where(Shipment.id == ids[0]).values(status="in_transit"))
    runtime.get().bus.publish("shipments", [ids[0]])
    await user.should_see(marker="status-in_transit")
    assert element(user, f"shipment-row-{ids[0]}") is row_before  # updated, not rebuilt
    assert element(user, f"check-{ids[1]}").value is True
    await user.should_see("已选 1 个")


async def test_select_all_matching_then_clear(user: User):
    await login_staff(user)
    make_many(runtime.get().db, 45)  # more than two pages of 20
    await user.open("/tracking")
    await user.should_see("共 45")
    user.find(marker="check-all").click()
    await user.should_see("已选 45 个")
    await eventually(lambda: element(user, "check-page").value is True)
    assert "45" in element(user, "refresh-selected").text
    user.find(marker="check-clear").click()
    await user.should_see("已选 0 个")
    user.find(marker="check-page").click()
    await user.should_see("已选 20 个")
