"""Building blocks shared by the records: legal bases, participants, the item table, seal status,
refusals to sign, the closing statement and the signature columns (BLTTHS Điều 133)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Iterable, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from ..describe import document_reference
from ..domain.document_words import court_document_words
from ..domain.states import DOC_LABELS
from ..i18n import N_, _
from .docbase import breakable, esc, para
from .formatting import attribute_value, clock, honorific, quantity, short_date
from .labels import display_code
from .records import BasisDocument, CaseRef, ItemLine, Party, Person
from .table_blocks import amount_cell, grid_table

ROLE_LABELS = {  # also the order participants are listed in
    "maker": N_("Người lập biên bản"),
    "custodian": N_("Người nhận bảo quản"),
    "organiser": N_("Người tổ chức niêm phong / mở niêm phong"),
    "giver": N_("Bên giao"), "receiver": N_("Bên nhận"), "chair": N_("Chủ tịch Hội đồng"),
    "member": N_("Thành viên Hội đồng"), "supervisor": N_("Kiểm sát viên kiểm sát việc tiêu hủy"),
    "witness": N_("Người chứng kiến"), "counterpart": N_("Người giao / nhận"), "keeper": N_("Thủ kho"),
    "accountant": N_("Kế toán"),  # the monthly check of entrusted items (TT 01/2017/TT-BTP Điều 12)
    "author": N_("Người lập báo cáo"), "head": N_("Thủ trưởng đơn vị"),
    "participant": N_("Người tham gia"),
    "refusal_witness": N_("Người chứng kiến việc từ chối ký"),
    "fingerprint_witness": N_("Người chứng kiến việc đọc biên bản và điểm chỉ"),
    "resealer": N_("Người niêm phong lại"), "reseal_witness": N_("Người chứng kiến việc niêm phong lại"),
}
NAMED_IN_FACTS = ("resealer", "reseal_witness")  # the return's reseal sentence names them in their part
SEAL_STATES = {
    "intact": N_("nguyên vẹn"), "broken": N_("có dấu hiệu bóc mở"), "resealed": N_("đã niêm phong lại"),
    "unsealed": N_("đã mở niêm phong"), "none": N_("không niêm phong"),
    # nobody looked: the items stay on their shelf (a change of responsibility, a disposal decided) — the number is the
    # warehouse register's, never «nguyên vẹn» (issue #12; ND 127/2017, ND 142/2024 Điều 11, 14: a seal is stated
    # when it is looked at, at a hand-over of the items themselves)
    "register": N_("ghi theo sổ kho, vật chứng không rời vị trí"),
}


def amounts_in_words(items: Sequence[ItemLine]) -> list[Flowable]:
    """Cash in Vietnamese đồng: the total in figures and "bằng chữ", as the forms write amounts."""
    from ..domain.money import amount_in_words, group_digits
    total = sum(int(round(i.quantity)) for i in items if (i.unit or "").strip().lower() in ("đồng", "vnd", "vnđ")
                and i.quantity)
    if not total:
        return []
    return [para(_("Tổng số tiền: {figures} đồng (bằng chữ: {words}).", figures=group_digits(total),
                   words=esc(amount_in_words(total))), "flush")]


def basis_paragraphs(legal_bases: Iterable[str], documents: Iterable[BasisDocument]) -> list[Flowable]:
    out = [para(esc(text)) for text in legal_bases]
    for doc in documents:
        issuer = _(" của {issuer}", issuer=esc(doc.issuer)) if doc.issuer else ""
        out.append(para(_("Căn cứ {document}{issuer};", document=document_phrase(doc), issuer=issuer)))
    return out


def document_phrase(doc: BasisDocument) -> str:
    """'Lệnh nhập kho số 12/LNK-PC02 ngày 04/02/2026'."""
    court = court_document_words(doc.kind, doc.number)
    kind = court or (_(DOC_LABELS[doc.kind]) if doc.kind in DOC_LABELS else esc(doc.kind))
    return document_reference(doc.kind, esc(doc.number), doc.issued_on, label=kind)  # a missing date is left out


def time_place(started: datetime | None, place: str) -> Flowable:
    """'Hồi 14 giờ 30 phút, ngày 05/02/2026, tại …'; an act not carried out yet (None): the hour and day dotted, to
    be written by hand when it happens — never the proposal's time printed as the act's (BLTTHS Điều 133.1)."""
    if started is None:
        return para(_("Hồi …… giờ …… phút, ngày …… / …… / ……, tại {place}, chúng tôi gồm:", place=esc(place)))
    return para(_("Hồi {time}, ngày {day}, tại {place}, chúng tôi gồm:",
                  time=clock(started), day=short_date(started), place=esc(place)))


def describe_person(person: Person) -> str:
    """'Ông Trần Văn Hùng — Đại úy, Điều tra viên, Phòng Cảnh sát hình sự; căn cước số 001089012345'."""
    name = " ".join(p for p in (honorific(person.gender), esc(person.full_name)) if p)
    roles = ", ".join(esc(p) for p in (person.rank, person.position, person.agency) if p)
    text = f"{name} — {roles}" if roles else name
    if person.id_number:
        text += _("; căn cước số {number}", number=esc(person.id_number))
        if person.id_issued_on:  # ND 142/2024 Art 14: the identity paper as issued (HANDS-ON 47)
            text += _(" cấp ngày {day}", day=short_date(person.id_issued_on))
        if person.id_issued_by:
            text += _(" tại {place}", place=esc(person.id_issued_by))
    if person.letter_number:
        text += _("; giấy giới thiệu số {number}", number=esc(person.letter_number))
        if person.letter_on:
            text += _(" ngày {day}", day=short_date(person.letter_on))
    return text


def role_label(role: str) -> str:
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else esc(role)


def participants(parties: Sequence[Party], order: Sequence[str] = (), labels: dict | None = None) -> list[Flowable]:
    """One line per role: ``order`` first, then known roles in a fixed order (giver before receiver), then any
    other; ``labels``: role → the untranslated label this record gives it."""
    roles = list(dict.fromkeys([r for r in order if any(p.role == r for p in parties)]
                               + [r for r in ROLE_LABELS if any(p.role == r for p in parties)]
                               + [p.role for p in parties]))
    out = []
    for role in roles:
        people = "; ".join(describe_person(p.person) for p in parties if p.role == role)
        label = _(labels[role]) if labels and role in labels else role_label(role)
        out.append(para(f"<b>{label}:</b> {people}.", "flush"))
    return out


def case_phrase(case: CaseRef | None) -> str:
    if case is None:
        return ""
    word = _("vụ việc") if case.kind == "matter" else _("vụ án")
    detail = " — ".join(esc(p) for p in (case.offence, case.article) if p)
    return f"{word} {_('số')} {esc(case.number)}" + (f" ({detail})" if detail else "")


def seal_text(item: ItemLine, width: float | None = None) -> str:
    """'Số 004512, nguyên vẹn'; in a table cell ``width`` wide a long number breaks only after a '/'."""
    state = _(SEAL_STATES.get(item.seal_state, item.seal_state)) if item.seal_state else ""
    if item.seal_number:
        number = breakable(item.seal_number + ",", width)[:-1] if width else esc(item.seal_number)
        return _("Số {number}, {state}", number=number, state=state) if state else number
    return state


def characteristics(item: ItemLine) -> str:
    """The characteristics, then each identifying number with its label."""
    extra = "; ".join(f"{label}: {attribute_value(key, value)}" if label else attribute_value(key, value)
                      for key, label, value in item.identifiers)
    return "; ".join(p for p in (item.characteristics, extra) if p)


def describe_item(item: ItemLine) -> str:
    return "; ".join(esc(p) for p in (characteristics(item), item.condition) if p)


def item_table(items: Sequence[ItemLine], with_location: bool = True) -> Table:
    """STT, Tên (with the code), ĐVT, Số lượng, Đặc điểm / tình trạng, Niêm phong, Ghi chú; the header repeats
    on every page and a row taller than a page splits inside (very long descriptions)."""
    head = [_("STT"), _("Tên vật chứng, tài liệu, đồ vật"), _("ĐVT"), _("Số lượng"),
            _("Đặc điểm / tình trạng"), _("Niêm phong"), _("Ghi chú")]
    rows = [[para(h, "head") for h in head]]
    widths = [10 * mm, 44 * mm, 12 * mm, 18 * mm, 37 * mm, 23 * mm, 21 * mm]  # amounts stay whole
    for n, item in enumerate(items, 1):
        note = "; ".join(esc(p) for p in (item.note, item.location if with_location else "") if p)
        rows.append([para(str(n), "cell_c"), para(name_with_code(item), "cell"), para(esc(item.unit), "cell_c"),
                     amount_cell(quantity(item.quantity), widths[3]), para(describe_item(item), "cell"),
                     para(seal_text(item, widths[5]), "cell"), para(note, "cell")])
    return grid_table(rows, widths, space_before=2)


def name_with_code(item: ItemLine) -> str:
    """The item code sits under the name: it ties the paper to the label and the ledger."""
    return f'{esc(item.name)}<br/><font size="9.5">{_("Mã")}: {display_code(item.code)}</font>'


SEAL_MOMENTS = {  # when the seals were looked at: a check is not a handover (TT 01/2017/TT-BTP Điều 12)
    "check": N_("Tình trạng niêm phong khi kiểm tra: {summary}."),
    "incident": N_("Tình trạng niêm phong khi phát hiện: {summary}."),
    "seal": N_("Tình trạng niêm phong sau khi niêm phong: {summary}."),
    "unseal": N_("Tình trạng niêm phong trước khi mở: {summary}."),
}


def seal_summary(items: Sequence[ItemLine], given: str = "", kind: str = "") -> Flowable:
    if kind == "unseal":  # "trước khi mở": the seal was checked whole, then opened (ND 127/2017); the line's
        # state is the one after the act ("đã mở niêm phong"), and a seal found broken is an incident, not an unsealing
        items = [replace(i, seal_state="intact") if i.seal_state == "unsealed" else i for i in items]
    if given:
        summary = esc(given)
    elif all(i.seal_state == "intact" for i in items if i.seal_number) and any(i.seal_number for i in items):
        summary = _("các niêm phong nguyên vẹn, không có dấu hiệu bóc mở")
    elif all(i.seal_state == "register" for i in items if i.seal_number) and any(i.seal_number for i in items):
        summary = _("vật chứng không rời vị trí bảo quản, số niêm phong ghi theo sổ kho, không kiểm tra niêm phong "
                    "khi lập biên bản")
    else:
        parts = [f"{display_code(i.code)}: {seal_text(i)}" for i in items if i.seal_number or i.seal_state != "none"]
        summary = "; ".join(parts) or _("vật chứng không niêm phong")
    if kind in SEAL_MOMENTS:
        return para(_(SEAL_MOMENTS[kind], summary=summary))
    return para(_("Tình trạng niêm phong khi giao nhận: {summary}.", summary=summary))


def remarks(text: str, parties: Sequence[Party] = ()) -> Flowable:
    """Ý kiến, khiếu nại: what was written, and every refusal with its reason (never "không có" beside one)."""
    said = [esc(text)] if text else []
    for p in parties:
        if p.refusal_reason is not None:
            said.append(_("{name} không đồng ý ký biên bản: {reason}", name=_person_name(p),
                          reason=esc(p.refusal_reason or _("không nêu lý do"))))
    body = "; ".join(s.rstrip(".") for s in said) + "." if said else _("không có.")
    return para(_("Ý kiến, khiếu nại của những người tham gia: {text}", text=body))


def _person_name(p: Party) -> str:
    return " ".join(x for x in (honorific(p.person.gender), esc(p.person.full_name)) if x)


def refusals(parties: Sequence[Party]) -> list[Flowable]:
    """BLTTHS Điều 133.2: the record-maker writes the reason of a refusal and a witness signs; a participant who
    cannot read has the record read aloud before a witness, puts a fingerprint, and the witness signs."""
    out = []
    for p in parties:
        if p.refusal_reason is not None:
            witness = _("; người chứng kiến {name} ký xác nhận", name=esc(p.refusal_witness)) \
                if p.refusal_witness else ""
            out.append(para(_("{name} ({role}) từ chối ký biên bản, lý do: {reason}{witness}.", name=_person_name(p),
                              role=role_label(p.role).lower(), reason=esc(p.refusal_reason or _("không nêu")),
                              witness=witness)))
        elif p.fingerprint:
            out.append(para(_("{name} ({role}) không biết chữ: biên bản đã được đọc cho {name} nghe trước sự chứng "
                              "kiến của {witness}; {name} điểm chỉ, người chứng kiến ký xác nhận.",
                              name=_person_name(p), role=role_label(p.role).lower(),
                              witness=esc(p.refusal_witness))))
    return out
