"""Texts for choosing parcels on 物流跟踪 (ui/pages/tracking.py)."""

TEXTS = {
    "tracking.check_page": ("全选本页", "Select this page"),
    "tracking.check_all": ("选择全部匹配的运单", "Select all matching"),
    "tracking.check_clear": ("取消选择", "Clear selection"),
    "tracking.checked": ("已选 {count} 个", "{count} selected"),
}
