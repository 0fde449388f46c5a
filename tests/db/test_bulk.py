from waybill_ui.db.bulk import MAX_VARIABLES, blocks


def test_blocks_cover_the_rows_in_order_with_few_distinct_lengths():
    sizes = set()
    for total in range(0, 3000, 7):
        rows = list(range(total))
        parts = list(blocks(rows, 9))
        assert [r for part in parts for r in part] == rows
        for part in parts:
            assert len(part) & (len(part) - 1) == 0 and len(part) * 9 <= MAX_VARIABLES
            sizes.add(len(part))
    assert len(sizes) <= 10  # the statement texts a connection keeps prepared, whatever the batch


def test_wide_rows_stay_within_the_variable_limit():
    parts = list(blocks(list(range(1000)), 200))
    assert max(len(p) for p in parts) * 200 <= MAX_VARIABLES and sum(map(len, parts)) == 1000
