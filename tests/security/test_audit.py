"""The audit script (tests/security/audit.py) against its own freshly started app: all eleven
items of issue 13 held."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
SCRIPT = Path(__file__).with_name("audit.py")


def test_the_audit_finds_every_item_held():
    result = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=300, cwd=SCRIPT.parents[2]
    )
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "11 of 11 held" in result.stdout
    assert "BROKEN" not in result.stdout
