"""The parts of the 导入订单 dialog (`ui/orders/import_dialog.py`): its typed state, the column
mapping step and the report of a read (summary text and the table of rows refused)."""
