"""Group-robot webhooks (pure functions: the request to send and how to read the answer).

- 企业微信 (WeCom): POST the webhook URL (it carries the key), {"msgtype": "markdown", ...};
  the answer is {"errcode": 0, "errmsg": "ok"}.
- 钉钉 (DingTalk) with 加签: timestamp in milliseconds; sign = Base64(HMAC-SHA256(key=secret,
  msg=f"{timestamp}\\n{secret}")), URL-encoded, appended to the webhook URL as
  `&timestamp=…&sign=…`; the answer is {"errcode": 0, "errmsg": "ok"}.
- 飞书 (Feishu) with 签名校验: timestamp in seconds; sign = Base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}",
  msg=b"")), both in the JSON body; the answer is {"code": 0, ...} (older: {"StatusCode": 0}).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime
from urllib.parse import quote_plus
from typing import Any

ROBOTS = ("wecom", "dingtalk", "feishu")


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(secret: str, timestamp_s: int) -> str:
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def build(kind: str, *, url: str, secret: str, title: str, text: str, now: datetime) -> tuple[str, dict[str, Any]]:
    """(URL, JSON body) of one message."""
    if kind == "wecom":
        return url, {"msgtype": "markdown", "markdown": {"content": f"**{title}**\n{text}"[:4000]}}
    if kind == "dingtalk":
        if secret:
            ms = int(now.timestamp() * 1000)
            url = f"{url}{'&' if '?' in url else '?'}timestamp={ms}&sign={quote_plus(dingtalk_sign(secret, ms))}"
        return url, {"msgtype": "markdown", "markdown": {"title": title[:60], "text": f"### {title}\n\n{text}"[:5000]}}
    if kind == "feishu":
        body: dict[str, Any] = {"msg_type": "text", "content": {"text": f"{title}\n{text}"[:4000]}}
        if secret:
            seconds = int(now.timestamp())
            body = {"timestamp": str(seconds), "sign": feishu_sign(secret, seconds), **body}
        return url, body
    raise ValueError(f"not a robot: {kind}")


def problem(kind: str, status: int, body: bytes) -> str:
    """Empty when the robot took the message, else what it said (for `last_error`)."""
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        data = None
    if status >= 400:
        return f"HTTP {status}: {(body or b'')[:200].decode('utf-8', 'replace')}"
    if not isinstance(data, dict):
        return f"unexpected answer: {(body or b'')[:200].decode('utf-8', 'replace')}"
    if kind == "feishu":
        code = data.get("code", data.get("StatusCode", 0))
        message = data.get("msg") or data.get("StatusMessage") or ""
    else:
        code, message = data.get("errcode", 0), data.get("errmsg", "")
    return "" if code in (0, "0") else f"{code}: {message}"[:300]
