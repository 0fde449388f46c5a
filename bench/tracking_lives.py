"""Provider calls per parcel over simulated lives, for each way of tracking, and how late each
status change is seen (shared by bench/tracking_refresh.py; pure simulation, no network).

The lives are the embedded network's own timelines (waybill_ui/sandbox/timeline.py: 2,000 ZTO
parcels to 广东省深圳市南山区, the same ones the bench has always used). Three ways to follow
them, each driven by the app's real scheduling functions:

* pulse   — a fixed look every 2 hours until the parcel is finished (the baseline);
* polling — push off: services/tracking/schedule.next_check with the default settings;
* push    — push on: one subscription call; the provider pushes every scan (after a delay of
            up to `push_delay_h`; a share `lost` of pushes never arrives), a subscribed parcel
            silent for `tracking.push.silent_h` is looked at once (next_check_watched), and a
            share `failed` of subscriptions is refused, so those parcels are polled all their life.

A status change is "seen" at the first look, or the first push whose snapshot holds it.
"""

from __future__ import annotations

import random
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from waybill_ui.carriers.kuaidi100 import units as k100
from waybill_ui.carriers.status import TERMINAL
from waybill_ui.sandbox import numbers, timeline
from waybill_ui.services.tracking import config as tracking_config
from waybill_ui.services.tracking import schedule

SEED = 7
START = datetime(2026, 5, 1, tzinfo=timezone.utc)
H = timedelta(hours=1)


@dataclass
class Life:
    events: list[timeline.SimEvent]
    statuses: list[str]  # status after each event
    changes: list[float] = field(default_factory=list)  # hours at which the status changed

    def view(self, t: float) -> tuple[str, str, float]:
        """(status, phase, hours of the newest event) as a look at hour t sees the parcel."""
        seen = [i for i, e in enumerate(self.events) if e.hours <= t]
        if not seen:
            return "pending", "", 0.0
        newest = self.events[seen[-1]]
        return self.statuses[seen[-1]], str(k100.PHASE.get(newest.substate, "")), newest.hours


def lives(count: int = 2000) -> list[Life]:
    out = []
    for i in range(count):
        events = timeline.build(SEED, numbers.number_at(SEED, "ZTO", 500_000 + i), "广东省深圳市南山区")
        statuses = [str(k100.map_code(e.substate) or k100.map_code(e.state)) for e in events]
        life = Life(events, statuses)
        before = "pending"
        for event, status in zip(events, statuses, strict=False):
            if status != before:
                life.changes.append(event.hours)
                before = status
        out.append(life)
    return out


@dataclass
class Outcome:
    calls: int
    looks: list[tuple[float, float]]  # (when seen, up to which hour the look shows)


def _lags(life: Life, looks: list[tuple[float, float]]) -> list[float | None]:
    """How late each status change is seen (hours; None: never, e.g. after the tracking stopped)."""
    lags = []
    for change in life.changes:
        seen = min((at for at, shows in looks if shows >= change), default=None)
        lags.append(None if seen is None else seen - change)
    return lags


def pulse(life: Life) -> Outcome:
    calls, t, looks = 0, 0.0, []
    while True:
        calls += 1
        looks.append((t, t))
        if life.view(t)[0] in TERMINAL:
            return Outcome(calls, looks)
        t += 2.0


def polling(life: Life, cfg, rng: random.Random, start_at: float = 0.0, fallback: bool = False) -> Outcome:
    calls, t, looks = 0, start_at, []
    while True:
        calls += 1
        looks.append((t, t))
        status, phase, newest = life.view(t)
        now = START + t * H
        if status in TERMINAL or schedule.should_retire(status, now=now, last_change_at=START + newest * H, cfg=cfg):
            return Outcome(calls, looks)
        waiting = (t - newest) * H if status != "pending" else t * H
        t = (
            schedule.next_check(status, now=now, cfg=cfg, rng=rng, phase=phase, waiting=waiting, fallback=fallback)
            - START
        ) / H


def push(life: Life, cfg, rng: random.Random, *, failed: float, lost: float, push_delay_h: float) -> Outcome:
    if rng.random() < failed:  # subscription refused: one call spent, then polled (pulse-capped) all its life
        fallback = polling(life, cfg, rng, fallback=True)
        return Outcome(1 + fallback.calls, fallback.looks)
    arrivals = sorted(
        (e.hours + rng.uniform(0, push_delay_h), e.hours, s in TERMINAL)
        for e, s in zip(life.events, life.statuses, strict=False)
        if rng.random() >= lost
    )
    calls, looks, quiet_since = 1, [], 0.0
    silent_h = cfg.push_silent / H
    for arrival, shows, final in arrivals + [(float("inf"), 0.0, False)]:
        while quiet_since + silent_h < arrival:  # silent too long: one look
            t = quiet_since + silent_h
            wake = (
                schedule.next_check_watched("in_transit", now=START + quiet_since * H, cfg=cfg, rng=rng) - START
            ) / H
            t = max(t, wake) if wake < arrival else t
            calls += 1
            looks.append((t, t))
            if life.view(t)[0] in TERMINAL:
                return Outcome(calls, looks)
            quiet_since = t
        if arrival == float("inf"):
            return Outcome(calls, looks)
        looks.append((arrival, shows))
        quiet_since = arrival
        if final:  # the provider's last push ("shutdown"): nothing more to look at
            return Outcome(calls, looks)
    return Outcome(calls, looks)


# Push delay: the embedded network pushes from a job every 30 s (jobs/tracking_push.py). Refused
# subscriptions and lost pushes do not happen in the embedded network unless faults are injected;
# they are assumed here so that the figure includes what the fallback costs.
PUSH_DELAY_H = 30 / 3600


def compare(count: int = 2000, *, failed: float = 0.05, lost: float = 0.02, push_delay_h: float = PUSH_DELAY_H) -> dict:
    cfg = tracking_config.build({}, provider="kdniao")
    rng = random.Random(1)
    everyone = lives(count)
    pulse_lags = [_lags(life, pulse(life).looks) for life in everyone]
    figures = {}
    for name, run in (
        ("pulse", lambda life: pulse(life)),
        ("polling", lambda life: polling(life, cfg, rng)),
        ("push", lambda life: push(life, cfg, rng, failed=failed, lost=lost, push_delay_h=push_delay_h)),
    ):
        calls, lags, later, compared = [], [], 0, 0
        for life, baseline in zip(everyone, pulse_lags, strict=False):
            outcome = run(life)
            calls.append(outcome.calls)
            mine = _lags(life, outcome.looks)
            lags += [x for x in mine if x is not None]
            for lag, base in zip(mine, baseline, strict=False):
                if base is not None:  # a change the pulse sees: is it seen later than the pulse sees it?
                    compared += 1
                    later += lag is None or lag > base + 1e-9
        lags.sort()
        figures[name] = {
            "calls": statistics.mean(calls),
            "lag_mean_h": statistics.mean(lags),
            "lag_p95_h": lags[int(0.95 * (len(lags) - 1))],
            "lag_max_h": lags[-1],
            "changes_seen": len(lags),
            "later_than_pulse": later / compared,
        }
    figures["assumptions"] = {
        "failed": failed,
        "lost": lost,
        "push_delay_h": push_delay_h,
        "silent_h": cfg.push_silent / H,
    }
    return figures


if __name__ == "__main__":
    import json
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(json.dumps(compare(), indent=1))
