"""Texts for the buyer's carrier request (services/orders/carrier_requests.py) and carrier coverage."""

TEXTS = {
    "match.by_request": ("买家指定{carrier}（留言：{text}）", "Buyer asked for {carrier} (message: {text})"),
    "request.no_carrier": ("未选快递", "no carrier"),
    "request.refused": (
        "⚠ 买家不要{carrier}（留言：{text}），请换一家快递",
        "⚠ The buyer refused {carrier} (message: {text}); choose another carrier",
    ),
    "request.ignored": (
        "⚠ 买家要求{wanted}，当前是{chosen}：{why}",
        "⚠ The buyer asked for {wanted} but {chosen} is chosen: {why}",
    ),
    "request.why_inactive": ("{carrier}未启用", "{carrier} is not enabled"),
    "request.why_not_served": ("{carrier}不送这个地区", "{carrier} does not serve this area"),
    "request.why_no_stock": (
        "{carrier}没有可用单号，请先购买或导入",
        "{carrier} has no numbers in stock; buy or import some first",
    ),
    "request.why_chosen": ("已手动改选", "changed by hand"),
    "request.chip_wanted": ("买家要求：{carriers}", "Buyer wants: {carriers}"),
    "request.chip_refused": ("买家不要：{carriers}", "Buyer refuses: {carriers}"),
    "coverage.not_served": ("{carrier}不送{province}", "{carrier} does not deliver to {province}"),
    "coverage.served": ("送达", "serves"),
    "coverage.option_not_served": ("{name}（不送{province}）", "{name} (does not serve {province})"),
    "coverage.override_needed": (
        "{carrier}不送{province}。如确实要发，请填写原因后再确认。",
        "{carrier} does not deliver to {province}. To ship anyway, give a reason and confirm again.",
    ),
    "coverage.override_reason": ("仍要发货的原因", "Reason to ship anyway"),
    "coverage.override_hint": ("例如：已与快递网点确认可以派送", "e.g. the outlet confirmed it delivers there"),
}
