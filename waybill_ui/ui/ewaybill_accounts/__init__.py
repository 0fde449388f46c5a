"""The parts of 设置 → 电子面单账号 (`ui/settings_sections/ewaybill.py`): the accounts with their
quota, and the form that adds one."""
