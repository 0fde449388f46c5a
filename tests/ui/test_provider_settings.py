"""设置 → 物流查询 with NiceGUI's simulated user: a saved key is kept when the form is saved with
the key left empty, and 清除密钥 forgets it."""

import asyncio

from nicegui.testing import User

from tests.helpers import login
from waybill_ui import runtime
from waybill_ui.services.settings import providers as ps

RETRY = 100


def text_of(user: User, marker: str) -> str:
    return next(iter(user.find(marker=marker).elements)).text


async def test_a_saved_key_is_kept_until_cleared(user: User):
    await login(user)
    db = runtime.get().db
    await user.open("/settings?tab=providers")
    await user.should_see(marker="provider-form", retries=RETRY)
    user.find(marker="field-tracking.kuaidi100.key").type("saved-key-123")
    user.find(marker="provider-save").click()
    await user.should_see("新的设置已生效", retries=RETRY)
    assert ps.stored(db)["tracking.kuaidi100.key"] == "saved-key-123"
    assert text_of(user, "source-tracking.kuaidi100.key") == "本页保存"

    await user.open("/settings?tab=providers")  # the form never shows the saved key
    await user.should_see(marker="provider-form", retries=RETRY)
    assert next(iter(user.find(marker="field-tracking.kuaidi100.key").elements)).value == ""
    saved_before = sum("新的设置已生效" in m for m in user.notify.messages)
    user.find(marker="provider-save").click()
    # the first save's message may still be on screen: wait for this save's own one
    for _ in range(RETRY):
        if sum("新的设置已生效" in m for m in user.notify.messages) > saved_before:
            break
        await asyncio.sleep(0.05)
    await user.should_see("新的设置已生效", retries=RETRY)
    assert ps.stored(db)["tracking.kuaidi100.key"] == "saved-key-123"

    user.find(marker="provider-clear-secrets").click()
    for _ in range(RETRY):
        if text_of(user, "source-tracking.kuaidi100.key") != "本页保存":
            break
        await asyncio.sleep(0.05)
    assert "tracking.kuaidi100.key" not in ps.stored(db)
    assert text_of(user, "source-tracking.kuaidi100.key") != "本页保存"
