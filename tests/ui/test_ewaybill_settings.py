"""设置 → 电子面单: the owner adds an account, sees its quota (never its secret), checks the quota
at the provider and deletes it; staff do not see the section."""

from nicegui.testing import User

from tests.helpers import login, login_staff
from waybill_ui import runtime
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts

RETRY = 30


async def test_owner_adds_checks_and_deletes_an_account(user: User):
    await login(user)
    await user.open("/settings?tab=ewaybill")
    await user.should_see(marker="ewaybill-none", retries=RETRY)
    user.find(marker="ewaybill-customer_name").type("shop-zto")
    user.find(marker="ewaybill-customer_pwd").type("S3CRET-PW")
    user.find(marker="ewaybill-add").click()
    await user.should_see("已添加电子面单账号", retries=RETRY)
    await user.should_see(marker="ewaybill-account", retries=RETRY)
    row = user.find(marker="ewaybill-account")
    texts = " ".join(getattr(e, "text", "") or "" for el in row.elements for e in el.descendants())
    assert "S3CRET-PW" not in texts and "customer_pwd" in texts
    user.find(marker="ewaybill-refresh").click()
    await user.should_see("余额：2000", retries=RETRY)
    assert ewaybill_accounts.list_accounts(runtime.get().db)[0].quota_reported == 2000
    user.find(marker="ewaybill-delete").click()
    await user.should_see("已删除", retries=RETRY)
    assert ewaybill_accounts.list_accounts(runtime.get().db) == []


async def test_staff_do_not_get_the_section(user: User):
    await login_staff(user)
    await user.open("/settings?tab=ewaybill")
    await user.should_not_see(marker="ewaybill-add", retries=5)
