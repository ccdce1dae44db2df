"""Building blocks shared by the records: legal bases, participants, the item table, seal status,
refusals to sign, the closing statement and the signature columns (BLTTHS Điều 133)."""

from __future__ import annotations

from dataclasses import replace

import re
from datetime import datetime
from typing import Iterable, Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ..domain.document_words import court_document_words
from ..domain.states import DOC_LABELS
from ..i18n import N_, _
from .docbase import BODY_SIZE, BOLD_ITALIC, REGULAR, breakable, esc, para, styles
from .formatting import attribute_value, clock, honorific, quantity, short_date
from .labels import display_code
from .records import BasisDocument, CaseRef, ItemLine, Party, Person
from .templates import DocumentTemplate, SignatureColumn

ROLE_LABELS = {  # also the order participants are listed in
    "maker": N_("Người lập biên bản"),
    "custodian": N_("Người nhận bảo quản"),
    "organiser": N_("Người tổ chức niêm phong / mở niêm phong"),
    "giver": N_("Bên giao"), "receiver": N_("Bên nhận"), "chair": N_("Chủ tịch Hội đồng"),
    "member": N_("Thành viên Hội đồng"), "supervisor": N_("Kiểm sát viên kiểm sát việc tiêu hủy"),
    "witness": N_("Người chứng kiến"), "counterpart": N_("Người giao / nhận"), "keeper": N_("Thủ kho"),
    "author": N_("Người lập báo cáo"), "head": N_("Thủ trưởng đơn vị"),
    "participant": N_("Người tham gia"),
    "refusal_witness": N_("Người chứng kiến việc từ chối ký"),
    "fingerprint_witness": N_("Người chứng kiến việc đọc biên bản và điểm chỉ"),
}
EXTRA_COLUMNS = {  # signers every record prints, even under a template saved before these roles existed
    "keeper": N_("THỦ KHO"), "refusal_witness": N_("NGƯỜI CHỨNG KIẾN VIỆC TỪ CHỐI KÝ"),
    "fingerprint_witness": N_("NGƯỜI CHỨNG KIẾN (ĐỌC BIÊN BẢN, ĐIỂM CHỈ)"),
}
SEAL_STATES = {
    "intact": N_("nguyên vẹn"), "broken": N_("có dấu hiệu bóc mở"), "resealed": N_("đã niêm phong lại"),
    "unsealed": N_("đã mở niêm phong"), "none": N_("không niêm phong"),
}
GRID = [("FONT", (0, 0), (-1, -1), REGULAR, 10.5),  # plain-string cells would default to base-14 Helvetica
        ("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]


class BodyTable(Table):
    """A table whose repeated header never ends a page alone.

    reportlab splits a long table wherever the page ends: with ``repeatRows`` that can leave the header
    (and at most a sliver of a row split inside) at the bottom of a page. A split here keeps at least
    ``min_rows`` whole body rows with the header, or a good piece of a row too tall for the room left;
    otherwise the table starts on the next page. At the top of a page anything goes (nothing better exists).
    """

    MIN_PIECE = 48  # points: a row split inside keeps at least ~4 lines on each side

    def __init__(self, *args, min_rows: int = 2, **kwargs):
        super().__init__(*args, **kwargs)
        self.min_rows = min_rows

    def _header_count(self) -> int:
        rows = self.repeatRows
        return rows if isinstance(rows, int) else (max(rows) + 1 if rows else 0)

    def split(self, availWidth, availHeight):
        frame = self._doctemplateAttr("frame")
        if frame is None or getattr(frame, "_atTop", False):
            return super().split(availWidth, availHeight)
        self._calc(availWidth, availHeight)
        heads, heights = self._header_count(), self._rowHeights
        n = self._getFirstPossibleSplitRowPosition(availHeight)
        whole = n - heads
        if whole < 0:
            return []
        if n >= len(heights) or whole >= min(self.min_rows, len(heights) - heads):
            return super().split(availWidth, availHeight)
        room = availHeight - sum(heights[:n])  # left for the next row, which does not fit whole
        if self.splitInRow and room >= self.MIN_PIECE and heights[n] - room >= self.MIN_PIECE:
            return self._splitRows(availHeight, doInRowSplit=1)
        return []  # would leave the header (almost) alone: move to the next page


ROW_PIECE = 150  # points (~12 lines of a cell): a longer row continues in rows of this height


def amount_cell(text: str, width: float, size: float = 10.5, min_size: float = 7.0) -> Paragraph:
    """A quantity or an amount in a cell ``width`` wide: smaller type when needed, never broken inside
    the number ("23.300.␤000" reads as two numbers; HANDS-ON 77)."""
    base = styles()["cell_c"]  # registers the fonts too
    text = esc(text)
    room = width - 6  # the GRID's padding
    while size > min_size and stringWidth(text, REGULAR, size) > room:
        size -= 0.25
    style = ParagraphStyle(f"amount{size}", base, fontSize=size, leading=size * 1.2,
                           splitLongWords=0)
    return Paragraph(text, style)


def _continued_rows(rows: list, widths: Sequence[float], header_rows: int, identity: Sequence[int]) -> list:
    """Rows taller than ``ROW_PIECE`` become a row and continuation rows: each long cell's text flows on
    in pieces, and every continuation row repeats the item's number and name "(tiếp theo)", so no piece
    of text is ever separated from what it describes and no row is split by the page (HANDS-ON 78)."""
    out = rows[:header_rows]
    for row in rows[header_rows:]:
        pieces = [_pieces(cell, widths[c]) for c, cell in enumerate(row)]
        count = max(len(p) for p in pieces)
        if count == 1:
            out.append(row)
            continue
        for k in range(count):
            line = []
            for c, cell in enumerate(row):
                if k < len(pieces[c]):
                    line.append(pieces[c][k] if len(pieces[c]) > 1 or k == 0 else "")
                elif c in identity and isinstance(cell, Paragraph):
                    line.append(_continuation(cell, c == identity[-1]))
                else:
                    line.append("")
            out.append(line)
    return out


def _pieces(cell, width: float) -> list:
    """A paragraph cut into pieces at most ``ROW_PIECE`` high (one piece when it fits)."""
    if not isinstance(cell, Paragraph):
        return [cell]
    room = width - 6
    pieces, rest = [], cell
    while True:
        _w, height = rest.wrap(room, 10_000)
        if height <= ROW_PIECE:
            pieces.append(rest)
            return pieces
        parts = rest.split(room, ROW_PIECE)
        if len(parts) < 2:
            pieces.append(rest)
            return pieces
        pieces.append(parts[0])
        rest = parts[1]


def _continuation(cell: Paragraph, name: bool) -> Paragraph:
    text = cell.text if hasattr(cell, "text") else ""
    mark = _("(tiếp theo)")
    return Paragraph(f"{text}<br/><i>{mark}</i>" if name else f"{text}", cell.style)


def grid_table(rows: list, widths: Sequence[float], header_rows: int = 1, extra_style: Sequence = (),
               space_before: float = 4, identity: Sequence[int] = (0, 1)) -> Table:
    """The ruled table of the records: header repeated on every page, a long row continued in rows that
    repeat its number and name, never a header alone at the bottom of a page."""
    table = BodyTable(_continued_rows(rows, widths, header_rows, identity), colWidths=list(widths),
                      repeatRows=header_rows, splitInRow=0, spaceBefore=space_before, spaceAfter=6)
    table.setStyle(TableStyle(GRID + list(extra_style)))
    return table


def grid_table_with_tail(rows: list, widths: Sequence[float], header_rows: int = 1, extra_style: Sequence = (),
                         space_before: float = 4, tail: int = 2) -> tuple[Table | None, Table]:
    """The table in two parts: the body, and its last ``tail`` rows as a table that the caller keeps with
    the totals and the signatures — a last page never holds signatures alone (HANDS-ON 79)."""
    rows = _continued_rows(rows, widths, header_rows, (0, 1))
    body = rows[header_rows:]
    if len(body) <= tail:
        return None, grid_table(rows, widths, header_rows, extra_style, space_before, identity=())
    main = grid_table(rows[:len(rows) - tail], widths, header_rows, extra_style, space_before, identity=())
    main.spaceAfter = 0
    end = Table(rows[len(rows) - tail:], colWidths=list(widths), spaceBefore=0, spaceAfter=6)
    end.setStyle(TableStyle(GRID))
    return main, end


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
    return _("{kind} số {number} ngày {day}", kind=kind, number=esc(doc.number), day=short_date(doc.issued_on))


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
    return text


def role_label(role: str) -> str:
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else esc(role)


def participants(parties: Sequence[Party]) -> list[Flowable]:
    """One line per role: known roles in a fixed order (giver before receiver), then any other."""
    roles = list(dict.fromkeys([r for r in ROLE_LABELS if any(p.role == r for p in parties)]
                               + [p.role for p in parties]))
    out = []
    for role in roles:
        people = "; ".join(describe_person(p.person) for p in parties if p.role == role)
        out.append(para(f"<b>{role_label(role)}:</b> {people}.", "flush"))
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


ALL_SIGN = N_("công nhận đúng và ký tên dưới đây")  # in the default closing text


def closing(template: DocumentTemplate, started: datetime, ended: datetime | None,
            parties: Sequence[Party] = (), distribution_listed: bool = False) -> Flowable:
    """The closing statement; with no end time recorded yet the hour is left blank to be written by hand
    (BLTTHS Điều 133.1: the real end time, never the start copied). With a refusal or a fingerprint it no
    longer says that everybody signed."""
    if ended is None:
        end_time, end_day = _("…… giờ …… phút"), _("ngày …… / …… / ……")
    else:
        same_day = started.date() == ended.date()
        end_time = clock(ended)
        end_day = _("cùng ngày") if same_day else _("ngày {day}", day=short_date(ended))
    text = template.closing_text.format(end_time=end_time, end_day=end_day, copies=f"{template.copies:02d}",
                                        distribution="" if distribution_listed else template.distribution)
    if distribution_listed:  # "… lập thành 04 bản." — who keeps each copy is listed under "Nơi nhận"
        text = re.sub(r"\s*:\s*([.;])", r"\1", text)
    refused = [p for p in parties if p.refusal_reason is not None]
    printed = [p for p in parties if p.fingerprint]
    if refused or printed:
        others = []
        if refused:
            others.append(_("{names} từ chối ký", names=", ".join(p.person.full_name for p in refused)))
        if printed:
            others.append(_("{names} điểm chỉ", names=", ".join(p.person.full_name for p in printed)))
        text = text.replace(_(ALL_SIGN), _("{others} trước sự chứng kiến của người chứng kiến; những người còn lại "
                                           "công nhận đúng và ký tên dưới đây", others="; ".join(others)))
    return para(esc(text))


def void_statement(text: str) -> Flowable:
    """A void record: the act did not happen; printed in place of the closing (nothing to attest)."""
    return para(f"<b>{esc(text)}</b>")


def _signature_head(column: SignatureColumn) -> list[Flowable]:
    return [para(esc(column.title), "sign_title"), para(esc(column.note), "sign_note")]


class FingerprintBox(Flowable):
    """The square where a participant who cannot read puts a fingerprint (điểm chỉ)."""

    SIZE = 16 * mm

    def wrap(self, avail_width, avail_height):
        self.avail = avail_width
        return avail_width, self.SIZE + 2

    def draw(self):
        x = (self.avail - self.SIZE) / 2
        self.canv.setLineWidth(0.6)
        self.canv.setDash(2, 2)
        self.canv.rect(x, 1, self.SIZE, self.SIZE)


SIGN_BOX = (40 * mm, 16 * mm)  # the signing space of a column: a captured signature is fitted into it


def _signature_image(png: bytes) -> Flowable | None:
    """The signature drawn on the pad, fitted into the signing space; None when the bytes are no readable image."""
    from io import BytesIO

    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image
    try:
        width, height = ImageReader(BytesIO(png)).getSize()
    except Exception:  # noqa: BLE001 — a stored file that is not an image: the words still say it was signed
        return None
    if not width or not height:
        return None
    scale = min(SIGN_BOX[0] / width, SIGN_BOX[1] / height)
    image = Image(BytesIO(png), width * scale, height * scale)
    image.hAlign = "CENTER"
    return image


def _signature_names(people: Sequence[Party]) -> list[Flowable]:
    """The signing space, then each name. A signature made on the screen leaves its trace on the paper: the image
    captured (when readable) and the words "Đã ký trên màn hình lúc …" (HANDS-ON 57)."""
    cell: list[Flowable] = [Spacer(1, 18 * mm)]
    if any(p.fingerprint for p in people):
        cell = [Spacer(1, 1 * mm), FingerprintBox(), para(_("(Điểm chỉ)"), "sign_note")]
    elif len(people) == 1 and people[0].signed_on_screen is not None:
        image = _signature_image(people[0].signature_png) if people[0].signature_png else None
        cell = [image if image is not None else Spacer(1, SIGN_BOX[1]), Spacer(1, 2 * mm)]
    for p in people:
        cell.append(para(esc(p.person.full_name), "sign_name"))
        if p.refusal_reason is not None:
            cell.append(para(_("(Từ chối ký)"), "sign_note"))
        if p.signed_on_screen is not None:
            cell.append(para(_("(Đã ký trên màn hình lúc {time} ngày {day})", time=clock(p.signed_on_screen),
                               day=short_date(p.signed_on_screen)), "sign_note"))
    return cell


SIDE_BY_SIDE = ("giver", "receiver")  # the two sides of a handover sign next to each other (HANDS-ON 55)


def signatures(columns: Sequence[SignatureColumn], parties: Sequence[Party], width: float) -> Flowable:
    """Signature columns, at most three a row; optional columns vanish when nobody holds the role.

    Each row of columns is two table rows — titles, then the signing space and names — so a title that
    wraps ("THÀNH VIÊN HỘI ĐỒNG") does not push its names below the others: names share one baseline."""
    groups, per_row = _signature_groups(columns, parties)
    rows, style = [], _signature_style()
    for group in groups:
        r = len(rows)
        rows += _signature_row(group, per_row)
        style += [("BOTTOMPADDING", (0, r), (-1, r), 0), ("NOSPLIT", (0, r), (-1, r + 1))]
    table = Table(rows, colWidths=[width / per_row] * per_row)
    table.setStyle(TableStyle(style))
    return table


def signature_rows(columns: Sequence[SignatureColumn], parties: Sequence[Party], width: float) -> list[Flowable]:
    """The same signature columns as ``signatures``, one table per row of columns, so a page may end between two
    rows of signers (each row whole: titles, signing space and names)."""
    groups, per_row = _signature_groups(columns, parties)
    tables = []
    for group in groups:
        table = Table(_signature_row(group, per_row), colWidths=[width / per_row] * per_row)
        table.setStyle(TableStyle(_signature_style() + [("BOTTOMPADDING", (0, 0), (-1, 0), 0),
                                                        ("NOSPLIT", (0, 0), (-1, 1))]))
        tables.append(table)
    return tables


def _signature_style() -> list:
    return [("FONT", (0, 0), (-1, -1), REGULAR, BODY_SIZE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]


def _signature_row(group, per_row: int) -> list[list]:
    fill = [""] * (per_row - len(group))
    return [[_signature_head(c) for c, _people in group] + fill,
            [_signature_names(people) for _c, people in group] + fill]


def _signature_groups(columns: Sequence[SignatureColumn], parties: Sequence[Party]):
    """The signers' cells (column, persons) in rows of at most three, and the number of columns a row."""
    used = [c for c in columns if not c.optional or any(p.role == c.role for p in parties)]
    known = {c.role for c in columns}
    used += [SignatureColumn(role, _(title), _("(Ký, ghi rõ họ tên)"), True) for role, title in EXTRA_COLUMNS.items()
             if role not in known and any(p.role == role for p in parties)]
    # the two sides first, side by side; witnesses, storekeeper and leader after them (never BÊN GIAO beside
    # NGƯỜI CHỨNG KIẾN with BÊN NHẬN on the next row)
    if all(any(c.role == r for c in used) for r in SIDE_BY_SIDE):
        used = [c for r in SIDE_BY_SIDE for c in used if c.role == r] + [c for c in used if c.role not in SIDE_BY_SIDE]
    # one column per signer: two council members never share one (each signs in a place of their own)
    cells = []
    for c in used:
        people = [p for p in parties if p.role == c.role]
        cells += [(c, [p]) for p in people] if len(people) > 1 else [(c, people)]
    per_row = 2 if len(cells) == 4 else max(1, min(3, len(cells)))
    return [cells[i:i + per_row] for i in range(0, len(cells), per_row)], per_row


def recipients(template: DocumentTemplate) -> list[Flowable]:
    """"Nơi nhận:" (ND 30/2020 Art 8.2.9; HANDS-ON 75) of a record, from the template's distribution, in one
    paragraph under the signatures ("01 bản gửi cơ quan đang thụ lý, 01 bản lưu kho" → "Nơi nhận: - 01 bản gửi cơ
    quan đang thụ lý; - 01 bản lưu kho."). The closing sentence then states only how many copies were made
    (BLTTHS Điều 133), so the one-page intake record stays on one page."""
    parts = [p.strip() for p in template.distribution.replace(";", ",").split(",") if p.strip()]
    if not parts:
        return []
    lines = "; ".join(f"- {esc(p[0].upper() + p[1:])}" for p in parts) + "."
    return [para(f'<font name="{BOLD_ITALIC}" size="12">{_("Nơi nhận:")}</font> {lines}', "recipients")]


def closing_and_signatures(template: DocumentTemplate, parties: Sequence[Party], width: float,
                           lead: Sequence[Flowable] = (), tail: Sequence[Flowable] = ()) -> Flowable:
    """Keep the last paragraphs with the signatures (and what follows them, the "Nơi nhận"): a page of signatures
    alone proves nothing."""
    return KeepTogether(list(lead) + [Spacer(1, 4), signatures(template.signature_columns, parties, width)]
                        + list(tail))


def closing_flow(template: DocumentTemplate, parties: Sequence[Party], width: float,
                 lead: Sequence[Flowable] = (), tail: Sequence[Flowable] = ()) -> list[Flowable]:
    """A record's end that lets the body flow (issue #12: a check record left page 1 half empty): only the last
    paragraph of ``lead`` (the closing statement) is kept with the first row of signers — a page of signatures
    alone proves nothing — further rows of signers may start a new page, and the "Nơi nhận" (``tail``) stays
    with the last row."""
    *body, last = list(lead) or [Spacer(1, 0)]
    rows = signature_rows(template.signature_columns, parties, width)
    if len(rows) <= 1:
        return body + [KeepTogether([last, Spacer(1, 4)] + rows + list(tail))]
    return body + [KeepTogether([last, Spacer(1, 4), rows[0]])] + rows[1:-1] + [KeepTogether([rows[-1]] + list(tail))]
