"""A market purchase for a carrier with an e-waybill account tops up that account's quota in the
embedded network, and the local count follows when the purchase's numbers arrive."""

from tests.ewaybill.support import add_account, add_order, add_sender
from tests.market_support import CUSTOMER, KEY, Network, fund, load_catalogue, owner
from waybill_ui.carriers.ewaybill import KdniaoEorder
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts
from waybill_ui.services.market import number_sync
from waybill_ui.services.market import purchases


async def test_purchase_tops_up_the_account_there_and_here(db, tmp_path):
    net = Network(tmp_path)
    try:
        load_catalogue(db)
        boss = owner(db)
        fund(db, 1_000_000, boss)
        add_sender(db)
        account = add_account(db)
        eorder = KdniaoEorder(
            net.http, business_id=CUSTOMER, api_key=KEY, url="http://net.test/sandbox/kdniao/api/EOrderService"
        )
        provider_for = lambda _account: eorder  # noqa: E731
        await ewaybill_accounts.refresh_quota(db, account_id=account.id, provider_for=provider_for)
        await ewaybill.issue_and_ship(db, order_no=add_order(db), carrier="ZTO", actor="s", provider_for=provider_for)
        assert net.sandbox.eorder.balance("ZTO:shop-zto") == 1999

        bought = purchases.checkout(db, package_id="ZTO-500", quantity=1, idempotency_key="k1", actor=boss).purchase
        info = await number_sync.sync_purchase(db, provider=net.provider, purchase_id=bought.id)
        assert info.purchase.numbers_received == 500
        assert net.sandbox.eorder.balance("ZTO:shop-zto") == 1999 + 500  # credited there, once
        await number_sync.sync_purchase(db, provider=net.provider, purchase_id=bought.id, manual=True)
        assert net.sandbox.eorder.balance("ZTO:shop-zto") == 1999 + 500
        view = ewaybill_accounts.list_accounts(db)[0]
        assert view.quota_local == 1999 + 500 and view.quota_reported == 2000  # counted here until the next check
        view = await ewaybill_accounts.refresh_quota(db, account_id=account.id, provider_for=provider_for)
        assert view.quota_reported == view.quota_local == 2499
    finally:
        await net.close()
