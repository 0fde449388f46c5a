from waybill_ui.carriers import formats
from waybill_ui.carriers.codes import CARRIERS
from waybill_ui.sandbox import numbers


def test_every_carrier_issues_numbers_in_its_real_format():
    for code in CARRIERS:
        for seq in (0, 1, 2, 999, 123_456):
            number = numbers.number_at(7, code, seq)
            assert formats.check(code, number) is None, (code, number)
            assert code in formats.suggest_carriers(number)


def test_no_number_repeats_across_100k_issued():
    for code in CARRIERS:
        issued = {numbers.number_at(0, code, seq) for seq in range(100_000)}
        assert len(issued) == 100_000, code


def test_deterministic_for_a_seed_and_different_across_seeds():
    assert [numbers.number_at(1, "ZTO", i) for i in range(50)] == [numbers.number_at(1, "ZTO", i) for i in range(50)]
    assert numbers.number_at(1, "ZTO", 0) != numbers.number_at(2, "ZTO", 0)


def test_number_maps_back_to_its_sequence():
    for code in CARRIERS:
        number = numbers.number_at(3, code, 4242)
        assert numbers.seq_of(3, code, number) == 4242
    assert numbers.seq_of(3, "SF", "YT1234567890123") is None


def test_issue_is_idempotent_per_order_and_ranges_never_overlap(sandbox):
    first = sandbox.issue(order_ref="p-1", carrier="ZTO", quantity=500, offset=0, validity_days=180)
    again = sandbox.issue(order_ref="p-1", carrier="ZTO", quantity=500, offset=0, validity_days=180)
    assert first["numbers"] == again["numbers"] and len(first["numbers"]) == 500
    tail = sandbox.issue(order_ref="p-1", carrier="ZTO", quantity=500, offset=450, validity_days=180)
    assert tail["numbers"] == first["numbers"][450:]
    second = sandbox.issue(order_ref="p-2", carrier="ZTO", quantity=100, offset=0, validity_days=180)
    assert not set(first["numbers"]) & set(second["numbers"])


def test_routing_codes_are_stable_per_destination(sandbox):
    a = sandbox.routing(
        carrier="SF", items=[{"number": "SF1", "province": "广东省", "city": "深圳市", "district": "南山区"}]
    )
    b = sandbox.routing(
        carrier="SF", items=[{"number": "SF2", "province": "广东省", "city": "深圳市", "district": "南山区"}]
    )
    assert a["items"][0]["route_code"] == b["items"][0]["route_code"]
    assert "深圳" in a["items"][0]["sort_name"]
