"""The parts of the 智能匹配规则 page (`ui/pages/orders_rules.py`): its typed state, the rule list,
the rule editor dialog and the preview tool."""
