"""设置 → 合同价 with NiceGUI's simulated user: the shipping origin is saved, a contract price is
listed with its terms and deleted."""

from nicegui.testing import User

from tests.helpers import eventually, login
from tests.market_support import load_catalogue
from waybill_ui import runtime
from waybill_ui.services.accounts.users import Principal
from waybill_ui.services.market import contracts
from waybill_ui.services.market import quotes as market

RETRY = 50


async def test_origin_saved_and_a_contract_deleted(user: User):
    db = runtime.get().db
    load_catalogue(db)
    owner = Principal(id=0, username="owner", role="owner")
    row = contracts.save_contract(
        db, carrier_code="ZTO", zone="广东省", first_fen=450, extra_fen_per_kg=150, outlet="白云网点", actor=owner
    )
    await login(user)
    await user.open("/settings?tab=contracts")
    await user.should_see(marker=f"contract-row-{row.id}", retries=RETRY)
    await user.should_see("白云网点")
    await user.should_see("广东省")
    next(iter(user.find(marker="origin-province").elements)).value = "四川省"
    user.find(marker="origin-save").click()
    await eventually(lambda: market.origin_province(db) == "四川省")
    user.find(marker=f"contract-delete-{row.id}").click()
    await user.should_see(marker="contract-none", retries=RETRY)
    assert contracts.list_contracts(db) == []
