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


def test_a_file_over_the_limit_gets_413(live_app):
    huge = b"x" * (21 * 1024 * 1024)  # the default limit is 20 MB
    with live_app.client() as client:
        response = client.post("/api/v1/orders/import", files={"file": ("big.csv", huge, "text/csv")})
    assert response.status_code == 413
    assert response.json()["code"] == "too_large" and "20" in response.json()["detail"]


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
        for token in ("../outside", "..%2Foutside", "%2e%2e%2foutside", "....//outside", "/etc/passwd",
                      "..\\outside", "a" * 500):
            response = client.get(f"/api/v1/labels/files/{token}.pdf")
            assert response.status_code in (404, 422), (token, response.status_code)
            assert b"secret" not in response.content
        assert client.get("/api/v1/labels/files/../../secrets.json").status_code in (404, 422)
    raw = httpx.get(f"{live_app.url}/static/../waybill_ui/config.py")
    assert raw.status_code in (307, 401, 404) and b"Settings" not in raw.content
