"""Reprints of e-waybill labels go through the provider that counts them (Kuaidi100 printOld),
are counted here, and stop at the provider's limit with a clear message — for the labels dialog
and the API alike (both call services/printing/prepare.py, then services/printing/labels.py)."""

import pytest
from nicegui.testing import User
from sqlmodel import select

from tests.ewaybill.support import add_account, add_order, add_sender, make_sandbox, provider_factory
from waybill_ui import runtime
from waybill_ui.carriers.ewaybill import Kuaidi100Label
from waybill_ui.db.models import EwaybillIssue, Shipment
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.printing import prepare as label_prepare
from waybill_ui.services.printing import labels
from waybill_ui.services.common.errors import Conflict

K100_PATH = "/kuaidi100/label/order"


@pytest.fixture
def k100_bench(db, settings, tmp_path):
    box = make_sandbox(settings, tmp_path / "net.db")
    _, http = provider_factory(settings, box)
    add_sender(db)
    add_account(db, carrier="YTO", provider="kuaidi100")

    def k100(account):
        return Kuaidi100Label(
            http, key=box.config.customer, secret=box.config.key, url=f"http://net.test/sandbox{K100_PATH}"
        )

    yield db, box, k100
    box.close()


def _desk_reprints(box) -> int:
    return box.store._conn.execute("SELECT reprints FROM ew_orders").fetchone()[0]


async def _print(db, shipment_id, provider_for):
    await label_prepare.before_print(db, shipment_ids=[shipment_id], market=None, provider_for=provider_for)
    return labels.print_labels(db, shipment_ids=[shipment_id], actor="s")


async def test_reprints_go_through_printOld_and_stop_at_ten(k100_bench):
    db, box, k100 = k100_bench
    shipped = await ewaybill.issue_and_ship(db, order_no=add_order(db), carrier="YTO", actor="s", provider_for=k100)
    await _print(db, shipped.id, k100)  # the first print is no reprint: nothing sent
    assert _desk_reprints(box) == 0
    for n in range(1, 11):
        result = await _print(db, shipped.id, k100)
        assert result.reprints == 1 and _desk_reprints(box) == n  # the provider counted each one
    with db.read() as session:
        assert len(session.exec(select(EwaybillIssue)).one().reprints) == 10
    with pytest.raises(Conflict) as caught:
        await _print(db, shipped.id, k100)
    message = caught.value.message("zh")
    assert shipped.number in message and "最多 10 次" in message
    assert _desk_reprints(box) == 10  # refused here, before any call
    with db.read() as session:
        assert session.get(Shipment, shipped.id).printed_count == 11


async def test_a_refusal_by_the_provider_prints_nothing_and_says_why(k100_bench):
    db, box, k100 = k100_bench
    shipped = await ewaybill.issue_and_ship(db, order_no=add_order(db), carrier="YTO", actor="s", provider_for=k100)
    await _print(db, shipped.id, k100)
    # reprinted 10 times elsewhere (Kuaidi100's own backend): our count does not know, the provider does
    box.store._conn.execute("UPDATE ew_orders SET reprints = 10")
    with pytest.raises(Conflict) as caught:
        await _print(db, shipped.id, k100)
    assert caught.value.code == "reprint_refused"
    assert "补打次数已用完" in caught.value.message("zh") and shipped.number in caught.value.message("zh")
    with db.read() as session:
        assert session.get(Shipment, shipped.id).printed_count == 1  # nothing printed, nothing counted
        assert session.exec(select(EwaybillIssue)).one().reprints == []


async def test_the_labels_api_reprints_through_the_provider(user: User, monkeypatch):
    from tests.api.test_ewaybill_api import headers_for
    from waybill_ui.services.ewaybill import accounts as ewaybill_accounts
    from waybill_ui.services.settings.providers import sandbox_url_of
    from tests.ewaybill.support import OWNER

    rt = runtime.get()
    db = rt.db
    add_sender(db)
    monkeypatch.setattr(rt.settings, "kuaidi100_label_url", sandbox_url_of(rt.providers).rstrip("/") + K100_PATH)
    monkeypatch.setattr(rt.settings, "kuaidi100_key", rt.settings.secrets.sandbox_customer)
    ewaybill_accounts.add_account(
        db,
        provider="kuaidi100",
        carrier="YTO",
        actor=OWNER,
        values={"partner_id": "p-1", "customer_pwd": rt.settings.secrets.sandbox_key},
    )
    client, staff = user.http_client, headers_for("staff")
    no = add_order(db)
    shipped = await client.post("/api/v1/shipments", json={"order_no": no, "carrier": "YTO"}, headers=staff)
    assert shipped.status_code == 201, shipped.text
    sid = shipped.json()["id"]
    conn = rt.sandbox.store._conn
    for n in range(11):
        got = await client.get(f"/api/v1/labels.pdf?shipment_ids={sid}", headers=staff)
        assert got.status_code == 200, got.text
        assert conn.execute("SELECT reprints FROM ew_orders").fetchone()[0] == n
    refused = await client.get(f"/api/v1/labels.pdf?shipment_ids={sid}", headers=staff)
    assert refused.status_code == 409 and "最多 10 次" in refused.text
