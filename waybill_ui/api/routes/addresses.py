"""Address smart paste and filling 待补地址 orders over JSON (docs/api.md:
`POST /api/v1/addresses/parse`). Parsing is offline against the bundled divisions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import File, Request, UploadFile
from pydantic import BaseModel, Field, model_validator

from waybill_ui import runtime
from waybill_ui.api.deps import DB, CurrentUser, language
from waybill_ui.clock import utcnow
from waybill_ui.services.common import uploads
from waybill_ui.services.orders.addresses import bulk, fill
from waybill_ui.services.orders.addresses.paste import parse_block
from waybill_ui.services.orders.importing import check_size
from waybill_ui.texts import tr
from waybill_ui.api.router import api_router

router = api_router(tags=["addresses"])
MAX_TEXTS = 5000


class ParseIn(BaseModel):
    text: str | None = Field(None, max_length=2000)
    texts: list[str] | None = Field(None, max_length=MAX_TEXTS)

    @model_validator(mode="after")
    def one_of(self):
        if (self.text is None) == (self.texts is None):
            raise ValueError("send either text or texts")
        return self


class ParsedOut(BaseModel):
    name: str
    phone: str
    extension: str
    landline: str
    province: str
    city: str
    district: str
    detail: str
    postcode: str
    confidence: float
    ambiguous: str  # the part that names several places (鼓楼区); "" when the address is clear
    candidates: list[str]
    notes: list[str]  # old names rewritten to today's divisions
    masked: list[str]  # name / phone / detail when the text holds starred (masked) data


@router.post("/addresses/parse", response_model=ParsedOut | list[ParsedOut])
def parse(body: ParseIn, user: CurrentUser):
    """One pasted block (`text`) → its fields; a column (`texts`) → a list in the same order."""
    if body.text is not None:
        return ParsedOut(**parse_block(body.text).as_dict())
    return [ParsedOut(**parse_block(t).as_dict()) for t in body.texts or []]


class AddressIn(BaseModel):
    name: str = Field(max_length=80)
    phone: str = Field("", max_length=20)
    extension: str = Field("", max_length=10)
    landline: str = Field("", max_length=24)
    province: str = Field(max_length=32)
    city: str = Field(max_length=32)
    district: str = Field("", max_length=32)
    detail: str = Field(max_length=300)


class FilledOut(BaseModel):
    order_no: str
    receiver_name: str
    phone: str
    extension: str  # a privacy number's extension, stored apart (as /addresses/parse gives it)
    province: str
    city: str
    district: str
    address: str


@router.put("/orders/{order_no}/address", response_model=FilledOut)
def put_address(order_no: str, body: AddressIn, db: DB, user: CurrentUser, shop_id: int | None = None) -> FilledOut:
    """Fill in (or correct) a waiting order's receiver; 422 names the bad field, 409 once shipped."""
    order = fill.fill_order(
        db,
        order_no=order_no,
        data=fill.AddressInput(**body.model_dump()),
        actor=f"api:{user.username}",
        now=utcnow(),
        shop_id=shop_id,
    )
    return FilledOut(
        order_no=order.order_no,
        receiver_name=order.receiver_name,
        phone=order.phone,
        extension=order.phone_ext,
        province=order.province,
        city=order.city,
        district=order.district,
        address=order.address,
    )


class FillFileOut(BaseModel):
    filled: int
    problems: list[dict[str, Any]]


@router.post("/orders/addresses/import", response_model=FillFileOut)
def import_addresses(db: DB, user: CurrentUser, request: Request, file: Annotated[UploadFile, File()]) -> FillFileOut:
    """A second file (CSV/XLSX with 订单编号 and 收货地址 or 省/市/区/详细地址) fills waiting orders."""
    settings = runtime.get().settings
    check_size(int(request.headers.get("content-length") or 0) - 1024, settings.upload_limit_mb)
    path = uploads.save_stream(
        file.file, folder=settings.uploads_dir, filename=file.filename or "", limit_mb=settings.upload_limit_mb
    )
    try:
        report = bulk.fill_from_file(
            db, data=path, filename=file.filename or "", actor=f"api:{user.username}", now=utcnow()
        )
    finally:
        uploads.remove(path)
    lang = language(request)
    return FillFileOut(
        filled=report.filled,
        problems=[
            {"row": row, "order_no": no, "code": key.rsplit(".", 1)[-1], "message": tr(key, lang, order_no=no)}
            for row, no, key in report.problems
        ],
    )
