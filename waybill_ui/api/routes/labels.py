"""Labels (面单) as PDF. Staff may print. Async routes: the routing-code lookup is provider I/O on
the shared client; drawing the PDF runs in a worker thread so the event loop stays free. The PDF
is written page by page to a file and sent from it in chunks, then removed (10,000 labels never
sit in memory: docs/printing.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fastapi import Query
from fastapi.responses import FileResponse, Response, StreamingResponse
from pydantic import BaseModel, Field, StrictBool, StrictInt

from typing import Any
from waybill_ui import runtime
from waybill_ui.api.deps import DB, CurrentUser
from waybill_ui.clock import fmt_local, utcnow
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.printing import print_labels as label_printing
from waybill_ui.services.printing import labels
from waybill_ui.services.accounts.users import Principal
from waybill_ui.api.router import api_router

router = api_router(tags=["labels"])
SEND_CHUNK = 1 << 18


class ErrorOut(BaseModel):
    """The shape of every error answer (api/errors.py)."""

    detail: str
    code: str


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "unknown shipment ids (listed in detail)"},
    409: {"model": ErrorOut, "description": "cancelled shipments (their numbers are voided)"},
    422: {"model": ErrorOut, "description": "bad ids, unknown size, none or too many (code too_many_labels)"},
}
PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "one page per shipment"},
    **ERRORS,
}


class LabelsRequest(BaseModel):
    shipment_ids: list[StrictInt] = Field(description="page order; at most 5000")
    size: str | None = Field(None, description="76x130 (default) or 100x180")
    mask_phone: StrictBool | None = Field(
        None, description="hide the recipient phone's middle digits; shop setting if left out"
    )
    download: StrictBool = False


class Unprinted(BaseModel):
    ids: list[int]
    total: int


def _sent_then_removed(path: Path) -> Iterator[bytes]:
    """The file in chunks (Starlette reads a plain iterator in a worker thread), then removed;
    one the client never fetched to the end is swept with the old files."""
    try:
        with open(path, "rb") as pdf:
            while chunk := pdf.read(SEND_CHUNK):
                yield chunk
    finally:
        path.unlink(missing_ok=True)


def _filename() -> str:
    return f"labels-{fmt_local(utcnow(), '%Y%m%d-%H%M%S')}.pdf"


async def _print(
    db, user: Principal, shipment_ids, size: str | None, mask_phone: bool | None, download: bool
) -> Response:
    current = runtime.get()
    made = await label_printing.make_labels(
        db,
        market=current.providers.market if current.providers else None,
        provider_for=ewaybill.runtime_provider_for(current),
        shipment_ids=shipment_ids,
        actor=user.username,
        size=size,
        mask_phone=mask_phone,
        folder=labels.files_folder(current.settings.data_dir),
    )
    result = made.result
    disposition = "attachment" if download else "inline"
    # Streamed from the file, not FileResponse: that one offers byte ranges, and a PDF viewer that
    # asked this URL for a range would print (and count) the labels again.
    return StreamingResponse(
        _sent_then_removed(result.path),
        media_type="application/pdf",
        headers={
            "Content-Length": str(result.path.stat().st_size),
            "Content-Disposition": f'{disposition}; filename="{_filename()}"',
            "X-Label-Count": str(result.count),
            "X-Label-Reprints": str(result.reprints),
            "Cache-Control": "no-store",
        },
    )


@router.get("/labels.pdf", response_class=Response, responses=PDF)
async def labels_pdf(
    db: DB,
    user: CurrentUser,
    shipment_ids: str = Query(description="comma-separated shipment ids, page order"),
    size: str | None = Query(None, description="76x130 (default) or 100x180"),
    mask_phone: bool | None = None,
    download: bool = False,
) -> Response:
    """The labels of these shipments, one page each; every page counts as a print (补打 after the first)."""
    return await _print(db, user, shipment_ids, size, mask_phone, download)


@router.post("/labels.pdf", response_class=Response, responses=PDF)
async def labels_pdf_post(body: LabelsRequest, db: DB, user: CurrentUser) -> Response:
    """Same as GET, for id lists too long for a URL."""
    return await _print(db, user, body.shipment_ids, body.size, body.mask_phone, body.download)


@router.get("/labels/unprinted", response_model=Unprinted, responses={422: ERRORS[422]})
def unprinted(
    db: DB, user: CurrentUser, limit: int = Query(500, ge=1, le=labels.MAX_LABELS), carrier: str | None = None
) -> Unprinted:
    """Live shipments whose label was never printed, oldest first."""
    return Unprinted(ids=labels.unprinted_ids(db, limit=limit, carrier=carrier), total=labels.count_unprinted(db))


@router.get(
    "/labels/files/{token}.pdf",
    response_class=FileResponse,
    responses={200: PDF[200], 404: {"model": ErrorOut, "description": "expired or unknown file"}, 422: ERRORS[422]},
)
def label_file(token: str, user: CurrentUser, download: bool = False) -> FileResponse:
    """A PDF made by the print dialog of the pages (kept a few hours for the browser tab)."""
    path = labels.file_path(labels.files_folder(runtime.get().settings.data_dir), token)
    return FileResponse(
        path,
        media_type="application/pdf",
        filename=_filename(),
        content_disposition_type="attachment" if download else "inline",
        headers={"Cache-Control": "private, max-age=3600"},
    )
