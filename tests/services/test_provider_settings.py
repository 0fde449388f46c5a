"""Provider keys saved in the app override the environment; what is in effect is shown with its source."""

import httpx
import pytest

from waybill_ui.services.accounts.users import Principal
from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.registry import Providers
from waybill_ui.config import load_settings
from waybill_ui.runtime import Runtime
from waybill_ui.services.settings import providers as ps
from waybill_ui.services.common.errors import Invalid

OWNER = Principal(id=1, username="owner", role="owner")


def test_env_values_are_defaults_saved_values_win(monkeypatch, data_dir, db):
    monkeypatch.setenv("WAYBILL_KUAIDI100_CUSTOMER", "ENVCUST")
    settings = load_settings()
    shown = ps.in_effect(db, settings)
    assert (
        shown["tracking.kuaidi100.customer"].value == "ENVCUST" and shown["tracking.kuaidi100.customer"].source == "env"
    )
    assert shown["tracking.provider"].value == "sandbox" and shown["tracking.provider"].source == "default"
    ps.save(db, values={"tracking.provider": "kuaidi100", "tracking.kuaidi100.key": "secret-key-123"}, actor=OWNER)
    shown = ps.in_effect(db, settings)
    assert shown["tracking.provider"].source == "saved"
    assert shown["tracking.kuaidi100.key"].shown == "se…23"  # a secret is never shown whole
    effective = ps.effective_settings(db, settings)
    assert (effective.tracking_provider, effective.kuaidi100_customer, effective.kuaidi100_key) == (
        "kuaidi100",
        "ENVCUST",
        "secret-key-123",
    )
    # an empty secret on the form keeps the saved one; clearing it is explicit
    ps.save(db, values={"tracking.kuaidi100.key": ""}, actor=OWNER)
    assert ps.stored(db)["tracking.kuaidi100.key"] == "secret-key-123"
    ps.save(db, values={"tracking.kuaidi100.key": ""}, actor=OWNER, clear=frozenset({"tracking.kuaidi100.key"}))
    assert "tracking.kuaidi100.key" not in ps.stored(db)


@pytest.mark.parametrize(
    "values",
    [
        {"tracking.provider": "ups"},
        {"tracking.kdniao.url": "ftp://x"},
        {"tracking.kdniao.request_type": "1008"},
        {"nope": "1"},
    ],
)
def test_bad_values_are_refused_with_a_clear_reason(db, values):
    with pytest.raises(Invalid) as err:
        ps.save(db, values=values, actor=OWNER)
    assert err.value.message("zh")


async def test_saved_keys_take_effect_without_restart(settings, db):
    http = ProviderHTTP(retries=0, transport=httpx.MockTransport(lambda r: httpx.Response(200, json={})))
    rt = Runtime(settings=settings, db=db, http=http)
    rt.providers = ps.build(db, settings, http, "http://sandbox.test/sandbox")
    assert rt.providers.tracking.name == "sandbox"
    ps.save(
        db,
        values={
            "tracking.provider": "kdniao",
            "tracking.kdniao.business_id": "B1",
            "tracking.kdniao.api_key": "K1",
            "tracking.kdniao.request_type": "8001",
        },
        actor=OWNER,
    )
    providers: Providers = ps.apply(rt)
    assert rt.providers is providers and providers.tracking.name == "kdniao"
    assert providers.tracking.request_type == "8001" and providers.market.name == "sandbox"
    candidate = ps.provider_for_test(
        db, rt, {"tracking.provider": "kuaidi100", "tracking.kuaidi100.customer": "C", "tracking.kuaidi100.key": "K"}
    )
    assert candidate.name == "kuaidi100" and rt.providers.tracking.name == "kdniao"  # testing changes nothing
    await http.aclose()


def test_only_the_owner_saves_provider_keys(db):
    from waybill_ui.services.common.errors import Forbidden

    with pytest.raises(Forbidden):
        ps.save(db, values={"tracking.provider": "kdniao"}, actor=Principal(id=2, username="s", role="staff"))
