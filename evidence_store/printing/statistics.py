"""The periodic statistics report (báo cáo thống kê) for the city's steering committee and for each agency:
ND 30/2020 header, a summary, then each section as its chart (the same drawing the Reports screen shows)
and its table."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from ..i18n import N_, _
from .signature_blocks import closing_and_signatures
from .table_blocks import grid_table, grid_table_with_tail
from .charts import report_charts
from .docbase import MARGINS, build_pdf, esc, header_flowables, para
from .templates import PrintSettings

WIDTH = 210 * mm - MARGINS["left"] - MARGINS["right"]
PDF_OVERDUE_ROWS = 100
PDF_OCCUPANCY_ROWS = 30
HEADINGS = {
    "flow": N_("Tiếp nhận và xử lý vật chứng theo tháng"),
    "age": N_("Vật chứng đang quản lý theo thời gian lưu kho"),
    "backlog": N_("Vật chứng tồn đọng từ 1 năm trở lên"),
    "categories": N_("Vật chứng đang quản lý theo loại"),
    "states": N_("Vật chứng theo trạng thái"),
    "occupancy": N_("Mức sử dụng vị trí lưu kho"),
    "deadlines": N_("Thực hiện thời hạn theo cơ quan"),
    "overdue": N_("Vật chứng tạm xuất quá hạn trả"),
}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")


def _n(value) -> str:
    return f"{value:,}".replace(",", ".")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


def render_statistics(report, settings: PrintSettings | None = None, *, warning: float = 0.75,
                      parties=()) -> bytes:
    settings = settings or PrintSettings()
    template = settings.document("statistics_report")
    story = header_flowables(settings, template, "", report.today)
    story.append(para(_("<b>{title}</b>", title=esc(report.title)), "flush"))
    story.append(para(_("<b>Phạm vi:</b> {filters}.", filters=esc(report.filters_text)), "flush"))
    story += _summary(report, warning)
    charts: dict[str, list] = {}
    for section, drawing in report_charts(report, warning, titled=False):
        charts.setdefault(section, []).append(drawing)
    tail: list[Flowable] = []
    for n, section in enumerate(report.sections):
        heading = para(f"<b>{ROMAN[n]}. {esc(_(HEADINGS[section]))}</b>", "flush")
        body = _section(report, section)
        drawings = charts.get(section, [])
        story.append(KeepTogether([Spacer(1, 6), heading] + drawings[:1]))
        if n == len(report.sections) - 1 and body:  # the last rows go with the signatures (HANDS-ON 79)
            body, tail = _with_tail(body)
        story += drawings[1:] + body
    made = para(_("Báo cáo lập lúc {when} từ sổ theo dõi của phần mềm Kho Vật Chứng.",
                  when=report.generated_at.strftime("%H:%M %d/%m/%Y")), "flush")
    story.append(closing_and_signatures(template, parties, WIDTH, tail + [Spacer(1, 6), made]))
    return build_pdf(story, f"{template.title} {template.subtitle}", report.title, None)


def _with_tail(body: list[Flowable]) -> tuple[list[Flowable], list[Flowable]]:
    """The section's flowables without their end, and the end: the last table's last rows (or its last note)."""
    last = body[-1]
    if getattr(last, "source", None) is None:
        return body[:-1], [last]
    main, end = grid_table_with_tail(*last.source)
    return body[:-1] + ([main] if main is not None else []), [end]


def _summary(report, warning: float) -> list[Flowable]:
    out = []
    if "flow" in report.sections:
        text = _("Trong kỳ tiếp nhận <b>{intake}</b> vật chứng; xử lý, chuyển kho <b>{out}</b> vật chứng; "
                 "tỷ lệ xử lý / nhập kho <b>{ratio}</b>.", intake=_n(report.intake_total), out=_n(report.out_total),
                 ratio=_pct(report.ratio))
        if report.ratio is not None and report.ratio < warning:
            text += " " + _('<font color="#c62828"><b>Cảnh báo:</b> tỷ lệ dưới {w}, kho sẽ quá tải nếu không '
                            'đẩy nhanh việc xử lý.</font>', w=_pct(warning))
        out.append(para(text))
    if report.held_total:
        out.append(para(_("Đang quản lý <b>{held}</b> vật chứng (lưu kho, tạm xuất, gửi, giao bảo quản); "
                          "tồn đọng từ 1 năm trở lên <b>{backlog}</b>; tạm xuất quá hạn <b>{overdue}</b>.",
                          held=_n(report.held_total), backlog=_n(sum(r.count for r in report.backlog)),
                          overdue=_n(report.overdue_total))))
    return out


def _table(head: list[str], rows: list[list[str]], widths_mm: list[float], align: list[str]) -> Flowable:
    cells = [[para(esc(h), "head") for h in head]]
    for r in rows:
        cells.append([para(esc(v), "cell_c" if a == "c" else "cell") for v, a in zip(r, align)])
    scale = WIDTH / (sum(widths_mm) * mm)
    widths = [w * mm * scale for w in widths_mm]
    table = grid_table(cells, widths)
    table.source = (cells, widths)  # the last section's table is split to keep its end with the signatures
    return table


def _section(report, section: str) -> list[Flowable]:
    builder = _SECTIONS[section]
    return builder(report)


def _flow(report) -> list[Flowable]:
    rows = [[f"{r.month:%m/%Y}", _n(r.intake), _n(r.disposed), _n(r.transferred), _pct(r.ratio)] for r in report.flow]
    rows.append([_("Cộng"), _n(report.intake_total), _n(sum(r.disposed for r in report.flow)),
                 _n(sum(r.transferred for r in report.flow)), _pct(report.ratio)])
    return [_table([_("Tháng"), _("Nhập kho"), _("Xử lý xong"), _("Chuyển kho khác"), _("Tỷ lệ xử lý / nhập")],
                   rows, [25, 30, 30, 35, 35], ["c"] * 5)]


def _counts(label_head: str):
    def build(report_rows, total_label=True):
        total = sum(r.count for r in report_rows)
        rows = [[r.label, _n(r.count), _pct(r.count / total * 100) + " %" if total else "—"] for r in report_rows]
        if total_label:
            rows.append([_("Cộng"), _n(total), "100 %" if total else "—"])
        return [_table([_(label_head), _("Số vật chứng"), _("Tỷ trọng")], rows, [90, 35, 30], ["l", "c", "c"])]
    return build


def _backlog(report) -> list[Flowable]:
    rows = [[r.agency, r.stage_label, _n(r.count)] for r in report.backlog]
    rows.append([_("Cộng"), "", _n(sum(r.count for r in report.backlog))])
    return [_table([_("Cơ quan thụ lý"), _("Giai đoạn"), _("Số vật chứng")], rows, [85, 40, 30], ["l", "l", "c"])]


def _occupancy(report) -> list[Flowable]:
    if not report.occupancy:  # a seat that sees its own cases only: the warehouse's fill is not its figure
        return [para(_("Mức sử dụng vị trí tính trên mọi vật chứng trong kho: chỉ có trong báo cáo của người xem "
                       "toàn kho."), "flush")]
    from .labels import display_code
    rows = [[display_code(r.code), r.name, _n(r.capacity), _n(r.occupancy), _pct(r.share * 100) + " %"]
            for r in report.occupancy[:PDF_OCCUPANCY_ROWS]]
    out = [_table([_("Mã vị trí"), _("Vị trí"), _("Sức chứa"), _("Đang chứa"), _("Mức sử dụng")], rows,
                  [32, 55, 22, 22, 24], ["l", "l", "c", "c", "c"])]
    if len(report.occupancy) > PDF_OCCUPANCY_ROWS:
        out.append(para(_("(Trích {n}/{total} vị trí đầy nhất; bảng đầy đủ trong tệp Excel.)",
                          n=PDF_OCCUPANCY_ROWS, total=len(report.occupancy)), "flush"))
    return out


def _deadlines(report) -> list[Flowable]:
    rows = [[r.agency, _n(r.kept), _n(r.missed), _n(r.open)] for r in report.deadlines]
    rows.append([_("Cộng"), _n(sum(r.kept for r in report.deadlines)), _n(sum(r.missed for r in report.deadlines)),
                 _n(sum(r.open for r in report.deadlines))])
    return [_table([_("Cơ quan"), _("Đúng hạn"), _("Trễ hạn"), _("Chưa đến hạn")], rows, [80, 25, 25, 25],
                   ["l", "c", "c", "c"])]


def _overdue(report) -> list[Flowable]:
    if not report.overdue_total:
        return [para(_("Không có vật chứng tạm xuất quá hạn."), "flush")]
    from .labels import display_code
    rows = [[display_code(r.code), r.name, r.case_number, r.holder, r.due_on.strftime("%d/%m/%Y"), _n(r.days_overdue)]
            for r in report.overdue[:PDF_OVERDUE_ROWS]]
    out = [para(_("Tổng số: <b>{n}</b> vật chứng.", n=_n(report.overdue_total)), "flush"),
           _table([_("Mã vật chứng"), _("Tên vật chứng"), _("Vụ án"), _("Người giữ"), _("Hạn trả"), _("Số ngày quá hạn")],
                  rows, [33, 38, 27, 33, 20, 14], ["l", "l", "l", "l", "c", "c"])]
    if report.overdue_total > len(rows):
        out.append(para(_("(Trích {n}/{total} vật chứng quá hạn lâu nhất; danh sách đầy đủ trong tệp Excel.)",
                          n=len(rows), total=_n(report.overdue_total)), "flush"))
    return out


_SECTIONS = {
    "flow": _flow,
    "age": lambda r: _counts(N_("Thời gian lưu kho"))(r.age),
    "backlog": _backlog,
    "categories": lambda r: _counts(N_("Loại vật chứng"))(r.categories),
    "states": lambda r: _counts(N_("Trạng thái"))(r.states),
    "occupancy": _occupancy,
    "deadlines": _deadlines,
    "overdue": _overdue,
}
