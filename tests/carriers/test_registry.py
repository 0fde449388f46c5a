"""The provider registry: built-in packages, installed plug-ins (entry points) and plug-ins
registered at run time are found the same way; each declaration is consistent."""

import pytest

from tests.carriers.fake_provider.plugin import PLUGIN as FAKEQ
from waybill_ui.carriers import registry


class FakeEntryPoint:
    def __init__(self, plugin):
        self.plugin = plugin

    def load(self):
        return self.plugin


@pytest.fixture
def fresh_registry(monkeypatch):
    monkeypatch.setattr(registry, "_PLUGINS", {})
    monkeypatch.setattr(registry, "_loaded", False)


def test_installed_plugins_are_found_through_entry_points(fresh_registry, monkeypatch):
    asked = []

    def entry_points(*, group):
        asked.append(group)
        return [FakeEntryPoint(FAKEQ)]

    monkeypatch.setattr(registry, "entry_points", entry_points)
    assert registry.available() == ["sandbox", "fakeq", "kdniao", "kuaidi100"]
    assert asked == ["waybill_ui.providers"]
    assert registry.push_format("fakeq").path == "/api/v1/tracking/push/fakeq"


def test_builtin_declarations():
    assert registry.available()[:1] == ["sandbox"] and {"kuaidi100", "kdniao"} <= set(registry.available())
    assert registry.ewaybill_providers() == ["sandbox", "kdniao", "kuaidi100"]
    assert registry.push_format_of("sandbox").name == "kuaidi100"  # the network speaks Kuaidi100's push
    assert registry.push_format_of("kdniao").name == "kdniao"
    assert registry.rate_defaults()["tracking.rate.kuaidi100.min_gap_min"] == 30.0
    for plugin in registry.plugins():
        assert plugin.units is not None and plugin.status_of("3") == "delivered"  # 3: 签收 for all three
        keys = list(plugin.setting_keys)
        assert len(keys) == len(set(keys)) and all(k.startswith(f"tracking.{plugin.name}.") for k in keys)
