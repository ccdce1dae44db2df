"""Registers and reports built from the custody ledger: Thẻ kho (one item's movements), Sổ theo dõi
nhập – xuất kho (a period), and the chain-of-custody report with the verification of the whole chain."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from .printing_official import official
from ..describe import describe_event, document_label, event_kind_label
from ..domain.permissions import require
from ..db.models import Case, CustodyEvent, Handover, HandoverLine, Item, Location
from ..i18n import _
from .. import printing  # the renderers (and reportlab) load on first use: start-up (DESIGN §7)
from ..printing import records
from . import queries
from .printing_data import (agency_name, author, chain_head, ledger_bounds, load_print_settings, local,
                            local_now, parse_ledger_time, person, stamped, user_names, warehouse)

# Movements that bring an item into the warehouse or take it out (the rest change nothing on the shelf).
IN_EVENTS = ("receive", "return", "recall", "found")
OUT_EVENTS = ("release_temporary", "deposit", "entrust", "transfer_out", "dispose", "incident")
BOOK_IN = ("receive", "return", "recall")
BOOK_OUT = ("release_temporary", "deposit", "entrust", "transfer_out", "dispose")


def _item_line(d) -> records.ItemLine:
    """ItemLine of an ItemDetail as it stands now."""
    return records.ItemLine(d.code, d.name, d.unit, d.quantity, d.characteristics or "", d.condition or "",
                      d.seal_number if d.sealed else "", "intact" if d.sealed and d.seal_number else "none",
                      location=d.location_name or d.holder or "")


def _case(d) -> records.CaseRef | None:
    return records.CaseRef(d.case_number, d.case_offence or "") if d.case_number else None


# --- thẻ kho ------------------------------------------------------------------------------------------

def stock_card(uow, code: str) -> records.StockCard:
    """The item's movements in ledger order (the register's legal order; each with the day it was entered): in
    when it enters the warehouse, out when it leaves; a disposal while already outside (e.g. returned to the
    owner from court) is listed with no quantity."""
    d = queries.item_by_code(uow, code, events=None)  # visibility: read_all or the officer's own case
    names = user_names(uow.session)
    entries, inside = [], False
    for e in sorted(d.events, key=lambda e: e.seq):
        if e.kind not in IN_EVENTS + OUT_EVENTS:
            continue
        qty_in = d.quantity if e.kind in IN_EVENTS and not inside else 0
        qty_out = d.quantity if e.kind in OUT_EVENTS and inside else 0
        inside = e.kind in IN_EVENTS if (qty_in or qty_out) else inside
        entries.append(records.StockCardEntry(local(e.occurred_at), e.handover_number or e.document_number,
                                              describe_event(e, people=names), qty_in, qty_out,
                                              names.get(e.username, e.username), recorded_at=local(e.recorded_at)))
    opened = local(d.received_at) or (entries[0].occurred_at if entries else local_now())
    card = records.StockCard(_("TK-{code}", code=d.code), opened.date(), d.warehouse_name, _item_line(d), tuple(entries),
                       _case(d))
    seq, digest = chain_head(uow.session)
    return stamped(card, seq, digest)


@official
def stock_card_pdf(uow, code: str) -> bytes:
    return printing.render_stock_card(stock_card(uow, code), load_print_settings(uow))


# --- sổ theo dõi nhập – xuất kho ----------------------------------------------------------------------

def ledger_book(uow, date_from: date, date_to: date) -> records.StockBook:
    """Every movement in or out of the warehouse between the two local days (inclusive)."""
    start, end = ledger_bounds(date_from, date_to)
    s = uow.session
    E, I, Ca, H, Ln = (CustodyEvent.__table__, Item.__table__, Case.__table__, Handover.__table__,
                       HandoverLine.__table__)
    stmt = (select(E.c.seq, E.c.kind, E.c.occurred_at, E.c.data, I.c.code, I.c.name, I.c.unit,
                   I.c.quantity.label("item_quantity"), Ln.c.quantity.label("line_quantity"),
                   Ca.c.number.label("case_number"), H.c.number.label("ho_number"), H.c.giver_id, H.c.receiver_id,
                   H.c.giver_agency_id, H.c.receiver_agency_id)
            .select_from(E.join(I, I.c.id == E.c.item_id).join(Ca, Ca.c.id == I.c.case_id)
                         .outerjoin(H, H.c.id == E.c.handover_id)
                         .outerjoin(Ln, (Ln.c.handover_id == E.c.handover_id) & (Ln.c.item_id == E.c.item_id)))
            .where(E.c.kind.in_(BOOK_IN + BOOK_OUT), E.c.occurred_at >= start, E.c.occurred_at < end)
            .order_by(E.c.occurred_at, E.c.seq))
    own = queries._visible_case_filter(uow)  # the queries' rule: an officer sees only own cases
    if own is not None:
        stmt = stmt.where(own)
    rows = tuple(_book_row(s, r) for r in s.execute(stmt))
    wh = warehouse(s)
    book = records.StockBook(wh.name if wh else "", date_from, date_to, rows, local_now())
    seq, digest = chain_head(uow.session)
    return stamped(book, seq, digest)


def _book_row(s, r) -> records.StockBookRow:
    inbound = r.kind in BOOK_IN
    data = json.loads(r.data)
    pid, agency_id = (r.giver_id, r.giver_agency_id) if inbound else (r.receiver_id, r.receiver_agency_id)
    who = person(s, pid)
    agency = agency_name(s, agency_id, short=True) or (who.agency if who else "")
    counterpart = ", ".join(p for p in (who.full_name if who else "", agency) if p)
    if not counterpart and not inbound:
        counterpart = (data.get("set") or {}).get("holder") or ""
    loc_id = (data.get("set") or {}).get("location_id") if inbound else None
    loc = s.get(Location, loc_id) if loc_id else None
    quantity = r.line_quantity if r.line_quantity is not None else r.item_quantity
    return records.StockBookRow(local(parse_ledger_time(r.occurred_at)), "in" if inbound else "out",
                          r.ho_number or "", r.code, r.name, r.unit, quantity, r.case_number or "", counterpart,
                          loc.name if loc else "", event_kind_label(r.kind))


@official
def ledger_book_pdf(uow, date_from: date, date_to: date) -> bytes:
    return printing.render_stock_book(ledger_book(uow, date_from, date_to), load_print_settings(uow))


# --- báo cáo quá trình quản lý (chain of custody) -----------------------------------------------------

def custody_report(uow, code: str) -> records.CustodyReport:
    """The item's whole ledger with the verification of the whole chain (services.verify)."""
    from .verify import verify
    require(uow.actor, "verify_ledger")
    d = queries.item_by_code(uow, code, events=None)
    names = user_names(uow.session)
    events = tuple(records.CustodyEvent(
        e.seq, e.kind, local(e.occurred_at), local(e.recorded_at), names.get(e.username, e.username), e.hash,
        document_label(e.document_kind, e.document_number) if e.document_kind else e.handover_number,
        e.workstation or "", describe_event(e, people=names), e.corrects_seq) for e in d.events)
    result = verify(uow.db)
    reason = (result.chain_break.reason if result.chain_break else
              result.mismatches[0][2] if result.mismatches else "" if result.integrity == "ok" else result.integrity)
    verification = records.Verification(result.ok, result.events, result.head_seq, result.head_hash,
                                  result.first_bad_seq, reason)
    report = records.CustodyReport(_item_line(d), events, verification, local_now(), _("BC-{code}", code=d.code),
                             _case(d), d.state, author(uow))
    return stamped(report, result.head_seq, result.head_hash)


@official
def custody_report_pdf(uow, code: str) -> bytes:
    return printing.render_custody_report(custody_report(uow, code), load_print_settings(uow))
