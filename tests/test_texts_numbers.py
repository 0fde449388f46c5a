"""Quantities read the same everywhere: 1,000 and up with a thousands separator (texts.tr)."""

from waybill_ui.texts import tr


def test_quantities_get_thousands_separators_ids_do_not():
    assert tr("orders.select_all", count=120000) == "选择全部 120,000 个匹配订单"
    assert tr("orders.batch.group", orders=1200, stock=998) == "1,200 个订单，库存 998"
    assert "1,234" in tr("match.by_score", price="3.50", days=1, stock=1234)
    assert tr("alerts.not_found", id=12345).count("12345") == 1  # an id stays as it is
