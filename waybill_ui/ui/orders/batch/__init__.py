"""The parts of the 批量发货 dialog (`ui/orders/batch_dialog.py`): its typed state and what it lists
before and after shipping (the preview by carrier, the result)."""
