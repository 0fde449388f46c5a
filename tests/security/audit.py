"""Replay issue 13's eleven findings against a running app; print held/broken for each.

    .venv/bin/python tests/security/audit.py
        starts its own app (a temp data folder, jobs on) and replays everything, including the
        destructive steps (a console password reset, a renamed table for /healthz)
    .venv/bin/python tests/security/audit.py --url http://127.0.0.1:8080 --data-dir ./data
        against an app you started: it adds accounts audit-owner/-owner2/-staff through the
        console, records test top-ups and orders, and resets those accounts' passwords. Use a
        copy of a shop's data, never the real one. Item 11 then only checks the healthy answer.

Exit code 0 when every item held. Where a page is involved the script behaves like a browser
at the protocol level: it loads the page over HTTP with its cookies and speaks NiceGUI's
socket.io to it (tests/browser/test_security_browser.py does the same with real Chromium).
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import httpx
import socketio

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: make `tests.security` importable
    sys.path.insert(0, str(ROOT))

from tests.security.page_bot import COOKIE, WS_PATH, PageBot  # noqa: E402


class App(Protocol):
    """What the audit needs of its app process: `subprocess.Popen` or tests/system/launch.Forked."""

    pid: int

    def poll(self) -> int | None: ...
    def terminate(self) -> None: ...
    def kill(self) -> None: ...
    def wait(self, timeout: float | None = None) -> int: ...


Serve = Callable[[dict, Path], App]  # (environment, log file) -> the app process
RunCli = Callable[[list[str], dict], subprocess.CompletedProcess]  # (arguments, environment)

PASSWORD = {
    "audit-owner": "audit-owner-pass-1",
    "audit-owner2": "audit-owner2-pass-1",
    "audit-staff": "audit-staff-pass-1",
}


class Audit:
    def __init__(
        self,
        base: str,
        data_dir: Path,
        *,
        own_app: bool,
        env: dict,
        pid: int | None = None,
        run_cli: RunCli | None = None,
    ):
        self.base, self.data_dir, self.own_app, self.env, self.pid = base, data_dir, own_app, env, pid
        self.run_cli = run_cli or _run_cli
        self.results: list[tuple[int, bool, str]] = []
        self.api = httpx.Client(base_url=base, timeout=30)

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return self.run_cli(list(args), self.env)

    def token(self, username: str) -> str:
        response = self.api.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD[username]})
        response.raise_for_status()
        return response.json()["token"]

    def balance(self) -> int:
        return self.api.get("/api/v1/balance", headers={"Authorization": f"Bearer {self.owner_token}"}).json()[
            "balance_fen"
        ]

    def record(self, item: int, held: bool, detail: str) -> None:
        self.results.append((item, held, detail))
        print(f"  {item:>2}. {'held  ' if held else 'BROKEN'}  {detail}", flush=True)

    def prepare(self) -> None:
        for name, role in (("audit-owner", "owner"), ("audit-owner2", "owner"), ("audit-staff", "staff")):
            made = self.cli("create-user", name, "--password", PASSWORD[name], "--role", role)
            if made.returncode != 0 and "exists" not in (made.stderr + made.stdout):
                raise RuntimeError(made.stderr)
            self.cli("reset-password", name, "--password", PASSWORD[name])
        self.owner_token = self.token("audit-owner")

    # --- the eleven items ---------------------------------------------------------------------

    def item1_open_page_after_reset(self) -> None:
        bot = PageBot(self.base)
        try:
            bot.login("audit-owner2", PASSWORD["audit-owner2"])
            bot.open("/market/balance")
            before = self.balance()
            bot.top_up(1, "audit-1-control", settle=0)
            if not bot.until(lambda: self.balance() == before + 100):
                return self.record(1, False, "audit error: the open page's own top-up did not work")
            reset = self.cli("reset-password", "audit-owner2", "--password", PASSWORD["audit-owner2"])
            assert reset.returncode == 0, reset.stderr
            time.sleep(1.2)
            how = []
            try:
                bot.top_up(123.45, "audit-1-after-reset")
                how.append("the click was sent")
            except socketio.exceptions.SocketIOError:
                how.append("the server had closed the page's connection")
                try:  # a browser would reconnect: the handshake must refuse it now
                    bot.connect()
                    bot.top_up(123.45, "audit-1-after-reset")
                    how.append("reconnected and clicked")
                except socketio.exceptions.SocketIOError:
                    how.append("reconnecting was refused")
            held = self.balance() == before + 100
            self.record(
                1,
                held,
                "open page after a console reset-password: "
                + ", ".join(how)
                + "; "
                + ("the ¥123.45 top-up was refused" if held else "the ¥123.45 top-up was recorded"),
            )
        finally:
            bot.close()

    def item2_tokens(self) -> None:
        token = self.token("audit-staff")
        auth = {"Authorization": f"Bearer {token}"}
        before = self.api.get("/api/v1/orders", headers=auth).status_code
        self.cli("reset-password", "audit-staff", "--password", PASSWORD["audit-staff"])
        after = self.api.get("/api/v1/orders", headers=auth).status_code
        listed = self.api.get("/openapi.json", headers=auth).status_code
        held = before == 200 and after == 401 and listed == 401
        self.record(
            2,
            held,
            f"staff token before/after reset-password: {before} → {after} "
            "(expiry and 设置 revocation: tests/services/test_users_security.py)",
        )

    def item3_socket_binding(self) -> None:
        victim = PageBot(self.base)
        try:
            victim.login("audit-owner", PASSWORD["audit-owner"])
            victim.open("/market/balance")
            before = self.balance()
            attack = [
                victim.event("金额（元）", "update:modelValue", 4242.42),
                victim.event("凭证号 / 备注", "update:modelValue", "audit-3"),
                victim.event("登记充值", "click"),
            ]
            outcomes = []
            for label, headers, origin, implicit in (
                ("no cookie, implicit handshake", {}, {"suppress_origin": True}, True),
                ("no cookie, plain connect", {}, {"suppress_origin": True}, False),
                (
                    "victim cookie, foreign origin",
                    {"Cookie": victim.cookie_header()},
                    {"origin": "http://127.0.0.1:1"},
                    True,
                ),
            ):
                attacker = socketio.Client(reconnection=False, websocket_extra_options=origin)
                query = (
                    f"?client_id={victim.client_id}&tab_id={uuid.uuid4()}&document_id={uuid.uuid4()}"
                    f"&implicit_handshake={'true' if implicit else 'false'}"
                )
                try:
                    attacker.connect(
                        self.base + query,
                        socketio_path=WS_PATH,
                        headers=headers,
                        transports=["websocket"],
                        wait_timeout=5,
                    )
                except socketio.exceptions.ConnectionError:
                    outcomes.append(f"{label}: refused")
                    continue
                if not implicit:
                    accepted = attacker.call(
                        "handshake",
                        {"client_id": victim.client_id, "tab_id": str(uuid.uuid4()), "document_id": str(uuid.uuid4())},
                        timeout=5,
                    )
                    outcomes.append(f"{label}: handshake {'accepted' if accepted else 'refused'}")
                victim.send(*attack, sio=attacker)
                attacker.disconnect()
            stolen = self.balance() != before
            victim.top_up(1, "audit-3-control", settle=0)
            works = victim.until(lambda: self.balance() == before + 100)
            self.record(
                3,
                not stolen and works,
                "; ".join(outcomes)
                + ("; ¥4,242.42 NOT recorded" if not stolen else "; ¥4,242.42 RECORDED")
                + ("" if works else "; (audit error: the victim's own page failed)"),
            )
        finally:
            victim.close()

    def item4_fixation(self) -> None:
        attacker = httpx.Client(base_url=self.base, follow_redirects=True, timeout=30)
        attacker.get("/login")
        planted = dict(attacker.cookies.items())
        planted[COOKIE] = "audit-planted-session-key"
        attacker.cookies.set(COOKIE, planted[COOKIE])
        victim = PageBot(self.base)
        host = self.base.removeprefix("http://").split(":")[0]
        for name, value in planted.items():  # as a page on another port of the host would set them
            victim.http.cookies.set(name, value, domain=host, path="/")
        try:
            victim.login("audit-owner", PASSWORD["audit-owner"])
            values = [c.value for c in victim.http.cookies.jar if c.name == COOKIE]
            rotated = len(values) == 1 and values[0] != planted[COOKIE]
            attacker_status = attacker.get("/api/v1/balance").status_code
            self.record(
                4,
                rotated and attacker_status == 401,
                f"cookie after login {'is new' if rotated else 'is the planted one'}; "
                f"the planted cookies answer {attacker_status}",
            )
        finally:
            victim.close()
            attacker.close()

    def item5_csrf(self) -> None:
        bot = PageBot(self.base)
        try:
            bot.login("audit-owner", PASSWORD["audit-owner"])
            before = self.balance()
            foreign = {"Origin": "http://127.0.0.1:1"}
            api = bot.http.post(
                "/api/v1/balance/topups", json={"amount_fen": 4242, "reference": "audit-5"}, headers=foreign
            ).status_code
            bot.open("/orders")
            bot.send(bot.event("导入订单", "click"), settle=0)

            def dialog_upload_url() -> str | None:
                return next(
                    (
                        e["props"]["url"]
                        for e in list(bot.elements.values())
                        if e.get("props", {}).get("url", "").startswith("/_nicegui/client/")
                    ),
                    None,
                )

            bot.until(dialog_upload_url)
            upload_url = dialog_upload_url()
            assert upload_url, "audit error: the page's import dialog did not open"
            csv = "订单编号,收货人姓名,联系手机,收货地址 ,订单状态\n5550001,张三,13912345678,浙江省 杭州市 西湖区 文三路90号,买家已付款，等待卖家发货\n"
            files = {"file": ("orders.csv", csv.encode(), "text/csv")}
            upload = bot.http.post(upload_url, files=files, headers=foreign).status_code
            own_origin = bot.http.post(upload_url, files=files, headers={"Origin": self.base}).status_code
            held = api == 403 and upload == 403 and own_origin == 200 and self.balance() == before
            self.record(
                5, held, f"cookie + foreign origin: top-up {api}, upload {upload}; same origin upload {own_origin}"
            )
        finally:
            bot.close()

    def item6_throttle(self) -> None:
        try:
            far = httpx.Client(base_url=self.base, timeout=30, transport=httpx.HTTPTransport(local_address="127.0.0.2"))
            far.get("/healthz")
        except httpx.HTTPError:
            return self.record(6, False, "audit error: cannot reach the app from a second address (127.0.0.2)")
        try:
            wrong = [
                far.post("/api/v1/auth/token", json={"username": "audit-owner", "password": "wrong-pass-x"})
                for _ in range(6)
            ]
            ghost = far.post("/api/v1/auth/token", json={"username": "no-such-user", "password": "wrong-pass-x"})
            first_owner, first_ghost = wrong[0].json()["detail"], ghost.json()["detail"]
            right_far = far.post(
                "/api/v1/auth/token", json={"username": "audit-owner", "password": PASSWORD["audit-owner"]}
            ).status_code
            right_near = self.api.post(
                "/api/v1/auth/token", json={"username": "audit-owner", "password": PASSWORD["audit-owner"]}
            ).status_code
            codes = [r.status_code for r in wrong]
            held = codes[-1] == 429 and right_far == 429 and right_near == 200 and first_owner == first_ghost
            self.record(
                6,
                held,
                f"6 wrong from 127.0.0.2: {codes}; right password there {right_far}, from the "
                f"owner's address {right_near}; unknown user and wrong password "
                f"{'answer alike' if first_owner == first_ghost else 'differ'}",
            )
        finally:
            far.close()
            self.cli("reset-password", "audit-owner", "--password", PASSWORD["audit-owner"])
            self.owner_token = self.token("audit-owner")

    def item7_import_rows(self) -> None:
        header = "订单编号,收货人姓名,联系手机,收货地址 ,订单状态\n"
        good = "{n},张三,13912345678,浙江省 杭州市 西湖区 文三路90号,买家已付款，等待卖家发货\n"
        body = (
            header
            + good.format(n=7770001)
            + "7770002,李四\n"
            + good.format(n=7770003).rstrip("\n")
            + ",x,y\n"
            + good.format(n=7770004)
        )
        response = self.api.post(
            "/api/v1/orders/import",
            headers={"Authorization": f"Bearer {self.owner_token}"},
            files={"file": ("orders.csv", body.encode("utf-8"), "text/csv")},
        )
        if response.status_code != 200:
            return self.record(7, False, f"import of short/long rows answered {response.status_code}")
        data = response.json()
        rows = sorted(r["row"] for r in data.get("rejected", []))
        held = data["imported"] + data["updated"] == 2 and rows == [3, 4]
        self.record(
            7, held, f"answered 200; good rows stored {data['imported'] + data['updated']}, refused rows {rows}"
        )

    def rss_mb(self) -> float | None:
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except (OSError, TypeError):
            return None
        return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024

    def item8_sandbox_body(self) -> None:
        host, port = self.base.removeprefix("http://").split(":")
        size = 200 * 1024 * 1024
        before = self.rss_mb()
        sent = 0
        with socket.create_connection((host, int(port)), timeout=10) as conn:
            conn.sendall(
                (
                    f"POST /sandbox/api/waybills/refund HTTP/1.1\r\nHost: {host}:{port}\r\n"
                    f"Content-Type: application/json\r\nContent-Length: {size}\r\n\r\n"
                ).encode()
            )
            conn.sendall(b"{" + b" " * 65535)  # 64 KB of the announced 200 MB, then wait for the answer
            sent = 65536
            conn.settimeout(10)
            try:
                status_line = conn.recv(200).split(b"\r\n", 1)[0].decode()
            except TimeoutError:
                status_line = "no answer: the server is waiting for the body"
            chunk = b" " * (1024 * 1024)
            try:  # then push the rest, as the request did, until the server hangs up
                while sent < size:
                    conn.sendall(chunk)
                    sent += len(chunk)
            except OSError:
                pass
        after = self.rss_mb()
        memory = f"; app memory {before:.0f} → {after:.0f} MB" if before and after else ""
        held = " 401 " in status_line + " " and (after is None or after - before < 50)
        self.record(
            8,
            held,
            f"unauthenticated 200 MB announced: {status_line or 'connection closed'} after 64 KB; "
            f"{sent // (1024 * 1024)} MB pushed before the server hung up{memory}",
        )

    def item9_strict_money(self) -> None:
        auth = {"Authorization": f"Bearer {self.owner_token}"}
        before = self.balance()
        answers = []
        for bad in ("1", True):
            r = self.api.post("/api/v1/balance/topups", json={"amount_fen": bad, "reference": "audit-9"}, headers=auth)
            answers.append((r.status_code, "amount_fen" in r.json().get("detail", "")))
        held = all(code == 422 and named for code, named in answers) and self.balance() == before
        self.record(
            9, held, f'amount_fen "1" and true: {[a[0] for a in answers]}, field named: {all(n for _, n in answers)}'
        )

    def loose_files(self) -> list[str]:
        loose = []
        for path in [self.data_dir, *self.data_dir.rglob("*")]:
            if path.is_symlink():
                continue
            mode = stat.S_IMODE(path.lstat().st_mode)
            if mode & 0o077:
                loose.append(f"{path.relative_to(self.data_dir.parent)} {oct(mode)}")
        return loose

    def item10_file_modes(self) -> None:
        # checked before the audit's own console commands ran (they tighten modes too) and now
        loose = self.loose_at_start + [f for f in self.loose_files() if f not in self.loose_at_start]
        db = self.data_dir / "waybill.db"
        present = [s for s in ("", "-wal", "-shm") if (db.parent / (db.name + s)).exists()]
        self.record(
            10,
            not loose,
            f"{len(list(self.data_dir.rglob('*')))} files/folders checked (db{', db'.join(present)}"
            f"), as the app left them and after the audit; open to others: {loose[:5] or 'none'}",
        )

    def item11_healthz(self) -> None:
        ok = self.api.get("/healthz")
        healthy = ok.status_code == 200 and ok.json().get("database") == "ok"
        if not self.own_app:
            return self.record(11, healthy, f"healthy answer {ok.status_code} {ok.json()} (no breakage injected)")
        db = sqlite3.connect(self.data_dir / "waybill.db", timeout=30)
        try:
            db.execute('ALTER TABLE "user" RENAME TO user_hidden_by_audit')
            db.commit()
            broken = self.api.get("/healthz")
        finally:
            db.execute('ALTER TABLE user_hidden_by_audit RENAME TO "user"')
            db.commit()
            db.close()
        held = healthy and broken.status_code == 503 and "reason" in broken.json()
        self.record(
            11,
            held,
            f"healthy {ok.status_code} (scheduler {ok.json().get('scheduler')}); "
            f"with the user table gone {broken.status_code}: {broken.json().get('reason', '')[:80]}",
        )

    def run(self) -> bool:
        self.loose_at_start = self.loose_files()
        self.prepare()
        for step in (
            self.item1_open_page_after_reset,
            self.item2_tokens,
            self.item3_socket_binding,
            self.item4_fixation,
            self.item5_csrf,
            self.item6_throttle,
            self.item7_import_rows,
            self.item8_sandbox_body,
            self.item9_strict_money,
            self.item10_file_modes,
            self.item11_healthz,
        ):
            number = int(step.__name__[4:].split("_")[0])
            try:
                step()
            except Exception as exc:  # one broken step must not hide the others
                self.record(number, False, f"audit step failed: {exc!r}"[:300])
        held = sum(1 for _, ok, _ in self.results if ok)
        print(f"\n{held} of {len(self.results)} held", flush=True)
        return held == len(self.results) == 11


def _run_cli(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "waybill_ui", *args], env=env, capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def _serve(env: dict, log: Path) -> App:
    with open(log, "a") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "waybill_ui", "serve"], env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT
        )


def start_app(data_dir: Path, serve: Serve = _serve) -> tuple[App, str, dict]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WAYBILL_", "NICEGUI_", "PYTEST"))}
    env.update(
        {
            "WAYBILL_DATA_DIR": str(data_dir),
            "WAYBILL_HOST": "127.0.0.1",
            "WAYBILL_PORT": str(port),
            "WAYBILL_JOBS_ENABLED": "true",
        }
    )
    data_dir.mkdir(parents=True, exist_ok=True)
    proc = serve(env, data_dir.parent / "app.log")
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError((data_dir.parent / "app.log").read_text()[-3000:])
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base, env
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise RuntimeError("the app did not start in 90 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running app (default: start one in a temp folder)")
    parser.add_argument("--data-dir", type=Path, help="that app's data folder (needed with --url)")
    args = parser.parse_args()
    if args.url:
        if not args.data_dir:
            parser.error("--url needs --data-dir (console commands and the file check use it)")
        env = {**os.environ, "WAYBILL_DATA_DIR": str(args.data_dir.resolve())}
        print(f"auditing {args.url} (data {args.data_dir})")
        return 0 if Audit(args.url.rstrip("/"), args.data_dir.resolve(), own_app=False, env=env).run() else 1
    return 0 if audit_own_app() else 1


def audit_own_app(*, serve: Serve = _serve, run_cli: RunCli = _run_cli) -> bool:
    """Start an app in a temp folder, audit it, stop it. `serve` and `run_cli` start the app and
    its console commands (tests/security/test_audit.py forks them from a preloaded interpreter)."""
    with tempfile.TemporaryDirectory(prefix="waybill-audit-") as tmp:
        data_dir = Path(tmp) / "data"
        proc, base, env = start_app(data_dir, serve)
        print(f"auditing {base} (its own app, data {data_dir})")
        try:
            return Audit(base, data_dir, own_app=True, env=env, pid=proc.pid, run_cli=run_cli).run()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    sys.exit(main())
