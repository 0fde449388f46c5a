"""schemathesis against /openapi.json with a valid token: no 5xx, answers match the schema.

Driven through Hypothesis directly (schemathesis' pytest plugin does not support pytest 9 yet).
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

pytestmark = pytest.mark.slow
EXAMPLES_PER_OPERATION = 30


def test_no_server_errors_and_schema_conformance(live_app):
    auth = {"Authorization": f"Bearer {live_app.token}"}
    schema = schemathesis.openapi.from_url(f"{live_app.url}/openapi.json", headers=auth)
    failures, checked = [], []
    for result in schema.get_all_operations():
        operation = result.ok()
        checked.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck),
                  derandomize=True, database=None)
        def exercise(case):
            case.call_and_validate(headers=auth, checks=[not_a_server_error, response_schema_conformance])

        try:
            exercise()
        except Exception as exc:  # collect all operations' failures, report them together
            failures.append(f"{operation.label}: {exc}")
    assert len(checked) >= 3, checked
    assert not failures, "\n\n".join(failures)


def test_the_app_logged_no_unhandled_exception(live_app):
    log = live_app.log_path.read_text()
    assert "Traceback" not in log, log[-3000:]
