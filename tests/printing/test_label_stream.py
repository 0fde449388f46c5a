"""The label PDF is streamed: each page reaches the file before the next label is even read, the
memory a print takes does not grow with its number of labels, and the file is a valid PDF
(right page count and order, barcodes that scan) also across the chunks rows are read in."""

import io
import itertools
import tracemalloc
from collections.abc import Iterator

import pytest

from waybill_ui.services.printing import label_batch, label_pdf, labels
from waybill_ui.services.printing.label_pdf import LabelData
from waybill_ui.services.printing.pdf_stream import StreamedPdf
from tests.label_rows import make_shipments, number_for
from tests.pdf_tools import barcodes, open_pdf, page_sizes_mm, page_text


def a_label(i: int) -> LabelData:
    return LabelData(
        shipment_id=i,
        carrier_name="中通快递",
        number=f"7731{i:011d}",
        route_code="342-081-00 052",
        sort_name="342杭州",
        receiver_name="张三",
        phone="13800138000",
        address="浙江省 杭州市 西湖区 文三路 90 号 东部软件园科技大厦 B 座 1208 室",
        sender_name="李仓管",
        sender_phone="0571-88886666",
        sender_address="浙江省 杭州市 余杭区 仓前街道梦想小镇 3 号仓库",
        order_no=f"3001{i:012d}",
        items="纯棉短袖T恤 白色 XL ×2；帆布托特包 ×1",
        buyer_note="请放快递柜",
        seller_memo="",
        printed_at="2026-12-04 10:00",
        print_count=1,
        index=i,
        total=0,
    )


def test_each_page_is_in_the_file_before_the_next_label_is_read():
    out = io.BytesIO()
    written_when_asked: list[int] = []

    def labels_read_lazily() -> Iterator[LabelData]:
        for i in range(1, 31):
            written_when_asked.append(out.tell())
            yield a_label(i)

    pages = label_pdf.write(labels_read_lazily(), out, total=30, size_mm=(76, 130))
    assert pages == 30
    # the header before the first label, then one more page every time: the file grows by a page
    # (about a compressed page's size) before the writer asks for the next label
    growth = [b - a for a, b in itertools.pairwise(written_when_asked)]
    assert written_when_asked[0] > 0 and all(300 < step < 20_000 for step in growth), growth
    pdf = out.getvalue()
    assert len(open_pdf(pdf)) == 30
    assert barcodes(pdf, 29) == [("CODE128", "773100000000030")]


class Sink(io.RawIOBase):
    """A file that forgets what is written: only the writer's own memory is left to measure."""

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        return len(data)


def _peak_kb(count: int) -> int:
    tracemalloc.start()
    try:
        label_pdf.write((a_label(i) for i in range(1, count + 1)), Sink(), total=count, size_mm=(76, 130))  # type: ignore[arg-type]
        return tracemalloc.get_traced_memory()[1] // 1024
    finally:
        tracemalloc.stop()


def test_drawing_memory_does_not_grow_with_the_count():
    """reportlab's own canvas kept every page until save(): 4× the labels took about 4× the memory."""
    label_pdf.render([a_label(1)], size_mm=(76, 130))  # fonts registered, caches warm
    small, large = _peak_kb(40), _peak_kb(160)
    assert large < small * 1.25 + 64, (small, large)


def test_a_print_to_a_file_takes_about_the_same_memory_for_4x_the_labels(db, tmp_path, monkeypatch):
    """End to end (count, read in chunks, draw, write): the peak of Python allocations while
    printing 4× the labels stays near the peak for 1× (only the ids and their print counts grow)."""
    monkeypatch.setattr(label_batch, "CHUNK", 25)  # several chunks even for the small print
    ids = make_shipments(db, 400)
    labels.print_labels(db, shipment_ids=ids[:5], actor="t", folder=tmp_path)  # warm up

    def peak_kb(chosen: list[int]) -> int:
        tracemalloc.start()
        try:
            made = labels.print_labels(db, shipment_ids=chosen, actor="t", folder=tmp_path)
            assert made.count == len(chosen)
            return tracemalloc.get_traced_memory()[1] // 1024
        finally:
            tracemalloc.stop()

    small, large = peak_kb(ids[300:400]), peak_kb(ids[:400])
    # ~1 kB per label is what the counting step's per-id rows and audit rows may add
    assert large < small + 300 * 1.0 + 256, (small, large)


@pytest.mark.parametrize("size", ["76x130", "100x180"])
def test_a_print_across_several_chunks_is_one_valid_pdf_in_order(db, tmp_path, monkeypatch, size):
    monkeypatch.setattr(label_batch, "CHUNK", 4)
    ids = make_shipments(db, 11)
    order = ids[::-1]
    made = labels.print_labels(db, shipment_ids=order, actor="t", folder=tmp_path, size=size)
    assert made.path.parent == tmp_path and made.path.suffix == ".pdf"
    assert not list(tmp_path.glob("*.part"))  # renamed once complete
    assert made.count == 11 and made.reprints == 0 and len(made.printed) == labels.SHOWN_PRINTED
    pdf = made.path.read_bytes()
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    width, height = (float(v) for v in size.split("x"))
    assert page_sizes_mm(pdf) == [(width, height)] * 11
    for page, sid in enumerate(order):
        seq = ids.index(sid) + 1
        assert number_for("ZTO", seq) in page_text(pdf, page).text
        assert f"{page + 1}/11" in page_text(pdf, page).text
    assert barcodes(pdf, 0) == [("CODE128", number_for("ZTO", 11))]
    assert barcodes(pdf, 10) == [("CODE128", number_for("ZTO", 1))]
    assert open_pdf(pdf).get_metadata_dict()["Title"] == "面单 11 张"


@pytest.mark.parametrize("what", ["transparency", "link"])
def test_what_the_page_writer_cannot_carry_is_refused_not_dropped(what):
    pdf = StreamedPdf(io.BytesIO(), pagesize=(200, 200), title="t", initial_font="Helvetica")
    if what == "transparency":
        pdf.canvas.setFillAlpha(0.5)
        pdf.canvas.rect(10, 10, 50, 50, fill=1)
    else:
        pdf.canvas.linkURL("https://example.com", (10, 10, 60, 60))
    with pytest.raises(ValueError, match="text and vector drawing only"):
        pdf.canvas.showPage()


def test_an_empty_print_is_still_a_valid_one_page_pdf():
    out = io.BytesIO()
    assert label_pdf.write([], out, total=0, size_mm=(76, 130)) == 0
    assert page_sizes_mm(out.getvalue()) == [(76.0, 130.0)]


def test_a_failed_drawing_leaves_no_file(db, tmp_path, monkeypatch):
    ids = make_shipments(db, 3)

    def broken(label, *args):
        raise RuntimeError("drawing failed")

    monkeypatch.setattr(label_pdf, "draw_label", broken)
    folder = tmp_path / "labels"
    with pytest.raises(RuntimeError):
        labels.print_labels(db, shipment_ids=ids, actor="t", folder=folder)
    assert list(folder.iterdir()) == []
