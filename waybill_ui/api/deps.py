"""Dependencies shared by the API routes: who is calling, which database, which language."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from waybill_ui import runtime
from waybill_ui.db import Database
from waybill_ui.services.common.errors import Forbidden, Unauthorized
from waybill_ui.services.accounts.users import Principal


def get_db() -> Database:
    return runtime.get().db


def get_principal(request: Request) -> Principal:
    principal = getattr(request.state, "principal", None)
    if principal is None:
        raise Unauthorized("auth.required", code="unauthorized")
    return principal


def get_owner(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
    if not principal.is_owner:
        raise Forbidden("auth.forbidden")
    return principal


def language(request: Request) -> str:
    return "en" if request.headers.get("accept-language", "").lower().startswith("en") else "zh"


DB = Annotated[Database, Depends(get_db)]
CurrentUser = Annotated[Principal, Depends(get_principal)]
Owner = Annotated[Principal, Depends(get_owner)]
