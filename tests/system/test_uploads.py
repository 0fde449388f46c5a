"""Uploads and files against the real process: random bytes, huge files, wrong encodings and path
tricks get clear 4xx answers; nothing outside the data dir is ever served."""

import os

import httpx


def test_random_bytes_are_refused_clearly(live_app):
    with live_app.client() as client:
        for seed in range(5):
            blob = os.urandom(2000 + seed * 5000)
            response = client.post("/api/v1/orders/import", files={"file": ("orders.csv", blob, "text/csv")})
            assert 400 <= response.status_code < 500, response.text
            assert response.json()["detail"]


def _rss_mb(pid: int) -> float:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_a_large_export_streams_to_disk(live_app):
    """A 100k-order export is 28 MB: well under the default limit (256 MB). The upload goes to
    disk, not memory: 60 MB in does not raise the app's memory by anything like 60 MB."""
    big = "订单号不在这里,随便\n".encode() + b"x" * (60 * 1024 * 1024)
    before = _rss_mb(live_app.proc.pid)
    with live_app.client() as client:
        response = client.post("/api/v1/orders/import", files={"file": ("big.csv", big, "text/csv")})
    grown = _rss_mb(live_app.proc.pid) - before
    assert response.status_code == 422 and response.json()["code"] != "too_large"  # read, and refused for its content
    assert grown < 35, f"the app's memory grew {grown:.0f} MB for a 60 MB upload"
    assert not any((live_app.data_dir / "uploads").glob("*"))  # the streamed copy is gone afterwards


def test_a_file_over_the_limit_gets_413(tmp_path_factory):
    from tests.system.conftest import make_live_app

    app = make_live_app(tmp_path_factory.mktemp("limit") / "data", WAYBILL_UPLOAD_LIMIT_MB="5")
    app.start()
    try:
        app.token = app.login_token()
        huge = b"x" * (6 * 1024 * 1024)
        with app.client() as client:
            response = client.post("/api/v1/orders/import", files={"file": ("big.csv", huge, "text/csv")})
    finally:
        app.stop()
    assert response.status_code == 413
    assert response.json()["code"] == "too_large" and "5 MB" in response.json()["detail"]


def test_wrong_encodings_and_shapes(live_app):
    cases = [
        ("订单编号,收货人姓名\n".encode("utf-16"), "utf16.csv"),
        (b"\x89PNG\r\n\x1a\n" + os.urandom(500), "picture.csv"),
        (b"", "empty.csv"),
        ("just,some,columns\n1,2,3\n".encode(), "wrong-columns.csv"),
        (b"PK\x03\x04" + os.urandom(300), "broken.xlsx"),
    ]
    with live_app.client() as client:
        for data, name in cases:
            response = client.post("/api/v1/orders/import", files={"file": (name, data, "application/octet-stream")})
            assert response.status_code < 500, (name, response.text)
            if response.status_code >= 400:
                assert response.json()["detail"], name
            else:  # accepted as a file, then every row refused with a reason
                assert response.json()["imported"] == 0, name


def test_label_files_cannot_escape_the_data_dir(live_app):
    (live_app.data_dir / "outside.pdf").write_bytes(b"%PDF-secret")
    with live_app.client() as client:
        for token in (
            "../outside",
            "..%2Foutside",
            "%2e%2e%2foutside",
            "....//outside",
            "/etc/passwd",
            "..\\outside",
            "a" * 500,
        ):
            response = client.get(f"/api/v1/labels/files/{token}.pdf")
            assert response.status_code in (404, 422), (token, response.status_code)
            assert b"secret" not in response.content
        assert client.get("/api/v1/labels/files/../../secrets.json").status_code in (404, 422)
    raw = httpx.get(f"{live_app.url}/static/../waybill_ui/config.py")
    assert raw.status_code in (307, 401, 404) and b"Settings" not in raw.content
