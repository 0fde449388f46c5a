"""E-waybills (电子面单): numbers issued per order by a provider account — issue, batch issue,
reprint, cancel and the outcomes nobody is sure of.

The use cases below can be imported from this package; each lives in the module named.
"""

from waybill_ui.services import exposed

__all__, __getattr__ = exposed(
    __name__,
    {
        "accounts": [
            "add_account",
            "check_quota",
            "delete_account",
            "record_balance",
            "refresh_all",
            "refresh_if_short",
            "refresh_quota",
            "top_up",
        ],
        "batch": ["issue_batch"],
        "bulk": ["prepare", "record"],
        "issue": ["begin_in", "cancel", "cancel_any", "finish_in", "issue_and_ship"],
        "reprint": ["at_providers", "count_reprints"],
        "unsure": ["settle"],
    },
)
