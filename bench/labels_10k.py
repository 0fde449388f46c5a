"""10,000 labels in one streamed PDF: the time of labels.print_labels (count the prints, read the
rows a chunk at a time, draw and write each page to the file) next to a raw reportlab baseline of
the same pages measured in the same run, and the peak resident memory of the print.

The shipments are made in this process; each print runs in a fresh process of its own (spawned,
the same imports as the app), so its peak RSS is the print's and not the setup's. A quarter of
the labels is printed the same way first: the two peaks side by side show whether memory grows
with the count (streamed: it does not).

    .venv/bin/python bench/labels_10k.py [--count 10000] [--database-url postgresql+psycopg://…]

Target (docs/benchmarks.md): peak RSS ≤ 300 MB for 10,000 labels in one PDF.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import tempfile
import threading
import time
from pathlib import Path

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
    quarter = print_in_child(db.url, ids[: max(1, args.count // 4)])
    full = print_in_child(db.url, ids)
    data = labels.take_for_print(db, shipment_ids=ids, actor="bench", size="76x130")
    raw = raw_baseline(data)
    del data
    elapsed, rss = full["elapsed"], full["peak_rss"]
    print(
        f"{kind}: {full['count']:,} labels in one streamed PDF: {elapsed:.1f} s ({full['size_mb']:.1f} MB), "
        f"raw reportlab {raw:.1f} s (in memory); peak RSS {rss:.0f} MB (the print's own process, "
        f"imports included)  target ≤ 300 MB"
    )
    for made in (quarter, full):  # resident memory sampled while printing: flat if streamed
        print(
            f"  {made['count']:>6,} labels: RSS {made['rss_before']:.0f} MB before the print, at most "
            f"{made['rss_during']:.0f} MB during it (+{made['rss_during'] - made['rss_before']:.0f} MB), "
            f"{made['elapsed']:.1f} s"
        )
    if args.json:  # labels_10k_time: figures only, the target is about memory
        emit_json(
            [
                result("labels_10k", rss, "MB", target="≤ 300 MB peak RSS", ok=rss <= 300),
                result("labels_10k_time", elapsed, "s", baseline=raw, target="(reported)", ok=True),
            ]
        )


def current_rss_mb() -> float:
    """Resident memory now (Linux /proc; ru_maxrss is a high-water mark that importing the app
    already sets: hashing the dummy password at import takes argon2's 64 MB for a moment)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class RssSampler:
    """The highest resident memory seen every 5 ms while the block runs (a thread)."""

    def __init__(self) -> None:
        self.highest = 0.0
        self._stop = threading.Event()

    def _run(self) -> None:
        while not self._stop.wait(0.005):
            self.highest = max(self.highest, current_rss_mb())

    def __enter__(self) -> "RssSampler":
        self.highest = current_rss_mb()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.highest = max(self.highest, current_rss_mb())


def print_in_child(url: str, ids: list[int]) -> dict:
    """One print in a fresh process; returns its figures (its own peak RSS among them)."""
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(1) as pool:
        return pool.apply(_child_print, (url, ids))


def _child_print(url: str, ids: list[int]) -> dict:
    from waybill_ui.db import open_database
    from waybill_ui.services.printing import labels

    db = open_database(url)
    folder = Path(tempfile.mkdtemp(prefix="bench-labels-"))
    labels.options(db)  # connection and settings read before the measured print
    rss_before = current_rss_mb()
    sampler = RssSampler()
    started = time.perf_counter()
    with sampler:
        made = labels.print_labels(db, shipment_ids=ids, actor="bench", folder=folder)
    elapsed = time.perf_counter() - started
    figures = {
        "elapsed": elapsed,
        "peak_rss": peak_rss_mb(),  # the process's high-water mark (imports included)
        "rss_before": rss_before,
        "rss_during": sampler.highest,
        "size_mb": made.path.stat().st_size / 1e6,
        "count": made.count,
    }
    made.path.unlink()
    db.dispose()
    return figures


if __name__ == "__main__":
    main()
