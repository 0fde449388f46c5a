"""One normalized tracking status model (docs/tracking.md); providers map their raw codes to it."""

from __future__ import annotations

from enum import StrEnum


class TrackingStatus(StrEnum):
    pending = "pending"  # label created, not picked up
    picked_up = "picked_up"
    in_transit = "in_transit"
    out_for_delivery = "out_for_delivery"
    available_for_pickup = "available_for_pickup"  # locker / station
    delivered = "delivered"
    failed_attempt = "failed_attempt"
    exception = "exception"
    returning = "returning"
    returned = "returned"
    refused = "refused"
    cancelled = "cancelled"
    expired = "expired"  # no information for too long


# No more polling once a parcel is in one of these.
TERMINAL: frozenset[TrackingStatus] = frozenset(
    {
        TrackingStatus.delivered,
        TrackingStatus.returned,
        TrackingStatus.refused,
        TrackingStatus.cancelled,
        TrackingStatus.expired,
    }
)
# A carrier has the parcel: cancelling the shipment is no longer possible.
PICKED_UP_OR_LATER: frozenset[TrackingStatus] = frozenset(TrackingStatus) - {
    TrackingStatus.pending,
    TrackingStatus.cancelled,
}


class Phase(StrEnum):
    """What a parcel's newest scan predicts about its next status change (from each provider's
    sub-codes, see their units.py). The polling schedule leaves a long-haul parcel alone and looks
    more often at one that has arrived in its destination city."""

    long_haul = "long_haul"  # on a trunk line between two hubs: the next scan is another hub
    arrived = "arrived"  # in the destination city: out for delivery soon
