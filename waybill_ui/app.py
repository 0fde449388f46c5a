"""Wiring: pages, JSON API, embedded network, login, and the startup/shutdown of shared objects."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
from nicegui import app, helpers, ui
from nicegui.storage import Storage

from waybill_ui import api, runtime, socket_guard
from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.config import Settings, load_settings
from waybill_ui.db import open_database
from waybill_ui.sandbox.server import PREFIX as SANDBOX_PREFIX
from waybill_ui.sandbox.server import Sandbox, SandboxConfig, build_router
from waybill_ui.security import AuthMiddleware
from waybill_ui.services.accounts import shared_secrets
from waybill_ui.services.accounts import users
from waybill_ui.ui.pages import register as register_pages

log = logging.getLogger("waybill_ui")
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def _sandbox_of_runtime() -> Sandbox | None:
    current = runtime.get_or_none()
    return current.sandbox if current else None


def create_app(settings: Settings) -> None:
    """Register everything on NiceGUI's FastAPI app. Builds no connections: that is startup's job."""
    # FastAPI wraps the app's lifespan once per include_router. NiceGUI's test fixtures register the
    # same global app again for every test, so start from the original lifespan each time instead
    # of nesting a little deeper on every run (which ends in a RecursionError).
    base = app.router.__dict__.setdefault("_waybill_base_lifespan", app.router.lifespan_context)
    app.router.lifespan_context = base
    app.add_middleware(AuthMiddleware)
    socket_guard.install()
    # Pages first: a request is matched against the routes in order, and the pages are most of
    # what the browser asks for. The API and the embedded network add their finished routes
    # rather than include_router (why: api/router.py).
    if STATIC_DIR.is_dir():
        app.add_static_files("/static", STATIC_DIR)
    register_pages()
    api.mount(app)
    app.router.routes.extend(build_router(_sandbox_of_runtime).routes)

    @app.on_page_exception
    def page_error(exception: Exception) -> None:
        from waybill_ui.ui.frame import PRIMARY
        from waybill_ui.ui.i18n import t

        ref = secrets.token_hex(4)
        log.error("page error %s: %r", ref, exception, exc_info=exception)
        ui.colors(primary=PRIMARY)
        with ui.card().classes("absolute-center w-[32rem] max-w-full").mark("error-page"):
            ui.label(t("error.page_title")).classes("text-xl font-bold")
            ui.label(t("error.page_body", ref=ref)).classes("text-gray-600")
            ui.button(t("error.back_home"), on_click=lambda: ui.navigate.to("/"))

    # How many lifespans of this app are open. A second one (NiceGUI's test helper `create_user`
    # opens one beside `user`'s) shares the runtime: starting another would replace the first
    # without stopping it, and leave its scheduler, database pool and bus bridge running.
    lifespans = 0

    def startup() -> None:
        # Synchronous on purpose: NiceGUI runs async startup handlers as background tasks, and
        # no request may arrive before the database and clients exist.
        nonlocal lifespans
        lifespans += 1
        if lifespans == 1:
            start_runtime(settings)
            socket_guard.start_sweep()

    async def shutdown() -> None:
        nonlocal lifespans
        lifespans -= 1
        if lifespans == 0:
            await stop_runtime()

    app.on_startup(startup)
    app.on_shutdown(shutdown)


def start_runtime(settings: Settings) -> runtime.Runtime:
    from waybill_ui.jobs.leader import claim_file

    db = open_database(settings.db_url)
    shared_secrets.adopt(db, settings.secrets)  # PostgreSQL: every process uses the first one's secrets
    rt = runtime.Runtime(settings=settings, db=db)
    rt.db_file_lock = claim_file(db)  # SQLite: says so when a second process opens the same file
    if db.is_postgres:  # page change notices from the other app processes on this database
        from waybill_ui.bus_bridge import PgBridge

        rt.bus_bridge = PgBridge(db.url, rt.bus).start()
    rt.sandbox = Sandbox(
        SandboxConfig(
            seed=settings.sandbox_seed,
            speed=settings.sandbox_speed,
            customer=settings.secrets.sandbox_customer,
            key=settings.secrets.sandbox_key,
            faults=settings.sandbox_faults,
        ),
        settings.data_dir / "sandbox.db",
    )
    transport = None
    if helpers.is_user_simulation():  # no socket in the simulated user tests: reach the app in-process
        transport = httpx.ASGITransport(app)
        sandbox_url = f"http://sandbox.test{SANDBOX_PREFIX}"
    else:
        port = os.environ.get("NICEGUI_PORT") or str(settings.port)
        sandbox_url = settings.sandbox_url or f"http://127.0.0.1:{port}{SANDBOX_PREFIX}"
    rt.http = ProviderHTTP(
        timeout_s=settings.http_timeout_s,
        max_connections=settings.http_max_connections,
        retries=settings.http_retries,
        transport=transport,
    )
    from waybill_ui.services.settings import (
        providers as provider_settings,
    )  # keys saved in the app override the environment

    rt.providers = provider_settings.build(db, settings, rt.http, sandbox_url)
    if users.count_users(db) == 0:
        rt.setup_token = secrets.token_urlsafe(24)
        link = f"{settings.base_url()}/setup?token={rt.setup_token}"
        print(f"\n  No account yet. Create the owner account here (one-time link):\n\n    {link}\n", flush=True)
        log.info("setup link printed on the console")
    runtime.install(rt)
    from waybill_ui.services.printing import queue as print_queue  # jobs cut off by a stop resume on 重试

    print_queue.recover(db)
    if settings.jobs_enabled:
        from waybill_ui.jobs import start_scheduler

        rt.scheduler = start_scheduler(rt)
    # Everything loaded so far lives as long as the app: keep it out of the garbage collector's
    # full passes, which otherwise stall the event loop for 100 ms and more.
    gc.freeze()
    return rt


async def stop_runtime() -> None:
    rt = runtime.get_or_none()
    if rt is None:
        return
    runtime.install(None)
    # Each part is stopped even when one before it fails: a stop that gave up half-way would leave
    # the bus bridge's threads asking a database that is gone, or the file lock held.
    for name, stop in _stoppers(rt):
        try:
            await stop()
        except Exception:
            log.exception("stopping %s failed", name)


def _stoppers(rt: runtime.Runtime) -> list[tuple[str, Callable[[], Awaitable[object]]]]:
    async def scheduler() -> None:
        from waybill_ui.jobs import stop_scheduler

        if rt.scheduler is not None:
            await stop_scheduler(rt.scheduler)

    async def http() -> None:
        if rt.http is not None:
            await rt.http.aclose()

    async def sandbox() -> None:
        if rt.sandbox is not None:
            rt.sandbox.close()

    async def file_lock() -> None:
        if rt.db_file_lock is not None:
            rt.db_file_lock.close()

    async def bus_bridge() -> None:
        if rt.bus_bridge is not None:
            await asyncio.to_thread(rt.bus_bridge.stop)

    async def database() -> None:
        rt.db.dispose()

    return [
        ("scheduler", scheduler),
        ("http", http),
        ("sandbox", sandbox),
        ("file lock", file_lock),
        ("bus bridge", bus_bridge),
        ("database", database),
    ]


def run(settings: Settings | None = None) -> None:
    """Start the app (also the entry point of main.py for NiceGUI's test fixtures)."""
    settings = settings or load_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("alembic", "httpx", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if not helpers.is_pytest():
        # NiceGUI keeps its per-user storage in the data dir (the test plugin picks its own temp dir).
        Storage.path = settings.storage_path.resolve()
        app.storage = Storage()
    create_app(settings)
    if settings.database_url and settings.database_url.startswith("postgresql"):
        # before NiceGUI takes its storage secret: the one every process on this database shares
        db = open_database(settings.db_url)
        shared_secrets.adopt(db, settings.secrets)
        db.dispose()
    ui.run(
        host=settings.host,
        port=settings.port,
        title="快递单号管家",
        language="zh-CN",
        reload=False,
        show=False,
        storage_secret=settings.secrets.storage_secret,
        fastapi_docs=True,
        favicon="📦",
        session_middleware_kwargs={"same_site": "lax", "https_only": False},
        uvicorn_logging_level="warning",
        show_welcome_message=False,
    )
