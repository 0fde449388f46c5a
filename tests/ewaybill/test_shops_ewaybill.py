"""The same order number in two shops gets two e-waybills: the order codes (the provider's
idempotency keys) differ per shop, so the provider never answers one with the other's number;
without a shop the number is refused, never guessed."""

import pytest
from sqlalchemy import text
from sqlmodel import select

from tests.ewaybill.support import OWNER, add_account, add_order, add_sender, make_sandbox, provider_factory
from waybill_ui.db.models import EwaybillIssue
from waybill_ui.services.common.errors import Conflict
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.orders import shops


@pytest.fixture
def bench(db, settings, tmp_path):
    box = make_sandbox(settings, tmp_path / "net.db")
    provider_for, http = provider_factory(settings, box)
    add_sender(db)
    box.http = http
    yield db, box, provider_for
    box.close()


async def test_same_number_in_two_shops_gets_two_ewaybills(bench):
    db, box, provider_for = bench
    account = add_account(db)
    ewaybill_accounts.record_balance(db, account_id=account.id, balance=100)
    no = add_order(db)
    other = shops.create_shop(db, name="抖店", marketplace="doudian", actor=OWNER)
    with db.write() as session:  # the same number again, in the second shop, a privacy number
        session.execute(
            text(
                "INSERT INTO orders (order_no, shop_id, buyer_nick, receiver_name, phone, phone_ext, landline, province, "
                "city, district, address, full_address, postcode, items, item_count, amount_fen, postage_fen, "
                "buyer_message, seller_memo, marketplace_status, status, external_carrier, external_number, imported_at, "
                "is_demo, after_sale) SELECT order_no, :shop, buyer_nick, receiver_name, '17012345678', '1234', landline, "
                "province, city, district, address, full_address, postcode, items, item_count, amount_fen, postage_fen, "
                "buyer_message, seller_memo, marketplace_status, status, external_carrier, external_number, imported_at, "
                "is_demo, after_sale FROM orders WHERE order_no = :no"
            ),
            {"shop": other.id, "no": no},
        )
    with pytest.raises(Conflict) as refused:
        await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="t", provider_for=provider_for)
    assert refused.value.code == "ambiguous_order"
    first = await ewaybill.issue_and_ship(
        db, order_no=no, carrier="ZTO", actor="t", provider_for=provider_for, shop_id=shops.DEFAULT_SHOP_ID
    )
    second = await ewaybill.issue_and_ship(
        db, order_no=no, carrier="ZTO", actor="t", provider_for=provider_for, shop_id=other.id
    )
    assert first.number and second.number and first.number != second.number
    with db.read() as session:
        codes = sorted(i.order_code for i in session.exec(select(EwaybillIssue)))
        statuses = dict(
            session.execute(text("SELECT shop_id, status FROM orders WHERE order_no = :n"), {"n": no}).all()
        )
    assert codes == sorted([f"{no}-1", f"{no}-S{other.id}-1"])
    assert statuses == {shops.DEFAULT_SHOP_ID: "shipped", other.id: "shipped"}
