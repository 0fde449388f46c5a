"""The parts of the 补地址 dialogs (`ui/orders/address_dialog.py`): the address fields with the
province → city → district choices, what recognising a pasted block found, and the
从文件补地址 dialog."""
