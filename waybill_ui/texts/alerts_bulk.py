"""Texts for handling many alerts at once (alert_center.bulk and the 预警 page)."""

TEXTS = {
    "alerts.bad_action": (
        "不认识的操作「{value}」，只能是 acknowledge 或 resolve。",
        "Unknown action “{value}”: use acknowledge or resolve.",
    ),
    "alerts.bulk.select_page": ("全选本页", "Select this page"),
    "alerts.bulk.select_all": ("选择全部 {count} 条", "Select all {count}"),
    "alerts.bulk.selected": ("已选 {count} 条", "{count} selected"),
    "alerts.bulk.clear": ("取消选择", "Clear selection"),
    "alerts.bulk.acknowledge": ("批量知悉", "Acknowledge selected"),
    "alerts.bulk.resolve": ("批量处理", "Resolve selected"),
    "alerts.bulk.none": ("请先勾选预警，或点“选择全部”。", "Tick some alerts first, or use “Select all”."),
    "alerts.bulk.resolve_title": ("处理 {count} 条预警", "Resolve {count} alerts"),
    "alerts.bulk.done_acknowledge": ("已标记知悉 {count} 条。", "{count} alerts acknowledged."),
    "alerts.bulk.done_resolve": ("已处理 {count} 条。", "{count} alerts resolved."),
}
