"""One read for a page of the item list (issue #18): the Vật chứng list, the home dashboard and the CLI's `items` ask
``queries.item_page`` — the index-only OFFSET with the page's rows joined — and no second, joined path remains."""

from __future__ import annotations

from evidence_store.services import browse, queries
from evidence_store.services.context import UnitOfWork

from .builders import phone, receive


def test_pages_walk_the_list_in_order_with_every_column(world, clerk):
    db, w = world
    ch = receive(db, clerk, [phone(name=f"Điện thoại {i}", location_code=w.locations["bin_A111"]) for i in range(7)])
    with UnitOfWork(db, clerk, write=False) as uow:
        pages = [queries.item_page(uow, queries.ItemQuery(order="oldest"), offset, 3) for offset in (0, 3, 6, 9)]
        by_code = {r.code: r for r in queries.item_page(uow, queries.ItemQuery(), 0, 100)}
    assert [len(p) for p in pages] == [3, 3, 1, 0]
    assert [r.code for p in pages for r in p] == list(ch.item_codes)  # the received order, nothing twice
    row = by_code[ch.item_codes[0]]
    assert (row.case_number, row.location_code, row.name) == ("125/2026/CSHS", w.locations["bin_A111"], "Điện thoại 0")
    assert not hasattr(browse, "item_page")  # the second path is gone
