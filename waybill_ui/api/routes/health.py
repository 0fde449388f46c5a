from fastapi.responses import JSONResponse
from pydantic import BaseModel

from waybill_ui import runtime
from waybill_ui.services.system import health
from waybill_ui.api.router import api_router

router = api_router(tags=["health"], prefixed=False)


class HealthOut(BaseModel):
    status: str
    database: str
    scheduler: str
    reason: str | None = None


@router.get(
    "/healthz",
    response_model=HealthOut,
    response_model_exclude_none=True,
    responses={503: {"model": HealthOut, "description": "database or scheduler broken: `reason` says which"}},
)
def healthz():
    """For Docker and monitors; no login. 200 when the database answers a query on the app's
    tables at the expected schema and the scheduler runs (when jobs are on); else 503."""
    rt = runtime.get_or_none()
    scheduler = rt.scheduler if rt else None
    ok, body = health.report(
        rt.db if rt else None,
        scheduler_wanted=bool(rt and rt.settings.jobs_enabled),
        scheduler_running=bool(scheduler and scheduler.running),
    )
    return body if ok else JSONResponse(body, status_code=503)
