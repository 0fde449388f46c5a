"""智能匹配快递: the seller's ordered rules (owner edits, staff read) and the preview tool —
paste an address, see which carrier would be chosen and why."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.carriers import codes, geo
from waybill_ui.db.models import MatchingRule
from waybill_ui.services.shipping import matching
from waybill_ui.services.shipping import rules as matching_rules
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import fen, lang, t
from waybill_ui.ui.session import signed_in


def _grams(kg: float | None) -> int | None:
    return None if kg in (None, "") else int(round(float(kg) * 1000))


def _fen(yuan: float | None) -> int | None:
    return None if yuan in (None, "") else int(round(float(yuan) * 100))


@ui.page("/orders/rules", title="智能匹配规则 · 快递单号管家")
async def rules_page() -> None:
    db = runtime.get().db
    me = signed_in()
    with frame("/orders"):
        with ui.row().classes("w-full items-center"):
            ui.button(icon="arrow_back", on_click=lambda: ui.navigate.to("/orders")).props("flat round dense")
            ui.label(t("rules.title")).classes("text-2xl font-bold")
            ui.space()
            if me.is_owner:
                ui.button(t("rules.add"), icon="add", on_click=lambda: edit(None)).mark("rule-add")
        ui.label(t("rules.intro")).classes("text-gray-600")
        if not me.is_owner:
            ui.label(t("common.owner_only")).classes("text-sm text-gray-500").mark("rules-read-only")
        rule_list = ui.column().classes("w-full gap-1").mark("rule-list")
        preview_card = ui.card().classes("w-full").mark("match-preview")

    async def show_rules() -> None:
        rules = await io_bound(matching_rules.list_rules, db)
        rule_list.clear()
        with rule_list:
            if not rules:
                ui.label(t("rules.none")).classes("text-gray-500").mark("rules-empty")
            for n, rule in enumerate(rules, start=1):
                with ui.row().classes("w-full items-center gap-3 bg-white rounded p-2").mark(f"rule-{n}"):
                    ui.label(f"{n}").classes("font-bold w-6")
                    ui.label(matching.describe_rule(rule, lang())).classes("grow")
                    ui.label(f"→ {codes.name_of(rule.carrier_code)}").classes("font-bold w-28")
                    if not rule.enabled:
                        ui.badge(t("rules.disabled"), color="grey")
                    if me.is_owner:
                        ui.button(icon="arrow_upward", on_click=lambda r=rule: move(r.id, -1)).props(
                            "flat dense round"
                        ).mark(f"rule-up-{n}")
                        ui.button(icon="arrow_downward", on_click=lambda r=rule: move(r.id, 1)).props(
                            "flat dense round"
                        ).mark(f"rule-down-{n}")
                        ui.button(icon="edit", on_click=lambda r=rule: edit(r)).props("flat dense round").mark(
                            f"rule-edit-{n}"
                        )
                        ui.button(icon="delete", on_click=lambda r=rule: remove(r.id)).props(
                            "flat dense round color=negative"
                        ).mark(f"rule-delete-{n}")

    async def act(fn, **kwargs) -> bool:
        try:
            await io_bound(fn, db, actor=me, **kwargs)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return False
        await show_rules()
        return True

    async def move(rule_id: int, delta: int) -> None:
        await act(matching_rules.move_rule, rule_id=rule_id, delta=delta)

    async def remove(rule_id: int) -> None:
        if await act(matching_rules.delete_rule, rule_id=rule_id):
            ui.notify(t("rules.deleted"))

    def edit(rule: MatchingRule | None) -> None:
        with ui.dialog() as dialog, ui.card().classes("w-[36rem] max-w-full").mark("rule-editor"):
            ui.label(t("rules.edit") if rule else t("rules.add")).classes("text-lg font-bold")
            name = (
                ui.input(t("rules.name"), value=rule.name if rule else "")
                .props("outlined dense")
                .classes("w-full")
                .mark("rule-name")
            )
            carrier = (
                ui.select(
                    {c: v.name for c, v in codes.CARRIERS.items()},
                    label=t("rules.carrier"),
                    value=rule.carrier_code if rule else None,
                )
                .props("outlined dense")
                .classes("w-full")
                .mark("rule-carrier")
            )
            provinces = (
                ui.select(
                    geo.PROVINCES, multiple=True, label=t("rules.provinces"), value=list(rule.provinces) if rule else []
                )
                .props("outlined dense use-chips")
                .classes("w-full")
                .mark("rule-provinces")
            )
            cities = (
                ui.input(
                    t("rules.cities"), value="，".join(rule.cities) if rule else "", placeholder=t("rules.words_hint")
                )
                .props("outlined dense")
                .classes("w-full")
                .mark("rule-cities")
            )
            with ui.row().classes("w-full no-wrap"):
                w_min = (
                    ui.number(
                        t("rules.weight_min"),
                        value=None if not rule or rule.weight_min_g is None else rule.weight_min_g / 1000,
                        min=0,
                        step=0.1,
                    )
                    .props("outlined dense")
                    .mark("rule-wmin")
                )
                w_max = (
                    ui.number(
                        t("rules.weight_max"),
                        value=None if not rule or rule.weight_max_g is None else rule.weight_max_g / 1000,
                        min=0,
                        step=0.1,
                    )
                    .props("outlined dense")
                    .mark("rule-wmax")
                )
            with ui.row().classes("w-full no-wrap"):
                a_min = (
                    ui.number(
                        t("rules.amount_min"),
                        value=None if not rule or rule.amount_min_fen is None else rule.amount_min_fen / 100,
                        min=0,
                    )
                    .props("outlined dense")
                    .mark("rule-amin")
                )
                a_max = (
                    ui.number(
                        t("rules.amount_max"),
                        value=None if not rule or rule.amount_max_fen is None else rule.amount_max_fen / 100,
                        min=0,
                    )
                    .props("outlined dense")
                    .mark("rule-amax")
                )
            titles = (
                ui.input(
                    t("rules.title_words"),
                    value="，".join(rule.title_keywords) if rule else "",
                    placeholder=t("rules.words_hint"),
                )
                .props("outlined dense")
                .classes("w-full")
                .mark("rule-titles")
            )
            messages = (
                ui.input(
                    t("rules.message_words"),
                    value="，".join(rule.message_keywords) if rule else "",
                    placeholder=t("rules.words_hint"),
                )
                .props("outlined dense")
                .classes("w-full")
                .mark("rule-messages")
            )
            enabled = ui.switch(t("rules.enabled"), value=rule.enabled if rule else True).mark("rule-enabled")

            async def save() -> None:
                data = matching_rules.RuleInput(
                    carrier_code=carrier.value or "",
                    name=name.value or "",
                    enabled=enabled.value,
                    provinces=provinces.value or [],
                    cities=matching_rules.words(cities.value),
                    weight_min_g=_grams(w_min.value),
                    weight_max_g=_grams(w_max.value),
                    amount_min_fen=_fen(a_min.value),
                    amount_max_fen=_fen(a_max.value),
                    title_keywords=matching_rules.words(titles.value),
                    message_keywords=matching_rules.words(messages.value),
                )
                if await act(matching_rules.save_rule, data=data, rule_id=rule.id if rule else None):
                    ui.notify(t("common.saved"), type="positive")
                    dialog.close()

            with ui.row().classes("w-full justify-end"):
                ui.button(t("common.cancel"), on_click=dialog.close).props("flat")
                ui.button(t("common.save"), on_click=save).mark("rule-save")
        dialog.open()

    with preview_card:
        ui.label(t("rules.preview")).classes("text-lg font-bold")
        ui.label(t("rules.preview_intro")).classes("text-sm text-gray-600")
        address = (
            ui.textarea(t("rules.preview_address"), placeholder="新疆维吾尔自治区 乌鲁木齐市 天山区 解放南路339号")
            .props("outlined dense autogrow")
            .classes("w-full")
            .mark("preview-address")
        )
        with ui.row().classes("w-full"):
            weight = (
                ui.number(t("rules.preview_weight"), min=0, step=100).props("outlined dense").mark("preview-weight")
            )
            amount = ui.number(t("rules.preview_amount"), min=0).props("outlined dense").mark("preview-amount")
            title = ui.input(t("rules.preview_title")).props("outlined dense").mark("preview-title")
            message = ui.input(t("rules.preview_message")).props("outlined dense").mark("preview-message")
            ui.button(t("rules.preview_go"), icon="bolt", on_click=lambda: try_it()).mark("preview-go")
        answer = ui.label().classes("text-lg font-bold").mark("preview-answer")
        where = ui.label().classes("text-sm text-gray-600").mark("preview-where")
        columns = [
            {"name": k, "label": t(f"rules.col.{k}"), "field": k, "align": "left"}
            for k in ("carrier", "price", "days", "stock", "rating", "score")
        ]
        candidates = (
            ui.table(columns=columns, rows=[], row_key="carrier")
            .props("dense flat")
            .classes("w-full")
            .mark("preview-candidates")
        )
        candidates.props["no-data-label"] = t("rules.preview_empty")

        async def try_it() -> None:
            decision, facts = await io_bound(
                matching.preview_address,
                db,
                address=address.value or "",
                weight_g=int(weight.value) if weight.value else None,
                amount_fen=_fen(amount.value) or 0,
                title=title.value or "",
                message=message.value or "",
                lang=lang(),
            )
            chosen = codes.name_of(decision.carrier) if decision.carrier else "—"
            answer.set_text(f"{chosen}：{decision.reason(lang())}")
            where.set_text(t("rules.preview_where", province=facts.province or "?", city=facts.city or "?"))
            candidates.rows = [
                {
                    "carrier": codes.name_of(c.code),
                    "price": fen(c.price_fen),
                    "days": c.days,
                    "stock": c.stock,
                    "rating": "—" if c.rating is None else f"{c.rating:.1f}",
                    "score": c.score,
                }
                for c in decision.candidates
            ]
            candidates.update()

    await show_rules()
