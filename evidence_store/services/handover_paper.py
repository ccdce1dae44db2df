"""What a printed handover record says, read from the rows (DESIGN §5 Printing): its parties, item lines, place
and times, legal bases and documents, the facts and statements of each kind of move, and the disposal council.
The documents themselves, their permission checks and their PDFs: ``printing``."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from sqlalchemy import select

from ..domain.records import Approval, RecordStatus
from ..db.models import Attachment, CustodyEvent, Document, Handover, Item, Location
from ..i18n import N_, _
from ..printing import records
from .handover_read import handover_detail
from .signature_slots import live
from . import legal_bases
from .record_header import maker as _maker  # noqa: F401  (services.printing reads it here)
from .printing_data import SEAL_STATES, agency_name, case_ref, documents_of, local, person, user_names, warehouse

ROLE_MAP = {"approver": "head"}


def _location_text(session, location_id: int | None) -> str:
    loc = session.get(Location, location_id) if location_id else None
    return loc.name if loc else ""


def _handover(uow, number: str) -> tuple[Handover, dict]:
    detail = handover_detail(uow, number)  # NotFound / visibility (an officer's own cases)
    return uow.session.get(Handover, detail.id), detail.details


def _parties(session, ho: Handover, skip_roles=()) -> list[records.Party]:
    """From the signature slots: each person with rank, position, agency and ID; refusals (BLTTHS Điều 133).
    A void record names only who was named: no blank lines for an act that did not happen."""
    out = []
    giver_letter_on = json.loads(ho.details or "{}").get("giver_letter_on")
    saved = json.loads(ho.details or "{}")
    bank = f"{saved['bank']} – {saved['branch']}" if saved.get("mode") == "savings" else ""
    for sig in live(ho):
        if sig.role in skip_roles or (ho.status == RecordStatus.VOID and not sig.person_name):
            continue
        agency_id = ho.giver_agency_id if sig.role in ("giver", "maker") else ho.receiver_agency_id if sig.role == "receiver" else None
        who = person(session, sig.person_id, sig.person_name, agency_id) or _unnamed(session, sig.role, agency_id)
        if who is None:
            continue
        if sig.role == "receiver" and not who.agency and bank:  # who receives for the bank (Điều 126 savings)
            who = replace(who, agency=bank)
        if sig.letter_number:
            who = replace(who, letter_number=sig.letter_number)
            if sig.role == "giver" and ho.kind == "intake" and giver_letter_on:  # its date (ND 142/2024 Art 14)
                who = replace(who, letter_on=date.fromisoformat(giver_letter_on))
        refused = sig.status == "refused"
        screen = sig.status == "signed_screen"
        png = session.get(Attachment, sig.attachment_id).content if screen and sig.attachment_id else b""
        out.append(records.Party(ROLE_MAP.get(sig.role, sig.role), who, (sig.refusal_reason or "") if refused else None,
                           sig.refusal_witness or "", fingerprint=sig.status == "fingerprint",
                           signed_on_screen=local(sig.signed_at) if screen else None, signature_png=png or b""))
    if not ho.signatures:  # records written before signature slots existed
        for role, pid, agency_id in (("giver", ho.giver_id, ho.giver_agency_id),
                                     ("receiver", ho.receiver_id, ho.receiver_agency_id)):
            who = person(session, pid, "", agency_id)
            if who is not None:
                out.append(records.Party(role, who))
    return out


BLANK_NAME = "……………………………"


def _unnamed(session, role: str, agency_id: int | None) -> records.Person | None:
    """A slot without a person (a record made before persons were required): an agency never signs, so the
    name is left blank to be written by the person who signs for it, with the agency beside it."""
    if role not in ("giver", "receiver", "keeper"):
        return None
    return records.Person(BLANK_NAME, agency=agency_name(session, agency_id))


def _event_locations(session, ho: Handover) -> dict[int, str]:
    """item id → the location the handover's event put it on (intake, return), by name."""
    out = {}
    for item_id, data in session.execute(select(CustodyEvent.item_id, CustodyEvent.data)
                                         .where(CustodyEvent.handover_id == ho.id)):
        loc_id = (json.loads(data).get("set") or {}).get("location_id")
        if item_id and loc_id:
            out[item_id] = _location_text(session, loc_id)
    return out


def left_locations(session, ho: Handover) -> dict[int, str]:
    """item id → the shelf the item left at this handover (a release, transfer, deposit, disposal), read from the
    ledger as it stood then: the location the item's last event before this handover's first clearing of its
    location had put it on — not where it is now (it may have come back elsewhere, or the shelf was reused)."""
    cleared: dict[int, int] = {}
    for seq, item_id, data in session.execute(select(CustodyEvent.seq, CustodyEvent.item_id, CustodyEvent.data)
                                              .where(CustodyEvent.handover_id == ho.id).order_by(CustodyEvent.seq)):
        put = json.loads(data).get("set") or {}
        if item_id and "location_id" in put and put["location_id"] is None:
            cleared.setdefault(item_id, seq)
    out = {}
    for item_id, seq in cleared.items():
        earlier = session.execute(select(CustodyEvent.data).where(CustodyEvent.item_id == item_id,
                                                                  CustodyEvent.seq < seq)
                                  .order_by(CustodyEvent.seq.desc()))
        for (data,) in earlier:
            put = json.loads(data).get("set") or {}
            if "location_id" in put:
                if put["location_id"]:
                    out[item_id] = _location_text(session, put["location_id"])
                break
    return out


def _lines(session, ho: Handover) -> tuple[records.ItemLine, ...]:
    """Each item as it stood at the handover: the line keeps quantity, condition and seal of that moment."""
    items = {i.id: i for i in session.scalars(select(Item).where(Item.id.in_([ln.item_id for ln in ho.lines])))}
    places = _event_locations(session, ho)
    out = []
    for ln in ho.lines:
        item = items[ln.item_id]
        state = ln.note if ln.note in SEAL_STATES else ("intact" if ln.sealed else "none")
        note = "" if ln.note in SEAL_STATES else ln.note
        seal = ln.seal_number if ln.sealed or state in ("broken", "unsealed", "resealed") else ""
        text, identifiers = _with_identifiers(item)
        out.append(records.ItemLine(item.code, item.name, item.unit, ln.quantity, text,
                                    ln.condition or "", seal, state, note, places.get(item.id, ""),
                                    identifiers=identifiers))
    return tuple(out)


IDENTIFYING = ("imei", "sim", "serial", "number", "plate", "frame_no", "engine_no", "denominations", "total_amount",
               "currency", "weight_g", "purity", "net_weight_g", "species")


def _with_identifiers(item: Item) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """The characteristics and the identifying numbers the category records (IMEI, plate, frame and engine
    numbers, denominations, weights) that they do not already state — as stored or as printed — each once: a
    record identifies the very item (HANDS-ON 72). The renderer prints the numbers in Vietnamese format."""
    from ..domain.categories import FIELD_LABELS
    from ..printing.formatting import attribute_value
    text = item.characteristics or ""
    try:
        attrs = json.loads(item.attributes or "{}")
    except ValueError:
        attrs = {}
    extra = []
    for key in IDENTIFYING:
        value = str(attrs.get(key) or "").strip()
        if value and value not in text and attribute_value(key, value) not in text:
            extra.append((key, _(FIELD_LABELS[key]) if key in FIELD_LABELS else "", value))
    return text, tuple(extra)


def _place(session, ho: Handover) -> str:
    if ho.place:
        return ho.place
    if ho.kind == "disposal" and ho.status == RecordStatus.DRAFT:
        # not carried out yet: where the act happens ("tại lò đốt …") is written when it happens, never the
        # warehouse assumed (BLTTHS Điều 133.1; LEGAL-RULES R39)
        return "……………………………………"
    wh = warehouse(session)
    return wh.name if wh else ""


def _times(ho: Handover):
    """The real start and end; no end recorded → None, printed blank (never the start copied: Điều 133.1)."""
    return local(ho.started_at), local(ho.ended_at)


def _void_statement(session, ho: Handover, details: dict) -> str:
    """Why a void record's act did not happen (a rejected or withdrawn disposal)."""
    reason = details.get("reason") or ""
    if ho.acceptance == "refused":  # the other side refused the act (issue 13)
        return _refusal_statement(session, ho, details)
    if details.get("unclaimed"):  # the owner never came: the money or property went as Điều 126 orders
        from .unclaimed_facts import unclaimed_void_statement
        return unclaimed_void_statement(details)
    if ho.approval == Approval.WITHDRAWN:
        text = _("Biên bản không có hiệu lực: đề xuất xử lý đã được rút, không có việc giao nhận, xử lý nào "
                 "được thực hiện.")
    else:
        login = details.get("rejected_by") or ""
        who = user_names(session).get(login, login)
        text = _("Biên bản không có hiệu lực: đề xuất xử lý không được phê duyệt{by}, không có việc giao nhận, "
                 "xử lý nào được thực hiện.", by=_(" (người quyết định: {who})", who=who) if who else "")
    return text + (" " + _("Lý do: {reason}.", reason=reason.rstrip(".")) if reason else "")


def _refusal_statement(session, ho: Handover, details: dict) -> str:
    from ..db.models import Agency
    agency_id = ho.giver_agency_id if ho.kind == "return" else ho.receiver_agency_id
    agency = session.get(Agency, agency_id) if agency_id else None
    name = agency.name if agency else _("bên nhận")
    codes = ", ".join(details.get("undone_codes") or [])
    if ho.kind == "return":
        text = _("Biên bản không có hiệu lực: {agency} không xác nhận việc giao trả vật chứng.", agency=name)
        back = _("Vật chứng ({codes}) được ghi trở lại tình trạng tạm xuất như trước khi lập biên bản.", codes=codes)
    else:
        text = _("Biên bản không có hiệu lực: {agency} từ chối tiếp nhận.", agency=name)
        back = _("Vật chứng ({codes}) trở lại kho, đúng vị trí và tình trạng trước khi xuất.", codes=codes) \
            if ho.kind == "release" else _("Không có vật chứng nào được chuyển giao.")
    reason = (ho.acceptance_note or "").rstrip(".")
    return " ".join(x for x in (text, _("Lý do: {reason}.", reason=reason) if reason else "",
                                back if codes or ho.kind == "transfer" else "") if x)


def _template(session, ho: Handover) -> str:
    """A transfer to a civil judgment enforcement agency prints TT 04/2023/TT-BTP Điều 10's four copies; an item
    entrusted to a person or the commune its own giao bảo quản record (HANDS-ON 51); a deposit with the Kho bạc
    the Kho bạc's Mẫu 02."""
    import json
    from ..domain.agencies import sector
    from ..db.models import Agency
    if ho.kind == "deposit" and json.loads(ho.details or "{}").get("mode") == "entrust":
        return "handover.entrust"
    if ho.kind == "deposit" and json.loads(ho.details or "{}").get("mode") == "savings":  # Luật THADS Điều 126
        return "handover.savings"
    if treasury_deposit(session, ho):  # TT 135/2018/TT-BTC Mẫu 02 (LEGAL-RULES R25)
        return "handover.deposit_treasury"
    receiver = session.get(Agency, ho.receiver_agency_id) if ho.kind == "transfer" and ho.receiver_agency_id else None
    return "handover.transfer_thads" if receiver is not None and sector(receiver.kind) == "enforcement" else ""


RELEASE_RECORD = N_("Biên bản giao nhận vật chứng khi tạm xuất")


def _release_records(session, ho: Handover, details: dict) -> list[Handover]:
    """The tạm xuất records a return answers: stored at the return, else each item's last release before it."""
    numbers = details.get("release_handovers")
    if numbers is None:
        first = session.scalar(select(CustodyEvent.seq).where(CustodyEvent.handover_id == ho.id)
                               .order_by(CustodyEvent.seq).limit(1))
        numbers = []
        for ln in ho.lines:
            q = select(CustodyEvent.handover_id).where(CustodyEvent.item_id == ln.item_id,
                                                       CustodyEvent.kind == "release_temporary")
            if first is not None:
                q = q.where(CustodyEvent.seq < first)
            ho_id = session.scalar(q.order_by(CustodyEvent.seq.desc()).limit(1))
            release = session.get(Handover, ho_id) if ho_id else None
            if release is not None and release.number not in numbers:
                numbers.append(release.number)
    return [r for n in numbers for r in session.scalars(select(Handover).where(Handover.number == n))]


def _basis_of(session, ho: Handover, details: dict) -> tuple[records.BasisDocument, ...]:
    """The documents a record rests on. A return rests on the tạm xuất record it closes (HANDS-ON 35): that
    record is cited first, and the lệnh xuất kho it carried out is named in the facts, not as this act's basis."""
    docs = documents_of(session, ho)
    if ho.kind != "return":
        return docs
    releases = _release_records(session, ho, details)
    if not releases:
        return docs
    orders = {r.basis_document_id for r in releases}
    own = tuple(d for d, i in zip(docs, [ho.basis_document_id] + _extra_ids(ho)) if i not in orders)
    cited = tuple(records.BasisDocument(_(RELEASE_RECORD), r.number, (local(r.started_at) or r.started_at).date())
                  for r in releases)
    return cited + own


def _extra_ids(ho: Handover) -> list[int]:
    return ho.extra_document_id_list


def _enforcement(session, ho: Handover) -> bool:
    """An act of the enforcement stage (THADS), judged at the act, not by the case's stage today: its basis is a
    QĐ THA or was issued by an enforcement agency."""
    from ..domain.agencies import sector
    from ..db.models import Agency
    basis = session.get(Document, ho.basis_document_id) if ho.basis_document_id else None
    if basis is None:
        return False
    issuer = session.get(Agency, basis.issuing_agency_id) if basis.issuing_agency_id else None
    return basis.kind == "enforcement_decision" or (issuer is not None and sector(issuer.kind) == "enforcement")


def _legal_bases(session, ho: Handover, details: dict, act: str) -> tuple[str, ...]:
    """The legal bases in force on the day of the act, for its kind (R40; LEGAL-RULES §4)."""
    day = (local(ho.started_at) or ho.started_at).date()
    if details.get("mode") == "savings":  # cited for the savings deposit, not a custody deposit (Điều 126)
        act = "savings"
    if details.get("pilot_measure"):  # an NQ 164/2024/QH15 measure: its texts after the record's own
        from ..domain.legal_bases import basis_sentence
        cited = legal_bases.citations_for(session, act, day, outcome=details.get("outcome", "")) + \
            legal_bases.citations_for(session, "pilot", day)
        return (basis_sentence(cited),) if cited else ()
    sentence = legal_bases.sentence_for(session, act, day, enforcement=_enforcement(session, ho),
                                outcome=details.get("outcome", ""))
    treasury = (_(TREASURY_BASIS),) if treasury_deposit(session, ho) else ()
    return ((sentence,) if sentence else ()) + treasury


TREASURY_BASIS = N_("Căn cứ Thông tư số 135/2018/TT-BTC của Bộ Tài chính (Mẫu số 02: biên bản bàn giao, tiếp nhận "
                    "để bảo quản tại Kho bạc Nhà nước);")


def treasury_deposit(session, ho: Handover) -> bool:
    """A deposit with the Kho bạc Nhà nước recorded on its Mẫu 02 (services.custody marks it; one recorded before
    keeps the general deposit record it was printed with)."""
    return ho.kind == "deposit" and json.loads(ho.details or "{}").get("form") == "tt135_mau02"


def _case(session, ho: Handover) -> records.CaseRef | None:
    return case_ref(session, ho.case_id)
