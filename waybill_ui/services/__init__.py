"""Use cases: every rule and state change of the shop, one transaction each, no NiceGUI.

Pages, the JSON API, the CLI and the scheduler all call these functions.

The folder layout is the architecture (docs/architecture.md): one package per domain, each listing
its use cases in its `__init__` through `exposed`, so `from waybill_ui.services.pool import allocate`
works without importing every module of the package up front (that would tie the packages into
import cycles).
"""

from collections.abc import Callable
from importlib import import_module
from typing import Any


def exposed(package: str, modules: dict[str, list[str]]) -> tuple[list[str], Callable[[str], Any]]:
    """`__all__` and a module `__getattr__` for a package: each use case is imported from its module
    the first time someone asks the package for it."""
    where = {name: module for module, names in modules.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{module}"), name)

    return sorted(where), __getattr__
