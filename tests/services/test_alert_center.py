"""The alert center lists every kind (also those other areas raise), acknowledges and resolves."""

import pytest

from waybill_ui.services.accounts.users import Principal
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.services.alerts import raising as alerts
from waybill_ui.services.alerts import buyer_notices
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound
from tests.tracking_factories import make_shipment

OWNER = Principal(id=1, username="owner", role="owner")


def raise_(db, kind, key, **kw):
    with db.write() as session:
        return alerts.raise_alert(session, kind=kind, dedupe_key=key, message=f"{kind} message", actor="test", **kw).id


def test_every_kind_in_one_list_with_counts_and_labels(db):
    sid = make_shipment(db)
    raise_(db, "pool_low_stock", "pool_low_stock:ZTO", carrier_code="ZTO")
    raise_(db, "purchase_stuck", "purchase:9")
    raise_(db, "exception", "exception:shipment:1", shipment_id=sid)
    raise_(db, "brand_new_kind", "x:1")
    rows, total = alert_center.list_alerts(db, status="open")
    assert total == 4 and {r.kind for r in rows} == {"pool_low_stock", "purchase_stuck", "exception", "brand_new_kind"}
    assert alert_center.open_counts(db) == {
        "pool_low_stock": 1,
        "purchase_stuck": 1,
        "exception": 1,
        "brand_new_kind": 1,
    }
    assert alert_center.kind_label("pool_low_stock") == "库存不足"
    assert alert_center.kind_label("exception", "en") == "Exception"
    assert alert_center.kind_label("brand_new_kind") == "brand_new_kind"
    only, n = alert_center.list_alerts(db, status="open", kind="pool_low_stock")
    assert n == 1 and only[0].carrier_code == "ZTO"
    page2, n = alert_center.list_alerts(db, status="all", page=2, size=3)
    assert n == 4 and len(page2) == 1


def test_acknowledge_then_resolve_with_a_note(db):
    alert_id = raise_(db, "pool_low_stock", "pool_low_stock:YTO")
    alert_center.acknowledge(db, alert_id=alert_id, actor="staff1")
    rows, _ = alert_center.list_alerts(db, status="acknowledged")
    assert rows[0].acknowledged_by == "staff1"
    assert alert_center.open_total(db) == 1  # acknowledged still counts as open
    alert_center.resolve(db, alert_id=alert_id, note="已补货 500 单", actor="owner")
    rows, _ = alert_center.list_alerts(db, status="resolved")
    assert rows[0].note == "已补货 500 单" and rows[0].resolved_by == "owner"
    assert alert_center.open_total(db) == 0
    with pytest.raises(Conflict):
        alert_center.resolve(db, alert_id=alert_id, note="", actor="owner")
    with pytest.raises(NotFound):
        alert_center.acknowledge(db, alert_id=999, actor="owner")
    with pytest.raises(Invalid):
        alert_center.list_alerts(db, status="weird")


def test_buyer_notice_from_an_editable_template_and_its_log(db):
    sid = make_shipment(db, number="YT9000000000777")
    alert_id = raise_(db, "refused", "refused:shipment:x", shipment_id=sid)
    text = buyer_notices.draft(db, alert_id=alert_id)
    assert "圆通速递 YT9000000000777" in text and "拒收" in text
    buyer_notices.save_templates(db, values={"refused": "{收件人}您好，订单{订单号}被拒收了{未知字段}"}, actor=OWNER)
    text = buyer_notices.draft(db, alert_id=alert_id)
    assert text.startswith("王芳您好，订单T") and text.endswith("{未知字段}")
    buyer_notices.log_notice(db, alert_id=alert_id, text=text, actor="staff1")
    rows, total = buyer_notices.list_notices(db)
    assert total == 1 and rows[0].text == text and rows[0].created_by == "staff1" and rows[0].kind == "refused"
    assert buyer_notices.list_notices(db, shipment_id=sid)[1] == 1
    with pytest.raises(Invalid):
        buyer_notices.save_templates(db, values={"refused": "  "}, actor=OWNER)
    stock = raise_(db, "pool_low_stock", "pool_low_stock:SF")
    with pytest.raises(Invalid):
        buyer_notices.draft(db, alert_id=stock)


def test_fill_is_safe_with_user_braces():
    assert buyer_notices.fill("{a} {快递} {{x}} }{", {"快递": "顺丰"}) == "{a} 顺丰 {{x}} }{"


def test_templates_are_owner_only(db):
    from waybill_ui.services.common.errors import Forbidden

    with pytest.raises(Forbidden):
        buyer_notices.save_templates(db, values={"refused": "x"}, actor=Principal(id=2, username="s", role="staff"))


def test_every_kind_the_app_raises_has_a_name_in_both_languages():
    import re
    from pathlib import Path

    import waybill_ui
    from waybill_ui.services.alerts import rules as alert_rules

    source = "\n".join(p.read_text() for p in Path(waybill_ui.__file__).parent.rglob("*.py"))
    raised = set(re.findall(r'raise_alert\([^)]*?kind="(\w+)"', source, flags=re.S))
    assert {"pool_low_stock", "pool_expiring", "purchase_stuck"} <= raised
    for kind in raised | set(alert_rules.SHIPMENT_KINDS) | {alert_rules.PROVIDER_CONFIG}:
        for language in ("zh", "en"):
            assert alert_center.kind_label(kind, language) != kind, (kind, language)
