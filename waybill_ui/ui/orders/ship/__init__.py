"""The parts of the 发货 dialog (`ui/orders/ship_dialog.py`): its typed state, the order summary,
the form, and shipping with what the dialog holds."""
