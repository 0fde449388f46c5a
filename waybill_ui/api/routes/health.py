from fastapi import APIRouter

UNPREFIXED = True
router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict:
    """Liveness for Docker and monitors; no login."""
    return {"status": "ok"}
