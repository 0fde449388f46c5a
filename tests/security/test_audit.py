"""The audit script (tests/security/audit.py) against its own freshly started app: all eleven
items of issue 13 held. The app and its console commands are forked from an interpreter that has
already imported them (tests/system/launch.py), as the crash tests start theirs; run as a script,
the audit starts them with `python -m waybill_ui`."""

import pytest

from tests.security import audit
from tests.system import launch

pytestmark = pytest.mark.slow


def test_the_audit_finds_every_item_held(capsys):
    held = audit.audit_own_app(
        serve=lambda env, log: launch.Forked(["serve"], env, log),
        run_cli=lambda args, env: launch.run(args, env),
    )
    out = capsys.readouterr().out
    print(out)
    assert held, out
    assert "11 of 11 held" in out
    assert "BROKEN" not in out
