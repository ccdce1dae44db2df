"""Thẻ kho (per item) and Sổ theo dõi nhập – xuất kho (per period), ND 142/2024 Art 14.

Their official columns were not found (FORMS.md §2.1); the layout follows the generic stock card:
chronological in / out / balance."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from ..i18n import _
from .blocks import case_phrase, describe_item, name_with_code, seal_text
from .signature_blocks import closing_and_signatures
from .table_blocks import amount_cell, grid_table, grid_table_with_tail
from .docbase import MARGINS, breakable, build_pdf, esc, header_flowables, para
from .formatting import quantity, short_date, short_datetime
from .labels import display_code
from .records import StockBook, StockCard, StockCardEntry
from .templates import PrintSettings

PORTRAIT_WIDTH = A4[0] - MARGINS["left"] - MARGINS["right"]
LANDSCAPE_WIDTH = landscape(A4)[0] - MARGINS["left"] - MARGINS["right"]
# Document and case numbers up to "9999/2026/BB-GN" and "100/2026/CSKT" fit their columns on one line at 10.5 pt;
# longer ones break after a "/" (docbase.breakable).
CARD_WIDTHS = [10 * mm, 22 * mm, 27 * mm, 33 * mm, 17 * mm, 17 * mm, 17 * mm, 22 * mm]  # amounts never wrap
BOOK_WIDTHS = [10 * mm, 21 * mm, 31 * mm, 14 * mm, 29 * mm, 34 * mm, 12 * mm, 19 * mm, 27 * mm, 29 * mm, 26 * mm]


def render_stock_card(card: StockCard, settings: PrintSettings | None = None) -> bytes:
    """Thẻ kho: the item's movements in ledger order with a running balance; a movement entered on another day
    than it happened shows both dates (like the stock card's "ngày ghi sổ" and "ngày nhập, xuất")."""
    settings = settings or PrintSettings()
    template = settings.document("stock_card")
    story = header_flowables(settings, template, card.number, card.opened_on)
    story += _card_facts(card)
    body, tail = _card_table(card)
    if body is not None:
        story.append(body)
    story.append(closing_and_signatures(template, card.parties, PORTRAIT_WIDTH, [tail]))
    return build_pdf(story, template.title, card.number, card.stamp)


def _card_facts(card: StockCard) -> list[Flowable]:
    item = card.item
    facts = [(_("Tên vật chứng"), name_with_code(item).replace("<br/>", " — ")),
             (_("Đơn vị tính"), esc(item.unit)),
             (_("Đặc điểm"), describe_item(item)),
             (_("Niêm phong"), seal_text(item)),
             (_("Vụ án / vụ việc"), case_phrase(card.case)),
             (_("Kho, vị trí"), esc("; ".join(p for p in (card.warehouse, item.location) if p))),
             (_("Ngày lập thẻ"), short_date(card.opened_on))]
    return [para(f"<b>{k}:</b> {v}", "flush") for k, v in facts if v]


def _card_table(card: StockCard):
    head = [_("STT"), _("Ngày, giờ"), _("Số chứng từ"), _("Diễn giải"), _("Nhập"), _("Xuất"), _("Tồn"),
            _("Người thực hiện, ghi chú")]
    rows = [[para(h, "head") for h in head],
            ["", "", "", para(_("Tồn đầu"), "cell"), "", "", amount_cell(quantity(card.opening_balance), CARD_WIDTHS[6]),
             ""]]
    balance = Decimal(str(card.opening_balance))
    for n, entry in enumerate(card.entries, 1):  # as entered: the register's order
        balance += Decimal(str(entry.quantity_in)) - Decimal(str(entry.quantity_out))
        rows.append(_card_row(n, entry, balance))
    return grid_table_with_tail(rows, CARD_WIDTHS)


def _when(entry: StockCardEntry) -> str:
    """'05/02/2026 15:20', and under it the day it was entered when that is another day."""
    when = short_datetime(entry.occurred_at)
    if entry.recorded_at is not None and entry.recorded_at.date() != entry.occurred_at.date():
        when += '<br/><font size="8.5">' + _("ghi sổ {day}", day=short_date(entry.recorded_at)) + "</font>"
    return when


def _card_row(n: int, entry: StockCardEntry, balance: Decimal) -> list:
    who = "; ".join(esc(p) for p in (entry.actor, entry.note) if p)
    return [para(str(n), "cell_c"), para(_when(entry), "cell_c"),
            para(breakable(entry.document_number, CARD_WIDTHS[2]), "cell"), para(esc(entry.description), "cell"),
            amount_cell(quantity(entry.quantity_in) if entry.quantity_in else "", CARD_WIDTHS[4]),
            amount_cell(quantity(entry.quantity_out) if entry.quantity_out else "", CARD_WIDTHS[5]),
            amount_cell(quantity(balance), CARD_WIDTHS[6]), para(who, "cell")]


def render_stock_book(book: StockBook, settings: PrintSettings | None = None) -> bytes:
    """Sổ theo dõi nhập – xuất kho for book.period_start … book.period_end, A4 landscape."""
    settings = settings or PrintSettings()
    template = settings.document("stock_book")
    number = _("{start} – {end}", start=short_date(book.period_start), end=short_date(book.period_end))
    story = header_flowables(settings, template, "", book.printed_at.date())
    story.append(para(_("<b>Kho:</b> {warehouse}. <b>Thời gian:</b> từ ngày {start} đến ngày {end}.",
                        warehouse=esc(book.warehouse), start=short_date(book.period_start),
                        end=short_date(book.period_end)), "flush"))
    body, tail = _book_table(book)
    if body is not None:
        story.append(body)
    ins = sum(1 for r in book.rows if r.direction == "in")
    total = para(_("Tổng cộng: {ins} lượt nhập, {outs} lượt xuất.", ins=ins, outs=len(book.rows) - ins))
    story.append(closing_and_signatures(template, book.parties, LANDSCAPE_WIDTH, [tail, total]))
    return build_pdf(story, template.title, number, book.stamp, landscape_page=True)


def _book_table(book: StockBook):
    head = [_("STT"), _("Ngày, giờ"), _("Số chứng từ"), _("Nhập / Xuất"), _("Mã vật chứng"), _("Tên vật chứng"),
            _("ĐVT"), _("Số lượng"), _("Vụ án"), _("Người giao / nhận"), _("Vị trí, ghi chú")]
    rows = [[para(h, "head") for h in head]]
    for n, r in enumerate(sorted(book.rows, key=lambda r: r.occurred_at), 1):
        kind = _("Nhập") if r.direction == "in" else _("Xuất")
        rows.append([para(str(n), "cell_c"), para(short_datetime(r.occurred_at), "cell_c"),
                     para(breakable(r.document_number, BOOK_WIDTHS[2]), "cell"), para(kind, "cell_c"),
                     para(display_code(r.item_code), "cell"),
                     para(esc(r.item_name), "cell"), para(esc(r.unit), "cell_c"), amount_cell(quantity(r.quantity), BOOK_WIDTHS[7]),
                     para(breakable(r.case_number, BOOK_WIDTHS[8]), "cell"), para(esc(r.counterpart), "cell"),
                     para(esc("; ".join(p for p in (r.location, r.note) if p)), "cell")])
    return grid_table_with_tail(rows, BOOK_WIDTHS)
