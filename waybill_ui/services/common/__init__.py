"""Building blocks every package uses: errors a person can act on, spreadsheet files, uploads.

The use cases below can be imported from this package; each lives in the module named.
"""

from waybill_ui.services import exposed

__all__, __getattr__ = exposed(
    __name__,
    {
        "uploads": ["save_stream"],
    },
)
