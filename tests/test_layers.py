"""The layers of docs/architecture.md, held by reading every module's imports."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "waybill_ui"
# The web edge wires NiceGUI's app (middleware, the socket guard); everything else stays out of it.
WEB_EDGE = {"app.py", "security.py", "socket_guard.py"}


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def offenders(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in paths:
        bad = sorted(
            n for n in imports_of(path) if n.startswith(forbidden) or any(n == f.rstrip(".") for f in forbidden)
        )
        if bad:
            found.append(f"{path.relative_to(PACKAGE)}: {', '.join(bad)}")
    return found


@pytest.mark.parametrize("folder", ["ui", "api"])
def test_pages_and_routes_never_import_jobs(folder):
    assert offenders(modules(folder), ("waybill_ui.jobs.",)) == []


@pytest.mark.parametrize("folder", ["ui", "api"])
def test_pages_and_routes_hold_no_sql(folder):
    assert offenders(modules(folder), ("sqlalchemy.", "sqlmodel.")) == []


def test_nicegui_only_in_pages_and_the_web_edge():
    outside = [
        p
        for p in PACKAGE.rglob("*.py")
        if "ui" not in p.relative_to(PACKAGE).parts[:1] and p.relative_to(PACKAGE).as_posix() not in WEB_EDGE
    ]
    assert offenders(outside, ("nicegui.",)) == []


def test_services_never_reach_up_into_pages_routes_or_jobs():
    assert offenders(modules("services"), ("waybill_ui.ui.", "waybill_ui.api.", "waybill_ui.jobs.")) == []


LONGEST_PAGE_FUNCTION = 100  # lines; the pages are views wiring small parts (docs/architecture.md)


def test_pages_are_small_parts_not_long_closures():
    """A page or dialog built as one long closure (the orders page was 256 lines) hides its state
    in nonlocal cells; split it into a view, a typed state and parts instead."""
    long = []
    for path in modules("ui"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > LONGEST_PAGE_FUNCTION:
                    long.append(f"{path.relative_to(PACKAGE)}: {node.name} ({lines} lines)")
    assert long == []


def test_pages_run_blocking_work_through_one_helper():
    """NiceGUI's run.io_bound answers None when its task is cancelled (a page closed, the app
    stopping), which a page would take for a result; ui/work.io_bound turns that back into the
    cancellation, so every page goes through it."""
    direct = []
    for path in modules("ui"):
        if path.name == "work.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"io_bound", "cpu_bound"}
                and isinstance(node.value, ast.Name)
                and node.value.id == "run"
            ):
                direct.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert direct == []
