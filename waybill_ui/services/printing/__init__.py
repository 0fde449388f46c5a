"""Labels and printers: the label PDF (`labels`, `label_pdf`), what must happen online before
printing (`prepare`), and label printers — records and defaults (`printers`), TSPL/ZPL commands
(`tspl`, `zpl`, `raster`), raw transports (TCP 9100, CUPS), the print queue with resume, and the
platform print components (`component`).

The use cases below can be imported from this package; each lives in the module named.
"""

from waybill_ui.services import exposed

__all__, __getattr__ = exposed(
    __name__,
    {
        "component": ["pending_jobs", "record", "task", "test_frame", "url"],
        "content": ["texts"],
        "dispatch": ["launch", "retry", "test_print"],
        "label_text": ["fit"],
        "labels": ["sample_pdf", "save_options", "take_for_print", "unprinted_ids"],
        "prepare": ["before_print"],
        "print_labels": ["make_labels"],
        "printers": ["add", "change", "choose", "default_for", "own_choices", "remove"],
        "queue": ["list_jobs", "recover", "run", "submit"],
        "render": ["commands"],
        "routing": ["fill_routing"],
        "transport": ["cups_send"],
    },
)
