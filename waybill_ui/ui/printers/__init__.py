"""The parts of 设置 → 打印机 (`ui/settings_sections/printers.py`): the printer editor, the list of
printers and the list of print jobs."""
