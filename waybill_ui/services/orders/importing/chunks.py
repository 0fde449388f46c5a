"""The file's rows, parsed, in chunks of orders: what the writer (store.py) takes one at a time.

Two steps, so that the first can run in another process (worker.py) while the second stays with
the writer: `parsed` turns rows into orders (an order's rows in the sub-order layout merged),
`without_repeats` refuses an order number that an earlier chunk already had.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from waybill_ui.services.orders.importing.parsing import Parsed, Problem, RowParser, header_width, merge
from waybill_ui.services.orders.importing.reading import Table
from waybill_ui.services.orders.importing.seen import SeenOrders

CHUNK_SIZE = 5000


def parsed(
    table: Table,
    *,
    on_problem: Callable[[Problem], None],
    start_after: int = 0,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[tuple[list[Parsed], int]]:
    """(chunk of orders, the last file row it accounts for). Rows up to `start_after` are passed
    over (they were parsed elsewhere): another parser can go on after any chunk. A chunk ends
    where a new order begins, so an order's rows are never split between two chunks."""
    parse_row = RowParser(table.columns, header_width(table.headers), status=table.format.status)
    chunk: dict[str, Parsed] = {}
    number = start_after
    for number, cells in table.rows:
        if number <= start_after:
            continue
        result = parse_row(number, cells)
        if result is None:
            continue
        if isinstance(result, Problem):
            on_problem(result)
            continue
        key = result.record[0]
        if key in chunk:  # the sub-order layout: the next row of the same order
            chunk[key] = merge(chunk[key], result, per_item_amounts=parse_row.has_sub_order)
            continue
        if len(chunk) >= chunk_size:  # full, and a new order begins: its rows all go to the next chunk
            yield list(chunk.values()), number - 1
            chunk = {}
        chunk[key] = result
    if chunk:
        yield list(chunk.values()), number


def without_repeats(chunks: Iterable[list[Parsed]], *, on_problem: Callable[[Problem], None]) -> Iterator[list[Parsed]]:
    """An order number that came in an earlier chunk is a repeated row: refused, naming the row it
    first came on. Memory stays flat with the file's length: earlier numbers are kept on disk (seen.py)."""
    seen = SeenOrders()
    try:
        for chunk in chunks:
            earlier = seen.first_rows([p.record[0] for p in chunk])
            for parsed_order in chunk:
                first = earlier.get(parsed_order.record[0])
                if first is not None:
                    on_problem(
                        Problem(parsed_order.row, "import.problem.duplicate", {"first": first}, parsed_order.record[0])
                    )
            seen.add([(p.record[0], p.row) for p in chunk if p.record[0] not in earlier])
            yield [p for p in chunk if p.record[0] not in earlier]
    finally:
        seen.close()


def records(
    table: Table, *, on_problem: Callable[[Problem], None], chunk_size: int = CHUNK_SIZE
) -> Iterator[list[Parsed]]:
    """The whole file in this process: parsed chunks, repeats refused."""
    return without_repeats(
        (chunk for chunk, _ in parsed(table, on_problem=on_problem, chunk_size=chunk_size)), on_problem=on_problem
    )
