"""Shared helpers for the benchmark scripts (run from the repository root)."""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def fresh_db(folder: str | None = None):
    from waybill_ui.db import open_database

    folder = folder or tempfile.mkdtemp(prefix="waybill-bench-")
    return open_database(f"sqlite:///{folder}/bench.db"), Path(folder) / "bench.db"


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def summary(values: list[float]) -> str:
    return f"best {min(values):.3f} s, median {statistics.median(values):.3f} s"


def result(
    name: str,
    value: float,
    unit: str,
    *,
    target: str,
    ok: bool,
    baseline: float | None = None,
    ratio: float | None = None,
) -> dict:
    """One measured figure in the shape bench/run.py reports (and prints with --json)."""
    if ratio is None and baseline:
        ratio = value / baseline
    return {
        "name": name,
        "value": round(value, 4),
        "unit": unit,
        "baseline": None if baseline is None else round(baseline, 4),
        "ratio": None if ratio is None else round(ratio, 3),
        "target": target,
        "ok": bool(ok),
    }


def emit_json(results: list[dict]) -> None:
    """The last line of output: the figures as a JSON list (for bench/run.py and CI logs)."""
    import json

    print(json.dumps(results, ensure_ascii=False), flush=True)
