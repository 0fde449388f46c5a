import pytest
from sqlmodel import select

from waybill_ui.carriers.protocol import CarrierProvider, ProviderError, Routing
from waybill_ui.db.models import AuditLog, Shipment
from waybill_ui.services.printing import routing as label_routing
from waybill_ui.services.printing import labels
from waybill_ui.services.settings import senders
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound
from waybill_ui.services.settings.senders import SenderInput
from waybill_ui.services.accounts.users import Principal
from tests.label_rows import make_shipments, number_for, order_no_for
from tests.pdf_tools import barcodes, page_sizes_mm, page_text, render

OWNER = Principal(id=1, username="owner", role="owner")


def pdf_of(db, ids, **kwargs) -> bytes:
    return labels.print_labels(db, shipment_ids=ids, actor="staff1", **kwargs).pdf


def flat(text: str) -> str:
    return "".join(text.split())


def test_one_page_per_shipment_in_the_order_given(db):
    ids = make_shipments(db, 7)
    order = [ids[3], ids[0], ids[6], ids[1], ids[2], ids[5], ids[4], ids[0]]  # a duplicate prints once
    result = labels.print_labels(db, shipment_ids=order, actor="staff1")
    assert result.count == 7 and result.reprints == 0
    assert len(page_sizes_mm(result.pdf)) == 7
    seqs = {sid: seq for seq, sid in enumerate(ids, start=1)}
    for page, sid in enumerate(dict.fromkeys(order)):
        assert number_for("ZTO", seqs[sid]) in page_text(result.pdf, page).text


@pytest.mark.parametrize("size, expected", [("76x130", (76.0, 130.0)), ("100x180", (100.0, 180.0))])
def test_page_size_is_exact(db, size, expected):
    ids = make_shipments(db, 2)
    assert page_sizes_mm(pdf_of(db, ids, size=size)) == [expected, expected]


def test_default_size_comes_from_the_shop_setting(db):
    ids = make_shipments(db, 1)
    assert page_sizes_mm(pdf_of(db, ids)) == [(76.0, 130.0)]
    labels.save_options(db, size="100x180", mask_phone=False, actor=OWNER)
    assert page_sizes_mm(pdf_of(db, ids)) == [(100.0, 180.0)]


@pytest.mark.parametrize("carrier", ["ZTO", "SF", "JTSD"])
@pytest.mark.parametrize("size", ["76x130", "100x180"])
def test_barcode_scans_back_to_the_number(db, carrier, size):
    [sid] = make_shipments(db, 1, carrier=carrier, start=123456789)
    pdf = pdf_of(db, [sid], size=size)
    assert barcodes(pdf) == [("CODE128", number_for(carrier, 123456789))]


def test_barcode_scans_at_a_coarse_300_and_150_dpi(db):
    [sid] = make_shipments(db, 1, start=42)
    pdf = pdf_of(db, [sid])
    for dpi in (150, 300):
        assert barcodes(pdf, dpi=dpi) == [("CODE128", number_for("ZTO", 42))]


def test_text_has_number_order_no_and_chinese(db):
    [sid] = make_shipments(db, 1, start=5, receiver="欧阳娜娜", route_code="342-081-00 052", sort_name="342杭州")
    text = page_text(pdf_of(db, [sid], mask_phone=False)).text  # privacy off: everything in full
    assert number_for("ZTO", 5) in text
    assert order_no_for(5) in text
    squashed = flat(text)
    for expected in (
        "中通快递",
        "欧阳娜娜",
        "13800138000",
        "浙江省杭州市西湖区文三路90号",
        "342-081-00052",
        "342杭州",
        "纯棉T恤",
        "请放快递柜",
        "收",
        "寄",
    ):
        assert flat(expected) in squashed, expected


def test_privacy_is_on_by_default_name_and_phone_masked(db):
    [sid] = make_shipments(db, 1, start=6, receiver="欧阳娜娜")
    squashed = flat(page_text(pdf_of(db, [sid])).text)
    assert "欧***" in squashed and "138****8000" in squashed
    assert "欧阳娜娜" not in squashed and "13800138000" not in squashed
    assert labels.options(db).mask_phone is True


def test_chinese_glyphs_are_drawn_not_left_blank(db):
    [sid] = make_shipments(db, 1, receiver="欧阳娜娜")
    pdf = pdf_of(db, [sid], mask_phone=False)
    page = page_text(pdf)
    image = render(pdf, dpi=300)
    scale = 300 / 72
    name_boxes = [box for char, box in page.boxes if char in "欧阳娜"]
    assert len(name_boxes) >= 3
    for left, bottom, right, top in name_boxes:
        crop = image.crop(
            (
                int(left * scale),
                int((page.height - top) * scale),
                int(right * scale) + 1,
                int((page.height - bottom) * scale) + 1,
            )
        )
        dark = sum(1 for value in crop.get_flattened_data() if value < 128)
        assert dark > 0.08 * crop.width * crop.height  # ink, not an empty box


@pytest.mark.parametrize("size", ["76x130", "100x180"])
def test_a_200_character_address_stays_inside_the_page(db, size):
    address = ("幸福路" + "".join(f"{i}号楼{i % 7}单元" for i in range(1, 60)))[:200]
    assert len(address) == 200
    [sid] = make_shipments(db, 1, address=address, receiver="张三")
    pdf = pdf_of(db, [sid], size=size)
    page = page_text(pdf)
    assert flat(address) in flat(page.text)  # all of it is printed (smaller), nothing cut
    for char, (left, bottom, right, top) in page.boxes:
        assert 0 <= left and right <= page.width and 0 <= bottom and top <= page.height, char
    # …and it stays in the recipient block: above the sender block's 寄 mark
    chars = "".join(char for char, _ in page.boxes)
    start = chars.index(flat(address))
    address_boxes = [box for _, box in page.boxes[start : start + len(flat(address))]]
    ji = next(box for char, box in page.boxes if char == "寄")
    shou = next(box for char, box in page.boxes if char == "收")
    assert all(ji[3] < bottom and top <= shou[3] + 1 for _, bottom, _, top in address_boxes)


def test_an_absurdly_long_address_is_cut_with_an_ellipsis_not_overflowing(db):
    address = "很长的地址" * 60
    [sid] = make_shipments(db, 1, address=address)
    page = page_text(pdf_of(db, [sid]))
    assert "…" in page.text
    for char, (left, bottom, right, top) in page.boxes:
        assert 0 <= left and right <= page.width and 0 <= bottom and top <= page.height, char


def test_reprints_are_counted_and_marked(db):
    first, second = make_shipments(db, 2)
    result = labels.print_labels(db, shipment_ids=[first], actor="staff1")
    assert result.reprints == 0 and "补打" not in page_text(result.pdf).text
    result = labels.print_labels(db, shipment_ids=[first, second], actor="staff1")
    assert result.reprints == 1
    assert "补打" in page_text(result.pdf, 0).text and "第2次" in page_text(result.pdf, 0).text
    assert "补打" not in page_text(result.pdf, 1).text
    with db.read() as session:
        rows = {s.id: s for s in session.exec(select(Shipment))}
        assert rows[first].printed_count == 2 and rows[second].printed_count == 1
        assert rows[first].last_printed_at is not None
        audit = session.exec(select(AuditLog).where(AuditLog.action == "print_label")).all()
    assert sorted((a.entity_id, a.details["print_count"], a.actor) for a in audit) == [
        (str(first), 1, "staff1"),
        (str(first), 2, "staff1"),
        (str(second), 1, "staff1"),
    ]


def test_unknown_ids_are_refused_and_nothing_is_counted(db):
    [sid] = make_shipments(db, 1)
    with pytest.raises(NotFound) as raised:
        labels.print_labels(db, shipment_ids=[sid, 9998, 9999], actor="staff1")
    assert "9998, 9999" in raised.value.message("zh") and raised.value.status == 404
    with db.read() as session:
        assert session.get(Shipment, sid).printed_count == 0
        assert session.exec(select(AuditLog).where(AuditLog.action == "print_label")).all() == []


def test_cancelled_shipments_cannot_be_printed(db):
    [live] = make_shipments(db, 1)
    [dead] = make_shipments(db, 1, start=50, cancelled=True)
    with pytest.raises(Conflict) as raised:
        labels.print_labels(db, shipment_ids=[live, dead], actor="staff1")
    assert str(dead) in raised.value.message("en")


def test_bad_requests_say_what_to_do(db):
    with pytest.raises(Invalid) as raised:
        labels.parse_ids("1,2,abc")
    assert "abc" in raised.value.message("en")
    with pytest.raises(Invalid):
        labels.parse_ids(" , ")
    with pytest.raises(Invalid) as raised:
        labels.parse_ids(list(range(1, labels.MAX_LABELS + 2)))
    assert raised.value.code == "too_many_labels" and str(labels.MAX_LABELS) in raised.value.message("en")
    assert labels.parse_ids("3, 1，2\n3") == [3, 1, 2]
    with pytest.raises(Invalid):
        labels.check_size("A4")
    assert labels.check_size("100×180") == "100x180"


def test_phone_masking_option(db):
    [sid] = make_shipments(db, 1, phone="13912345678")
    text = page_text(pdf_of(db, [sid], mask_phone=True)).text
    assert "139****5678" in text and "13912345678" not in text
    labels.save_options(db, size="76x130", mask_phone=True, actor=OWNER)
    assert "139****5678" in page_text(pdf_of(db, [sid])).text
    assert "13912345678" in page_text(pdf_of(db, [sid], mask_phone=False)).text


def test_printing_without_a_sender_is_refused_with_where_to_set_it(db):
    from sqlalchemy import text as sql

    from waybill_ui.services.common.errors import Conflict

    [plain] = make_shipments(db, 1)
    with db.write() as session:
        session.execute(sql("DELETE FROM sender_address"))
    with pytest.raises(Conflict) as refused:
        pdf_of(db, [plain])
    assert refused.value.code == "no_sender" and "设置 → 面单与寄件人" in refused.value.message()
    assert refused.value.params["link"] == "/settings?tab=senders"
    with db.read() as session:  # nothing was counted as printed
        assert session.execute(sql("SELECT printed_count FROM shipment")).scalar() == 0


def test_sender_block_uses_the_chosen_or_default_address(db):
    from sqlalchemy import text as sql

    [plain] = make_shipments(db, 1)
    with db.write() as session:  # the fixtures' sender makes way for the shop's own
        session.execute(sql("DELETE FROM sender_address"))
    senders.create_sender(
        db,
        data=SenderInput(
            name="李仓管",
            phone="0571-88886666",
            province="浙江",
            city="杭州市",
            district="余杭区",
            address="梦想小镇 3 号仓库",
        ),
        actor=OWNER,
    )
    other = senders.create_sender(
        db,
        data=SenderInput(name="王二", phone="13700001111", province="广东省", city="广州市", address="白云区 7 号"),
        actor=OWNER,
    )
    [chosen] = make_shipments(db, 1, start=77, sender_address_id=other.id)
    default_text = flat(page_text(pdf_of(db, [plain])).text)
    assert "李仓管" in default_text and "0571-88886666" in default_text and "梦想小镇3号仓库" in default_text
    chosen_text = flat(page_text(pdf_of(db, [chosen])).text)
    assert "王二" in chosen_text and "李仓管" not in chosen_text


def test_destination_city_stands_in_for_a_missing_routing_code(db):
    [sid] = make_shipments(db, 1, city="苏州市", district="姑苏区", province="江苏省")
    text = flat(page_text(pdf_of(db, [sid])).text)
    assert "苏州市姑苏区" in text


def test_not_printed_yet_helpers(db):
    a, b, c = make_shipments(db, 3)
    make_shipments(db, 1, start=90, cancelled=True)
    assert labels.unprinted_ids(db) == [a, b, c] and labels.count_unprinted(db) == 3
    labels.print_labels(db, shipment_ids=[b], actor="staff1")
    assert labels.unprinted_ids(db) == [a, c] and labels.count_unprinted(db) == 2
    assert labels.unprinted_ids(db, limit=1) == [a]
    assert labels.unprinted_ids(db, carrier="SF") == []


def test_sample_label_counts_nothing(db):
    pdf = labels.sample_pdf(db, size="100x180")
    assert page_sizes_mm(pdf) == [(100.0, 180.0)]
    assert barcodes(pdf) == [("CODE128", "773000000000000")]


def test_saved_files_are_served_by_token_only(tmp_path):
    token = labels.save_file(tmp_path, b"%PDF-1.4 test")
    assert labels.file_path(tmp_path, token).read_bytes() == b"%PDF-1.4 test"
    for bad in ("../secret", "0" * 32, token.upper()):
        with pytest.raises(NotFound):
            labels.file_path(tmp_path, bad)


class FakeProvider(CarrierProvider):
    def __init__(self, fail: bool = False):
        self.calls: list[tuple[str, int]] = []
        self.fail = fail

    async def routing(self, *, carrier, items):
        self.calls.append((carrier, len(items)))
        if self.fail:
            raise ProviderError("down", code="unreachable")
        return [
            Routing(
                number=i["number"],
                route_code="" if i["city"] == "无码市" else f"8{len(i['city'])}0-1-2",
                sort_name=f"大头笔{i['city']}",
            )
            for i in items
        ]


async def test_routing_codes_are_fetched_in_bulk_and_kept(db, monkeypatch):
    monkeypatch.setattr(label_routing, "BATCH", 2)
    zto = make_shipments(db, 3)
    sf = make_shipments(db, 1, carrier="SF", start=500)
    [known] = make_shipments(db, 1, start=600, route_code="111-222-33", sort_name="已有")
    [nocode] = make_shipments(db, 1, start=700, city="无码市")
    provider = FakeProvider()
    outcome = await label_routing.fill_routing(db, provider, [*zto, *sf, known, nocode])
    assert (outcome.asked, outcome.filled, outcome.missing) == (5, 4, 1)
    assert sorted(provider.calls) == [("SF", 1), ("ZTO", 2), ("ZTO", 2)]  # 4 ZTO in calls of 2
    with db.read() as session:
        rows = {s.id: s for s in session.exec(select(Shipment))}
    assert rows[zto[0]].route_code == "830-1-2" and rows[zto[0]].sort_name == "大头笔杭州市"
    assert rows[known].route_code == "111-222-33" and rows[nocode].route_code == ""
    text = flat(page_text(pdf_of(db, [zto[0], nocode]), 0).text)
    assert "830-1-2" in text and "大头笔杭州市" in text
    provider.calls.clear()
    again = await label_routing.fill_routing(db, provider, zto)  # kept: not asked again
    assert again.asked == 0 and provider.calls == []


async def test_a_failing_provider_leaves_the_city_fallback(db):
    ids = make_shipments(db, 2)
    outcome = await label_routing.fill_routing(db, FakeProvider(fail=True), ids)
    assert outcome.filled == 0 and outcome.missing == 2
    assert "杭州市西湖区" in flat(page_text(pdf_of(db, ids)).text)


def test_the_100x180_label_has_a_recipient_stub_with_its_own_scannable_barcode(db):
    from tests.pdf_tools import decode

    [sid] = make_shipments(db, 1, start=77, receiver="欧阳娜娜")
    pdf = pdf_of(db, [sid], size="100x180", mask_phone=False)
    image = render(pdf, dpi=203)
    stub_top = int(image.height * (180 - 50) / 180)
    main, stub = image.crop((0, 0, image.width, stub_top)), image.crop((0, stub_top, image.width, image.height))
    number = number_for("ZTO", 77)
    assert [found.data.decode() for found in decode(main)] == [number]
    assert [found.data.decode() for found in decode(stub)] == [number]  # the stub scans on its own
    text = flat(page_text(pdf).text)
    assert "收件联" in text and text.count("欧阳娜娜") == 2 and text.count(order_no_for(77)) == 2
    assert "收件联" not in flat(page_text(pdf_of(db, [sid], size="76x130")).text)  # one part only
