"""Settings the owner edits: the shop's settings store, shipping and provider settings, senders.

The use cases below can be imported from this package; each lives in the module named.
"""

from waybill_ui.services import exposed

__all__, __getattr__ = exposed(
    __name__,
    {
        "senders": ["create_sender", "delete_sender", "put_default", "set_default", "update_sender"],
        "store": ["put"],
    },
)
