"""Groups of the settings page, one module each, so every area adds its own group.

A module defines TAB_KEY (text key of the tab), ORDER (position), OWNER_ONLY (hide from staff)
and ``async def render(me: Principal) -> None``. It may define GROUP (one of GROUPS); otherwise
GROUP_OF places it, and a section nobody placed goes under "other".
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

# The page's groups, in order; each has a title and a plain-words intro (texts/settings_groups.py).
GROUPS = ("shop", "buying", "shipping", "tracking", "system", "other")
GROUP_OF = {
    "users": "shop",
    "tokens": "shop",
    "language": "shop",
    "contracts": "buying",
    "pool": "buying",
    "shipping": "shipping",
    "senders": "shipping",
    "providers": "tracking",
    "tracking_alerts": "tracking",
    "notices": "tracking",
    "general": "system",
    "backup": "system",
}


def name_of(module: ModuleType) -> str:
    return module.__name__.rsplit(".", 1)[-1]


def group_of(module: ModuleType) -> str:
    group = getattr(module, "GROUP", None) or GROUP_OF.get(name_of(module), "other")
    return group if group in GROUPS else "other"


def sections() -> list[ModuleType]:
    found = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    ]
    return sorted(found, key=lambda m: (GROUPS.index(group_of(m)), getattr(m, "ORDER", 100), name_of(m)))


def grouped(modules: list[ModuleType]) -> list[tuple[str, list[ModuleType]]]:
    """(group, its sections) in page order, empty groups left out."""
    return [(g, members) for g in GROUPS if (members := [m for m in modules if group_of(m) == g])]
