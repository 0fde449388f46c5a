"""Shops (店铺): each order belongs to one shop, and each shop sells on one marketplace."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from ._base import created_at_field, json_field


class Marketplace(StrEnum):
    taobao = "taobao"  # 淘宝 (the default shop of an upgraded copy)
    tmall = "tmall"  # 天猫: the same back office and exports as Taobao
    pdd = "pdd"  # 拼多多
    doudian = "doudian"  # 抖店 (抖音小店)
    jd = "jd"  # 京东
    kuaishou = "kuaishou"  # 快手小店
    wechat_channels = "wechat_channels"  # 微信视频号小店
    xiaohongshu = "xiaohongshu"  # 小红书
    other = "other"  # manual orders, an ERP, any other source


class Shop(SQLModel, table=True):
    __tablename__ = "shop"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=60)
    marketplace: str = Field(default=Marketplace.taobao, max_length=24)
    # a layout the seller mapped once in the import dialog: {"columns": {field: header}}
    column_mapping: dict = json_field(dict)
    active: bool = True
    created_at: datetime = created_at_field()
