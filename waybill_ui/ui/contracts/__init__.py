"""The parts of 设置 → 合同价 (`ui/settings_sections/contracts.py`): the shipping origin, the
contract prices and the form that adds one."""
