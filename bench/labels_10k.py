"""10,000 labels in one PDF: the time of labels.print_labels (read, count the prints, draw) next
to a raw reportlab baseline of the same pages measured in the same run, and this process's peak
resident memory (the shipments are made first; RSS is read before and after the PDF).

    .venv/bin/python bench/labels_10k.py [--count 10000]

Target (docs/benchmarks.md): peak RSS ≤ 300 MB for 10,000 labels in one PDF.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

from _common import emit_json, peak_rss_mb, result
from _scale import scratch_db
from labels import raw_baseline


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    os.environ["WAYBILL_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-labels-")
    with scratch_db(args.database_url) as (db, kind, _):
        measure(db, kind, args)


def measure(db, kind: str, args) -> None:
    from tests.label_rows import make_shipments
    from waybill_ui.services.accounts.users import Principal
    from waybill_ui.services.printing import labels
    from waybill_ui.services.settings import senders
    from waybill_ui.services.settings.senders import SenderInput

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
    before = peak_rss_mb()
    started = time.perf_counter()
    made = labels.print_labels(db, shipment_ids=ids, actor="bench")
    elapsed = time.perf_counter() - started
    rss = peak_rss_mb()
    size_mb = len(made.pdf) / 1e6
    del made
    data = labels.take_for_print(db, shipment_ids=ids, actor="bench", size="76x130")
    raw = raw_baseline(data)
    print(
        f"{kind}: {args.count:,} labels in one PDF: {elapsed:.1f} s ({size_mb:.1f} MB), raw reportlab {raw:.1f} s; "
        f"peak RSS {rss:.0f} MB (before the PDF: {before:.0f} MB)  target ≤ 300 MB"
    )
    if args.json:  # labels_10k_time: figures only, the target is about memory
        emit_json(
            [
                result("labels_10k", rss, "MB", target="≤ 300 MB peak RSS", ok=rss <= 300),
                result("labels_10k_time", elapsed, "s", baseline=raw, target="(reported)", ok=True),
            ]
        )


if __name__ == "__main__":
    main()
