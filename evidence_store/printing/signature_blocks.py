"""The end of a record: the closing statement, the void statement, the signature columns (with fingerprint boxes and
drawn signatures) and the recipients (BLTTHS Điều 133)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from ..i18n import N_, _
from .docbase import BODY_SIZE, BOLD_ITALIC, REGULAR, esc, para
from .formatting import clock, short_date
from .records import Party
from .templates import DocumentTemplate, SignatureColumn

EXTRA_COLUMNS = {  # signers every record prints, even under a template saved before these roles existed
    "keeper": N_("THỦ KHO"), "accountant": N_("KẾ TOÁN"), "refusal_witness": N_("NGƯỜI CHỨNG KIẾN VIỆC TỪ CHỐI KÝ"),
    "fingerprint_witness": N_("NGƯỜI CHỨNG KIẾN (ĐỌC BIÊN BẢN, ĐIỂM CHỈ)"),
    # a seal opened and sealed again while out: both sign the return record that names them (issue #12; ND 127/2017)
    "resealer": N_("NGƯỜI NIÊM PHONG LẠI"), "reseal_witness": N_("NGƯỜI CHỨNG KIẾN VIỆC NIÊM PHONG LẠI"),
    # the council and the procurator a disposal's handover record names among «chúng tôi gồm» sign it too (BLTTHS
    # Điều 133: everyone who took part signs; demo 3/2025/BB-GN named them and gave them no place)
    "chair": N_("CHỦ TỊCH HỘI ĐỒNG"), "member": N_("THÀNH VIÊN HỘI ĐỒNG"), "supervisor": N_("KIỂM SÁT VIÊN"),
}
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
    """A record's end that lets the body flow: the paragraphs before the closing statement (refusals) go on with
    the body, and the closing statement is kept with EVERY row of signers and the "Nơi nhận" (``tail``) — a page
    holding only a row of signers attests nothing it shows (issue #12: a council of six left its last row alone on
    the last page; BLTTHS Điều 133: the participants sign the record they have read). The rows stay separate
    tables, so a block taller than a whole page (more signers than fit) still breaks between rows, never inside."""
    *body, last = list(lead) or [Spacer(1, 0)]
    rows = signature_rows(template.signature_columns, parties, width)
    return body + [KeepTogether([last, Spacer(1, 4)] + rows + list(tail))]
