"""The parts of the 物流跟踪 page (`ui/pages/tracking.py`): its typed state, the filter bar, the
action bars, the parcel list and the timeline panel, and "refresh now"."""
