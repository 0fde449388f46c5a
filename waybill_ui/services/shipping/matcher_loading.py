"""Where a `Matcher` (services/shipping/matching.py) gets its facts: the shop's rules, carriers,
contract prices, pool stock, e-waybill quota (services/ewaybill/accounts.py), the matching settings
and where parcels leave from, read in one session; and the use cases on top — one order's carrier
(`decide`) and the rules page's address preview (`preview_address`). The decision itself stays free
of the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session, select, col
from typing import Any

from waybill_ui.carriers import geo
from waybill_ui.db import Database
from waybill_ui.db.models import Carrier, ContractPrice, MatchingRule, SenderAddress, Setting
from waybill_ui.clock import utcnow
from waybill_ui.services.orders.listing import utc_text
from waybill_ui.services.shipping.matching import Decision, Matcher, OrderFacts

SETTINGS = {
    "matching.weight_price": 50,
    "matching.weight_speed": 30,
    "matching.weight_rating": 10,
    "matching.weight_stock": 10,
    "matching.origin_province": "浙江省",  # used when no default sender address is set
    "matching.default_weight_g": 1000,  # orders without a weight are priced as this
}


def stock_by_carrier(session: Session, now: datetime | None = None) -> dict[str, int]:
    """Numbers that could be handed out right now, per carrier (what allocation.take would find)."""
    rows = session.execute(
        text(
            "SELECT carrier_code, count(*) FROM waybill WHERE status = 'available' "
            "AND (expires_at IS NULL OR expires_at > :now) AND (reserved_until IS NULL OR reserved_until <= :now) "
            "GROUP BY carrier_code"
        ),
        {"now": utc_text(now or utcnow())},
    ).all()
    return {code: count for code, count in rows}


def origin_province(session: Session) -> str:
    sender = session.exec(select(SenderAddress).where(SenderAddress.is_default == True)).first()  # noqa: E712
    province = geo.normalize_province(sender.province) if sender else None
    if province:
        return province
    row = session.get(Setting, "matching.origin_province")
    return geo.normalize_province(row.value if row else None) or str(SETTINGS["matching.origin_province"])


def settings_in(session: Session) -> dict[str, Any]:
    rows = session.exec(select(Setting).where(col(Setting.key).in_(list(SETTINGS)))).all()
    stored = {row.key: row.value for row in rows}
    return {key: stored.get(key, default) for key, default in SETTINGS.items()}


def load_matcher(session: Session, *, ratings: dict[str, float] | None = None) -> Matcher:
    values = settings_in(session)
    rules = list(session.exec(select(MatchingRule).order_by(col(MatchingRule.position), col(MatchingRule.id))))
    carriers = list(session.exec(select(Carrier)))
    contracts = {
        (c.carrier_code, c.zone): {
            "first_fen": c.first_fen,
            "first_g": c.first_g,
            "extra_fen_per_kg": c.extra_fen_per_kg,
        }
        for c in session.exec(select(ContractPrice))
    }
    weights = {
        name: max(0.0, float(values[f"matching.weight_{name}"] or 0)) for name in ("price", "speed", "rating", "stock")
    }
    from waybill_ui.services.ewaybill import (
        accounts as ewaybill_accounts,
    )  # the quota of carriers with an e-waybill account

    return Matcher(
        rules=rules,
        carriers=carriers,
        stock=stock_by_carrier(session),
        weights=weights,
        origin=origin_province(session),
        default_weight_g=int(values["matching.default_weight_g"] or 1000),
        ratings=ratings,
        contracts=contracts,
        quota=ewaybill_accounts.quota_in(session),
    )


def decide(db: Database, *, facts: OrderFacts, lang: str | None = "zh") -> Decision:
    with db.read() as session:
        return load_matcher(session).decide(facts, lang=lang)


def preview_address(
    db: Database,
    *,
    address: str,
    weight_g: int | None = None,
    amount_fen: int = 0,
    title: str = "",
    message: str = "",
    lang: str | None = "zh",
) -> tuple[Decision, OrderFacts]:
    """The preview tool: paste an address (and optionally weight, amount, title, message)."""
    from waybill_ui.services.orders.importing.address import split

    parts = split(address)
    facts = OrderFacts(
        province=parts.province, city=parts.city, weight_g=weight_g, amount_fen=amount_fen, title=title, message=message
    )
    with db.read() as session:
        matcher = load_matcher(session)
        decision = matcher.decide(facts, lang=lang)
        if facts.province and not decision.candidates:
            decision.candidates = matcher.ranked(facts.province, weight_g or matcher.default_weight_g)
    return decision, facts
