"""Paged lists: {"items": [...], "total": N, "page": P, "size": S}, page from 1, size <= 500."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

T = TypeVar("T")
MAX_SIZE = 500


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    size: int
    # long lists (orders, waybills): pass `cursor=next_cursor` for the next page (same cost at any
    # depth, unlike a large `page`); `total_estimated` when `total` is an estimate (over 1,000)
    next_cursor: str | None = None
    prev_cursor: str | None = None
    total_estimated: bool = False


class PageParams(BaseModel):
    page: int = 1
    size: int = 50

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


def page_params(
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1, size: Annotated[int, Query(ge=1, le=MAX_SIZE)] = 50
) -> PageParams:
    return PageParams(page=page, size=size)
