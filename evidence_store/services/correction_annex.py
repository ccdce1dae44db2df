"""Phụ lục đính chính: a correction of what a signed record states is printed as an annex of that record, for its
original signers to confirm by signing again (BLTTHS Điều 133.2; LEGAL-RULES R13). The correction itself stays a
ledger event pointing at the event it corrects (services.corrections); the annex is read from both."""

from __future__ import annotations

import json

from ..db.models import CustodyEvent, Document, Handover, Item, User
from ..domain import categories
from ..domain.errors import NotFound, ValidationError
from ..domain.lifecycle_rules import CORRECTABLE_FIELDS, CORRECTABLE_LABELS
from ..error_texts import register as register_message
from ..formatting import number
from ..i18n import N_, _
from ..printing import records
from ..printing.templates import SignatureColumn
from .handover_paper import _case, _handover, _lines, _parties, _template, _times
from .printing_data import basis_document, load_print_settings, local, parse_ledger_time, person
from .printing_official import official
from .signature_slots import live

register_message("not_a_correction", N_("Sự kiện #{seq} không phải một lần đính chính"))
register_message("correction_of_no_signed_record", N_("Đính chính #{seq} không sửa nội dung của biên bản đã ký nào: "
                                                      "không có phụ lục đính chính để ký lại"))

SIGNED = frozenset({"signed_screen", "signed_paper", "fingerprint"})
ROLE_MAP = {"approver": "head"}
CORRECTOR = "corrector"


def _event(uow, seq: int) -> CustodyEvent:
    event = uow.ledger.get(seq)
    if event is None:
        raise NotFound("event_not_found", seq=seq)
    if event.kind != "correction":
        raise ValidationError("not_a_correction", field="seq", seq=seq)
    return event


def corrected_record(uow, seq: int) -> Handover | None:
    """The signed record the correction ``seq`` changes (its corrected event's record), or None."""
    original = uow.ledger.get(_event(uow, seq).corrects_seq)
    ho = uow.session.get(Handover, original.handover_id) if original is not None and original.handover_id else None
    return ho if ho is not None and any(sig.status in SIGNED for sig in live(ho)) else None


def item_annexes(uow, code: str) -> list[tuple[int, str]]:
    """(correction, the signed record it corrects) for each correction of what the item's signed records state,
    oldest first (the item's read rules apply)."""
    from sqlalchemy import select
    from .queries import item_by_code
    item = item_by_code(uow, code, events=0)
    seqs = uow.session.scalars(select(CustodyEvent.seq).join(Item, Item.id == CustodyEvent.item_id).where(
        Item.code == item.code, CustodyEvent.kind == "correction").order_by(CustodyEvent.seq))
    found = ((seq, corrected_record(uow, seq)) for seq in seqs)
    return [(seq, ho.number) for seq, ho in found if ho is not None]


def correction_annex(uow, seq: int) -> records.CorrectionAnnex:
    s = uow.session
    event = _event(uow, seq)
    found = corrected_record(uow, seq)
    if found is None:
        raise ValidationError("correction_of_no_signed_record", field="seq", seq=seq)
    ho, _details = _handover(uow, found.number)  # the record's read rules (an officer's own cases)
    signed = {(ROLE_MAP.get(sig.role, sig.role), sig.person_name) for sig in live(ho) if sig.status in SIGNED}
    parties = [p for p in _parties(s, ho) if (p.role, p.person.full_name) in signed]
    corrector = _corrector(s, event)
    if corrector is not None and all(p.person.full_name != corrector.full_name for p in parties):
        parties.append(records.Party(CORRECTOR, corrector))
    data = json.loads(event.data)
    item = s.get(Item, event.item_id)
    line = next((ln for ln in _lines(s, ho) if ln.code == item.code), None) or records.ItemLine(
        item.code, item.name, item.unit, item.quantity)
    settings = load_print_settings(uow)
    template = settings.document(_template(s, ho) or f"handover.{ho.kind}")
    doc = s.get(Document, event.document_id) if event.document_id else None
    title = template.subtitle or template.title
    annex = records.CorrectionAnnex(
        ho.number, _("biên bản {what}", what=title[:1].lower() + title[1:]), _times(ho)[0],
        local(parse_ledger_time(event.occurred_at)), line, tuple(_changes(item, data)), data.get("reason", ""),
        tuple(parties), basis_document(s, doc) if doc is not None else None, _case(s, ho), event.seq)
    # no QR check code: the paper check verifies records by their number, and this number is the record's (its QR would
    # read «không khớp» against the record itself); the correction's place in the ledger is printed instead
    return annex


def annex_columns(uow, seq: int) -> tuple[SignatureColumn, ...]:
    """The record's own signature columns for its signers, then the one who made the correction."""
    s = uow.session
    ho = corrected_record(uow, seq)
    template = load_print_settings(uow).document(_template(s, ho) or f"handover.{ho.kind}")
    return tuple(template.signature_columns) + (SignatureColumn(CORRECTOR, _("NGƯỜI ĐÍNH CHÍNH"),
                                                                _("(Ký, ghi rõ họ tên)"), True),)


@official
def correction_annex_pdf(uow, seq: int) -> bytes:
    from .. import printing
    annex = correction_annex(uow, seq)
    return printing.render_correction_annex(annex, annex_columns(uow, seq), load_print_settings(uow))


def _corrector(session, event: CustodyEvent) -> records.Person | None:
    user = session.get(User, event.user_id) if event.user_id else None
    return person(session, user.person_id, user.username) if user is not None else None


def _changes(item: Item, data: dict):
    """(what, as stated before, as corrected): each corrected field; the category's fields one by one."""
    before, after = data.get("previous") or {}, data.get("set") or {}
    order = {name: i for i, name in enumerate(CORRECTABLE_FIELDS)}  # as the record lists them, its fields last
    for name in sorted(after, key=lambda n: order.get(n, len(order))):
        old, new = before.get(name), after[name]
        if name == "attributes":
            old_attrs, new_attrs = json.loads(old or "{}"), json.loads(new or "{}")
            for key in sorted(set(old_attrs) | set(new_attrs)):
                if old_attrs.get(key) != new_attrs.get(key):
                    label = categories.FIELD_LABELS.get(key, key)
                    yield _(label), str(old_attrs.get(key, "")), str(new_attrs.get(key, ""))
            continue
        label = CORRECTABLE_LABELS.get(name, name)
        if name == "quantity":
            old, new = number(old) if old is not None else "", number(new)
        yield _(label), "" if old is None else str(old), "" if new is None else str(new)
