"""Security properties checked against the app as a real process."""

import json

import httpx

from .conftest import OWNER_PASSWORD


def test_session_cookie_is_httponly_and_samesite(live_app):
    response = httpx.get(f"{live_app.url}/login")
    cookies = response.headers.get_list("set-cookie")
    session = [c for c in cookies if c.lower().startswith("session=")]
    assert session, cookies
    flags = session[0].lower()
    assert "httponly" in flags
    assert "samesite=lax" in flags or "samesite=strict" in flags


def test_no_secrets_or_passwords_in_logs(live_app):
    wrong = "Wr0ng-Secret-Guess!"
    httpx.post(f"{live_app.url}/api/v1/auth/token", json={"username": "owner", "password": wrong})
    token = live_app.login_token()
    with live_app.client(token) as client:
        client.get("/api/v1/carriers")
    secrets = json.loads((live_app.data_dir / "secrets.json").read_text())
    log = live_app.log_path.read_text()
    for value in (wrong, OWNER_PASSWORD, token, live_app.token, *secrets.values()):
        assert value not in log


def test_staff_gets_403_on_owner_routes_and_401_without_token(live_app):
    created = live_app.cli("create-user", "packer", "--password", "packer-pass-1", "--role", "staff")
    assert created.returncode == 0, created.stderr
    staff = live_app.login_token("packer", "packer-pass-1")
    with live_app.client(staff) as client:
        assert client.get("/api/v1/carriers").status_code == 200
    assert httpx.get(f"{live_app.url}/api/v1/carriers").status_code == 401
