"""TSPL and ZPL rendering of the 76×130 label: pure functions checked against expected command text,
and against the PDF label (the same content; raster mode is the PDF page itself)."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyzbar import pyzbar

from tests.printing.fake_printer import decode_gfa
from waybill_ui.services.printing import label_pdf
from waybill_ui.services.printing.label_pdf import LabelData
from waybill_ui.services.printing import content, raster, tspl, zpl

SETUP = tspl.Setup()


def a_label(**changes) -> LabelData:
    values = dict(
        shipment_id=7,
        carrier_name="中通快递",
        number="773100000000001",
        route_code="342-081-00 052",
        sort_name="杭州西湖",
        receiver_name="张三丰",
        phone="13800138000",
        address="浙江省 杭州市 西湖区 文三路 90 号 东部软件园 1 号楼",
        sender_name="小店",
        sender_phone="13900001111",
        sender_address="上海市 浦东新区 张江路 1 号",
        order_no="300100000000001",
        items="纯棉T恤 ×2",
        buyer_note='请放"快递柜"',
        seller_memo="",
        printed_at="2026-12-04 13:00",
        print_count=1,
        index=3,
        total=20,
    )
    values.update(changes)
    return LabelData(**values)


def lines_of(data: bytes) -> list[str]:
    assert data.endswith(b"\r\n")
    return data.decode("gb18030").split("\r\n")[:-1]


def test_tspl_text_label_is_the_expected_commands():
    lines = lines_of(tspl.label_text(a_label(), SETUP, mask=True))
    assert lines[:6] == ["SIZE 76 mm,130 mm", "GAP 2 mm,0 mm", "DENSITY 8", "DIRECTION 1", "REFERENCE 0,0", "CLS"]
    assert lines[-1] == "PRINT 1,1"
    assert 'TEXT 20,20,"TSS24.BF2",0,2,2,"中通快递"' in lines
    assert 'BARCODE 180,96,"128",104,0,0,2,2,"773100000000001"' in lines
    assert 'TEXT 88,352,"TSS24.BF2",0,1,1,"张**  138****8000"' in lines  # masked like the PDF
    assert any(line.startswith("REVERSE 20,352,56,56") for line in lines)  # the black 收 tag
    assert 'TEXT 20,679,"TSS24.BF2",0,1,1,"订单号 300100000000001"' in lines
    assert 'TEXT 20,711,"TSS24.BF2",0,1,1,"商品：纯棉T恤 ×2"' in lines
    assert 'TEXT 20,739,"TSS24.BF2",0,1,1,"留言：请放\\["]快递柜\\["]"' in lines  # a quote escaped the TSPL way
    assert 'TEXT 20,991,"TSS24.BF2",0,1,1,"打印 2026-12-04 13:00"' in lines
    assert lines.count("BAR 0,88,607,2") == 1  # 76 mm at 8 dots/mm
    assert 'TEXT 213,204,"TSS24.BF2",0,1,1,"773100000000001"' in lines  # the number under the barcode
    assert 'TEXT 539,991,"TSS24.BF2",0,1,1,"3/20"' in lines
    assert "补打" not in "".join(lines)


def test_tspl_text_is_gb18030_bytes_and_marks_reprints():
    data = tspl.label_text(a_label(print_count=3), SETUP, mask=False)
    assert "中通快递".encode("gb18030") in data
    text = data.decode("gb18030")
    assert '"补打"' in text and "第3次" in text
    assert "13800138000" in text and "张三丰" in text  # not masked when the shop does not mask


def test_darkness_offsets_and_300_dpi_reach_the_commands():
    setup = tspl.Setup(dpi=300, darkness=12, offset_x_mm=2, offset_y_mm=1)
    lines = lines_of(tspl.label_text(a_label(), setup, mask=True))
    assert "DENSITY 12" in lines and "REFERENCE 24,12" in lines
    assert "BAR 0,130,898,2" in lines  # the header rule at 11 mm, 300 dpi, full 76 mm width


def test_long_text_is_cut_inside_its_zone():
    label = a_label(address="很长的地址" * 100)
    lines = lines_of(tspl.label_text(label, SETUP, mask=True))
    address = [line for line in lines if "很长的地址" in line]
    assert 1 <= len(address) <= 6
    assert address[-1].endswith('.."')
    ys = [int(line.split(",")[1]) for line in address]
    assert max(ys) + 24 <= 69 * 8  # above the recipient zone's bottom rule


def test_tspl_text_says_what_the_pdf_label_says():
    """Every text of the label content also appears on the PDF page made from the same data."""
    label = a_label(print_count=2, package_name="杭州转运中心")
    pdf = label_pdf.render([label], size_mm=(76, 130), mask_phone=True)
    page_text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range().replace("\r\n", "").replace(" ", "")
    texts = content.texts(label, mask=True)
    for value in (
        texts.carrier,
        texts.number,
        texts.route_code,
        texts.sort_name,
        texts.receiver,
        texts.sender,
        texts.order_no,
        texts.footer,
        texts.place,
        *texts.notes,
    ):
        assert value.replace(" ", "") in page_text, value
    tspl_text = tspl.label_text(label, SETUP, mask=True).decode("gb18030").replace(" ", "")
    for value in (
        texts.carrier,
        texts.number,
        texts.route_code,
        texts.sort_name,
        texts.receiver,
        texts.sender,
        texts.footer,
        texts.place,
    ):
        assert value.replace(" ", "") in tspl_text.replace('\\["]', '"'), value


def test_tspl_raster_is_the_pdf_page_as_a_bitmap():
    label = a_label()
    image = next(raster.render([label], size_mm=(76, 130), dpi=203, mask_phone=True))
    assert (image.width, image.height) == (608, 1039)
    data = tspl.label_raster(image, SETUP)
    head, rest = data.split(b"BITMAP ", 1)
    assert head.split(b"\r\n")[:6] == [
        b"SIZE 76 mm,130 mm",
        b"GAP 2 mm,0 mm",
        b"DENSITY 8",
        b"DIRECTION 1",
        b"REFERENCE 0,0",
        b"CLS",
    ]
    assert rest.startswith(b"0,0,76,1039,0,")
    bits = rest[len(b"0,0,76,1039,0,") :][: 76 * 1039]
    assert bits == bytes(255 - b for b in image.rows)  # TSPL prints 0 bits
    assert data.endswith(b"\r\nPRINT 1,1\r\n")
    decoded = pyzbar.decode(raster.to_image(image))
    assert [d.data.decode() for d in decoded] == ["773100000000001"]


@pytest.mark.parametrize(
    "row, expected",
    [
        ("00000000", ","),
        ("FFFFFFFF", "NF"),
        ("FF000000", "HF,"),
        ("0F0F0000", "0F0F,"),
        ("A" * 45 + "0" * 5, "hKA,"),
        ("1" * 401, "zG1"),
    ],
)
def test_zpl_row_compression(row, expected):
    assert zpl.compress_row(row) == expected


def _compress_row_digit_by_digit(hex_row: str) -> str:
    """ZPL's ASCII compression written the plain way, to check the fast one against."""
    stripped = hex_row.rstrip("0")
    if not stripped:
        return ","
    out, i = [], 0
    while i < len(stripped):
        j = i
        while j < len(stripped) and stripped[j] == stripped[i]:
            j += 1
        out.append((zpl._count(j - i) if j - i > 1 else "") + stripped[i])
        i = j
    return "".join(out) + ("," if len(stripped) < len(hex_row) else "")


@given(st.lists(st.tuples(st.sampled_from("0123456789ABCDEF"), st.integers(1, 1500)), max_size=12))
@settings(max_examples=300, deadline=None)
def test_zpl_row_compression_matches_the_plain_algorithm(runs):
    row = "".join(digit * n for digit, n in runs)
    assert zpl.compress_row(row) == _compress_row_digit_by_digit(row)


def test_zpl_label_is_a_compressed_graphic_that_expands_to_the_pdf_page():
    image = next(raster.render([a_label()], size_mm=(76, 130), dpi=203, mask_phone=True))
    data = zpl.label_raster(image, tspl.Setup(darkness=10, offset_x_mm=1)).decode()
    lines = data.strip().split("\n")
    assert lines[:6] == ["^XA", "^CI28", "~SD20", "^PW608", "^LL1039", "^LH8,0"]
    assert lines[-2:] == ["^PQ1", "^XZ"]
    assert lines[6].startswith("^FO0,0^GFA,78964,78964,76,")
    assert len(data) < 20_000  # compressed: the raw hex would be 158 kB
    back = decode_gfa(data)
    assert back.rows == image.rows
    assert [d.data.decode() for d in pyzbar.decode(raster.to_image(back))] == ["773100000000001"]


@pytest.mark.parametrize("number", ["773100000000001", "SF1234567890123", "JT0000000000001", "YT12345678"])
def test_native_barcode_fits_the_label_and_scans(number):
    from PIL import ImageOps

    from tests.printing.fake_printer import draw_barcodes

    lines = lines_of(tspl.label_text(a_label(number=number), SETUP, mask=True))
    image = draw_barcodes(lines)
    left, top, right, bottom = ImageOps.invert(image).getbbox()
    assert left >= 20 and right <= 607 - 20  # inside the margins, with a quiet zone
    assert abs((left + right) / 2 - 304) < 40  # about centred
    assert [d.data.decode() for d in pyzbar.decode(image)] == [number]
