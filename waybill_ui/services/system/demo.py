"""Demo data: a few hundred realistic orders across provinces and a starting balance, all marked
as demo so the seller can tell them apart (and remove them) later."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select
from sqlmodel import col, Session
from typing import Any

from waybill_ui.events import OrdersChanged, PoolChanged, emit
from waybill_ui.db import Database
from waybill_ui.db.models import LedgerEntry, LedgerKind, Order, OrderItem, OrderStatus, Shipment
from waybill_ui.db.rows import changed_rows
from waybill_ui.clock import utcnow
from waybill_ui.services.accounts import audit
from waybill_ui.services.system import demo_history
from waybill_ui.services.system.demo_history import EnterNetwork

# (province, city, district, street)
PLACES = [
    ("浙江省", "杭州市", "西湖区", "文三路90号东部软件园"),
    ("浙江省", "宁波市", "鄞州区", "天童南路588号"),
    ("浙江省", "温州市", "鹿城区", "车站大道577号"),
    ("江苏省", "南京市", "玄武区", "中山路18号德基广场"),
    ("江苏省", "苏州市", "工业园区", "星湖街328号"),
    ("上海市", "上海市", "徐汇区", "虹漕路68号"),
    ("上海市", "上海市", "浦东新区", "张江路665号"),
    ("北京市", "北京市", "朝阳区", "望京街道阜通东大街6号"),
    ("北京市", "北京市", "海淀区", "中关村大街27号"),
    ("天津市", "天津市", "南开区", "鞍山西道300号"),
    ("广东省", "广州市", "天河区", "天河路385号太古汇"),
    ("广东省", "深圳市", "南山区", "科技园科苑路15号"),
    ("广东省", "东莞市", "", "虎门镇连升中路8号"),
    ("福建省", "厦门市", "思明区", "湖滨南路62号"),
    ("山东省", "青岛市", "市南区", "香港中路76号"),
    ("山东省", "济南市", "历下区", "泉城路188号"),
    ("河南省", "郑州市", "金水区", "花园路39号"),
    ("湖北省", "武汉市", "洪山区", "珞喻路1037号"),
    ("湖南省", "长沙市", "岳麓区", "麓山南路932号"),
    ("四川省", "成都市", "武侯区", "人民南路四段27号"),
    ("重庆市", "重庆市", "渝中区", "解放碑民权路28号"),
    ("陕西省", "西安市", "雁塔区", "长安南路88号"),
    ("辽宁省", "沈阳市", "和平区", "太原北街86号"),
    ("吉林省", "通化市", "柳河县", "柳河镇新华街12号"),
    ("黑龙江省", "哈尔滨市", "南岗区", "西大直街92号"),
    ("安徽省", "合肥市", "蜀山区", "长江西路130号"),
    ("江西省", "南昌市", "东湖区", "八一大道357号"),
    ("广西壮族自治区", "南宁市", "青秀区", "民族大道136号"),
    ("云南省", "昆明市", "五华区", "东风西路11号"),
    ("贵州省", "贵阳市", "南明区", "中华南路45号"),
    ("新疆维吾尔自治区", "乌鲁木齐市", "天山区", "解放南路339号"),
    ("西藏自治区", "拉萨市", "城关区", "北京中路48号"),
    ("内蒙古自治区", "呼和浩特市", "新城区", "新华大街63号"),
    ("海南省", "海口市", "美兰区", "海府路89号"),
    ("甘肃省", "兰州市", "城关区", "东岗西路482号"),
    ("河北省", "石家庄市", "长安区", "中山东路39号"),
]
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马胡朱郭何林高罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
]
ITEMS = [
    ("夏季新款纯棉T恤 白色 XL", 5900),
    ("不锈钢保温杯 500ml", 4900),
    ("手机壳 iPhone 15 透明", 1990),
    ("办公室护腰靠垫", 8900),
    ("儿童绘本 全套10册", 12800),
    ("云南普洱茶 357g", 16800),
    ("无线蓝牙耳机 降噪", 19900),
    ("宠物猫粮 2.5kg", 6900),
    ("家用收纳箱 三件套", 7900),
    ("LED台灯 护眼", 9900),
]
# 商家编码 and shelf of each demo item, so the packing station works right after seed-demo
ITEM_SKUS = {title: (f"SKU-{i + 1:03d}", f"{'ABCDE'[i // 2]}-{i % 2 + 1:02d}") for i, (title, _) in enumerate(ITEMS)}
MESSAGES = ["", "", "", "请发顺丰，谢谢", "尽快发货", "不要放驿站，送货上门", "礼物请不要放发票", "周末收货"]


def _order_maker(rng: random.Random, now: datetime, existing: int) -> Callable[..., list[dict[str, Any]]]:
    """`make(count, day)`: `count` demo order rows placed during `day` (or the last 72 hours)."""
    base = int(now.timestamp()) * 1000
    made = [existing]

    def make(count: int, day: datetime | None = None) -> list[dict[str, Any]]:
        rows = []
        for _ in range(count):
            made[0] += 1
            province, city, district, street = rng.choice(PLACES)
            item, price = rng.choice(ITEMS)
            quantity = rng.choice([1, 1, 1, 2, 3])
            ordered = (
                (day + timedelta(hours=rng.uniform(8, 23.5)))
                if day is not None
                else now - timedelta(hours=rng.uniform(1, 72))
            )
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
            detail = f"{street}{rng.randrange(1, 30)}栋{rng.randrange(101, 2999)}室"
            rows.append(
                {
                    "order_no": f"{base + made[0]}{rng.randrange(1000, 9999)}",
                    "buyer_nick": f"tb{rng.randrange(10**7, 10**8)}",
                    "receiver_name": name,
                    "phone": phone,
                    "province": province,
                    "city": city,
                    "district": district,
                    "address": detail,
                    "full_address": " ".join(
                        p for p in (province, city if city != province else "", district, detail) if p
                    ),
                    "items": item,
                    "item_count": quantity,
                    "amount_fen": price * quantity,
                    "weight_g": 300 * quantity + 200,
                    "buyer_message": rng.choice(MESSAGES),
                    "status": OrderStatus.pending,
                    "marketplace_status": "买家已付款，等待卖家发货",
                    "ordered_at": ordered,
                    "paid_at": ordered + timedelta(minutes=rng.randrange(1, 30)),
                    "imported_at": ordered,
                    "is_demo": True,
                }
            )
        return rows

    return make


def _insert_with_items(session: Session, rows: list[dict[str, Any]]) -> None:
    """Demo orders and their items (SKU, shelf), so the packing station has something to check."""
    if not rows:
        return
    session.execute(insert(Order), rows)
    ids = dict(
        session.execute(
            select(col(Order.order_no), col(Order.id)).where(col(Order.order_no).in_([r["order_no"] for r in rows]))
        ).all()
    )
    session.execute(
        insert(OrderItem),
        [
            {
                "order_id": ids[r["order_no"]],
                "sku": ITEM_SKUS[r["items"]][0],
                "title": r["items"].rsplit(" ", 1)[0],
                "spec": r["items"].rsplit(" ", 1)[-1],
                "quantity": r["item_count"],
                "location": ITEM_SKUS[r["items"]][1],
            }
            for r in rows
        ],
    )


def seed_demo(
    db: Database,
    *,
    orders: int = 300,
    balance_fen: int = 200_000,
    seed: int | None = None,
    actor: str = "cli",
    history_days: int = demo_history.DAYS,
    network_seed: int = 0,
    enter_network: EnterNetwork | None = None,
) -> dict[str, Any]:
    """Pending demo orders, a demo balance and (history_days > 0) the shop's shipped past, all
    marked as demo. `enter_network(number, carrier, to_text, shipped_at)` tells the embedded
    network when each past parcel entered it, so later refreshes continue the same lives."""
    rng = random.Random(seed)
    now = utcnow()
    with db.read() as session:
        existing = session.execute(
            select(func.count()).select_from(Order).where(col(Order.is_demo) == True)  # noqa: E712
        ).scalar_one()  # noqa: E712
    make = _order_maker(rng, now, existing)
    history = {"shipped": 0}
    if history_days > 0:
        history = demo_history.seed_history(
            db,
            rng=rng,
            now=now,
            order_rows=make,
            actor=actor,
            days=history_days,
            network_seed=network_seed,
            enter_network=enter_network,
        )
    with db.write() as session:
        demo_history.ensure_sender(session)
        _insert_with_items(session, make(orders))
        if balance_fen:
            session.add(
                LedgerEntry(
                    kind=LedgerKind.topup, amount_fen=balance_fen, reference="演示充值", is_demo=True, created_by=actor
                )
            )
        audit.record(
            session,
            actor=actor,
            entity="shop",
            entity_id="demo",
            action="seed_demo",
            details={"orders": orders, "balance_fen": balance_fen, "shipped": history["shipped"]},
        )
        emit(session, OrdersChanged(reason="demo", count=orders), PoolChanged(reason="demo"))
    return {"orders": orders, "balance_fen": balance_fen, "shipped": history["shipped"]}


def remove_demo_orders(db: Database, *, actor: str) -> int:
    """Remove demo orders that were never shipped (shipped ones stay: their numbers are history)."""
    with db.write() as session:
        gone = select(col(Order.id)).where(
            col(Order.is_demo) == True,  # noqa: E712
            col(Order.status) != OrderStatus.shipped,  # noqa: E712
            col(Order.id).not_in(select(col(Shipment.order_id))),
        )
        session.execute(delete(OrderItem).where(col(OrderItem.order_id).in_(gone)))
        result = session.execute(
            delete(Order).where(
                col(Order.is_demo) == True,  # noqa: E712
                col(Order.status) != OrderStatus.shipped,
                col(Order.id).not_in(select(col(Shipment.order_id))),
            )
        )
        audit.record(
            session,
            actor=actor,
            entity="shop",
            entity_id="demo",
            action="remove_demo",
            details={"orders": changed_rows(result)},
        )
        emit(session, OrdersChanged(reason="demo_removed", count=changed_rows(result)))
        return changed_rows(result)
