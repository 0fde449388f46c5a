"""Alerts to group robots and e-mail: each robot's request format and signature checked by a
fake webhook server, the one-a-minute limit and the digest with the injectable clock, retries,
the test button and the daily summary."""

import base64
import email
import hashlib
import hmac
from datetime import datetime, timedelta, timezone
from email import policy
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.aftership.fake_servers import FakeSMTP, FakeWebhook
from tests.tracking_factories import make_shipment
from waybill_ui.config import Settings
from waybill_ui.db.models import Alert, AlertChannel
from waybill_ui.services.alerts import channels as alert_channels
from waybill_ui.services.common.errors import Invalid

NOW = datetime(2026, 5, 20, 2, 0, tzinfo=timezone.utc)  # 10:00 in the shop


@pytest.fixture
def hook():
    server = FakeWebhook()
    yield server
    server.close()


def raise_alert(db, kind="exception", message="YT123 派件异常"):
    with db.write() as session:
        alert = Alert(kind=kind, dedupe_key=f"{kind}:{message}", message=message)
        session.add(alert)
        session.flush()
        return alert.id


def channel(db, kind, url, secret="", **extra):
    return alert_channels.create(db, kind=kind, name=f"{kind} 群", target=url, secret=secret, actor="owner", **extra)


async def run(db, settings, now):
    return await alert_channels.run_once(db, settings=settings, now=now)


async def test_dingtalk_signed_request(db, settings, hook):
    alert_channels.collect(db)  # the first run only sets the cursor
    channel(db, "dingtalk", f"{hook.url}/robot/send?access_token=abc123", secret="SECxyz")
    raise_alert(db)
    assert await run(db, settings, NOW) == 1
    ((path, body),) = hook.requests
    query = parse_qs(urlsplit(path).query)
    assert query["access_token"] == ["abc123"] and query["timestamp"] == [str(int(NOW.timestamp() * 1000))]
    expected = base64.b64encode(
        hmac.new(b"SECxyz", f"{query['timestamp'][0]}\nSECxyz".encode(), hashlib.sha256).digest()
    ).decode()
    assert query["sign"] == [expected]
    assert body["msgtype"] == "markdown" and "异常件" in body["markdown"]["title"]
    assert "YT123 派件异常" in body["markdown"]["text"]


async def test_feishu_signed_body_and_wecom_markdown(db, settings, hook):
    alert_channels.collect(db)
    hook.answer = (200, {"code": 0, "msg": "success", "errcode": 0})
    channel(db, "feishu", f"{hook.url}/open-apis/bot/v2/hook/feishu-key", secret="fs-secret")
    channel(db, "wecom", f"{hook.url}/cgi-bin/webhook/send?key=wecom-key")
    raise_alert(db, "refused", "YT555 收件人拒收")
    assert await run(db, settings, NOW) == 2
    by_path = {urlsplit(p).path: b for p, b in hook.requests}
    feishu = by_path["/open-apis/bot/v2/hook/feishu-key"]
    ts = feishu["timestamp"]
    assert ts == str(int(NOW.timestamp()))
    assert (
        feishu["sign"] == base64.b64encode(hmac.new(f"{ts}\nfs-secret".encode(), b"", hashlib.sha256).digest()).decode()
    )
    assert feishu["msg_type"] == "text" and "YT555 收件人拒收" in feishu["content"]["text"]
    wecom = by_path["/cgi-bin/webhook/send"]
    assert wecom["msgtype"] == "markdown" and "拒收" in wecom["markdown"]["content"]


async def test_one_message_a_minute_the_rest_in_a_digest(db, settings, hook):
    alert_channels.collect(db)
    channel(db, "wecom", f"{hook.url}/send?key=k")
    raise_alert(db, message="第一条")
    assert await run(db, settings, NOW) == 1
    for i in range(3):
        raise_alert(db, message=f"第{i + 2}条")
    assert await run(db, settings, NOW + timedelta(seconds=20)) == 0  # within the minute: queued
    assert await run(db, settings, NOW + timedelta(seconds=50)) == 0
    assert alert_channels.list_channels(db)[0]["pending"] == 3
    assert await run(db, settings, NOW + timedelta(seconds=61)) == 1
    assert len(hook.requests) == 2
    digest = hook.requests[1][1]["markdown"]["content"]
    assert "3 条预警（汇总）" in digest and all(f"第{i}条" in digest for i in (2, 3, 4))
    assert alert_channels.list_channels(db)[0]["pending"] == 0


async def test_per_kind_choice(db, settings, hook):
    alert_channels.collect(db)
    channel(db, "wecom", f"{hook.url}/send?key=k", alert_kinds=["pool_low_stock"])
    raise_alert(db, "exception", "不要")
    assert await run(db, settings, NOW) == 0 and hook.requests == []
    raise_alert(db, "pool_low_stock", "中通库存不足")
    assert await run(db, settings, NOW + timedelta(seconds=5)) == 1
    assert "中通库存不足" in hook.requests[0][1]["markdown"]["content"]


async def test_failure_is_kept_shown_and_retried_with_backoff(db, settings, hook):
    alert_channels.collect(db)
    made = channel(db, "dingtalk", f"{hook.url}/send?access_token=t", secret="s")
    raise_alert(db)
    hook.answer = (200, {"errcode": 310000, "errmsg": "sign not match"})
    assert await run(db, settings, NOW) == 0
    state = alert_channels.list_channels(db)[0]
    assert state["last_error"] == "310000: sign not match" and state["failures"] == 1 and state["pending"] == 1
    assert state["next_try_at"] == NOW + timedelta(seconds=30)
    assert await run(db, settings, NOW + timedelta(seconds=10)) == 0 and len(hook.requests) == 1  # waits
    hook.answer = (500, {"error": "down"})
    assert await run(db, settings, NOW + timedelta(seconds=31)) == 0
    state = alert_channels.list_channels(db)[0]
    assert state["failures"] == 2 and state["last_error"].startswith("HTTP 500")
    assert state["next_try_at"] == NOW + timedelta(seconds=31 + 60)
    hook.answer = (200, {"errcode": 0, "errmsg": "ok"})
    assert await run(db, settings, NOW + timedelta(seconds=92)) == 1
    state = alert_channels.list_channels(db)[0]
    assert state["failures"] == 0 and state["pending"] == 0 and state["last_error"]  # the last error stays shown
    assert made["id"] == state["id"]


async def test_test_button_and_its_limit(db, settings, hook):
    made = channel(db, "wecom", f"{hook.url}/send?key=k")
    assert await alert_channels.send_test(db, channel_id=made["id"], settings=settings, now=NOW) == ""
    assert "测试消息" in hook.requests[0][1]["markdown"]["content"]
    with pytest.raises(Invalid) as limited:
        await alert_channels.send_test(db, channel_id=made["id"], settings=settings, now=NOW + timedelta(seconds=30))
    assert limited.value.code == "rate_limited"
    hook.answer = (404, {"errcode": 93000, "errmsg": "invalid webhook url"})
    problem = await alert_channels.send_test(
        db, channel_id=made["id"], settings=settings, now=NOW + timedelta(minutes=2)
    )
    assert problem.startswith("HTTP 404")


async def test_email_channel_and_daily_summary(db, data_dir):
    smtp = FakeSMTP()
    try:
        settings = Settings(
            smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_security="none", smtp_from="shop@example.com"
        )
        alert_channels.collect(db)
        channel(db, "email", "boss@example.com, ops@example.com", daily_summary=True)
        yesterday = NOW - timedelta(days=1)
        make_shipment(db, shipped_at=yesterday, status="delivered", delivered_at=yesterday + timedelta(hours=5))
        make_shipment(db, shipped_at=yesterday)
        raise_alert(db, "pool_low_stock", "中通库存不足")
        with db.write() as session:
            session.get(Alert, 1).carrier_code = "ZTO"
        early = NOW.replace(hour=23) - timedelta(days=1)  # 07:00 in the shop: no summary yet
        assert await run(db, settings, early) == 1  # the low-stock alert itself
        assert await run(db, settings, NOW) == 1  # 10:00: the summary
        assert await run(db, settings, NOW + timedelta(minutes=5)) == 0  # once a day
        assert len(smtp.messages) == 2
        summary = email.message_from_bytes(smtp.messages[1]["data"], policy=policy.default)
        assert "日报" in summary["Subject"] and "2026-05-19" in summary["Subject"]
        body = summary.get_content()
        assert "发货 2 单，签收 1 单" in body and "未处理预警 1 条" in body and "ZTO" in body
        assert smtp.messages[0]["to"] == ["<boss@example.com>", "<ops@example.com>"]
    finally:
        smtp.close()


def test_channel_settings_are_checked_and_secrets_not_shown(db):
    with pytest.raises(Invalid):
        alert_channels.create(
            db, kind="dingtalk", name="群", target="https://oapi.dingtalk.com/robot/send?access_token=a", actor="o"
        )  # no signing secret
    with pytest.raises(Invalid):
        alert_channels.create(db, kind="wecom", name="群", target="not a url", actor="o")
    with pytest.raises(Invalid):
        alert_channels.create(db, kind="email", name="邮件", target="boss@", actor="o")
    made = alert_channels.create(
        db,
        kind="feishu",
        name="飞书群",
        target="https://open.feishu.cn/open-apis/bot/v2/hook/0123456789abcdef",
        secret="topsecret",
        actor="o",
    )
    assert made["has_secret"] and "topsecret" not in str(made) and "0123456789abcdef" not in made["target"]
    changed = alert_channels.update(db, channel_id=made["id"], enabled=False, secret="", actor="o")
    assert changed["has_secret"] and not changed["enabled"]
    with db.read() as session:
        assert session.get(AlertChannel, made["id"]).secret == "topsecret"
