"""The parts of the 批量发货 dialog (`ui/orders/batch_dialog.py`): its typed state, the preview by
carrier and the result of a batch."""
