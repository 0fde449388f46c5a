"""设置 through NiceGUI's simulated user: sections in groups with a plain-words intro, the
language choice, and the owner's backup download (a real, consistent SQLite copy)."""

import sqlite3

from nicegui.testing import User

from waybill_ui import runtime
from waybill_ui.ui.settings_sections import GROUPS, group_of, grouped, name_of, sections
from tests.helpers import login, login_staff


def test_every_section_has_a_known_group():
    placed = {name_of(s): group_of(s) for s in sections()}
    assert placed["users"] == "shop" and placed["pool"] == "buying" and placed["senders"] == "shipping"
    assert placed["backup"] == "system" and placed["language"] == "shop"
    assert "other" not in placed.values()
    order = [g for g, _ in grouped(sections())]
    assert order == [g for g in GROUPS if g in order]


async def test_owner_sees_groups_with_intros(user: User):
    await login(user)
    await user.open("/settings")
    for group in ("shop", "buying", "shipping", "system"):
        await user.should_see(marker=f"group-{group}")
    await user.should_see("谁能登录、能做什么")
    await user.should_see(marker="tab-backup")
    await user.open("/settings?tab=backup")
    await user.should_see(marker="backup-none")


async def test_staff_sees_only_their_own_sections(user: User):
    await login_staff(user)
    await user.open("/settings")
    await user.should_see(marker="tab-language")
    await user.should_see(marker="tab-tokens")
    await user.should_not_see(marker="tab-backup")
    await user.should_not_see(marker="group-buying")
    response = await user.http_client.post("/api/v1/backups")
    assert response.status_code == 403


async def test_language_choice(user: User):
    await login(user)
    await user.open("/settings?tab=language")
    user.find(marker="language-choice").elements.pop().value = "en"
    await user.should_see("Settings", retries=100)
    from waybill_ui.services.accounts import users

    [owner] = [u for u in users.list_users(runtime.get().db) if u.username == "owner"]
    assert owner.language == "en"


async def test_owner_downloads_a_backup(user: User):
    await login(user)
    await user.open("/settings?tab=backup")
    user.find(marker="backup-make").click()
    response = await user.download.next(timeout=10)
    assert response.status_code == 200
    folder = runtime.get().settings.backups_dir
    [made] = list(folder.glob("waybill-backup-*.db"))
    assert response.content == made.read_bytes()
    conn = sqlite3.connect(made)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT username FROM user").fetchall() == [("owner",)]
    conn.close()
    await user.should_see(marker="backup-row", retries=50)
    bad = await user.http_client.get("/api/v1/backups/..%2Fwaybill.db")
    assert bad.status_code == 404
