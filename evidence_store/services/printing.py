"""Printing from the database (DESIGN §5 Printing): each function builds the printing package's plain
records from the rows, checks the permission, and returns PDF bytes. Times are printed in Việt Nam
local time; every record carries a ledger stamp (its content hash and the chain position).

Labels need ``print_labels`` and are recorded in the ledger (a reprint says "BẢN IN LẠI n");
records follow the read rules of the queries (``read_all``, or an officer's own cases)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Sequence

from sqlalchemy import select

from .printing_official import official
from ..describe import location_kind_label, state_label
from ..domain.errors import ValidationError
from ..domain.lifecycle_rules import CHECK_RESULTS, RELEASE_PURPOSES
from ..domain.permissions import require
from ..domain.records import Approval, RecordStatus
from ..db.models import Attachment, Case, CustodyEvent, Document, Handover, Item, Location, Person
from ..domain import codes as code_format
from ..domain.states import TERMINAL, State
from ..i18n import N_, _
from ..error_texts import register as register_message
from .. import printing  # the renderers (and reportlab) load on first use: start-up (DESIGN §7)
from ..printing import records
from ..printing.templates import HANDOVER_KINDS
from . import persistence
from .handover_read import handover_detail
from .signature_slots import live
from . import legal_bases as LBS
from .label_prints import record_label_print
from .printing_data import (SEAL_STATES, agency_name, basis_document, case_ref, derived_number, documents_of,
                            load_print_settings, local, person, save_print_settings, stamped, user_names, warehouse)
from .printing_registers import (custody_report, custody_report_pdf, ledger_book, ledger_book_pdf,  # noqa: F401
                                 stock_card, stock_card_pdf)

IN_KINDS = ("intake", "return")
OUT_KINDS = ("release", "transfer", "deposit", "disposal")
ROLE_MAP = {"approver": "head"}

__all__ = [
    "custody_report", "custody_report_pdf", "destruction_pdf", "destruction_record", "handover_pdf",
    "handover_record", "item_labels_pdf", "ledger_book", "ledger_book_pdf", "load_print_settings",
    "location_labels_pdf", "save_print_settings", "seal_paper", "seal_paper_pdf", "stock_card", "stock_card_pdf", "stock_slip", "stock_slip_pdf",
]


# --- labels -----------------------------------------------------------------------------------------

register_message("label_layout_not_for_items", N_("Khổ nhãn «{layout}» dành cho nhãn vị trí, không in nhãn vật chứng"))
register_message("label_for_disposed_item", N_("Vật chứng {code} đã xử lý xong («{state}»): không in nhãn"))
register_message("printer_dpi_invalid", N_("Độ phân giải máy in không hợp lệ: {dpi} (203, 300 hoặc 600 dpi)"))

LABEL_IDENTIFIERS = (("plate", N_("BKS {v}")), ("imei", N_("IMEI {v}")), ("frame_no", N_("SK {v}")),
                     ("serial", N_("Số {v}")), ("engine_no", N_("SM {v}")))


def label_identifier(attributes: dict) -> str:
    """The one identifier a label prints whole: a plate first, else an IMEI, frame or serial number."""
    for key, template in LABEL_IDENTIFIERS:
        value = str(attributes.get(key) or "").strip()
        if value:
            return _(template, v=value)
    return ""


def item_labels_pdf(uow, codes: Sequence[str], layout: str | None = None, copies: int = 1,
                    dpi: int | None = None) -> bytes:
    """Item labels; the print is recorded first (one "label_printed" event per item, committed),
    so the QR carries the code and the short hash of that event, and a reprint is numbered.
    A disposed item gets no label, and a location layout is not for items (HANDS-ON 85)."""
    require(uow.actor, "print_labels")
    settings = load_print_settings(uow)
    if layout and layout not in settings.label_layouts:
        raise ValidationError("unknown_label_layout", field="layout", layout=layout)
    if layout and (layout.startswith(("location", "a4-location")) or settings.layout(layout).label_height_mm > 45):
        raise ValidationError("label_layout_not_for_items", field="layout", layout=layout)
    if dpi is not None and int(dpi) not in (203, 300, 600):
        raise ValidationError("printer_dpi_invalid", field="dpi", dpi=dpi)
    for item in uow.session.scalars(select(Item).where(Item.code.in_([code_format.clean(c) for c in codes]))):
        if State(item.state) in TERMINAL:
            raise ValidationError("label_for_disposed_item", field="codes", code=item.code,
                                  state=state_label(item.state))
    changes = record_label_print(uow, list(codes), copies=copies)
    reprints = changes.extra.get("reprints", {})
    s = uow.session
    labels = []
    for code in changes.item_codes:
        item = s.scalars(select(Item).where(Item.code == code)).one()
        case = s.get(Case, item.case_id)
        last = s.scalar(select(CustodyEvent.hash).where(CustodyEvent.seq == item.last_event_seq))
        received = local(item.received_at)
        labels.append(records.ItemLabel(item.code, item.name, case.number if case else "",
                                  item.seal_number if item.sealed else "", received.date() if received else None,
                                  _location_text(s, item.location_id) or item.holder, last or "",
                                  int(reprints.get(code, 0)), label_identifier(json.loads(item.attributes or "{}"))))
    return printing.render_item_labels(labels, settings, layout, copies, dpi=dpi)


def _location_text(session, location_id: int | None) -> str:
    loc = session.get(Location, location_id) if location_id else None
    return loc.name if loc else ""


def location_labels_pdf(uow, codes: Sequence[str], layout: str | None = None) -> bytes:
    require(uow.actor, "print_location_labels")
    settings = load_print_settings(uow)
    if layout and layout not in settings.label_layouts:
        raise ValidationError("unknown_label_layout", field="layout", layout=layout)
    if not codes:
        raise ValidationError("no_items", field="codes")
    labels = []
    for raw in codes:
        loc = persistence.location_by_code(uow.session, raw)
        wh = warehouse(uow.session, loc.warehouse_id)
        labels.append(records.LocationLabel(loc.code, loc.name, location_kind_label(loc.kind), wh.name if wh else ""))
    return printing.render_location_labels(labels, settings, layout)


# --- biên bản giao nhận -----------------------------------------------------------------------------

def _handover(uow, number: str) -> tuple[Handover, dict]:
    detail = handover_detail(uow, number)  # NotFound / visibility (an officer's own cases)
    return uow.session.get(Handover, detail.id), detail.details


def _parties(session, ho: Handover, skip_roles=()) -> list[records.Party]:
    """From the signature slots: each person with rank, position, agency and ID; refusals (BLTTHS Điều 133).
    A void record names only who was named: no blank lines for an act that did not happen."""
    out = []
    for sig in live(ho):
        if sig.role in skip_roles or (ho.status == RecordStatus.VOID and not sig.person_name):
            continue
        agency_id = ho.giver_agency_id if sig.role in ("giver", "maker") else ho.receiver_agency_id if sig.role == "receiver" else None
        who = person(session, sig.person_id, sig.person_name, agency_id) or _unnamed(session, sig.role, agency_id)
        if who is None:
            continue
        if sig.letter_number:
            who = replace(who, letter_number=sig.letter_number)
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


def handover_record(uow, number: str) -> records.HandoverRecord:
    ho, details = _handover(uow, number)
    s = uow.session
    if ho.kind not in HANDOVER_KINDS:
        raise ValidationError("unknown_handover_kind", field="number", kind=ho.kind)
    start, end = _times(ho)
    record = records.HandoverRecord(
        kind=ho.kind, number=ho.number, started_at=start, ended_at=end, place=_place(s, ho),
        parties=tuple(_parties(s, ho)), items=_lines(s, ho), basis_documents=_basis_of(s, ho, details),
        case=_case(s, ho), remarks=ho.notes or "", status=ho.status,
        void_statement=_void_statement(s, ho, details) if ho.status == RecordStatus.VOID else "",
        legal_bases=_legal_bases(s, ho, details, ho.kind), facts=_facts(s, ho, details),
        template=_template(s, ho), **_maker(s, ho))
    return stamped(record, ho.ledger_seq, ho.ledger_hash)


def _template(session, ho: Handover) -> str:
    """A transfer to a civil judgment enforcement agency prints TT 04/2023/TT-BTP Điều 10's four copies."""
    from ..domain.agencies import sector
    from ..db.models import Agency
    receiver = session.get(Agency, ho.receiver_agency_id) if ho.kind == "transfer" and ho.receiver_agency_id else None
    return "handover.transfer_thads" if receiver is not None and sector(receiver.kind) == "enforcement" else ""


def _maker(session, ho: Handover) -> dict:
    """Who heads the record: the warehouse's unit, except a transfer of responsibility made by an agency outside
    the investigation side (VKS → TA, TA → THADS): that agency makes and heads it (HANDS-ON 43)."""
    from ..domain.agencies import sector
    from ..db.models import Agency
    if ho.kind != "transfer" or not ho.giver_agency_id:
        return {}
    giver = session.get(Agency, ho.giver_agency_id)
    if giver is None or sector(giver.kind) in ("police", None):
        return {}
    parent = session.get(Agency, giver.parent_id) if giver.parent_id else None
    return {"issuing_parent": parent.name if parent else "", "issuing_agency": giver.name}


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
    return [int(x) for x in (ho.extra_document_ids or "").split(",") if x.strip()]


def _return_facts(session, ho: Handover, details: dict) -> list[str]:
    """A return states the condition found, the order the items had gone out on, and any seal opened while out:
    the old seal, why, who took part, and the new seal (ND 127/2017 Điều 8, 11; HANDS-ON 35)."""
    out = []
    for release in _release_records(session, ho, details):
        order = session.get(Document, release.basis_document_id) if release.basis_document_id else None
        if order is not None:
            out.append(_("Vật chứng đã tạm xuất theo {order} (biên bản số {number}), nay được giao trả lại kho.",
                         order=_doc_words(order), number=release.number))
    if details.get("condition_entered"):
        out.append(_("Tình trạng vật chứng khi nhận lại: {condition}.",
                     condition=details["condition_entered"].rstrip(".")))
    if details.get("reseal") and details.get("broken_codes"):  # found broken at the return, sealed again here
        old = details.get("previous_seals") or {}
        out.append(_("Niêm phong cũ {old} bị rách, hỏng khi nhận lại; vật chứng đã được niêm phong lại trước khi "
                     "xếp lên kệ (Nghị định 127/2017/NĐ-CP); người tham gia niêm phong lại: {who}; niêm phong mới "
                     "số {new}.",
                     old="; ".join(_("{code}: số {seal}", code=_display(code), seal=seal) for code, seal in old.items())
                     or _("(không ghi số)"),
                     who=", ".join(details.get("reseal_participants") or []) or _("không ghi"),
                     new=details.get("new_seal") or _("không ghi")))
    elif details.get("reseal"):
        old = details.get("previous_seals") or {}
        out.append(_("Trong thời gian tạm xuất, niêm phong cũ {old} đã được mở; lý do: {reason}; người tham gia mở "
                     "và niêm phong lại: {who}; niêm phong mới số {new}.",
                     old="; ".join(_("{code}: số {seal}", code=_display(code), seal=seal) for code, seal in old.items())
                     or _("(không ghi số)"),
                     reason=(details.get("reseal_reason") or _("không ghi")).rstrip("."),
                     who=", ".join(details.get("reseal_participants") or []) or _("không ghi"),
                     new=details.get("new_seal") or _("không ghi")))
    return out


def _display(code: str) -> str:
    """'VC26000123K' → 'VC-26-000123-K', as the item table prints it."""
    try:
        return code_format.parse_code(code_format.clean(code)).display
    except Exception:  # noqa: BLE001 — not a code of ours: printed as stored
        return code


def _doc_words(doc: Document) -> str:
    """'Lệnh xuất kho số 15/LXK-PC02 ngày 04/12/2026' in plain text (facts are escaped when printed)."""
    from ..domain.states import DOC_LABELS
    from ..domain.document_words import court_document_words
    kind = court_document_words(doc.kind, doc.number) or (_(DOC_LABELS[doc.kind]) if doc.kind in DOC_LABELS
                                                          else doc.kind)
    return _("{kind} số {number} ngày {day}", kind=kind, number=doc.number, day=doc.issued_on.strftime("%d/%m/%Y"))


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
    sentence = LBS.sentence_for(session, act, day, enforcement=_enforcement(session, ho),
                                outcome=details.get("outcome", ""))
    return (sentence,) if sentence else ()


def _money(value) -> str:
    return f"{int(round(float(value))):,}".replace(",", ".") + " đồng"


def _facts(session, ho: Handover, details: dict) -> tuple[str, ...]:
    """What the data holds and the law asks each record to say: purpose and due date of a release; price,
    buyer's representative and holding account of a sale; holding account of a deposit; the owner's address,
    identity and receipt on a return (LEGAL-RULES R21, R24; HANDS-ON 34, 47, 53)."""
    out = []
    if ho.kind == "release":
        purpose = _purpose("release", details)
        due = details.get("due_on")
        out.append(_("Mục đích tạm xuất: {purpose}; hạn trả lại kho: {due}.", purpose=purpose or _("không ghi"),
                      due=date.fromisoformat(due).strftime("%d/%m/%Y") if due else _("không ghi")))
    if ho.kind == "deposit" and details.get("mode") == "deposit" and details.get("account"):
        out.append(_("Tài khoản tạm giữ tại Kho bạc Nhà nước: {account}.", account=details["account"]))
    if ho.kind == "deposit" and details.get("mode") == "entrust" and details.get("address"):
        out.append(_("Nơi bảo quản: {address}.", address=details["address"]))
    if ho.kind == "return":
        out += _return_facts(session, ho, details)
    if ho.kind == "return" and details.get("seal_incident"):
        out.append(_("Niêm phong của {codes} có dấu hiệu bóc mở khi nhận lại: đã lập biên bản sự cố số {number} và "
                     "báo cáo {agency} (Điều 90 BLTTHS; Điều 11 Nghị định 142/2024/NĐ-CP).",
                     codes=", ".join(details.get("broken_codes") or []), number=details["seal_incident"],
                     agency=details.get("seal_incident_report_to") or _("cơ quan đang thụ lý")))
    if ho.kind == "incident":
        out.append(_("Sự việc: {description}. Phát hiện khi: {when}. Báo cáo gửi: {agency}.",
                     description=(details.get("description") or "").rstrip("."),
                     when={"return": _("nhận lại vật chứng"), "check": _("kiểm tra"), "audit": _("kiểm kê")}.get(
                         details.get("found_during", ""), details.get("found_during", "")),
                     agency=details.get("report_to") or _("cơ quan đang thụ lý")))
    if ho.kind == "check":  # TT 01/2017/TT-BTP Điều 12
        result = _(CHECK_RESULTS[details["result"]]) if details.get("result") in CHECK_RESULTS else ""
        out.append(_("Kết quả kiểm tra: vật chứng {result}{note}.", result=result or _("không ghi"),
                      note=f"; {details['note'].rstrip('.')}" if details.get("note") else ""))
        if details.get("condition"):
            out.append(_("Tình trạng hiện tại: {condition}.", condition=details["condition"].rstrip(".")))
    if ho.kind in ("seal", "unseal") and details.get("reason"):
        out.append(_("Lý do: {reason}.", reason=details["reason"].rstrip(".")))
    outcome = details.get("outcome")
    if ho.kind == "disposal" and outcome == "sold":
        buyer = person(session, ho.receiver_id, "") if ho.receiver_id else None
        out.append(_("Bán cho: {buyer}{rep}; giá bán: {price}; tiền bán nộp vào tài khoản tạm giữ số {account}.",
                     buyer=details.get("buyer") or _("không ghi"),
                     rep=_(", người đại diện {name}", name=buyer.full_name) if buyer else "",
                     price=_money(details["proceeds"]) if details.get("proceeds") else _("không ghi"),
                     account=details.get("holding_account") or _("không ghi")))
    if ho.kind == "disposal" and outcome == "returned":
        owner = session.get(Person, ho.receiver_id) if ho.receiver_id else None
        if owner is not None:
            out.append(_("Trả lại cho {name}, căn cước số {id_number}, địa chỉ: {address}.", name=owner.full_name,
                         id_number=owner.id_number or _("không ghi"), address=owner.address or _("không ghi")))
        if details.get("authorisation_for"):  # Điều 106.3.a BLTTHS: the paper the recipient acts on, for whom
            out.append(_("{name} nhận thay chủ sở hữu {owner}{owner_id} theo Giấy ủy quyền số {number} ngày {day}.",
                         name=owner.full_name if owner is not None else _("Người nhận"),
                         owner=details["authorisation_for"],
                         owner_id=_(", căn cước số {id_number}", id_number=details["authorisation_for_id"])
                         if details.get("authorisation_for_id") else "",
                         number=details.get("authorisation") or _("không ghi"),
                         day=_short_day(details.get("authorisation_on"))))
        if details.get("receipt"):
            out.append(_("Người nhận xác nhận: {receipt}.", receipt=details["receipt"].rstrip(".")))
    if ho.kind == "disposal" and outcome in ("confiscated", "handed_to_specialist") and details.get("receiving_agency"):
        out.append(_("Cơ quan nhận: {agency}.", agency=details["receiving_agency"]))
    return tuple(out)


def _case(session, ho: Handover) -> records.CaseRef | None:
    return case_ref(session, ho.case_id)


@official
def handover_pdf(uow, number: str) -> bytes:
    """Biên bản giao nhận of any kind (intake, release, return, transfer, deposit, disposal)."""
    return printing.render_handover(handover_record(uow, number), load_print_settings(uow))


# --- giấy niêm phong (ND 127/2017 Điều 3.3) --------------------------------------------------------------

register_message("seal_paper_not_for_record", N_("Biên bản {number} không phải biên bản niêm phong: không có giấy "
                                                 "niêm phong để in"))
register_message("seal_paper_void", N_("Biên bản niêm phong {number} đã hủy: việc niêm phong không diễn ra, không in "
                                       "giấy niêm phong"))


def seal_paper(uow, number: str) -> records.SealPaper:
    """The seal paper of a sealing or resealing record: the organising agency (the organiser's), the seal number,
    the request, the case, each package's item, the time and place, and the people who sign it."""
    from ..db.models import Agency
    ho, details = _handover(uow, number)
    s = uow.session
    if ho.kind != "seal":
        raise ValidationError("seal_paper_not_for_record", field="number", number=ho.number)
    if ho.status == RecordStatus.VOID:
        raise ValidationError("seal_paper_void", field="number", number=ho.number)
    slots = [sig for sig in live(ho) if sig.role == "organiser"]
    organiser = s.get(Person, slots[0].person_id) if slots and slots[0].person_id else None
    agency = s.get(Agency, organiser.agency_id) if organiser is not None and organiser.agency_id else None
    parent = s.get(Agency, agency.parent_id) if agency is not None and agency.parent_id else None
    basis = s.get(Document, ho.basis_document_id) if ho.basis_document_id else None
    start, _end = _times(ho)
    items = _lines(s, ho)
    seal = details.get("seal_number") or next((i.seal_number for i in items if i.seal_number), "")
    paper = records.SealPaper(ho.number, seal, start, _place(s, ho), agency.name if agency else "",
                        parent.name if parent else "", tuple(_parties(s, ho)), items,
                        basis_document(s, basis) if basis is not None else None, _case(s, ho))
    return stamped(paper, ho.ledger_seq, ho.ledger_hash)


@official
def seal_paper_pdf(uow, number: str) -> bytes:
    return printing.render_seal_paper(seal_paper(uow, number), load_print_settings(uow))


# --- phiếu nhập kho / phiếu xuất kho ------------------------------------------------------------------

def stock_slip(uow, number: str, direction: str) -> records.StockSlip:
    if direction not in ("in", "out"):
        raise ValidationError("slip_direction_invalid", field="direction", direction=direction)
    ho, details = _handover(uow, number)
    s = uow.session
    slip = _("phiếu nhập kho") if direction == "in" else _("phiếu xuất kho")
    if ho.kind not in (IN_KINDS if direction == "in" else OUT_KINDS):
        raise ValidationError("slip_direction_mismatch", field="direction", number=ho.number, slip=slip)
    no_movement = _no_physical_movement(ho, details)
    if no_movement:
        raise ValidationError("slip_not_for_record", field="number", number=ho.number, slip=slip, reason=no_movement)
    parties = _parties(s, ho)
    by_role = {p.role: p for p in reversed(parties)}
    counterpart_role, keeper_role = ("giver", "receiver") if direction == "in" else ("receiver", "giver")
    counterpart = by_role.get(counterpart_role)
    who = counterpart.person if counterpart else records.Person(
        details.get("holder") or details.get("receiving_agency") or "")
    slip_parties = [records.Party("counterpart", who)]
    if keeper_role in by_role:
        slip_parties.append(records.Party("keeper", by_role[keeper_role].person))
    if "head" in by_role:
        slip_parties.append(records.Party("head", by_role["head"].person))
    start, end = _times(ho)
    wh = warehouse(s)
    record = records.StockSlip(
        direction, derived_number(ho.number, "PNK" if direction == "in" else "PXK"), end or start,
        wh.name if wh else "", who, _lines(s, ho), tuple(slip_parties), documents_of(s, ho), _case(s, ho),
        ho.number, _purpose(ho.kind, details), status=ho.status,
        due_on=date.fromisoformat(details["due_on"]) if ho.kind == "release" and details.get("due_on") else None)
    return stamped(record, ho.ledger_seq, ho.ledger_hash)


def _no_physical_movement(ho: Handover, details: dict) -> str:
    """A slip attests that items physically left or entered the warehouse (ND 142/2024 Art 14): none for a
    void record, a disposal not approved or not carried out, or a change of responsibility that leaves the
    items on the shelf. Returns the reason, or "" when the slip is due."""
    if ho.status == RecordStatus.VOID:
        return _("hành vi không được thực hiện (biên bản không có hiệu lực)")
    if ho.kind == "disposal" and ho.approval != Approval.APPROVED:
        return _("đề xuất xử lý chưa được phê duyệt")
    if ho.kind == "disposal" and ho.ended_at is None:
        return _("việc xử lý chưa được thực hiện")
    if ho.kind == "transfer" and not details.get("move_out"):
        return _("chuyển giao trách nhiệm quản lý, vật chứng không rời khỏi kho")
    return ""


def _purpose(kind: str, details: dict) -> str:
    if kind == "release":
        purpose = details.get("purpose", "")
        text = _(RELEASE_PURPOSES[purpose]) if purpose in RELEASE_PURPOSES else purpose
        note = details.get("purpose_note") or ""
        return f"{text} ({note})" if text and note else text or note
    if kind == "disposal" and details.get("outcome"):
        return _("xử lý vật chứng: {outcome}", outcome=state_label(details["outcome"]).lower())
    if kind == "transfer":
        return _("chuyển giao vật chứng sang kho khác") if details.get("move_out") else _(
            "chuyển giao trách nhiệm quản lý")
    if kind == "deposit":
        return _("giao bảo quản") if details.get("mode") == "entrust" else _("gửi bảo quản chuyên trách")
    return ""


@official
def stock_slip_pdf(uow, number: str, direction: str) -> bytes:
    """Phiếu nhập kho ("in", from an intake or return handover) or Phiếu xuất kho ("out", from a release,
    transfer, deposit or disposal handover)."""
    return printing.render_stock_slip(stock_slip(uow, number, direction), load_print_settings(uow))


# --- biên bản tiêu hủy ------------------------------------------------------------------------------

def destruction_record(uow, number: str) -> records.DestructionRecord:
    """From a disposal handover with outcome "destroyed": the council (its first member chairs it, as the
    disposal service stores the members in order), the Kiểm sát viên supervising, witnesses, method."""
    ho, details = _handover(uow, number)
    s = uow.session
    if ho.kind != "disposal" or details.get("outcome") != "destroyed":
        raise ValidationError("not_destruction_record", field="number", number=ho.number)
    parties = [p for p in _parties(s, ho) if p.role in ("chair", "member", "supervisor", "witness", "keeper",
                                                       "refusal_witness", "fingerprint_witness")]
    if not any(p.role in ("chair", "member") for p in parties):  # a record made before the council signed in slots
        members = [m for m in details.get("council_members") or [] if m]
        parties = [records.Party("chair" if i == 0 else "member", records.Person(m)) for i, m in enumerate(members)] + parties
    if ho.status == RecordStatus.VOID:
        raise ValidationError("record_void", field="number", handover=ho.number,
                              reason=details.get("reason") or _("không được phê duyệt"))
    start, end = _times(ho)
    done = ho.approval == Approval.APPROVED and ho.ended_at is not None  # carried out, not merely approved
    council_agency = _council_agency(s, ho)
    record = records.DestructionRecord(
        derived_number(ho.number, "BB-TH"), start, end, _place(s, ho), tuple(parties), _lines(s, ho),
        details.get("method") or "", _judgment_first(s, ho), _case(s, ho),
        _("toàn bộ vật chứng nêu trên đã được tiêu hủy") if done else "", ho.notes or details.get("note") or "",
        status=ho.status, issuing_agency=council_agency,
        legal_bases=_legal_bases(s, ho, details, "destruction"),
        issuing_unit=_("HỘI ĐỒNG TIÊU HỦY\nVẬT CHỨNG, TÀI SẢN") if council_agency else "")
    return stamped(record, ho.ledger_seq, ho.ledger_hash)


def _council_agency(session, ho: Handover) -> str:
    """The agency that set the council up (its decision's issuer, THADS): the record is the council's."""
    for doc_id in [int(x) for x in (ho.extra_document_ids or "").split(",") if x.strip()]:
        doc = session.get(Document, doc_id)
        if doc is not None and doc.kind == "council_decision" and doc.issuing_agency_id:
            return agency_name(session, doc.issuing_agency_id)
    return ""


def _judgment_first(session, ho: Handover) -> tuple:
    """The judgment it executes, then the enforcement decision and the council decision (Kiên Giang THADS
    practice: the record cites the bản án and the QĐ THA)."""
    docs = documents_of(session, ho)
    if ho.case_id and not any(d.kind == "judgment" for d in docs):
        judgment = session.scalars(select(Document).where(Document.case_id == ho.case_id, Document.kind == "judgment")
                                   .order_by(Document.issued_on.desc())).first()
        if judgment is not None:
            docs = (basis_document(session, judgment),) + docs
    return docs


@official
def destruction_pdf(uow, number: str) -> bytes:
    return printing.render_destruction(destruction_record(uow, number), load_print_settings(uow))


def _short_day(iso: str | None) -> str:
    from datetime import date as _date
    return _date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else _("không ghi")
