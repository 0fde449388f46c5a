"""Issue 13 item 11: /healthz tells the truth: 503 with the reason when the database has no
tables (or the wrong schema) or the scheduler is not running; 200 otherwise."""

import httpx
from nicegui.testing import User
from sqlalchemy import text

from waybill_ui import runtime


async def test_healthy_app_answers_ok(user: User):
    response = await user.http_client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "scheduler": "off"}  # jobs are off in tests


async def test_missing_tables_answer_503_with_the_reason(user: User):
    client: httpx.AsyncClient = user.http_client
    db = runtime.get().db
    with db.write() as session:
        if db.is_sqlite:
            session.execute(text("PRAGMA foreign_keys=OFF"))
        cascade = " CASCADE" if db.is_postgres else ""
        session.execute(text(f"DROP TABLE api_token{cascade}"))
        session.execute(text(f"DROP TABLE user_session{cascade}"))
        session.execute(text(f'DROP TABLE "user"{cascade}'))
    response = await client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error" and body["database"] == "error" and "user" in body["reason"]


async def test_wrong_schema_answers_503(user: User):
    with runtime.get().db.write() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '0001_initial'"))
    response = await user.http_client.get("/healthz")
    assert response.status_code == 503 and "schema" in response.json()["reason"]


async def test_a_stopped_scheduler_answers_503(user: User):
    rt = runtime.get()

    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    rt.settings.jobs_enabled = True
    rt.scheduler = AsyncIOScheduler()  # a real scheduler that was never started (or died)
    try:
        response = await user.http_client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["scheduler"] == "error" and "scheduler" in response.json()["reason"]
    finally:
        rt.scheduler = None
        rt.settings.jobs_enabled = False
