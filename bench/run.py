"""Every speed and memory target (docs/benchmarks.md) in one command, each with its raw baseline measured
in the same run. Generates its own data in temp dirs.

    .venv/bin/python bench/run.py            # human-readable table
    .venv/bin/python bench/run.py --json     # ... and the figures as a JSON list on the last line
    .venv/bin/python bench/run.py --scale [--database-url postgresql+psycopg://…]
                                             # the 1M-row benches (issue 16) on SQLite or PostgreSQL

Each workload runs in its own process (its script in bench/), so one cannot warm the caches or
the memory of another; `peak_rss` is the peak resident memory of the real app (`waybill-ui
serve`) while it does all of the above through its JSON API.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from _common import ROOT

WORKLOADS = [
    ("import_orders.py", ["--orders", "100000", "--runs", "1"]),
    ("batch_ship.py", ["--orders", "10000", "--runs", "2"]),
    ("labels.py", ["--count", "1000", "--repeat", "2"]),
    ("tracking_refresh.py", ["--shipments", "10000"]),
    ("tracking_callbacks.py", ["--parcels", "2000", "--pushes", "5"]),
    ("orders_page.py", ["--orders", "100000"]),
    ("ewaybill_issue.py", ["--orders", "1000"]),
    ("packing_scan.py", ["--orders", "100000"]),
    ("printing.py", ["--count", "1000", "--repeat", "2"]),
    ("address_parse.py", ["--count", "100000"]),
    ("freight_reconcile.py", ["--lines", "100000"]),
]
# 1M orders / numbers (docs/scaling.md): minutes each, so only with --scale; these take --database-url
SCALE_WORKLOADS = [
    ("orders_page_1m.py", ["--orders", "1000000"]),
    ("pool_page_1m.py", ["--numbers", "1000000"]),
    ("import_1m.py", ["--orders", "1000000"]),
    ("labels_10k.py", ["--count", "10000"]),
]


def run_script(script: str, args: list[str], *, quiet: bool) -> list[dict]:
    path = ROOT / "bench" / script
    if not path.exists():
        print(f"!! {script} is missing", file=sys.stderr)
        return []
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(path), *args, "--json"], cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    lines = proc.stdout.strip().splitlines()
    if not quiet:
        print(f"\n### {script} ({time.perf_counter() - started:.0f} s)")
        print("\n".join(lines[:-1]))
    if proc.returncode != 0 or not lines:
        print(proc.stderr[-3000:], file=sys.stderr)
        return [
            {
                "name": script.removesuffix(".py"),
                "value": None,
                "unit": "error",
                "baseline": None,
                "ratio": None,
                "target": "runs",
                "ok": False,
            }
        ]
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as a JSON list on the last line")
    parser.add_argument("--only", nargs="*", help="run only these scripts (e.g. labels.py app_memory.py)")
    parser.add_argument("--scale", action="store_true", help="the 1M-row benches instead (minutes each)")
    parser.add_argument(
        "--database-url",
        help="run the --scale benches on this PostgreSQL server (a scratch database is created next to it and dropped)",
    )
    args = parser.parse_args()

    results: list[dict] = []
    started = time.perf_counter()
    chosen = SCALE_WORKLOADS if args.scale else WORKLOADS + [("app_memory.py", [])]
    for script, script_args in chosen:
        if args.only and script not in args.only:
            continue
        if args.scale and args.database_url:
            script_args = [*script_args, "--database-url", args.database_url]
        results += run_script(script, script_args, quiet=False)

    print(f"\n{'workload':40s} {'value':>10s} {'unit':5s} {'baseline':>9s} {'ratio':>7s}  target{'':14s} ok")
    for r in results:
        if r["value"] is None:
            print(f"{r['name']:40s} {'failed':>10s}")
            continue
        baseline = "" if r["baseline"] is None else f"{r['baseline']:.3f}"
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.2f}x"
        print(
            f"{r['name']:40s} {r['value']:10.3f} {r['unit']:5s} {baseline:>9s} {ratio:>7s}  {r['target']:20s} "
            f"{'yes' if r['ok'] else 'NO'}"
        )
    print(f"\n{sum(r['ok'] for r in results)} of {len(results)} targets met in {time.perf_counter() - started:.0f} s")
    if args.json:
        print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
