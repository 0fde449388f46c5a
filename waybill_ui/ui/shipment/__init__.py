"""The parts of the 运单详情 page (`ui/pages/shipment.py`): its typed state, the facts card with the
phone tail, and the header, alerts and notices."""
