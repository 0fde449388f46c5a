"""The parts of the 预警 center (`ui/pages/alerts.py`): its typed state, the bulk bar, the alert cards, the
resolve dialogs and the log of buyer notices."""
