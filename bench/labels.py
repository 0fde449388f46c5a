"""Labels benchmark: one PDF of 1,000 labels (target ≤ 2 s, docs/benchmarks.md).

    .venv/bin/python bench/labels.py [--count 1000] [--repeat 3]

Measures, in one run on a scratch database:
  * print_labels end to end (read 1,000 shipments + orders, count the print and audit in one
    transaction, draw and compress the PDF) — the figure the target is about;
  * the drawing alone (label_pdf.render);
  * a raw reportlab baseline: the same page count with the same strings drawn at fixed places
    and the same Code128 barcode, no fitting or wrapping — what reportlab itself costs;
  * event-loop lag (p99) while the PDF is made in a worker thread, as a page does it;
  * peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportlab.graphics.barcode.code128 import Code128  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402


def raw_baseline(labels) -> float:
    from waybill_ui.services.printing.label_pdf import CJK, register_fonts

    register_fonts()
    started = time.perf_counter()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(76 * mm, 130 * mm), pageCompression=1)
    for label in labels:
        canvas.setFont(CJK, 9)
        y = 120 * mm
        for text in (
            label.carrier_name,
            label.route_code,
            label.sort_name,
            label.receiver_name,
            label.phone,
            label.address,
            label.sender_name,
            label.sender_address,
            label.order_no,
            label.items,
            label.buyer_note,
            label.printed_at,
        ):
            canvas.drawString(3 * mm, y, text)
            y -= 8 * mm
        Code128(label.number, barWidth=0.375 * mm, barHeight=12 * mm, quiet=0).drawOn(canvas, 5 * mm, 95 * mm)
        canvas.showPage()
    canvas.save()
    return time.perf_counter() - started


async def loop_lag_while(fn) -> tuple[float, list[float]]:
    lags: list[float] = []
    done = False

    async def ticker() -> None:
        while not done:
            before = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - before - 0.01)

    task = asyncio.create_task(ticker())
    started = time.perf_counter()
    await asyncio.to_thread(fn)
    elapsed = time.perf_counter() - started
    done = True
    await task
    return elapsed, lags


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000 if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="end with the figures as one JSON line")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="bench-labels-")
    os.environ["WAYBILL_DATA_DIR"] = tmp
    from waybill_ui.config import load_settings
    from waybill_ui.db import open_database
    from waybill_ui.services.printing import label_pdf
    from waybill_ui.services.printing import labels
    from waybill_ui.services.settings import senders
    from waybill_ui.services.settings.senders import SenderInput
    from waybill_ui.services.accounts.users import Principal
    from tests.label_rows import make_shipments

    db = open_database(load_settings().db_url)
    senders.create_sender(
        db,
        data=SenderInput(
            name="李仓管",
            phone="0571-88886666",
            province="浙江省",
            city="杭州市",
            district="余杭区",
            address="仓前街道梦想小镇 3 号仓库",
        ),
        actor=Principal(id=1, username="bench", role="owner"),
    )
    ids = make_shipments(
        db,
        args.count,
        route_code="342-081-00 052",
        sort_name="342杭州",
        address="文三路 90 号 东部软件园科技大厦 B 座 1208 室（工作日白天有人）",
        items="纯棉短袖T恤 白色 XL ×2；帆布托特包 ×1",
    )

    full, draw, raw = [], [], []
    folder = Path(tempfile.mkdtemp(prefix="bench-labels-"))  # the PDF files (print_labels streams to a file)
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = labels.print_labels(db, shipment_ids=ids, actor="bench", folder=folder)
        full.append(time.perf_counter() - started)
        data = labels.take_for_print(db, shipment_ids=ids, actor="bench", size="76x130")
        started = time.perf_counter()
        label_pdf.render(data, size_mm=(76, 130))
        draw.append(time.perf_counter() - started)
        raw.append(raw_baseline(data))
    elapsed, lags = asyncio.run(
        loop_lag_while(lambda: labels.print_labels(db, shipment_ids=ids, actor="bench", folder=folder))
    )
    _, idle = asyncio.run(loop_lag_while(lambda: time.sleep(elapsed)))  # the machine's own noise
    p99, idle_p99 = percentile(lags, 0.99), percentile(idle, 0.99)

    best = min(full)
    print(f"labels: {args.count} per PDF, best of {args.repeat}")
    print(
        f"  print_labels end to end : {best:.3f} s  (median {statistics.median(full):.3f} s)  "
        f"target ≤ 2 s per 1,000: {'OK' if best <= 2 * max(1, args.count / 1000) else 'MISSED'}"
    )
    print(f"  drawing only            : {min(draw):.3f} s")
    print(f"  raw reportlab baseline  : {min(raw):.3f} s  (end to end = {best / min(raw):.2f}× raw)")
    size = result.path.stat().st_size
    print(f"  PDF size                : {size / 1e6:.2f} MB ({size / args.count / 1e3:.1f} kB/label)")
    print(
        f"  in a worker thread      : {elapsed:.3f} s, event-loop lag p99 {p99:.1f} ms "
        f"(idle machine: {idle_p99:.1f} ms; max {max(lags, default=0) * 1000:.1f} ms)"
    )
    print(f"  peak RSS                : {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    db.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        from _common import emit_json, result

        limit = 2 * max(1, args.count / 1000)
        emit_json(
            [result(f"labels_{args.count}", best, "s", baseline=min(raw), target=f"≤ {limit:g} s", ok=best <= limit)]
        )


if __name__ == "__main__":
    main()
