"""报表 through NiceGUI's simulated user: the known January shop's figures on screen, the short
answer, and downloads that hold what the screen shows."""

import csv
import io

import openpyxl
from nicegui import ui
from nicegui.testing import User

from waybill_ui import runtime
from waybill_ui.services.reports.tables import preset
from tests.helpers import login, login_staff
from tests.report_data import january

URL = "/reports?start=2026-01-01&end=2026-01-31"


def screen_rows(user: User, section: str) -> list[dict]:
    with user:
        table = next(iter(user.find(marker=f"report-{section}-table").elements))
        labels = [c["label"] for c in table.columns]
        return [{label: row[c["name"]] for label, c in zip(labels, table.columns, strict=False)} for row in table.rows]


def as_number(text: str):
    """A screen cell as the downloads hold it."""
    if text == "—":
        return None
    cleaned = text.replace("¥", "").replace(",", "").rstrip("%")
    try:
        return float(cleaned)
    except ValueError:
        return text


def plain(label: str) -> str:
    return label.split("（")[0]


async def test_january_report_on_screen_and_downloads_match(user: User):
    january(runtime.get().db)
    await login(user)
    await user.open(URL)
    await user.should_see(marker="report-findings", retries=100)
    await user.should_see("每件签收最便宜的是 中通快递：¥1.67（3 件签收）。")
    await user.should_see("最常迟到的是 中通快递：迟到率 33.3%（3 件签收中 1 件迟到）。")
    await user.should_see("统计时间：2026-01-01 ~ 2026-01-31")
    carriers = screen_rows(user, "carriers")
    zto = carriers[0]
    assert (zto["快递"], zto["发货量"], zto["单号花费"], zto["每件签收成本"], zto["准时率"], zto["异常率"]) == (
        "中通快递",
        "4",
        "¥5.00",
        "¥1.67",
        "66.7%",
        "25.0%",
    )
    assert carriers[-1]["快递"] == "合计"
    assert screen_rows(user, "pool")[0]["浪费金额"] == "¥6.00"

    for section in ("carriers", "pool", "provinces", "alerts"):
        user.find(marker=f"csv-{section}").click()
        response = await user.download.next()
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        shown = screen_rows(user, section)
        assert [plain(h) for h in rows[0]] == list(shown[0].keys())
        for csv_row, screen_row in zip(rows[1:], shown, strict=True):
            assert [as_number(v) if v else None for v in csv_row] == [as_number(v) for v in screen_row.values()]

    user.find(marker="export-xlsx").click()
    response = await user.download.next(timeout=5)
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    for section, sheet in (("carriers", "各快递表现"), ("provinces", "各省份")):
        shown = screen_rows(user, section)
        values = [[c.value for c in row] for row in wb[sheet].iter_rows(min_row=2, max_row=len(shown) + 1)]
        assert values == [[as_number(v) for v in row.values()] for row in shown]


async def test_presets_and_a_bad_period(user: User):
    await login_staff(user)  # reports are read-only: staff may look
    await user.open("/reports")
    await user.should_see(marker="report-carriers-empty", retries=100)
    user.find(marker="report-presets").elements.pop().value = "last_7"
    week = preset("last_7")
    await user.should_see(f"统计时间：{week.start.isoformat()} ~ {week.end.isoformat()}")
    with user:
        date_from = next(iter(user.find(marker="report-from").elements))
        date_to = next(iter(user.find(marker="report-to").elements))
    date_from.value, date_to.value = "2026-02-01", "2026-01-01"
    user.find(marker="report-show").click()
    await user.should_see("结束日期 2026-01-01 早于开始日期 2026-02-01")


async def test_dashboard_and_header_link_to_reports(user: User):
    await login(user)
    await user.open("/")
    await user.should_see(marker="dash-reports")
    await user.should_see(marker="nav-reports")
    with user:
        link = next(iter(user.find(marker="nav-reports").elements))
    assert "href=/reports" in " ".join(f"{k}={v}" for k, v in link.props.items())
    assert isinstance(link, ui.button)
