"""The code stays lint-clean and formatted by the rules in pyproject.toml ([tool.ruff]): pyflakes,
pycodestyle's errors and warnings, bugbear; `ruff format`. The suite runs both so the README's test
command and CI both do."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is a test dependency: pip install -e '.[test]'"
    done = subprocess.run(
        [ruff, "check", "--no-cache", "waybill_ui", "tests", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format_changes_nothing():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is a test dependency: pip install -e '.[test]'"
    done = subprocess.run(
        [ruff, "format", "--check", "--no-cache", "waybill_ui", "tests", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, "run `ruff format waybill_ui tests bench`:\n" + done.stdout + done.stderr
