"""An e-waybill test bench: the app's database, a sandbox network in-process, an owner, orders."""

from __future__ import annotations

import itertools

import httpx
from fastapi import FastAPI

from waybill_ui.carriers import registry
from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.db.models import Order
from waybill_ui.clock import utcnow
from waybill_ui.sandbox.server import PREFIX, Sandbox, SandboxConfig, build_router
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts
from waybill_ui.services.settings import senders
from waybill_ui.services.accounts.users import Principal

OWNER = Principal(id=1, username="owner", role="owner")
STAFF = Principal(id=2, username="staff1", role="staff")
_seq = itertools.count(1)


def make_sandbox(settings, path) -> Sandbox:
    return Sandbox(
        SandboxConfig(seed=0, speed=1.0, customer=settings.secrets.sandbox_customer, key=settings.secrets.sandbox_key),
        path,
    )


def provider_factory(settings, sandbox: Sandbox, *, http: ProviderHTTP | None = None):
    app = FastAPI()
    app.include_router(build_router(lambda: sandbox))
    http = http or ProviderHTTP(retries=0, timeout_s=5, transport=httpx.ASGITransport(app))

    def provider_for(account):
        return registry.ewaybill_provider(
            account.provider, settings, http, f"http://net.test{PREFIX}", api_secret=account.customer_pwd
        )

    return provider_for, http


def add_sender(db) -> None:
    senders.create_sender(
        db,
        data=senders.SenderInput(
            name="王店主",
            phone="13800138000",
            province="浙江省",
            city="杭州市",
            district="西湖区",
            address="文三路90号",
        ),
        actor=OWNER,
    )


def add_account(db, carrier="ZTO", provider="sandbox"):
    values = (
        {"customer_name": "shop-zto", "customer_pwd": "pw"}
        if provider != "kuaidi100"
        else {"partner_id": "p-1", "customer_pwd": "pw"}
    )
    return ewaybill_accounts.add_account(db, provider=provider, carrier=carrier, values=values, actor=OWNER)


def add_order(db, *, address="泉城路1号", province="山东省") -> str:
    no = f"E{next(_seq):08d}"
    with db.write() as session:
        session.add(
            Order(
                order_no=no,
                status="pending",
                receiver_name="李四",
                phone="13900139000",
                province=province,
                city="济南市",
                district="历下区",
                address=address,
                items="T恤",
                updated_at=utcnow(),
            )
        )
    return no
