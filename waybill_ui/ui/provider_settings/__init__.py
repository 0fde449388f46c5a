"""The parts of 设置 → 物流查询 (`ui/settings_sections/providers.py`): the form with its connection
test, and what is in effect with where each value came from."""
