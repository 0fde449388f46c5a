"""The 发货 settings' rules live in the service: bad values are refused whole, staff cannot save."""

import pytest

from waybill_ui.services.settings import shipping as shipping_settings
from waybill_ui.services.common.errors import Forbidden, Invalid
from waybill_ui.services.accounts.users import Principal

OWNER = Principal(1, "owner", "owner")


def test_good_values_are_stored_as_numbers(db):
    saved = shipping_settings.save(
        db,
        actor=OWNER,
        values={
            "matching.weight_price": "60",
            "matching.default_weight_g": 1500.0,
            "autoship.daily_cap": 50,
            "matching.origin_province": "广东省",
            "autoship.enabled": 1,
        },
    )
    assert saved == {
        "matching.weight_price": 60.0,
        "matching.default_weight_g": 1500,
        "autoship.daily_cap": 50,
        "matching.origin_province": "广东省",
        "autoship.enabled": True,
    }
    assert shipping_settings.current(db)["matching.weight_price"] == 60.0


@pytest.mark.parametrize(
    "values, key",
    [
        ({"matching.weight_speed": -1}, "shipset.bad_number"),
        ({"matching.weight_speed": 101}, "shipset.bad_number"),
        ({"matching.default_weight_g": 0}, "shipset.bad_number"),
        ({"autoship.daily_cap": None}, "shipset.bad_number"),
        ({"matching.origin_province": "火星"}, "shipset.bad_origin"),
        ({"matching.weight_colour": 5}, "settings.unknown_key"),
    ],
)
def test_a_bad_value_saves_nothing(db, values, key):
    with pytest.raises(Invalid) as refused:
        shipping_settings.save(db, actor=OWNER, values={"matching.weight_price": 70, **values})
    assert refused.value.text_key == key
    assert shipping_settings.current(db)["matching.weight_price"] == 50  # the good value did not go in either


def test_staff_cannot_change_them(db):
    with pytest.raises(Forbidden):
        shipping_settings.save(db, actor=Principal(2, "staff1", "staff"), values={"autoship.enabled": True})
