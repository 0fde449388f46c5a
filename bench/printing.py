"""Printing benchmark (issue 20): 1,000 labels rendered for raw label printers, against the PDF
path measured in the same run, and one 1,000-label job sent to a fake TCP printer.

    .venv/bin/python bench/printing.py [--count 1000] [--repeat 2]

Figures:
  * labels_tspl_<n>         rendering n labels to TSPL text commands (printer font, native barcode);
  * labels_tspl_raster_<n>  n labels as TSPL BITMAP: the PDF drawn, rasterised at 203 dpi, packed;
  * labels_zpl_raster_<n>   n labels as compressed ZPL ^GFA;
    baseline of all three: drawing the same n labels as one PDF (label_pdf.render, the browser path);
  * print_job_tcp_<n>       submit + run of one n-label raster job to a fake network printer on
    localhost that parses the stream and answers a status query after every label; baseline: the
    raster rendering alone (so the ratio is what the socket, the confirmations and the job rows add).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ["WAYBILL_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-printing-")
    from tests.label_rows import make_shipments
    from tests.printing.fake_printer import FakePrinter
    from waybill_ui.config import load_settings
    from waybill_ui.db import open_database
    from waybill_ui.db.models import Printer
    from waybill_ui.services.printing import label_pdf
    from waybill_ui.services.printing import labels
    from waybill_ui.services.printing import printers, queue, render, tspl
    from waybill_ui.services.printing.printers import PrinterInput
    from waybill_ui.services.accounts.users import Principal

    db = open_database(load_settings().db_url)
    n = args.count
    ids = make_shipments(
        db,
        n,
        route_code="342-081-00 052",
        sort_name="342杭州",
        address="文三路 90 号 东部软件园科技大厦 B 座 1208 室（工作日白天有人）",
        items="纯棉短袖T恤 白色 XL ×2；帆布托特包 ×1",
    )
    data = labels.take_for_print(db, shipment_ids=ids, actor="bench", size="76x130")
    setup = tspl.Setup()

    def printer(language: str, mode: str) -> Printer:
        return Printer(name="b", kind="network", language=language, mode=mode, size="76x130", dpi=203)

    pdf = best(lambda: label_pdf.render(data, size_mm=(76, 130), mask_phone=True), args.repeat)
    text = best(lambda: [tspl.label_text(label, setup, mask=True) for label in data], args.repeat)
    sizes = {}

    def consume(p: Printer, key: str) -> None:
        sizes[key] = sum(len(chunk) for chunk in render.commands(p, data, mask=True))

    raster_tspl = best(lambda: consume(printer("tspl", "raster"), "tspl_raster"), args.repeat)
    raster_zpl = best(lambda: consume(printer("zpl", "raster"), "zpl_raster"), args.repeat)
    consume(printer("tspl", "text"), "tspl")

    owner = Principal(id=1, username="bench", role="owner")
    fake = FakePrinter("tspl")
    row = printers.add(
        db,
        data=PrinterInput(
            name="fake", kind="network", language="tspl", mode="raster", host="127.0.0.1", port=fake.port
        ),
        actor=owner,
    )
    started = time.perf_counter()
    job = queue.submit(db, shipment_ids=ids, actor=owner, key="bench", printer_id=row.id)
    job = queue.run(db, job_id=job.id)
    tcp = time.perf_counter() - started
    fake.close()
    assert job.status == "printed" and len(fake.labels) == n, (job.status, job.error, len(fake.labels))

    print(f"printing: {n} labels, best of {args.repeat}")
    print(f"  PDF (browser path) baseline : {pdf:.3f} s")
    print(f"  TSPL text                   : {text:.3f} s  ({sizes['tspl'] / n / 1e3:.1f} kB/label)")
    print(f"  TSPL raster (BITMAP)        : {raster_tspl:.3f} s  ({sizes['tspl_raster'] / n / 1e3:.1f} kB/label)")
    print(f"  ZPL raster (^GFA compressed): {raster_zpl:.3f} s  ({sizes['zpl_raster'] / n / 1e3:.1f} kB/label)")
    print(f"  job to a TCP printer        : {tcp:.3f} s  ({len(fake.labels)} labels confirmed one by one)")
    db.dispose()
    if args.json:
        from _common import emit_json, result

        per = max(1, n / 1000)
        emit_json(
            [
                result(f"labels_tspl_{n}", text, "s", baseline=pdf, target=f"≤ {1 * per:g} s", ok=text <= 1 * per),
                result(
                    f"labels_tspl_raster_{n}",
                    raster_tspl,
                    "s",
                    baseline=pdf,
                    target=f"≤ {30 * per:g} s",
                    ok=raster_tspl <= 30 * per,
                ),
                result(
                    f"labels_zpl_raster_{n}",
                    raster_zpl,
                    "s",
                    baseline=pdf,
                    target=f"≤ {30 * per:g} s",
                    ok=raster_zpl <= 30 * per,
                ),
                result(
                    f"print_job_tcp_{n}", tcp, "s", baseline=raster_tspl, target=f"≤ {60 * per:g} s", ok=tcp <= 60 * per
                ),
            ]
        )


if __name__ == "__main__":
    main()
