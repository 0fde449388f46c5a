from fastapi import Request
from pydantic import BaseModel, Field

from waybill_ui import runtime
from waybill_ui.api.deps import DB
from waybill_ui.services.accounts import api_tokens, users
from waybill_ui.api.router import api_router

router = api_router(tags=["auth"])


class TokenRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class TokenResponse(BaseModel):
    token: str
    token_type: str = "bearer"


@router.post("/auth/token", response_model=TokenResponse)
def create_token(body: TokenRequest, db: DB, request: Request) -> TokenResponse:
    """Exchange a username and password for an API token (use it as `Authorization: Bearer …`).
    Wrong username or password → 401 (the same answer for both); too many wrong tries from this
    address for this username → 429 with the seconds to wait. The token expires after
    WAYBILL_API_TOKEN_DAYS days."""
    client = request.client.host if request.client else "?"
    principal = users.authenticate(db, username=body.username, password=body.password, address=client)
    token = api_tokens.create_api_token(
        db,
        user_id=principal.id,
        name=f"api login from {client}",
        actor=principal.username,
        valid_days=runtime.get().settings.api_token_days,
    )
    return TokenResponse(token=token)
