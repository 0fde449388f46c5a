"""The code stays type-clean by the rules in pyproject.toml ([tool.mypy]): strict for
waybill_ui.services and waybill_ui.carriers, checked bodies everywhere else. The suite runs mypy
so the README's test command and CI both do; the idioms that keep it clean are in
docs/architecture.md ("Typing")."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_nothing():
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent)) or shutil.which("mypy")
    assert mypy, "mypy is a test dependency: pip install -e '.[test]'"
    # The cache (.mypy_cache) makes a run after small changes take seconds; the first takes a minute or so.
    done = subprocess.run([mypy], cwd=ROOT, capture_output=True, text=True, timeout=600)
    findings = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert done.returncode == 0, "\n".join(findings) or done.stdout + done.stderr
