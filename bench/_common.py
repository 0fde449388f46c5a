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
