"""Alerts (预警): raising and clearing them, the rules that call for them, time-based sweeps,
the alert center, buyer notices and the channels that forward alerts.

The use cases below can be imported from this package; each lives in the module named.
"""

from waybill_ui.services import exposed

__all__, __getattr__ = exposed(
    __name__,
    {
        "buyer_notices": ["draft", "fields_for", "list_notices", "log_notice", "save_templates"],
        "center": ["acknowledge", "bulk", "list_alerts", "resolve"],
        "raising": ["clear_alert", "raise_alert"],
        "rules": ["handover_overdue", "sync", "sync_many", "transit_days_for"],
        "sweep": ["sweep_handovers"],
    },
)
