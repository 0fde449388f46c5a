"""Alert channels (issue 22): group robots and e-mail. Owner only; secrets are write-only."""

from __future__ import annotations


from pydantic import BaseModel

from waybill_ui import runtime
from waybill_ui.api.deps import DB, Owner
from waybill_ui.services.alerts import channels as alert_channels
from waybill_ui.api.router import api_router
from typing import Any

router = api_router(tags=["alerts"])


class ChannelIn(BaseModel):
    kind: str  # wecom, dingtalk, feishu, email
    name: str
    target: str  # webhook URL, or e-mail addresses separated by commas
    secret: str = ""  # DingTalk 加签 / Feishu 签名校验 secret
    alert_kinds: list[str] = []  # empty: every kind
    daily_summary: bool = False


class ChannelPatch(BaseModel):
    name: str | None = None
    target: str | None = None
    secret: str | None = None
    alert_kinds: list[str] | None = None
    daily_summary: bool | None = None
    enabled: bool | None = None


@router.get("/alerts/channels")
def list_channels(db: DB, user: Owner) -> list[dict[str, Any]]:
    return alert_channels.list_channels(db)


@router.post("/alerts/channels", status_code=201)
def create_channel(body: ChannelIn, db: DB, user: Owner) -> dict[str, Any]:
    return alert_channels.create(db, **body.model_dump(), actor=user.username)


@router.patch("/alerts/channels/{channel_id}")
def update_channel(channel_id: int, body: ChannelPatch, db: DB, user: Owner) -> dict[str, Any]:
    return alert_channels.update(db, channel_id=channel_id, actor=user.username, **body.model_dump())


@router.delete("/alerts/channels/{channel_id}", status_code=204)
def delete_channel(channel_id: int, db: DB, user: Owner) -> None:
    alert_channels.delete(db, channel_id=channel_id, actor=user.username)


@router.post("/alerts/channels/{channel_id}/test")
async def test_channel(channel_id: int, db: DB, user: Owner) -> dict[str, Any]:
    """Send a test message now; `problem` is empty when the robot or mail server took it."""
    problem = await alert_channels.send_test(db, channel_id=channel_id, settings=runtime.get().settings)
    return {"ok": not problem, "problem": problem}
