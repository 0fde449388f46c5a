"""A second lifespan of the same app (NiceGUI's `create_user` helper opens one beside `user`'s)
shares the one runtime: starting another used to replace the first without stopping it, leaving
its scheduler, database pool and, on PostgreSQL, its bus bridge running after the test."""

from nicegui import core
from nicegui.testing import User

from waybill_ui import runtime


async def test_a_nested_lifespan_shares_the_runtime_and_leaves_it_running(user: User):
    first = runtime.get()
    async with core.app.router.lifespan_context(core.app):
        assert runtime.get() is first  # not a second runtime beside it
    assert runtime.get() is first  # the inner lifespan's end did not stop the outer one's runtime
