"""Biên bản kiểm kê (ND 30/2020 layout, configurable template "audit"): the plan and its sample, the
counting team and supervisors, totals per result, every discrepancy with its resolution, the items away by
design, signatures. Plain data in (``AuditRecord``), PDF bytes out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ..domain import audit as audit_rules
from ..i18n import N_, _
from .blocks import basis_paragraphs, name_with_code, remarks, time_place
from .signature_blocks import closing, closing_and_signatures
from .table_blocks import grid_table, grid_table_with_tail
from .docbase import MARGINS, breakable, build_pdf, esc, header_flowables, para
from .formatting import number as fmt_number, quantity
from .records import ItemLine, LedgerStamp, Party
from .templates import PrintSettings

FRAME_WIDTH = 210 * mm - MARGINS["left"] - MARGINS["right"]
TEAM_LABELS = {"chair": N_("Trưởng ban kiểm kê"), "keeper": N_("Thủ kho"), "member": N_("Thành viên"),
               "supervisor": N_("Kiểm sát viên giám sát"), "witness": N_("Người chứng kiến"),
               "head": N_("Thủ trưởng đơn vị")}


@dataclass(frozen=True)
class AuditLine:
    line_no: int
    code: str
    name: str
    unit: str
    quantity: float
    result: str  # domain.audit.Result value
    expected: str  # location as in the register ("Ô A1-1-01 (VT…)")
    found: str  # where the team found it
    detail: str  # readable: seal numbers, measures, state
    resolution: str = ""  # domain.audit.Resolution value
    resolution_note: str = ""
    resolution_ref: str = ""
    resolved_by: str = ""


@dataclass(frozen=True)
class AuditRecord:
    number: str
    kind: str  # domain.audit.AuditKind value
    scope: str
    started_at: datetime
    ended_at: datetime
    place: str
    parties: tuple[Party, ...]
    totals: dict  # result → count
    discrepancies: tuple[AuditLine, ...]
    absent: tuple[AuditLine, ...] = ()
    reason: str = ""
    population: int = 0
    sample_size: int = 0
    confidence: float | None = None
    margin: float | None = None
    seed: int | None = None
    high_risk_weight: float = 1.0
    status: str = "closed"
    stamp: LedgerStamp | None = None
    remarks: str = ""
    extra: dict = field(default_factory=dict)
    # high-risk items found with their seal intact but not opened to count the money or weigh the drugs (issue 15)
    unmeasured: tuple[AuditLine, ...] = ()


def render_audit(record: AuditRecord, settings: PrintSettings | None = None) -> bytes:
    settings = settings or PrintSettings()
    template = settings.document("audit")
    story = header_flowables(settings, template, record.number, record.started_at.date())
    story += basis_paragraphs(template.legal_bases, ())
    story.append(time_place(record.started_at, record.place))
    story += _team(record.parties)
    story += _plan(record)
    story.append(_heading(_("<b>I. KẾT QUẢ KIỂM KÊ</b>")))
    story.append(_totals(record.totals))
    if record.unmeasured:
        story.append(_heading(_("Trong số vật chứng đúng vị trí, <b>{n}</b> vật chứng nhóm rủi ro cao được kiểm tra "
                                "niêm phong nguyên vẹn, <b>không mở niêm phong để đếm tiền, cân lại</b>:",
                                n=fmt_number(len(record.unmeasured)))))
        story.append(_lines(record.unmeasured, with_resolution=False, state_head=_("Niêm phong")))
    story.append(_heading(_("<b>II. CHÊNH LỆCH VÀ KẾT QUẢ XỬ LÝ</b>")))
    tail: list[Flowable] = []  # the last table's last rows, kept with the closing and signatures (HANDS-ON 79)
    if record.discrepancies:
        body, end = _lines(record.discrepancies, with_resolution=True, split_tail=not record.absent)
        story += [t for t in (body,) if t is not None]
        tail = [t for t in (end,) if t is not None]
    else:
        story.append(para(_("Không phát hiện chênh lệch giữa thực tế và sổ sách.")))
    if record.absent:
        story.append(_heading(_("<b>III. VẬT CHỨNG VẮNG MẶT HỢP LỆ</b> (đang tạm xuất, gửi bảo quản chuyên trách, "
                                "giao bảo quản)")))
        body, end = _lines(record.absent, with_resolution=False, split_tail=True)
        story += [t for t in (body,) if t is not None]
        tail = [end]
    if record.status != audit_rules.AuditStatus.CLOSED:
        tail.append(para(_("<i>Bản in khi chưa kết thúc kiểm kê: kết quả có thể còn thay đổi.</i>")))
    tail.append(remarks(record.remarks))
    # the audit ends when its record is closed: before that the end is left to be written, never the counting's end
    ended = record.ended_at if record.status == audit_rules.AuditStatus.CLOSED else None
    lead = tail + [closing(template, record.started_at, ended)]
    story.append(closing_and_signatures(template, record.parties, FRAME_WIDTH, lead))
    return build_pdf(story, f"{template.title} {template.subtitle}", record.number, record.stamp)


def _heading(text: str) -> Flowable:
    p = para(text, "flush")
    p.keepWithNext = True  # never a heading alone at the foot of a page
    return p


def _place(text: str, width: float) -> str:
    """'Ô A1-1-02 (VT-01-000011-P)' → the name, and the code on its own line in a smaller size."""
    if text.endswith(")") and " (" in text:
        name, code = text[:-1].rsplit(" (", 1)
        return f'{esc(name)}<br/><font size="9">{esc(code)}</font>'
    return breakable(text, width)


def _team(parties) -> list[Flowable]:
    out = []
    for role in TEAM_LABELS:
        people = [p for p in parties if p.role == role]
        if not people:
            continue
        text = "; ".join(", ".join(esc(x) for x in (p.person.full_name, p.person.position, p.person.agency) if x)
                         for p in people)
        out.append(para(f"<b>{_(TEAM_LABELS[role])}:</b> {text}.", "flush"))
    if not out:  # an audit opened without its team (a handheld's workflow, the CLI): said, not a dangling "gồm:"
        out.append(para(_("<i>(Thành phần kiểm kê chưa ghi: ghi khi kết thúc kiểm kê.)</i>"), "flush"))
    return out


def _plan(r: AuditRecord) -> list[Flowable]:
    kind = _(audit_rules.AUDIT_KIND_LABELS[audit_rules.AuditKind(r.kind)]) if r.kind in audit_rules.AUDIT_KIND_LABELS else esc(r.kind)
    out = [para(_("Tiến hành {kind}; phạm vi: {scope}.", kind=kind.lower(), scope=esc(r.scope)))]
    if r.reason:
        out.append(para(_("Lý do, kế hoạch: {reason}.", reason=esc(r.reason))))
    if r.kind in audit_rules.SAMPLED and r.confidence is not None:
        out.append(para(_(
            "Chọn mẫu ngẫu nhiên: tổng thể {population}, độ tin cậy {confidence}%, sai số cho phép ±{margin}%, "
            "cỡ mẫu {n} (công thức Cochran có hiệu chỉnh tổng thể hữu hạn); nhóm rủi ro cao (tiền, vàng bạc, "
            "ma túy, vũ khí) được ưu tiên hệ số {weight}; số khởi tạo ngẫu nhiên {seed} (chọn lại được đúng mẫu này).",
            population=fmt_number(r.population), confidence=fmt_number(round(r.confidence * 100, 2)),
            margin=fmt_number(round(r.margin * 100, 2)), n=fmt_number(r.sample_size),
            weight=fmt_number(r.high_risk_weight), seed=r.seed)))
    else:
        out.append(para(_("Số vật chứng theo sổ sách trong phạm vi kiểm kê: {n}.", n=fmt_number(r.population))))
    out.append(para(_("Phương pháp: quét mã vị trí rồi quét từng vật chứng tại vị trí (kiểm đếm mù, người kiểm "
                      "đếm không xem danh sách sổ sách); kiểm tra niêm phong, cân lại ma túy, đếm tiền theo mệnh giá "
                      "đối với nhóm rủi ro cao; đối chiếu với sổ sách sau khi kiểm đếm xong.")))
    return out


def _totals(totals: dict) -> Flowable:
    widths = [FRAME_WIDTH - 40 * mm, 40 * mm]
    rows = [[para(_("Kết quả"), "head"), para(_("Số vật chứng"), "head")]]
    for r in audit_rules.RESULT_ORDER:
        rows.append([para(esc(_(audit_rules.RESULT_LABELS[r])), "cell"), para(fmt_number(totals.get(r.value, 0)), "cell_c")])
    rows.append([para(_("<b>Cộng</b>"), "cell"), para(f"<b>{fmt_number(sum(totals.values()))}</b>", "cell_c")])
    return grid_table(rows, widths)


def _lines(lines, with_resolution: bool, state_head: str = "", split_tail: bool | None = None):
    """The lines' table; with ``split_tail`` (True or False) the pair (body or None, last rows or None)."""
    if with_resolution:
        widths = [11 * mm, 44 * mm, 30 * mm, 25 * mm, 25 * mm, FRAME_WIDTH - 135 * mm]
        head = [_("STT"), _("Vật chứng"), _("Kết quả"), _("Theo sổ sách"), _("Thực tế"), _("Xử lý")]
    else:
        widths = [11 * mm, 60 * mm, 40 * mm, FRAME_WIDTH - 111 * mm]
        head = [_("STT"), _("Vật chứng"), state_head or _("Trạng thái"), _("Vị trí cuối cùng trong kho")]
    rows = [[para(h, "head") for h in head]]
    for n, line in enumerate(lines, 1):
        item = ItemLine(line.code, line.name or _("(mã không có trong hệ thống)"), line.unit, line.quantity)
        name = name_with_code(item) + (f"<br/>{quantity(line.quantity)} {esc(line.unit)}" if line.unit else "")
        if with_resolution:
            result = esc(_(audit_rules.RESULT_LABELS[audit_rules.Result(line.result)])) if line.result in audit_rules.RESULT_LABELS else esc(line.result)
            if line.detail:
                result += f'<br/><font size="9">{esc(line.detail)}</font>'
            rows.append([para(str(line.line_no), "cell_c"), para(name, "cell"), para(result, "cell"),
                         para(_place(line.expected, widths[3]), "cell"),
                         para(_place(line.found, widths[4]), "cell"), para(_resolution(line), "cell")])
        else:
            rows.append([para(str(line.line_no), "cell_c"), para(name, "cell"), para(esc(line.detail), "cell"),
                         para(_place(line.expected, widths[3]), "cell")])
    if split_tail is None:
        return grid_table(rows, widths)
    if not split_tail:
        return grid_table(rows, widths), None
    return grid_table_with_tail(rows, widths)


def _resolution(line: AuditLine) -> str:
    if not line.resolution:
        return _("<i>chưa xử lý</i>")
    how = audit_rules.Resolution(line.resolution)
    parts = [f"<b>{esc(_(audit_rules.RESOLUTION_LABELS[how]))}</b>"]
    if line.resolution_ref:  # a move names its ledger event (#…); an item carried back names the place itself
        placed = how in (audit_rules.Resolution.MOVE, audit_rules.Resolution.ACCEPT_PLACE) \
            and not line.resolution_ref.startswith("#")
        ref = esc(line.resolution_ref)
        parts.append(_("vị trí: {ref}", ref=ref) if placed else _("căn cứ / sự kiện: {ref}", ref=ref))
    if line.resolution_note:
        parts.append(esc(line.resolution_note))
    if line.resolved_by:
        parts.append(_("người xử lý: {name}", name=esc(line.resolved_by)))
    return "<br/>".join(parts)
