"""What a printed handover record says, read from the rows (DESIGN §5 Printing): its parties, item lines, place
and times, legal bases and documents, the facts and statements of each kind of move, and the disposal council.
The documents themselves, their permission checks and their PDFs: ``printing``."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import select

from ..describe import state_label
from ..domain.lifecycle_rules import CHECK_RESULTS, RELEASE_PURPOSES
from ..domain.records import Approval, RecordStatus
from ..db.models import Attachment, CustodyEvent, Document, Handover, Item, Location, Person
from ..domain import codes as code_format
from ..i18n import N_, _
from ..printing import records
from .handover_read import handover_detail
from .signature_slots import live
from . import legal_bases
from .printing_data import (SEAL_STATES, agency_name, case_ref, documents_of, local, person,
                            user_names, warehouse)

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


def _template(session, ho: Handover) -> str:
    """A transfer to a civil judgment enforcement agency prints TT 04/2023/TT-BTP Điều 10's four copies; an item
    entrusted to a person or the commune its own giao bảo quản record (HANDS-ON 51)."""
    import json
    from ..domain.agencies import sector
    from ..db.models import Agency
    if ho.kind == "deposit" and json.loads(ho.details or "{}").get("mode") == "entrust":
        return "handover.entrust"
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
    if details.get("pilot_measure"):  # an NQ 164/2024/QH15 measure: its texts after the record's own
        from ..domain.legal_bases import basis_sentence
        cited = legal_bases.citations_for(session, act, day, outcome=details.get("outcome", "")) + \
            legal_bases.citations_for(session, "pilot", day)
        return (basis_sentence(cited),) if cited else ()
    sentence = legal_bases.sentence_for(session, act, day, enforcement=_enforcement(session, ho),
                                outcome=details.get("outcome", ""))
    return (sentence,) if sentence else ()


def _pilot_facts(details: dict) -> list[str]:
    """An NQ 164/2024/QH15 measure says which one, under which reference the case is in the pilot and, for a
    guarantee, the sum paid into the holding account (domain.pilot)."""
    from ..domain.pilot import MEASURE_LABELS, Measure
    measure = details["pilot_measure"]
    label = _(MEASURE_LABELS[Measure(measure)]) if measure in set(Measure) else measure
    out = [_("Biện pháp xử lý vật chứng, tài sản theo Nghị quyết số 164/2024/QH15: {measure}; vụ án thuộc diện thí "
             "điểm theo {reference}.", measure=label, reference=details.get("pilot_reference") or _("không ghi"))]
    if measure == Measure.GUARANTEE.value and details.get("guarantee_amount"):
        out.append(_("Chủ sở hữu đã nộp {amount} vào tài khoản tạm giữ {account} (chứng từ {receipt}); tài sản được "
                     "trả lại cho chủ sở hữu.", amount=_money(details["guarantee_amount"]),
                     account=details.get("holding_account", ""), receipt=details.get("guarantee_receipt", "")))
    if measure == Measure.REFUND.value and details.get("recipient"):
        out.append(_("Trả lại tiền cho bị hại: {recipient}.", recipient=details["recipient"]))
    if measure == Measure.USE.value:
        out.append(_("Tài sản được giao quản lý, sử dụng, khai thác; vẫn là vật chứng của vụ án."))
    return out


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
        out += _release_approval(session, ho, details)
        if details.get("seal_incident"):  # ND 142/2024 Điều 11: found broken when it was to leave, reported
            out.append(_("Niêm phong của {codes} có dấu hiệu bóc mở khi xuất kho: đã lập biên bản sự cố số {number} và "
                         "báo cáo {agency} (Điều 90 BLTTHS; Điều 11 Nghị định 142/2024/NĐ-CP).",
                         codes=", ".join(details.get("broken_codes") or []), number=details["seal_incident"],
                         agency=details.get("seal_incident_report_to") or _("cơ quan đang thụ lý")))
    if details.get("pilot_measure"):
        out += _pilot_facts(details)
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
    if ho.kind == "return" and details.get("damage_incident"):
        out.append(_("Vật chứng bị hư hỏng khi nhận lại ({damage}): đã lập biên bản sự cố số {number} và báo cáo "
                     "{agency} (Điều 11 Nghị định 142/2024/NĐ-CP).", damage=details.get("damage", "").rstrip("."),
                     number=details["damage_incident"],
                     agency=details.get("damage_report_to") or _("cơ quan đang thụ lý")))
    if ho.kind == "incident":
        out.append(_("Sự việc: {description}. Phát hiện khi: {when}. Báo cáo gửi: {agency}.",
                     description=(details.get("description") or "").rstrip("."),
                     when={"release": _("xuất kho vật chứng"), "return": _("nhận lại vật chứng"),
                           "check": _("kiểm tra"), "audit": _("kiểm kê")}.get(
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


def _release_approval(session, ho: Handover, details: dict) -> list[str]:
    """ND 142/2024 Điều 4: who approved the release (person, position, time), or that it is not approved — a
    release waiting for approval or refused is never printed as done."""
    if ho.approval == Approval.PENDING:
        return [_("Phiếu xuất chưa được lãnh đạo kho duyệt: vật chứng chưa được giao, vẫn ở trong kho (Điều 4 Nghị "
                  "định 142/2024/NĐ-CP).")]
    if ho.approval == Approval.REJECTED:
        return [_("Lãnh đạo kho không duyệt xuất: {reason}. Vật chứng không rời khỏi kho.",
                  reason=(details.get("reason") or _("không ghi")).rstrip("."))]
    if ho.approval != Approval.APPROVED:
        return []
    slot = next((sig for sig in ho.signatures if sig.role == "approver"), None)
    who = person(session, slot.person_id, slot.person_name) if slot is not None else None
    name = who.full_name if who else details.get("approved_by_name") or details.get("approved_by") or ""
    position = f", {who.position}" if who and who.position else ""
    at = local(datetime.fromisoformat(details["approved_at"])) if details.get("approved_at") else None
    return [_("Việc xuất kho đã được {name}{position} duyệt{when} (Điều 4 Nghị định 142/2024/NĐ-CP).", name=name,
              position=position, when=_(" lúc {time}", time=at.strftime("%H:%M ngày %d/%m/%Y")) if at else "")]


def _case(session, ho: Handover) -> records.CaseRef | None:
    return case_ref(session, ho.case_id)


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


def _short_day(iso: str | None) -> str:
    from datetime import date as _date
    return _date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else _("không ghi")
