"""Following parcels: the polled refresh, pushed callbacks and subscriptions, when to look
next, and whether the tracking provider itself works.

The use cases below can be imported from this package; each lives in the module named.
"""

from waybill_ui.services import exposed

__all__, __getattr__ = exposed(
    __name__,
    {
        "config": ["build", "load", "save"],
        "core": ["decide"],
        "provider_health": ["note_chunk"],
        "push_health": ["apply_fallback", "health", "is_silent", "release_watched", "with_watch"],
        "push_store": ["apply_pushes", "record_rejected"],
        "push_subscribe": ["candidates", "record", "subscribe_due"],
        "queries": ["list_shipments", "matching_ids", "set_phone_tail"],
        "refresh": ["refresh_due", "refresh_now", "refresh_targets", "track_any"],
        "schedule": ["interval_for", "next_check", "next_check_after_failure", "next_check_watched", "should_retire"],
        "store": ["apply_in_session", "apply_outcomes", "due_targets"],
    },
)
