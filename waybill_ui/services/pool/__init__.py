"""The number pool (单号库存): stock, the number list, importing numbers from an outlet, the
duplicate guard, handing numbers out (allocation), each number's history, refunds/extensions,
recycling of voided numbers and expiry.

The use cases below can be imported from this package; each lives in the module named.
"""

from waybill_ui.services import exposed

__all__, __getattr__ = exposed(
    __name__,
    {
        "allocation": ["release", "reserve", "take", "take_number", "take_reserved", "void"],
        "export": ["audit_csv", "numbers_csv"],
        "history": ["history_in", "iter_audit", "list_audit", "record_numbers"],
        "importing": ["check_in", "commit_import", "preview_import", "read_upload"],
        "known": ["known_numbers", "where_known"],
        "numbers": ["iter_numbers", "list_numbers", "number_detail"],
        "provider_ops": ["extend", "refund"],
        "recycling": ["pending_recycle", "recycle_pending"],
        "stock": [
            "effective_window",
            "save_settings",
            "stock_in",
            "stock_stats",
            "usage_in",
        ],
        "watch": ["check_stock", "check_stock_in", "expire_due", "overview", "verdict"],
    },
)
