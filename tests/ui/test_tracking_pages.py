"""物流跟踪, the shipment page and live timelines, with NiceGUI's simulated user."""

from datetime import timedelta

from nicegui.testing import User

from waybill_ui import runtime
from waybill_ui.carriers.status import TrackingStatus as S
from waybill_ui.clock import utcnow
from waybill_ui.services.tracking import refresh as tracking
from waybill_ui.services.tracking import config as tracking_config
from tests.helpers import login, login_staff
from tests.tracking_factories import FakeProvider, event, make_shipment, result

RETRY = 30  # live updates arrive through the bus and a background task


def script(number, start, *steps):
    """A provider answering with the first `n` events of a parcel's story, `n` set by the test."""
    evs = [
        event(1, "【杭州市】快件已由杭州揽收网点揽收", S.picked_up, start=start, sub="103", location="杭州"),
        event(6, "快件已到达【杭州转运中心】", S.in_transit, start=start, sub="1002", location="杭州"),
        event(
            20, "【深圳南山营业部】快递员王师傅正在为您派件", S.out_for_delivery, start=start, sub="5", location="深圳"
        ),
        event(23, "您的快件已签收，签收人：本人", S.delivered, start=start, sub="301", location="深圳"),
    ]
    state = {"n": 0}
    provider = FakeProvider({number: lambda q: result(number, evs[: state["n"]])})
    return provider, state


def bodies(user: User) -> list[str]:
    """Texts of the timeline entries on the page, top (newest) first."""
    entries = sorted(user.find(marker="timeline-entry").elements, key=lambda e: e.id)
    return [e.props["body"] for e in entries]


async def until(check, retries=RETRY):
    import asyncio

    for _ in range(retries):
        if check():
            return
        await asyncio.sleep(0.1)
    assert check()


async def refresh(provider, ids):
    rt = runtime.get()
    cfg = tracking_config.build({}, provider="fake")
    return await tracking.refresh_now(rt.db, provider, ids=ids, cfg=cfg)


async def test_list_filters_chips_and_timeline(user: User):
    await login(user)
    db = runtime.get().db
    start = utcnow() - timedelta(hours=30)
    a = make_shipment(db, carrier="YTO", number="YT9000000000501", shipped_at=start)
    b = make_shipment(db, carrier="SF", number="SF9000000000502", shipped_at=start)
    provider, state = script("YT9000000000501", start)
    state["n"] = 2
    await refresh(provider, [a])
    await user.open("/tracking")
    await user.should_see(marker=f"shipment-row-{a}")
    await user.should_see(marker=f"shipment-row-{b}")
    await user.should_see(marker="chip-in_transit")
    await user.should_see("运输中 1")
    user.find(marker="chip-in_transit").click()
    await user.should_not_see(marker=f"shipment-row-{b}", retries=RETRY)
    user.find(marker="chip-all").click()
    await user.should_see(marker=f"shipment-row-{b}", retries=RETRY)
    # carrier filter, then search by number
    user.find(marker="filter-carrier").elements.pop().value = "SF"
    user.find(marker="filter-apply").click()
    await user.should_not_see(marker=f"shipment-row-{a}", retries=RETRY)
    user.find(marker="filter-reset").click()
    await user.should_see(marker=f"shipment-row-{a}", retries=RETRY)
    user.find(marker="filter-search").type("YT9000000000501")
    user.find(marker="filter-apply").click()
    await user.should_not_see(marker=f"shipment-row-{b}", retries=RETRY)
    # a row opens its timeline, newest first
    user.find(marker=f"shipment-row-{a}").trigger("click")
    await user.should_see(marker="timeline", retries=RETRY)
    await until(lambda: len(bodies(user)) == 2)
    assert bodies(user)[0].startswith("快件已到达")


async def test_open_timeline_updates_live_without_reload(user: User):
    await login_staff(user)
    db = runtime.get().db
    start = utcnow() - timedelta(hours=30)
    sid = make_shipment(db, carrier="YTO", number="YT9000000000601", shipped_at=start)
    provider, state = script("YT9000000000601", start)
    await user.open(f"/shipments/{sid}")
    await user.should_see(marker="timeline-empty")
    await user.should_see(marker="status-pending")
    state["n"] = 3
    summary = await refresh(provider, [sid])  # what the job does
    assert summary.changed == 1
    await user.should_see(marker="status-out_for_delivery", retries=RETRY)
    await until(lambda: len(bodies(user)) == 3)
    assert "快递员王师傅正在为您派件" in bodies(user)[0]
    state["n"] = 4
    await refresh(provider, [sid])
    await user.should_see(marker="status-delivered", retries=RETRY)
    await until(lambda: len(bodies(user)) == 4)
    await user.should_see("不再自动查询", retries=RETRY)


async def test_list_updates_live_when_news_arrives(user: User):
    await login(user)
    db = runtime.get().db
    start = utcnow() - timedelta(hours=30)
    sid = make_shipment(db, carrier="YTO", number="YT9000000000701", shipped_at=start)
    provider, state = script("YT9000000000701", start)
    await user.open("/tracking")
    await user.should_see(marker=f"shipment-row-{sid}")
    user.find(marker=f"shipment-row-{sid}").trigger("click")
    await user.should_see(marker="timeline-empty", retries=RETRY)
    state["n"] = 2
    await refresh(provider, [sid])
    await user.should_see(marker="timeline", retries=RETRY)
    await until(lambda: bodies(user)[:1] == ["快件已到达【杭州转运中心】"])
    await user.should_see("运输中 1", retries=RETRY)


async def test_refresh_now_buttons_use_the_running_provider(user: User):
    await login_staff(user)
    db = runtime.get().db
    sid = make_shipment(db, carrier="YTO", number="YT9000000000801")
    await user.open(f"/shipments/{sid}")
    await user.should_see(marker="shipment-refresh", retries=RETRY)
    user.find(marker="shipment-refresh").click()
    await user.should_see("已查询 1 单", retries=RETRY)  # the embedded network answered (no trace yet)
    await user.open("/tracking")
    await user.should_see(marker=f"check-{sid}", retries=RETRY)
    user.find(marker=f"check-{sid}").click()
    await user.should_see("刷新所选（1）")
    user.notify.messages.clear()
    user.find(marker="refresh-selected").click()
    await user.should_see("已查询 1 单", retries=RETRY)


async def test_phone_tail_for_privacy_carriers(user: User):
    await login_staff(user)
    db = runtime.get().db
    sid = make_shipment(db, carrier="SF", number="SF9000000000901", phone="")
    await user.open(f"/shipments/{sid}")
    await user.should_see(marker="phone-tail", retries=RETRY)
    user.find(marker="phone-tail").type("13912345678")
    user.find(marker="phone-save").click()
    await user.should_see("已保存", retries=RETRY)
    from waybill_ui.services.tracking import queries as tq

    assert tq.detail(db, sid).phone_tail == "5678"


async def test_track_any_number_box(user: User):
    await login_staff(user)
    db = runtime.get().db
    sid = make_shipment(db, carrier="YTO", number="YT9000000000999")
    await user.open("/tracking")
    await user.should_see(marker="any-number-input")
    user.find(marker="any-number-input").type("yt9000000000999")
    await user.should_see(marker="suggest-YTO")
    assert user.find(marker="any-number-carrier").elements.pop().value == "YTO"
    user.find(marker="any-number-query").click()
    await user.should_see(marker="any-number-ours", retries=RETRY)
    await user.should_see(marker="any-number-none", retries=RETRY)  # embedded network: no trace yet
    link = user.find(marker="any-number-ours").elements.pop()
    assert link.props["href"] == f"/shipments/{sid}"


async def test_missing_shipment_says_so(user: User):
    await login(user)
    await user.open("/shipments/987654")
    await user.should_see(marker="shipment-missing")


async def test_print_labels_from_the_list_and_the_shipment_page(user: User):
    from sqlalchemy import text

    await login_staff(user)
    db = runtime.get().db
    a = make_shipment(db, carrier="YTO", number="YT9000000000901")
    b = make_shipment(db, carrier="YTO", number="YT9000000000902")

    def printed(sid):
        with db.read() as session:
            return session.execute(text("SELECT printed_count FROM shipment WHERE id = :i"), {"i": sid}).scalar()

    await user.open("/tracking")
    await user.should_see(marker=f"check-{a}", retries=RETRY)
    user.find(marker="print-selected").click()
    await user.should_see("请先选择", retries=RETRY)
    user.find(marker=f"check-{a}").click()
    user.find(marker=f"check-{b}").click()
    user.find(marker="print-selected").click()
    await until(lambda: printed(a) == 1 and printed(b) == 1)
    await user.open(f"/shipments/{a}")
    await user.should_see(marker="shipment-print", retries=RETRY)
    user.find(marker="shipment-print").click()
    await until(lambda: printed(a) == 2)


async def test_unprinted_filter_and_print_counts_in_the_list(user: User):
    await login_staff(user)
    db = runtime.get().db
    start = utcnow() - timedelta(hours=5)
    printed = make_shipment(db, carrier="YTO", number="YT9000000001101", shipped_at=start, printed_count=2)
    fresh = make_shipment(db, carrier="YTO", number="YT9000000001102", shipped_at=start)
    cancelled = make_shipment(db, carrier="YTO", number="YT9000000001103", shipped_at=start, cancelled_at=start)
    await user.open("/tracking")
    await user.should_see(marker=f"shipment-row-{printed}", retries=RETRY)
    await user.should_see(marker=f"shipment-row-{fresh}")
    await user.should_not_see(marker=f"shipment-row-{cancelled}")
    assert user.find(marker=f"printed-{printed}").elements.pop().text == "已打印 2 次"
    assert user.find(marker=f"printed-{fresh}").elements.pop().text == "未打印"
    user.find(marker="filter-unprinted").click()
    await user.should_not_see(marker=f"shipment-row-{printed}", retries=RETRY)
    await user.should_see(marker=f"shipment-row-{fresh}")
    await user.should_not_see(marker=f"shipment-row-{cancelled}")
    await user.should_see("共 1 条", retries=RETRY)
    user.find(marker=f"check-{fresh}").click()
    user.find(marker="print-selected").click()  # printed: it leaves the "not printed" list
    await user.should_see(marker="tracking-empty", retries=RETRY)
    user.find(marker="filter-reset").click()
    await user.should_see(marker=f"shipment-row-{printed}", retries=RETRY)
    await until(lambda: not user.find(marker="filter-unprinted").elements.pop().value)
    assert user.find(marker=f"printed-{fresh}").elements.pop().text == "已打印 1 次"


async def test_a_late_answer_for_all_parcels_does_not_overwrite_a_picked_status(user: User, monkeypatch):
    """A live update's reload (every parcel) answered after the click on a status chip had drawn
    that status's parcels: the list would show every parcel under 运输中 (ui/work.py Newest)."""
    import threading

    from waybill_ui import events
    from waybill_ui.services.tracking import queries as tq
    from tests.helpers import eventually

    await login(user)
    db = runtime.get().db
    start = utcnow() - timedelta(hours=30)
    moving = make_shipment(db, carrier="YTO", number="YT9000000000511", shipped_at=start)
    other = make_shipment(db, carrier="SF", number="SF9000000000512", shipped_at=start)
    provider, state = script("YT9000000000511", start)
    state["n"] = 2
    await refresh(provider, [moving])
    await user.open("/tracking")
    await user.should_see(marker=f"shipment-row-{other}")
    gate, held, late_done = threading.Event(), threading.Event(), threading.Event()
    original = tq.list_shipments

    def every_parcel_answers_late(db, filters, **kw):
        if filters.status is None:
            held.set()
            gate.wait(10)
        return original(db, filters, **kw)

    counts = tq.status_counts

    def counted(db, filters):
        try:
            return counts(db, filters)
        finally:
            if gate.is_set():
                late_done.set()  # the late reload's last query: it draws (or not) right after

    monkeypatch.setattr(tq, "list_shipments", every_parcel_answers_late)
    monkeypatch.setattr(tq, "status_counts", counted)
    runtime.get().bus.publish(events.ShipmentsUpdated(ids=(other,)))  # news: every parcel reloads…
    await eventually(held.is_set, message="the live reload did not start")
    user.find(marker="chip-in_transit").click()  # …and the seller picks 运输中
    await user.should_not_see(marker=f"shipment-row-{other}", retries=RETRY)
    gate.set()  # every parcel's answer comes back last
    await eventually(late_done.is_set, message="the late reload did not finish")
    for _ in range(10):  # let the loop resume that reload: its drawing, if any, happens now
        import asyncio

        await asyncio.sleep(0)
    await user.should_see(marker=f"shipment-row-{moving}")
    await user.should_not_see(marker=f"shipment-row-{other}")
