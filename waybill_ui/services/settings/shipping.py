"""The 发货 settings (matching weights, where parcels leave from, the default weight, auto-ship)
read and saved with their rules in one place, for the settings page and any other caller."""

from __future__ import annotations

from typing import Any

from waybill_ui.carriers import geo
from waybill_ui.db import Database
from waybill_ui.services.shipping import auto as auto_ship
from waybill_ui.services.shipping import matcher_loading
from waybill_ui.services.settings import store as shop_settings
from waybill_ui.services.accounts import users
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.accounts.users import Principal

DEFAULTS: dict[str, Any] = {**matcher_loading.SETTINGS, **auto_ship.SETTINGS}
WEIGHTS = tuple(f"matching.weight_{name}" for name in ("price", "speed", "rating", "stock"))


def current(db: Database) -> dict[str, Any]:
    return shop_settings.get_many(db, DEFAULTS)


def validate(values: dict[str, Any]) -> dict[str, Any]:
    """The values as stored, or Invalid (nothing is saved) naming what is wrong."""
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key not in DEFAULTS:
            raise Invalid("settings.unknown_key", key=key)
        if key in WEIGHTS or key in ("matching.default_weight_g", "autoship.daily_cap"):
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise Invalid("shipset.bad_number") from None
            if number < 0 or (key in WEIGHTS and number > 100) or (key == "matching.default_weight_g" and number < 1):
                raise Invalid("shipset.bad_number")
            clean[key] = number if key in WEIGHTS else int(number)
        elif key == "matching.origin_province":
            if value not in geo.PROVINCES:
                raise Invalid("shipset.bad_origin", province=str(value)[:20])
            clean[key] = value
        elif key == "autoship.enabled":
            clean[key] = bool(value)
    return clean


def save(db: Database, *, values: dict[str, Any], actor: Principal) -> dict[str, Any]:
    users.require_owner(actor)
    clean = validate(values)
    shop_settings.put(db, values=clean, actor=actor.username)
    return clean
