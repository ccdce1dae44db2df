"""Realistic Hà Nội sample records for the printing tests: they live in the package
(``evidence_store.printing.samples``) so the app's «Xem thử» preview can use them too."""

from evidence_store.printing.samples import (CASE, DUNG, HUNG, INTAKE_ORDER, ITEMS, LAN, SON, STAMP,  # noqa: F401
                                             code, custody, destruction, handover, label, location, long_custody,
                                             long_items, render_sample, slip, stock_book, stock_card, varied_items)
