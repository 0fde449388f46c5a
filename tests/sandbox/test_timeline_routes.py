"""The embedded network routes parcels through plausible hubs: the origin's sorting centre, the
trunk hubs of the two regions only when the parcel changes region, then the destination city."""

import pytest

from waybill_ui.sandbox import timeline


def hubs_passed(to_text: str, number: str = "YT9000000000001") -> list[str]:
    events = timeline.build(0, number, to_text, origin_city="杭州市")
    return [e.context.split("【")[1].split("】")[0] for e in events if e.context.startswith("快件已到达")]


@pytest.mark.parametrize(
    ("to_text", "expected"),
    [
        ("浙江省杭州市西湖区", ["杭州转运中心"]),
        ("浙江省宁波市鄞州区", ["杭州转运中心", "宁波转运中心"]),
        ("上海市上海市徐汇区", ["杭州转运中心", "上海转运中心"]),
        ("广东省深圳市南山区", ["杭州转运中心", "上海转运中心", "广州转运中心", "深圳转运中心"]),
        ("新疆维吾尔自治区乌鲁木齐市天山区", ["杭州转运中心", "上海转运中心", "西安转运中心", "乌鲁木齐转运中心"]),
    ],
)
def test_routes_are_plausible(to_text, expected):
    assert hubs_passed(to_text) == expected


def test_no_detour_through_a_third_region_for_any_parcel():
    for n in range(200):
        hubs = hubs_passed("上海市上海市浦东新区", number=f"YT90000000{n:05d}")
        assert not {"西安转运中心", "长沙转运中心", "成都转运中心"} & set(hubs)
