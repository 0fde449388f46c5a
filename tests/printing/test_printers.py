"""Printer records: checks with plain-Chinese errors, the shop default per size, each person's own
default, who may change what."""

from __future__ import annotations

import pytest

from tests.label_rows import make_shipments
from waybill_ui.services.common.errors import Conflict, Forbidden, Invalid
from waybill_ui.services.printing import printers, queue
from waybill_ui.services.printing.printers import PrinterInput


def net(name="A", **kw) -> PrinterInput:
    return PrinterInput(name=name, kind="network", host=kw.pop("host", "192.168.1.50"), **kw)


@pytest.mark.parametrize(
    "data, words",
    [
        (net(host="192.168.1.50:9100 x"), "IP 地址不对"),
        (net(port=70000), "端口"),
        (net(dpi=600), "203 或 300"),
        (net(darkness=20), "浓度"),
        (net(offset_y_mm=-2), "0 到 10 毫米"),
        (net(language="pdf"), "TSPL 或 ZPL"),
        (PrinterInput(name="c", kind="cups", queue="bad queue;rm"), "CUPS 队列名不对"),
        (PrinterInput(name="p", kind="component", component="unknown"), "打印组件"),
        (net(name=" "), "名称"),
        (net(size="A4"), "尺寸"),
    ],
)
def test_bad_printers_are_refused_with_what_to_fix(db, owner, data, words):
    with pytest.raises(Invalid) as caught:
        printers.add(db, data=data, actor=owner)
    assert words in caught.value.message("zh")
    assert printers.list_printers(db) == []


def test_zpl_is_always_raster_and_components_and_browser_are_pdf(db, owner):
    assert printers.add(db, data=net(language="zpl", mode="text"), actor=owner).mode == "raster"
    comp = printers.add(db, data=PrinterInput(name="c", kind="component", component="pdd"), actor=owner)
    assert comp.language == "pdf"
    assert printers.add(db, data=PrinterInput(name="b", kind="browser_pdf"), actor=owner).language == "pdf"


def test_defaults_shop_per_size_then_own_choice(db, owner, staff):
    a = printers.add(db, data=net("A", is_default=True), actor=owner)
    b = printers.add(db, data=net("B", is_default=True), actor=owner)  # takes over the 76x130 default
    big = printers.add(db, data=net("C", size="100x180", is_default=True), actor=owner)
    assert [p.is_default for p in printers.list_printers(db)] == [True, False, True]  # 100x180 first, then A, B
    assert printers.default_for(db, username="staff1", size="76x130").id == b.id
    assert printers.default_for(db, username="staff1", size="100x180").id == big.id
    printers.choose(db, printer_id=a.id, size="76x130", actor=staff)
    assert printers.default_for(db, username="staff1", size="76x130").id == a.id
    assert printers.default_for(db, username="owner", size="76x130").id == b.id  # only staff1 chose A
    with pytest.raises(Invalid):
        printers.choose(db, printer_id=big.id, size="76x130", actor=staff)  # holds other labels
    printers.choose(db, printer_id=None, size="76x130", actor=staff)
    assert printers.default_for(db, username="staff1", size="76x130").id == b.id


def test_only_the_owner_manages_printers_and_used_ones_stay(db, owner, staff):
    with pytest.raises(Forbidden):
        printers.add(db, data=net(), actor=staff)
    row = printers.add(db, data=net(), actor=owner)
    with pytest.raises(Conflict):
        printers.add(db, data=net(), actor=owner)  # same name
    changed = printers.change(db, printer_id=row.id, data=net(darkness=12, offset_x_mm=1.5), actor=owner)
    assert (changed.darkness, changed.offset_x_mm) == (12, 1.5)
    queue.submit(db, shipment_ids=make_shipments(db, 1), actor=owner, key="k", printer_id=row.id)
    with pytest.raises(Conflict) as caught:
        printers.remove(db, printer_id=row.id, actor=owner)
    assert "还有没打完的任务" in caught.value.message("zh")
    other = printers.add(db, data=net("B"), actor=owner)
    printers.remove(db, printer_id=other.id, actor=owner)
    assert [p.name for p in printers.list_printers(db)] == ["A"]


def test_a_browser_pdf_printer_takes_no_jobs(db, owner):
    row = printers.add(db, data=PrinterInput(name="浏览器", kind="browser_pdf"), actor=owner)
    with pytest.raises(Invalid) as caught:
        queue.submit(db, shipment_ids=make_shipments(db, 1), actor=owner, key="b", printer_id=row.id)
    assert "打印面单" in caught.value.message("zh")
