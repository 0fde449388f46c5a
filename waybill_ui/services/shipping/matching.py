"""智能匹配快递: which carrier ships an order, and why.

1. The seller's rules, in order (`matching_rule`): destination province/city, weight range, order
   amount range, item-title keyword, buyer-message keyword → carrier. The first rule that matches
   (and whose carrier serves the destination) wins.
2. Otherwise a score over the carriers serving the destination: zone price (from the cached
   catalogue in `carrier.prices`, or the shop's contract price), transit days, the shop's rating of
   the carrier when one is known, and numbers in stock — weighted as the seller sets them.

Every decision carries its explanation ("规则 3: 新疆/西藏 → EMS", "得分最高: 价格 4.50 元, 2 天, 库存 812").
A `Matcher` is built once per batch, so ten thousand decisions cost one read of rules and stock.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from waybill_ui.carriers import codes, geo
from waybill_ui.db.models import Carrier, MatchingRule
from waybill_ui.services.orders import carrier_requests
from waybill_ui.services.orders.carrier_requests import NONE as NO_REQUEST, CarrierRequest
from waybill_ui.texts import tr


@dataclass(frozen=True)
class OrderFacts:
    province: str
    city: str = ""
    weight_g: int | None = None
    amount_fen: int = 0
    title: str = ""
    message: str = ""  # 买家留言
    memo: str = ""  # 卖家备注: sellers note "客户要顺丰" there too


@dataclass
class Candidate:
    code: str
    price_fen: int
    days: int
    stock: int
    rating: float | None = None
    score: float = 0.0


@dataclass
class Decision:
    carrier: str | None
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    rule_id: int | None = None
    candidates: list[Candidate] = field(default_factory=list)
    request: CarrierRequest = NO_REQUEST
    why_not_requested: str = ""  # the requested carrier could not be used: inactive, not_served, no_stock

    def reason(self, lang: str | None = "zh") -> str:
        return tr(self.key, lang, **self.params)

    def warning(self, lang: str | None = "zh") -> str:
        """Loud text when the buyer's carrier request is not followed (empty when it is, or there is none)."""
        return carrier_requests.warning(self.request, self.carrier, lang, why=self.why_not_requested)


def parcel_price(prices: dict[str, Any], zone: str, weight_g: int) -> int | None:
    """First weight + each started extra kilogram (the catalogue's zone price)."""
    entry = prices.get(zone)
    if not entry:
        return None
    first_g = int(entry.get("first_g", 1000) or 1000)
    extra_kg = math.ceil(max(0, weight_g - first_g) / 1000)
    return int(entry.get("first_fen", 0)) + extra_kg * int(entry.get("extra_fen_per_kg", 0))


def describe_rule(rule: MatchingRule, lang: str | None = "zh") -> str:
    """What a rule says, for the explanation when the seller gave it no name."""
    if rule.name:
        return rule.name
    parts = []
    if rule.provinces:
        parts.append("/".join(_short(p) for p in rule.provinces))
    if rule.cities:
        parts.append("/".join(rule.cities))
    if rule.weight_min_g is not None or rule.weight_max_g is not None:
        parts.append(tr("match.cond.weight", lang, low=_kg(rule.weight_min_g, "0"), high=_kg(rule.weight_max_g, "∞")))
    if rule.amount_min_fen is not None or rule.amount_max_fen is not None:
        parts.append(
            tr("match.cond.amount", lang, low=_yuan(rule.amount_min_fen, "0"), high=_yuan(rule.amount_max_fen, "∞"))
        )
    if rule.title_keywords:
        parts.append(tr("match.cond.title", lang, words="/".join(rule.title_keywords)))
    if rule.message_keywords:
        parts.append(tr("match.cond.message", lang, words="/".join(rule.message_keywords)))
    return "，".join(parts) if parts else tr("match.cond.all", lang)


def _short(province: str) -> str:
    full = geo.normalize_province(province) or province
    return next((short for short, name in geo.SHORT.items() if name == full and len(short) >= 2), full)


def _kg(grams: int | None, empty: str) -> str:
    return empty if grams is None else f"{grams / 1000:g}kg"


def _yuan(fen: int | None, empty: str) -> str:
    return empty if fen is None else f"{fen / 100:g}元"


class Matcher:
    def __init__(
        self,
        *,
        rules: list[MatchingRule],
        carriers: list[Carrier],
        stock: dict[str, int],
        weights: dict[str, float],
        origin: str,
        default_weight_g: int,
        ratings: dict[str, float] | None = None,
        contracts: dict[tuple[str, str], dict[str, Any]] | None = None,
        quota: dict[str, int | None] | None = None,
    ):
        self.rules = [r for r in rules if r.enabled]
        # A carrier with an e-waybill account ships on its quota, not on pool numbers
        # (services/ewaybill/issue.py); an unknown quota (never checked) counts as available.
        self.ewaybill = dict(quota or {})
        stock = {**stock, **{c: max(0, q or 0) for c, q in self.ewaybill.items()}}
        self.positions = {r.id: n for n, r in enumerate(rules, start=1)}
        self.carriers = {c.code: c for c in carriers}
        self.stock = dict(stock)  # remaining, decremented by `decide(consume=True)`
        self.initial_stock = dict(stock)
        self.weights = weights
        self.origin = origin
        self.default_weight_g = default_weight_g
        self.ratings = ratings or {}
        self.contracts = contracts or {}
        self._ranked: dict[tuple[str, int], list[Candidate]] = {}

    # --- rules -----------------------------------------------------------------------------
    def _rule_matches(self, rule: MatchingRule, facts: OrderFacts, weight: int) -> bool:
        if rule.provinces and facts.province not in rule.provinces:
            return False
        if rule.cities and facts.city not in rule.cities and facts.city.removesuffix("市") not in rule.cities:
            return False
        if rule.weight_min_g is not None and weight < rule.weight_min_g:
            return False
        if rule.weight_max_g is not None and weight > rule.weight_max_g:
            return False
        if rule.amount_min_fen is not None and facts.amount_fen < rule.amount_min_fen:
            return False
        if rule.amount_max_fen is not None and facts.amount_fen > rule.amount_max_fen:
            return False
        if rule.title_keywords and not any(k in facts.title for k in rule.title_keywords):
            return False
        if rule.message_keywords and not any(k in facts.message for k in rule.message_keywords):
            return False
        carrier = self.carriers.get(rule.carrier_code)
        # a rule cannot send a parcel where its carrier does not deliver: the next rule decides
        return not (carrier and facts.province in carrier.provinces_excluded)

    def by_rule(
        self, facts: OrderFacts, lang: str | None = "zh", request: CarrierRequest = NO_REQUEST
    ) -> Decision | None:
        weight = facts.weight_g or self.default_weight_g
        for rule in self.rules:
            if rule.carrier_code in request.refused:
                continue  # the buyer said no to this carrier: the next rule decides
            if self._rule_matches(rule, facts, weight):
                return Decision(
                    rule.carrier_code,
                    "match.by_rule",
                    {
                        "n": self.positions[rule.id],
                        "rule": describe_rule(rule, lang),
                        "carrier": codes.name_of(rule.carrier_code),
                    },
                    rule_id=rule.id,
                )
        return None

    # --- scoring ---------------------------------------------------------------------------
    def _price(self, carrier: Carrier, province: str, zone: str, weight: int) -> int | None:
        contract = self.contracts.get((carrier.code, province)) or self.contracts.get((carrier.code, zone))
        if contract:
            return parcel_price({zone: contract}, zone, weight)
        return parcel_price(carrier.prices, zone, weight)

    def ranked(self, province: str, weight: int) -> list[Candidate]:
        """Carriers serving `province`, best score first (scores use the stock at the start)."""
        key = (province, weight)
        if key in self._ranked:
            return self._ranked[key]
        zone = geo.zone_between(self.origin, province)
        found: list[Candidate] = []
        for carrier in self.carriers.values():
            if not carrier.active or province in carrier.provinces_excluded:
                continue
            price = self._price(carrier, province, zone, weight)
            if price is None:
                continue
            days = int(carrier.transit_days.get(zone, carrier.transit_days.get("national", 9)) or 9)
            found.append(
                Candidate(
                    carrier.code, price, days, self.initial_stock.get(carrier.code, 0), self.ratings.get(carrier.code)
                )
            )
        self._score(found)
        found.sort(key=lambda c: (-c.score, c.price_fen, c.code))
        self._ranked[key] = found
        return found

    def _score(self, found: list[Candidate]) -> None:
        if not found:
            return

        def spread(values: Sequence[float], value: float, *, low_is_good: bool) -> float:
            top, bottom = max(values), min(values)
            if top == bottom:
                return 1.0
            share = (value - bottom) / (top - bottom)
            return 1.0 - share if low_is_good else share

        prices = [c.price_fen for c in found]
        days = [c.days for c in found]
        stocks = [c.stock for c in found]
        rated = [c.rating for c in found if c.rating is not None]
        w = self.weights
        for c in found:
            parts = [
                (w["price"], spread(prices, c.price_fen, low_is_good=True)),
                (w["speed"], spread(days, c.days, low_is_good=True)),
                (w["stock"], c.stock / max(stocks) if max(stocks) else 0.0),
            ]
            if rated:  # the rating counts only when the shop has ratings; unrated carriers get the middle
                parts.append((w["rating"], spread(rated, c.rating, low_is_good=False) if c.rating is not None else 0.5))
            total = sum(weight for weight, _ in parts) or 1.0
            c.score = round(sum(weight * value for weight, value in parts) / total * 100, 1)

    def by_score(self, facts: OrderFacts, *, consume: bool = False, request: CarrierRequest = NO_REQUEST) -> Decision:
        if not facts.province:
            return Decision(None, "match.no_province")
        ranked = self.ranked(facts.province, facts.weight_g or self.default_weight_g)
        if not ranked:
            return Decision(None, "match.none", {"province": facts.province})
        acceptable = [c for c in ranked if c.code not in request.refused] or ranked
        in_stock = [c for c in acceptable if self.has_numbers(c.code)]
        best = (in_stock or acceptable)[0]
        params = {
            "price": f"{best.price_fen / 100:.2f}",
            "days": best.days,
            "stock": self.initial_stock.get(best.code, 0),
            "carrier": codes.name_of(best.code),
        }
        key = "match.by_score"
        if best.rating is not None:
            key, params["rating"] = "match.by_score_rated", f"{best.rating:.1f}"
        return Decision(best.code, key, params, candidates=ranked)

    # --- the buyer's own request ------------------------------------------------------------
    def usable(self, code: str, province: str) -> str:
        """Why `code` cannot take this parcel now ("" when it can): inactive, not_served or no_stock."""
        carrier = self.carriers.get(code)
        if carrier is None or not carrier.active:
            return "inactive"
        if province and province in carrier.provinces_excluded:
            return "not_served"
        if not self.has_numbers(code):
            return "no_stock"
        return ""

    def has_numbers(self, code: str) -> bool:
        """Pool numbers left, or e-waybill quota left (or not known yet) for an account's carrier."""
        if code in self.ewaybill and self.ewaybill[code] is None:
            return True
        return self.stock.get(code, 0) > 0

    def by_request(self, facts: OrderFacts, request: CarrierRequest) -> tuple[Decision | None, str]:
        """The first wanted carrier that can take the parcel; else why the first one cannot."""
        first_problem = ""
        for code in request.wanted:
            problem = self.usable(code, facts.province)
            if not problem:
                return Decision(
                    code, "match.by_request", {"carrier": codes.name_of(code), "text": request.text}, request=request
                ), ""
            first_problem = first_problem or problem
        return None, first_problem

    def decide(self, facts: OrderFacts, *, consume: bool = False, lang: str | None = "zh") -> Decision:
        request = carrier_requests.parse(facts.message, facts.memo)
        decision, problem = self.by_request(facts, request) if request.wanted else (None, "")
        if decision is None:
            decision = self.by_rule(facts, lang, request) or self.by_score(facts, request=request)
            decision.request, decision.why_not_requested = request, problem
        if consume and decision.carrier and self.stock.get(decision.carrier, 0) > 0:
            self.stock[decision.carrier] -= 1
        return decision
