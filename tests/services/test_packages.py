"""The services folder shows the architecture: domain packages only, each exposing its use cases."""

import importlib
import pkgutil
from pathlib import Path

import pytest

import waybill_ui.services as services

PACKAGES = sorted(m.name for m in pkgutil.iter_modules(services.__path__) if m.ispkg)


def test_services_holds_only_domain_packages():
    loose = sorted(p.name for p in Path(services.__path__[0]).glob("*.py") if p.name != "__init__.py")
    assert loose == [], f"service modules belong in a domain package: {loose}"
    assert {
        "market",
        "pool",
        "orders",
        "shipping",
        "printing",
        "tracking",
        "alerts",
        "reports",
        "accounts",
        "settings",
    } <= set(PACKAGES)


@pytest.mark.parametrize("name", PACKAGES)
def test_each_package_exposes_its_use_cases(name):
    package = importlib.import_module(f"{services.__name__}.{name}")
    assert package.__doc__ and package.__all__, f"{name} has no docstring or no use cases listed"
    for use_case in package.__all__:
        function = getattr(package, use_case)
        module = importlib.import_module(function.__module__)
        assert getattr(module, use_case) is function
        assert module.__name__.startswith(package.__name__ + ".")
    with pytest.raises(AttributeError):
        package.no_such_use_case  # noqa: B018


def test_a_use_case_from_the_package_is_the_modules_own():
    from waybill_ui.services.pool import allocation, take

    assert take is allocation.take
