from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from waybill_ui.api.deps import DB
from waybill_ui.services import users

router = APIRouter(tags=["auth"])


class TokenRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class TokenResponse(BaseModel):
    token: str
    token_type: str = "bearer"


@router.post("/auth/token", response_model=TokenResponse)
def create_token(body: TokenRequest, db: DB, request: Request) -> TokenResponse:
    """Exchange a username and password for an API token (use it as `Authorization: Bearer …`).
    Wrong password → 401; locked account → 429."""
    principal = users.authenticate(db, username=body.username, password=body.password)
    client = request.client.host if request.client else "?"
    token = users.create_api_token(db, user_id=principal.id, name=f"api login from {client}", actor=principal.username)
    return TokenResponse(token=token)
