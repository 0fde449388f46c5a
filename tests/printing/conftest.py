from __future__ import annotations

import pytest

from tests.printing.fake_printer import FakePrinter
from waybill_ui.services.accounts.users import Principal


@pytest.fixture
def owner() -> Principal:
    return Principal(id=1, username="owner", role="owner")


@pytest.fixture
def staff() -> Principal:
    return Principal(id=2, username="staff1", role="staff")


@pytest.fixture
def fake_printer():
    printers: list[FakePrinter] = []

    def make(language: str = "tspl", **kwargs) -> FakePrinter:
        printer = FakePrinter(language, **kwargs)
        printers.append(printer)
        return printer

    yield make
    for printer in printers:
        printer.close()
