"""What a printed handover record states from the record's details, as the law asks each record to say: purpose
and due date of a release and its approval, the price, buyer and holding account of a sale, the owner on a return,
the pilot measures (NQ 164/2024/QH15) — with amounts and dates in words."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date, datetime

from ..describe import document_reference, state_label
from ..domain.lifecycle_rules import CHECK_RESULTS, RELEASE_PURPOSES
from ..domain.legal_bases import ND142_FROM
from ..domain.records import Approval, RecordStatus
from ..db.models import Document, Handover, Person
from ..domain import codes as code_format
from ..i18n import N_, _
from .printing_data import local, person
from .handover_paper import _release_records, treasury_deposit
from .unclaimed_facts import from_savings_fact, savings_facts, unclaimed_sale_facts


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
    if details.get("reseal") and details.get("resealed_by"):
        out.append(_reseal_sentence(details))
    elif details.get("reseal") and details.get("broken_codes"):  # found broken at the return, sealed again here
        # a record made before the roles were asked (issue #12) prints as it did: its paper's check code stays
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


def _reseal_sentence(details: dict) -> str:
    """Who sealed the items again and who witnessed it, each in their part (issue #12; ND 127/2017, LEGAL-RULES
    R16): "… do Ông Đỗ Minh An niêm phong lại, trước sự chứng kiến của Bà Nguyễn Thị Lan …"."""
    old = details.get("previous_seals") or {}
    old_seals = "; ".join(_("{code}: số {seal}", code=_display(code), seal=seal) for code, seal in old.items()) \
        or _("(không ghi số)")
    sealer, witnesses = "; ".join(details["resealed_by"]), "; ".join(details.get("reseal_witnesses") or [])
    witnessed = _("trước sự chứng kiến của {who}", who=witnesses) if witnesses else _("không có người chứng kiến")
    new = details.get("new_seal") or _("không ghi")
    if details.get("broken_codes"):  # found broken at the return, sealed again here before shelving
        return _("Niêm phong cũ {old} bị rách, hỏng khi nhận lại. Vật chứng đã được niêm phong lại trước khi xếp lên "
                 "kệ (Nghị định 127/2017/NĐ-CP). Người niêm phong lại: {sealer}; {witnessed}; niêm phong mới số "
                 "{new}.", old=old_seals, sealer=sealer, witnessed=witnessed, new=new)
    return _("Trong thời gian tạm xuất, niêm phong cũ {old} đã được mở; lý do: {reason}. Người mở và niêm phong lại: "
             "{sealer}; {witnessed}; niêm phong mới số {new}.", old=old_seals,
             reason=(details.get("reseal_reason") or _("không ghi")).rstrip("."), sealer=sealer, witnessed=witnessed,
             new=new)


def _display(code: str) -> str:
    """'VC26000123K' → 'VC-26-000123-K', as the item table prints it."""
    try:
        return code_format.parse_code(code_format.clean(code)).display
    except Exception:  # noqa: BLE001 — not a code of ours: printed as stored
        return code


def _doc_words(doc: Document) -> str:
    """'Lệnh xuất kho số 15/LXK-PC02 ngày 04/12/2026' in plain text (facts are escaped when printed): the document
    named as everywhere else (describe.document_reference), a court's paper by its own words."""
    from ..domain.document_words import court_document_words
    return document_reference(doc.kind, doc.number, doc.issued_on,
                              label=court_document_words(doc.kind, doc.number) or None)


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


def seizure_fact(details: dict) -> str:
    """The initial seizure record the intake rests on, as the intake stored it (ND 142/2024 Art 14: the lệnh nhập kho
    comes with the biên bản thu giữ ban đầu; LEGAL-RULES R19): it was kept and never printed (issue #12)."""
    seizure = details.get("seizure")
    if seizure:  # number, date and the agency that made it (required since issue #12)
        return _("Kèm theo biên bản thu giữ ban đầu số {number} ngày {day} của {issuer}.", number=seizure["number"],
                 day=date.fromisoformat(seizure["date"]).strftime("%d/%m/%Y"), issuer=seizure["issuer"])
    reference = (details.get("seizure_record") or "").strip().rstrip(".")
    return _("Kèm theo biên bản thu giữ ban đầu: {reference}.", reference=reference) if reference else ""


# A seal found torn or missing at a hand-over: the incident and its report (ND 142/2024 Điều 11; ND 127/2017), in
# the words of the moment it was found — (with ND 142/2024 cited, before it). Each sentence is printed on records
# already signed: its words stay as they were (the paper's QR check code covers them).
SEAL_INCIDENT_SENTENCES = {
    "intake": (N_("Niêm phong của {codes} có dấu hiệu bóc mở, rách hoặc mất khi nhận vào kho: đã lập biên bản sự cố "
                  "số {number} và báo cáo {agency} (Điều 90 BLTTHS; Điều 11 Nghị định 142/2024/NĐ-CP)."),
               N_("Niêm phong của {codes} có dấu hiệu bóc mở, rách hoặc mất khi nhận vào kho: đã lập biên bản sự cố "
                  "số {number} và báo cáo {agency} (Điều 90 BLTTHS).")),
    "release": (N_("Niêm phong của {codes} có dấu hiệu bóc mở khi xuất kho: đã lập biên bản sự cố số {number} và báo "
                   "cáo {agency} (Điều 90 BLTTHS; Điều 11 Nghị định 142/2024/NĐ-CP)."),
                N_("Niêm phong của {codes} có dấu hiệu bóc mở khi xuất kho: đã lập biên bản sự cố số {number} và báo "
                   "cáo {agency} (Điều 90 BLTTHS).")),
    "return": (N_("Niêm phong của {codes} có dấu hiệu bóc mở khi nhận lại: đã lập biên bản sự cố số {number} và báo "
                  "cáo {agency} (Điều 90 BLTTHS; Điều 11 Nghị định 142/2024/NĐ-CP)."),
               N_("Niêm phong của {codes} có dấu hiệu bóc mở khi nhận lại: đã lập biên bản sự cố số {number} và báo "
                  "cáo {agency} (Điều 90 BLTTHS).")),
    "custody": (N_("Niêm phong của {codes} có dấu hiệu bóc mở, rách hoặc mất khi giao bảo quản: đã lập biên bản sự cố "
                   "số {number} và báo cáo {agency} (Điều 90 BLTTHS; Điều 11 Nghị định 142/2024/NĐ-CP)."),
                N_("Niêm phong của {codes} có dấu hiệu bóc mở, rách hoặc mất khi giao bảo quản: đã lập biên bản sự cố "
                   "số {number} và báo cáo {agency} (Điều 90 BLTTHS).")),
    "check": (N_("Niêm phong của {codes} có dấu hiệu bóc mở, rách hoặc mất khi kiểm tra: đã lập biên bản sự cố số "
                 "{number} và báo cáo {agency} (Điều 11 Nghị định 142/2024/NĐ-CP)."),
              N_("Niêm phong của {codes} có dấu hiệu bóc mở, rách hoặc mất khi kiểm tra: đã lập biên bản sự cố số "
                 "{number} và báo cáo {agency}.")),
    "transfer": (N_("Niêm phong của {codes} có dấu hiệu bóc mở, rách hoặc mất khi chuyển giao: đã lập biên bản sự cố "
                    "số {number} và báo cáo {agency} (Điều 90 BLTTHS; Điều 11 Nghị định 142/2024/NĐ-CP)."),
                 N_("Niêm phong của {codes} có dấu hiệu bóc mở, rách hoặc mất khi chuyển giao: đã lập biên bản sự cố "
                    "số {number} và báo cáo {agency} (Điều 90 BLTTHS).")),
    # the savings record cites no article in its sentences (unclaimed_facts): the same words either side of ND 142
    "savings": (N_("Niêm phong của {codes} có dấu hiệu bóc mở, rách hoặc mất khi giao tiền gửi tiết kiệm: đã lập biên "
                   "bản sự cố số {number} và báo cáo {agency}."),) * 2,
    "disposal": (N_("Niêm phong của {codes} có dấu hiệu bóc mở, rách hoặc mất khi giao để xử lý: đã lập biên bản sự "
                    "cố số {number} và báo cáo {agency} (Điều 90 BLTTHS; Điều 11 Nghị định 142/2024/NĐ-CP)."),
                 N_("Niêm phong của {codes} có dấu hiệu bóc mở, rách hoặc mất khi giao để xử lý: đã lập biên bản sự "
                    "cố số {number} và báo cáo {agency} (Điều 90 BLTTHS).")),
}
STORED_CODES = ("release", "return")  # printed with the codes as stored since before the label form was used here


def seal_incident_fact(ho: Handover, details: dict, moment: str) -> str:
    """The sentence of the seal incident the hand-over ``ho`` opened, found at ``moment`` (SEAL_INCIDENT_SENTENCES),
    or "" when it opened none."""
    if not details.get("seal_incident"):
        return ""
    with_nd142, before = SEAL_INCIDENT_SENTENCES[moment]
    codes = details.get("broken_codes") or []
    return _(with_nd142 if nd142(ho) else before).format(
        codes=", ".join(codes if moment in STORED_CODES else (_display(c) for c in codes)),
        number=details["seal_incident"], agency=details.get("seal_incident_report_to") or _("cơ quan đang thụ lý"))


def _present(fact: str) -> list[str]:
    return [fact] if fact else []


def disposal_seal_fact(ho: Handover, details: dict) -> str:
    """On the disposal's record and on the council's destruction record."""
    return seal_incident_fact(ho, details, "disposal")


def _facts(session, ho: Handover, details: dict) -> tuple[str, ...]:
    """What the data holds and the law asks each record to say: purpose and due date of a release; price,
    buyer's representative and holding account of a sale; holding account of a deposit; the owner's address,
    identity and receipt on a return (LEGAL-RULES R21, R24; HANDS-ON 34, 47, 53)."""
    out = []
    if ho.kind == "intake" and seizure_fact(details):
        out.append(seizure_fact(details))
    if ho.kind == "intake":  # ND 142/2024 Điều 11: found broken as it came in
        out += _present(seal_incident_fact(ho, details, "intake"))
    if ho.kind == "release":
        purpose = _purpose("release", details)
        due = details.get("due_on")
        out.append(_("Mục đích tạm xuất: {purpose}; hạn trả lại kho: {due}.", purpose=purpose or _("không ghi"),
                      due=date.fromisoformat(due).strftime("%d/%m/%Y") if due else _("không ghi")))
        out += _release_approval(session, ho, details)
        out += _present(seal_incident_fact(ho, details, "release"))  # found broken as it was to leave
    if ho.kind == "deposit" and details.get("mode") in ("deposit", "entrust"):  # savings: its own (Điều 126)
        out += _present(seal_incident_fact(ho, details, "custody"))  # found broken as handed to the keeper
    if ho.kind in ("transfer", "deposit") and ho.approval:  # every act out needs the manager (ND 142/2024 Điều 4)
        out += _release_approval(session, ho, details)
    if ho.kind == "transfer":  # ND 142/2024 Điều 11 (services.transfer_seals)
        out += _present(seal_incident_fact(ho, details, "transfer"))
    if details.get("pilot_measure"):
        out += _pilot_facts(details)
    if ho.kind == "deposit" and details.get("mode") == "deposit" and details.get("account"):
        out.append(_("Tài khoản tạm giữ tại Kho bạc Nhà nước: {account}.", account=details["account"]))
    if treasury_deposit(session, ho) and ho.status != RecordStatus.VOID:
        out += _treasury_packages(session, ho)
    if ho.kind == "deposit" and details.get("mode") == "savings":  # Luật THADS Điều 126
        out += savings_facts(ho, details) + _present(seal_incident_fact(ho, details, "savings"))
    if ho.kind == "disposal":
        out += from_savings_fact(details)
    if ho.kind == "disposal":
        out += _present(seal_incident_fact(ho, details, "disposal"))
    if ho.kind == "deposit" and details.get("mode") == "entrust" and details.get("address"):
        out.append(_("Nơi bảo quản: {address}.", address=details["address"]))
    if ho.kind == "check":
        out += _present(seal_incident_fact(ho, details, "check"))
    if ho.kind == "return":
        out += _return_facts(session, ho, details)
    if ho.kind == "return":
        out += _present(seal_incident_fact(ho, details, "return"))
    if ho.kind == "return" and details.get("damage_incident"):
        out.append((_("Vật chứng bị hư hỏng khi nhận lại ({damage}): đã lập biên bản sự cố số {number} và báo cáo "
                      "{agency} (Điều 11 Nghị định 142/2024/NĐ-CP).") if nd142(ho) else
                    _("Vật chứng bị hư hỏng khi nhận lại ({damage}): đã lập biên bản sự cố số {number} và báo cáo "
                      "{agency}.")).format(damage=details.get("damage", "").rstrip("."),
                     number=details["damage_incident"],
                     agency=details.get("damage_report_to") or _("cơ quan đang thụ lý")))
    if ho.kind == "incident":
        out.append(_("Sự việc: {description}. Phát hiện khi: {when}. Báo cáo gửi: {agency}.",
                     description=(details.get("description") or "").rstrip("."),
                     when={"intake": _("nhận vật chứng vào kho"), "release": _("xuất kho vật chứng"), "return": _("nhận lại vật chứng"),
                           "check": _("kiểm tra"), "audit": _("kiểm kê"), "disposal": _("giao vật chứng để xử lý"),
                           "transfer": _("chuyển giao vật chứng")}.get(
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
    if ho.kind == "disposal" and outcome == "sold" and details.get("unclaimed_sale"):  # Luật THADS Điều 126
        out += unclaimed_sale_facts(session, ho, details)
    elif ho.kind == "disposal" and outcome == "sold":
        buyer = person(session, ho.receiver_id, "") if ho.receiver_id else None
        out.append(_("Bán cho: {buyer}{rep}; giá bán: {price}; tiền bán nộp vào tài khoản tạm giữ số {account}.",
                     buyer=details.get("buyer") or _("không ghi"),
                     rep=_(", người đại diện {name}", name=buyer.full_name) if buyer else "",
                     price=_money(details["proceeds"]) if details.get("proceeds") else _("không ghi"),
                     account=details.get("holding_account") or _("không ghi")))
    if ho.kind == "disposal" and outcome == "returned":
        owner = session.get(Person, ho.receiver_id) if ho.receiver_id else None
        if owner is not None:  # a void record's return never happened: it was only proposed
            who = dict(name=owner.full_name, id_number=owner.id_number or _("không ghi"),
                       address=owner.address or _("không ghi"))
            out.append(_("Đề xuất trả lại cho {name}, căn cước số {id_number}, địa chỉ: {address}.", **who)
                       if ho.status == RecordStatus.VOID
                       else _("Trả lại cho {name}, căn cước số {id_number}, địa chỉ: {address}.", **who))
        if details.get("authorisation_for"):  # Điều 106.3.a BLTTHS: the paper the recipient acts on, for whom
            out.append(_("{name} nhận thay chủ sở hữu {owner}{owner_id} theo Giấy ủy quyền số {number} ngày {day}.",
                         name=owner.full_name if owner is not None else _("Người nhận"),
                         owner=details["authorisation_for"],
                         owner_id=_(", căn cước số {id_number}", id_number=details["authorisation_for_id"])
                         if details.get("authorisation_for_id") else "",
                         number=details.get("authorisation") or _("không ghi"),
                         day=_short_day(details.get("authorisation_on"))))
        # the recipient confirms what he received when the items are handed over — never on a record of a disposal
        # not carried out (a draft: pending or approved; void: rejected or withdrawn), which would state a receipt
        # that did not happen; carrying out opens the record (records made before carry-out existed are complete)
        if details.get("receipt") and ho.status in (RecordStatus.OPEN, RecordStatus.COMPLETE):
            out.append(_("Người nhận xác nhận: {receipt}.", receipt=details["receipt"].rstrip(".")))
    if ho.kind == "disposal" and outcome in ("confiscated", "handed_to_specialist") and details.get("receiving_agency"):
        out.append(_("Cơ quan nhận: {agency}.", agency=details["receiving_agency"]))
    return tuple(out)


# Papers printed before issue #12 chose these citations regardless of the act's date: the paper check rebuilds a
# record as they printed it (services.paper_check), so such a paper still reads "khớp"
CITE_AS_BEFORE: ContextVar[bool] = ContextVar("cite_as_before", default=False)


def nd142(ho: Handover) -> bool:
    """Whether ND 142/2024/NĐ-CP (in force 01/01/2025) may be cited for the act: a release approved in 2024 was
    printed «(Điều 4 Nghị định 142/2024/NĐ-CP)» (issue #12: legal bases by the date of the act; the article
    of ND 18/2002 that would apply is not verified, so an act before 2025 states the fact without an article)."""
    if CITE_AS_BEFORE.get():
        return True
    moment = local(ho.started_at)
    return moment is None or moment.date() >= ND142_FROM


def _release_approval(session, ho: Handover, details: dict) -> list[str]:
    """ND 142/2024 Điều 4: who approved the act out of the warehouse (person, position, time), or that it is not
    approved — an act waiting for approval or refused is never printed as done."""
    if ho.approval == Approval.PENDING:
        return [_("Phiếu xuất chưa được lãnh đạo kho duyệt: vật chứng chưa được giao, vẫn ở trong kho (Điều 4 Nghị "
                  "định 142/2024/NĐ-CP).") if nd142(ho) else
                _("Phiếu xuất chưa được lãnh đạo kho duyệt: vật chứng chưa được giao, vẫn ở trong kho.")]
    if ho.approval == Approval.REJECTED:
        return [_("Lãnh đạo kho không duyệt xuất: {reason}. Vật chứng không rời khỏi kho.",
                  reason=(details.get("reason") or _("không ghi")).rstrip("."))]
    if ho.approval == Approval.WITHDRAWN:
        return [_("Người lập rút phiếu xuất trước khi được duyệt: {reason}. Vật chứng không rời khỏi kho.",
                  reason=(details.get("reason") or _("không ghi")).rstrip("."))]
    if ho.approval != Approval.APPROVED:
        return []
    slot = next((sig for sig in ho.signatures if sig.role == "approver"), None)
    who = person(session, slot.person_id, slot.person_name) if slot is not None else None
    name = who.full_name if who else details.get("approved_by_name") or details.get("approved_by") or ""
    position = f", {who.position}" if who and who.position else ""
    at = local(datetime.fromisoformat(details["approved_at"])) if details.get("approved_at") else None
    return [(_("Việc xuất kho đã được {name}{position} duyệt{when} (Điều 4 Nghị định 142/2024/NĐ-CP).") if nd142(ho)
             else _("Việc xuất kho đã được {name}{position} duyệt{when}.")).format(name=name,
              position=position, when=_(" lúc {time}", time=at.strftime("%H:%M ngày %d/%m/%Y")) if at else "")]


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
    if kind == "deposit" and details.get("mode") == "savings":  # Luật THADS Điều 126
        return _("gửi tiết kiệm không kỳ hạn tiền không có người nhận")
    if kind == "deposit":
        return _("giao bảo quản") if details.get("mode") == "entrust" else _("gửi bảo quản chuyên trách")
    return ""


def _short_day(iso: str | None) -> str:
    from datetime import date as _date
    return _date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else _("không ghi")


def _treasury_packages(session, ho: Handover) -> list[str]:
    """TT 135/2018/TT-BTC Mẫu 02 (LEGAL-RULES R25): the Kho bạc takes sealed packages carrying the sender's seal and
    the sealer's signature, one case per package (checked when the deposit was made: lifecycle_rules.
    check_treasury_package); its Ban Quản lý kho puts each in a Kho bạc package, seals it again and signs — done
    at the Kho bạc, the seal number is written there."""
    from ..db.models import Case
    case = session.get(Case, ho.case_id) if ho.case_id else None
    return [_("Vật chứng giao bảo quản được đóng trong hòm, túi, gói còn nguyên niêm phong, có dấu niêm phong của "
              "cơ quan niêm phong và chữ ký của người niêm phong; mỗi hòm, túi, gói chỉ chứa vật chứng của một vụ án "
              "(vụ án số {case}).", case=case.number if case else "—"),
            _("Kho bạc Nhà nước kiểm tra hồ sơ và niêm phong, cho từng hòm, túi, gói vào bao bì của Kho bạc Nhà "
              "nước, niêm phong lại và ký; số niêm phong của Kho bạc Nhà nước: ……………………")]
