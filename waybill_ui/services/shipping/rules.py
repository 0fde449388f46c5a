"""The seller's carrier rules (智能匹配快递 → 规则): add, change, reorder, delete — owner only,
each change audited. The rules themselves are applied in services/shipping/matching.py."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import select, col
from typing import Any

from waybill_ui.carriers import codes, geo
from waybill_ui.db import Database
from waybill_ui.db.models import MatchingRule
from waybill_ui.services.accounts import audit
from waybill_ui.services.accounts import users
from waybill_ui.services.common.errors import Invalid, NotFound
from waybill_ui.services.shipping.single import ensure_carrier
from waybill_ui.services.accounts.users import Principal


@dataclass
class RuleInput:
    carrier_code: str
    name: str = ""
    enabled: bool = True
    provinces: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    weight_min_g: int | None = None
    weight_max_g: int | None = None
    amount_min_fen: int | None = None
    amount_max_fen: int | None = None
    title_keywords: list[str] = field(default_factory=list)
    message_keywords: list[str] = field(default_factory=list)


def words(raw: str | list[str] | None) -> list[str]:
    """ "顺丰, 加急；SF" → ["顺丰", "加急", "SF"] (the editor's comma-separated fields)."""
    if raw is None:
        return []
    if isinstance(raw, list):
        parts = raw
    else:
        parts = raw.replace("，", ",").replace("；", ",").replace(";", ",").replace("、", ",").split(",")
    return list(dict.fromkeys(p.strip() for p in parts if p and p.strip()))


def _clean(data: RuleInput) -> dict[str, Any]:
    code = codes.resolve(data.carrier_code)
    if not code:
        raise Invalid("match.rule_needs_carrier")
    provinces = []
    for value in words(data.provinces):
        full = geo.normalize_province(value)
        if full is None:
            raise Invalid("match.bad_province", value=value)
        provinces.append(full)
    for low, high, what in (
        (data.weight_min_g, data.weight_max_g, "weight"),
        (data.amount_min_fen, data.amount_max_fen, "amount"),
    ):
        if low is not None and high is not None and low > high:
            raise Invalid("match.rule_bad_range", what={"weight": "重量", "amount": "金额"}[what])
    return {
        "carrier_code": code,
        "name": data.name.strip()[:80],
        "enabled": bool(data.enabled),
        "provinces": list(dict.fromkeys(provinces)),
        "cities": words(data.cities),
        "weight_min_g": data.weight_min_g,
        "weight_max_g": data.weight_max_g,
        "amount_min_fen": data.amount_min_fen,
        "amount_max_fen": data.amount_max_fen,
        "title_keywords": words(data.title_keywords),
        "message_keywords": words(data.message_keywords),
    }


def list_rules(db: Database) -> list[MatchingRule]:
    with db.read() as session:
        return list(session.exec(select(MatchingRule).order_by(col(MatchingRule.position), col(MatchingRule.id))))


def save_rule(db: Database, *, actor: Principal, data: RuleInput, rule_id: int | None = None) -> MatchingRule:
    users.require_owner(actor)
    values = _clean(data)
    with db.write() as session:
        if rule_id is None:
            last = session.exec(select(MatchingRule).order_by(col(MatchingRule.position).desc())).first()
            rule = MatchingRule(position=(last.position + 1) if last else 1, **values)
            before = None
        else:
            found = session.get(MatchingRule, rule_id)
            if found is None:
                raise NotFound("match.rule_not_found")
            rule = found
            before = {k: getattr(rule, k) for k in values}
            for key, value in values.items():
                setattr(rule, key, value)
        ensure_carrier(session, values["carrier_code"])
        session.add(rule)
        session.flush()
        audit.record(
            session,
            actor=actor.username,
            entity="matching_rule",
            entity_id=rule.id,
            action="create" if before is None else "update",
            details={"from": before, "to": values},
        )
        return rule


def delete_rule(db: Database, *, actor: Principal, rule_id: int) -> None:
    users.require_owner(actor)
    with db.write() as session:
        rule = session.get(MatchingRule, rule_id)
        if rule is None:
            raise NotFound("match.rule_not_found")
        audit.record(
            session,
            actor=actor.username,
            entity="matching_rule",
            entity_id=rule.id,
            action="delete",
            details={"carrier_code": rule.carrier_code, "name": rule.name},
        )
        session.delete(rule)


def move_rule(db: Database, *, actor: Principal, rule_id: int, delta: int) -> None:
    """Up (-1) or down (+1) in the order; positions are renumbered 1..n."""
    users.require_owner(actor)
    with db.write() as session:
        rules = list(session.exec(select(MatchingRule).order_by(col(MatchingRule.position), col(MatchingRule.id))))
        index = next((i for i, r in enumerate(rules) if r.id == rule_id), None)
        if index is None:
            raise NotFound("match.rule_not_found")
        target = max(0, min(len(rules) - 1, index + delta))
        rules.insert(target, rules.pop(index))
        for position, rule in enumerate(rules, start=1):
            if rule.position != position:
                rule.position = position
                session.add(rule)
        audit.record(
            session,
            actor=actor.username,
            entity="matching_rule",
            entity_id=rule_id,
            action="move",
            details={"from": index + 1, "to": target + 1},
        )
