"""单号操作记录 with NiceGUI's simulated user: the typed filters apply on Enter, the table pages on
the server, and a number's page shows its facts and shipments."""

from nicegui.testing import User

from tests.helpers import login
from tests.pool_helpers import zto
from tests.ui.test_pool_page import settle, the
from waybill_ui import runtime
from waybill_ui.services.pool import allocation
from waybill_ui.services.pool import importing as pool_import


async def test_actor_filter_on_enter_and_server_paging(user: User):
    db = runtime.get().db
    pool_import.commit_import(db, carrier="ZTO", numbers=[zto(i) for i in range(20, 32)], actor="owner")
    with db.write() as session:
        allocation.take(session, carrier="ZTO", count=3, actor="staff1")
    await login(user)
    await user.open("/pool/audit")
    await user.should_see(marker="audit-title")
    table = the(user, "audit-table")
    assert table.pagination["rowsNumber"] == 15
    user.find(marker="audit-table").trigger("request", {"pagination": {"page": 2, "rowsPerPage": 10, "rowsNumber": 15}})
    await settle(user, lambda: table.pagination["page"] == 2 and len(table.rows) == 5)
    user.find(marker="audit-actor").type("staff1").trigger("keydown.enter")
    await settle(user, lambda: table.pagination["rowsNumber"] == 3)
    assert table.pagination["page"] == 1 and {r["actor"] for r in table.rows} == {"staff1"}

    await user.open(f"/pool/number/ZTO/{zto(20)}")
    await user.should_see(marker="number-facts")
    await user.should_see(marker="number-history")
