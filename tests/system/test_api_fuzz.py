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
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
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


NEGATIVE_EXAMPLES_PER_OPERATION = 15


def test_invalid_bodies_are_refused_never_coerced(live_app):
    """Negative generation over every JSON body: a string or a bool where an integer amount
    belongs, a missing required field … must be refused with a 4xx, never taken in lax form
    (issue 13 item 9: `true` used to become a 1-fen top-up) and never a 5xx. Path and query
    parameters are held at plain valid values (on the wire they are strings anyway)."""
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import negative_data_rejection

    auth = {"Authorization": f"Bearer {live_app.token}"}
    schema = schemathesis.openapi.from_url(f"{live_app.url}/openapi.json", headers=auth)
    failures, checked = [], []
    for result in schema.get_all_operations():
        operation = result.ok()
        if not any(body.media_type == "application/json" for body in operation.body):
            continue
        checked.append(operation.label)
        path_parameters = {p.name: "1" for p in operation.path_parameters}

        @given(
            case=operation.as_strategy(
                generation_mode=GenerationMode.NEGATIVE,
                path_parameters=path_parameters,
                query={},
                media_type="application/json",
            )
        )
        @settings(
            max_examples=NEGATIVE_EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def exercise(case):
            case.call_and_validate(headers=auth, checks=[not_a_server_error, negative_data_rejection])

        try:
            exercise()
        except Exception as exc:
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
    assert any("topups" in label for label in checked) and len(checked) >= 5, checked
    assert not failures, "\n\n".join(failures)


LAX_EXAMPLES_PER_OPERATION = 10


def _integer_fields(spec: dict, schema: dict) -> dict[str, str]:
    """Body properties that are integers ("int") or lists of integers ("list"), from the schema."""
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    found = {}
    for name, prop in schema.get("properties", {}).items():
        options = prop.get("anyOf", [prop])
        if any(o.get("type") == "integer" for o in options):
            found[name] = "int"
        elif any(o.get("type") == "array" and o.get("items", {}).get("type") == "integer" for o in options):
            found[name] = "list"
    return found


def test_lax_lookalikes_of_integers_are_refused_naming_the_field(live_app):
    """Property over every JSON body of the schema: take a valid body, replace one integer field
    by what lax parsing would have turned into that integer ("12", 12.0, true, ["12"]); the
    answer is a 422 whose detail names the field, and nothing is done (issue 13 item 9)."""
    import httpx
    from hypothesis import strategies as st

    auth = {"Authorization": f"Bearer {live_app.token}"}
    spec = httpx.get(f"{live_app.url}/openapi.json", headers=auth).json()
    schema = schemathesis.openapi.from_url(f"{live_app.url}/openapi.json", headers=auth)
    failures, checked = [], []
    for result in schema.get_all_operations():
        operation = result.ok()
        request_body = spec["paths"][operation.path][operation.method.lower()].get("requestBody") or {}
        body_schema = request_body.get("content", {}).get("application/json", {}).get("schema")
        fields = _integer_fields(spec, body_schema) if body_schema else {}
        if not fields:
            continue
        checked.append(operation.label)
        path_parameters = {p.name: "1" for p in operation.path_parameters}

        @given(
            case=operation.as_strategy(path_parameters=path_parameters, media_type="application/json"), data=st.data()
        )
        @settings(
            max_examples=LAX_EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        # (`fields` is this turn's: exercise runs at once below, before the loop moves on)
        def exercise(case, data):
            if not isinstance(case.body, dict):
                return
            name = data.draw(st.sampled_from(sorted(fields)))  # noqa: B023
            if fields[name] == "list":  # noqa: B023
                case.body[name] = [str(data.draw(st.integers(1, 10**6)))]
            else:
                number = case.body.get(name) if isinstance(case.body.get(name), int) else 1
                case.body[name] = data.draw(st.sampled_from([str(number), float(number), True]))
            response = case.call(headers=auth)
            assert response.status_code == 422, (name, case.body[name], response.status_code, response.text[:300])
            assert name in response.json()["detail"], response.text[:300]

        try:
            exercise()
        except Exception as exc:
            failures.append(f"{operation.label}: {str(exc)[:800]}")
    assert any("topups" in label for label in checked) and len(checked) >= 5, checked
    assert not failures, "\n\n".join(failures)
