"""The one frame around every page: header with the sections, language switch, user menu.

Wide screens show the sections in the header; below Quasar's `md` breakpoint (1024 px) a menu
button opens them in a drawer, and the header keeps only what fits a 390 px phone."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import app, ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.accounts import sessions
from waybill_ui.services.accounts import users
from waybill_ui.texts import LANGUAGES
from waybill_ui.ui.i18n import lang, t, use_page_language
from waybill_ui.ui.search_box import search_box
from waybill_ui.ui.session import principal, session_id

# (text key, path, icon, marker)
NAV = [
    ("nav.dashboard", "/", "space_dashboard", "nav-dashboard"),
    ("nav.market", "/market", "storefront", "nav-market"),
    ("nav.pool", "/pool", "inventory_2", "nav-pool"),
    ("nav.orders", "/orders", "local_shipping", "nav-orders"),
    ("nav.packing", "/packing", "qr_code_scanner", "nav-packing"),
    ("nav.tracking", "/tracking", "route", "nav-tracking"),
    ("nav.alerts", "/alerts", "notifications", "nav-alerts"),
    ("reports.nav", "/reports", "insights", "nav-reports"),
    ("aftership.nav", "/aftership", "assignment_return", "nav-aftership"),
    ("nav.settings", "/settings", "settings", "nav-settings"),
]
PRIMARY = "#ff5000"


async def _switch_language(value: str) -> None:
    app.storage.user["lang"] = value
    current = principal()
    if current:
        await io_bound(users.set_language, runtime.get().db, user_id=current.id, language=value)
    ui.navigate.reload()


async def _logout() -> None:
    current, sid = principal(), session_id()
    if sid is not None:
        await io_bound(
            sessions.end, runtime.get().db, session_id=sid, reason="logout", actor=current.username if current else "?"
        )
    ui.navigate.to("/login")


@contextmanager
def frame(active: str) -> Iterator[ui.column]:
    """Wrap a page: `with frame('/pool'):` then build the page's content."""
    ui.colors(primary=PRIMARY)
    use_page_language()
    ui.query("body").classes("bg-gray-50")
    current = principal()
    with (
        ui.left_drawer(value=False, fixed=True)
        .props("overlay behavior=mobile bordered width=220")
        .classes("bg-white p-0")
        .mark("nav-drawer") as drawer
    ):
        with ui.list().classes("w-full"):
            for key, path, icon, marker in NAV:
                with (
                    ui.item(on_click=lambda path=path: ui.navigate.to(path))
                    .props(f"clickable {'active' if path == active else ''}")
                    .mark(f"drawer-{marker}")
                ):
                    with ui.item_section().props("avatar"):
                        ui.icon(icon, color="primary" if path == active else "grey-8")
                    with ui.item_section():
                        ui.label(t(key))
        ui.separator()
        ui.toggle(LANGUAGES, value=lang(), on_change=lambda e: _switch_language(e.value)).props(
            "dense no-caps unelevated toggle-color=primary size=sm"
        ).classes("m-3").mark("drawer-language")
    with (
        ui.header()
        .classes("items-center gap-1 px-2 md:px-4 py-1 bg-white text-gray-800 shadow-sm no-wrap")
        .mark("header")
    ):
        ui.button(icon="menu", on_click=drawer.toggle).props("flat dense round color=grey-8").classes("lt-md").mark(
            "nav-menu"
        )
        ui.label(t("app.title")).classes("text-lg font-bold mr-2 md:mr-4 whitespace-nowrap").style(
            f"color:{PRIMARY}"
        ).mark("app-title")
        with ui.row().classes("gt-sm items-center gap-1 no-wrap"):
            for key, path, icon, marker in NAV:
                selected = path == active
                button = (
                    ui.button(t(key), icon=icon)
                    .props(f"flat no-caps dense href={path} color={'primary' if selected else 'grey-8'}")
                    .classes("font-bold" if selected else "")
                    .mark(marker)
                )
                if path == "/alerts" and current:
                    from waybill_ui.ui.alert_badge import attach  # open-alert count, live

                    attach(button)
        ui.space()
        if current:
            search_box()
        ui.toggle(LANGUAGES, value=lang(), on_change=lambda e: _switch_language(e.value)).props(
            "dense no-caps unelevated toggle-color=primary size=sm"
        ).classes("gt-xs").mark("language-switch")
        if current:
            with ui.button(icon="account_circle").props("flat no-caps dense color=grey-8").mark("user-menu"):
                ui.label(current.username).classes("gt-xs ml-1")
                with ui.menu():
                    ui.menu_item(
                        t("frame.signed_in_as", username=current.username, role=t(f"role.{current.role}"))
                    ).props("disable")
                    ui.menu_item(t("frame.logout"), on_click=_logout).mark("logout")
    with ui.column().classes("w-full max-w-7xl mx-auto p-2 sm:p-4 gap-4") as content:
        yield content
