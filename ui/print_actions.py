"""Printing from any screen: run a printing service (off the record when it only reads), then the
preview dialog with the job's title and the template's number of copies. One place, so every
document reaches the same print path (vector pages at 100 %, ui/widgets/print_preview.py)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from evidence_store.domain.records import document_kind_name
from evidence_store.i18n import _
from evidence_store.services import printing, printing_registers
from evidence_store.services.printing_data import derived_number

from . import dialogs, operations
from .context import AppContext
from .widgets.form import Form, date_edit, field_errors
from .widgets.print_preview import PrintPreviewDialog
from .widgets.submit_dialog import SubmitDialog
from evidence_store.domain import chronology


def service(name: str = "printing"):
    """The printing service module (plain imports: nothing optional about printing)."""
    return {"printing": printing, "printing_registers": printing_registers}[name]


def safe_filename(text: str) -> str:
    """"624/2026/BB-GN" → "624-2026-BB-GN": slashes would be read as folders (HANDS-ON 90)."""
    return re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-") or "tai-lieu"


def template_copies(ctx: AppContext, key: str) -> int:
    result = operations.query(ctx, service().load_print_settings)
    if not result.ok:
        return 1
    try:
        return max(1, int(result.value.document(key).copies))
    except (KeyError, AttributeError, TypeError, ValueError):
        return 1


def preview(ctx: AppContext, parent: QWidget, fn, *args, title: str, job_title: str, filename: str,
            write: bool = False, copies: int = 1) -> PrintPreviewDialog | None:
    run = operations.perform if write else operations.query
    result = run(ctx, fn, *args, parent=parent)
    if not result.ok:
        return None
    return show_preview(parent, result.value, title=title, job_title=job_title, filename=filename, copies=copies)


def show_preview(parent: QWidget, pdf: bytes, *, title: str, job_title: str, filename: str,
                 copies: int = 1) -> PrintPreviewDialog:
    """The preview of a document already rendered (by ``preview`` or by a dialog that asked what to print)."""
    dialog = PrintPreviewDialog(pdf, title, filename, parent, job_title=job_title, copies=copies)
    dialog.open()
    return dialog


def print_item_labels(ctx: AppContext, parent: QWidget, codes: list[str]) -> PrintPreviewDialog | None:
    """Ask the layout and copies, then print (recorded in the ledger: a reprint is numbered)."""
    settings = operations.query(ctx, service().load_print_settings, parent=parent)
    if not settings.ok:
        return None
    choice = dialogs.choose_label_layout(settings.value, len(codes), parent)
    if choice is None:
        return None
    layout, copies, dpi = choice
    name = codes[0] if len(codes) == 1 else _("{n} vật chứng", n=len(codes))
    return preview(ctx, parent, service().item_labels_pdf, list(codes), layout, copies, dpi, write=True,
                   title=_("Nhãn vật chứng"), job_title=_("Nhãn {what}", what=name),
                   filename=f"nhan-{safe_filename(codes[0])}.pdf")


def print_handover(ctx: AppContext, parent: QWidget, number: str, kind: str = "") -> PrintPreviewDialog | None:
    key = f"handover.{kind}" if kind else "handover.intake"
    title = _(document_kind_name(number, kind or None))  # a sealing record is no «Biên bản giao nhận» (issue #12)
    return preview(ctx, parent, service().handover_pdf, number, title=title,
                   job_title=f"{title} {number}", filename=f"bien-ban-{safe_filename(number)}.pdf",
                   copies=template_copies(ctx, key))


def print_correction_annex(ctx: AppContext, parent: QWidget, seq: int, number: str) -> PrintPreviewDialog | None:
    """The annex of a correction of the signed record ``number``, for its signers to sign again (Điều 133.2)."""
    from evidence_store.services import correction_annex
    title = _("Phụ lục đính chính biên bản {number}", number=number)
    return preview(ctx, parent, correction_annex.correction_annex_pdf, seq, title=title, job_title=title,
                   filename=f"phu-luc-dinh-chinh-{safe_filename(number)}-{seq}.pdf", copies=2)


def print_slip(ctx: AppContext, parent: QWidget, number: str, direction: str) -> PrintPreviewDialog | None:
    """``number``: the giao nhận record's; the slip carries its own (…/PXK, …/PNK), as printed on it."""
    title = _("Phiếu nhập kho") if direction == "in" else _("Phiếu xuất kho")
    slip = derived_number(number, "PNK" if direction == "in" else "PXK")
    return preview(ctx, parent, service().stock_slip_pdf, number, direction, title=title,
                   job_title=f"{title} {slip}", filename=f"phieu-{direction}-{safe_filename(slip)}.pdf",
                   copies=template_copies(ctx, f"slip.{direction}"))


def print_stock_card(ctx: AppContext, parent: QWidget, code: str) -> PrintPreviewDialog | None:
    return preview(ctx, parent, service("printing_registers").stock_card_pdf, code, title=_("Thẻ kho"),
                   job_title=_("Thẻ kho {code}", code=code), filename=f"the-kho-{safe_filename(code)}.pdf",
                   copies=template_copies(ctx, "stock_card"))


def print_custody_report(ctx: AppContext, parent: QWidget, code: str) -> PrintPreviewDialog | None:
    return preview(ctx, parent, service("printing_registers").custody_report_pdf, code,
                   title=_("Báo cáo quá trình quản lý vật chứng"), job_title=_("Báo cáo {code}", code=code),
                   filename=f"bao-cao-{safe_filename(code)}.pdf", copies=template_copies(ctx, "custody_report"))


def _ledger_book_job(ctx: AppContext, first, last) -> dict:
    """The sổ theo dõi's preview: its title, print job and file name for the period, and its copies."""
    return dict(title=_("Sổ theo dõi nhập – xuất kho"),
                job_title=_("Sổ theo dõi {first:%d/%m/%Y}–{last:%d/%m/%Y}", first=first, last=last),
                filename=f"so-theo-doi-{first:%Y%m%d}-{last:%Y%m%d}.pdf", copies=template_copies(ctx, "stock_book"))


class PeriodDialog(SubmitDialog):
    """From / to dates for the sổ theo dõi (default: this month so far). «Xem trước và in» renders the book here: a
    period that ends before it starts is refused under «Đến ngày» with the dates kept — it closed the dialog and
    showed a message box before (issue #18)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("In sổ theo dõi nhập – xuất kho"), parent, ok_text=_("Xem trước và in"))
        today = chronology.today()
        self.form = Form()
        self.form.grid.setColumnMinimumWidth(0, 0)  # two short labels: no room kept for a long form's
        self.form.grid.setContentsMargins(0, 0, 0, 0)
        self.setMinimumWidth(420)  # a refusal under «Đến ngày» reads on one line
        self.form.add("date_from", _("Từ ngày"), date_edit(today.replace(day=1)))
        self.form.add("date_to", _("Đến ngày"), date_edit(today))
        self.form.submitted.connect(self.submit)
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    @property
    def period(self):
        return self.form.value("date_from"), self.form.value("date_to")

    def submit(self):
        self.form.clear_errors()
        self.error_label.hide()
        return self.result_changes if self.run(service("printing_registers").ledger_book_pdf, *self.period,
                                               read=True) else None

    def on_error(self):
        return field_errors(self.form, fallback=self.error_label)


def ask_and_print_ledger_book(ctx: AppContext, parent: QWidget) -> PrintPreviewDialog | None:
    dialog = PeriodDialog(ctx, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return show_preview(parent, dialog.result_changes, **_ledger_book_job(ctx, *dialog.period))


class CandidateFilterDialog(QDialog):
    """Narrow the candidate list to one case and one place (a zone, a shelf and what is under it), each choice
    with the number of candidates it holds (issue 17)."""

    def __init__(self, filters, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFormLayout, QLabel
        super().__init__(parent)
        self.setWindowTitle(_("In danh sách đề xuất xử lý"))
        form = QFormLayout(self)
        form.addRow(QLabel(_("Có {n} vật chứng đủ điều kiện đề xuất xử lý.", n=filters.total)))
        self.case_box, self.place_box = QComboBox(), QComboBox()
        self.case_box.addItem(_("Tất cả vụ án"), "")
        for c in filters.cases:
            self.case_box.addItem(_("{text} ({n})", text=c.text, n=c.count), c.key)
        self.place_box.addItem(_("Toàn kho"), "")
        for p in filters.places:
            self.place_box.addItem("    " * p.depth + _("{text} ({n})", text=p.text, n=p.count), p.key)
        for box in (self.case_box, self.place_box):
            box.setMinimumWidth(420)
            box.setMaxVisibleItems(20)
        form.addRow(_("Vụ án"), self.case_box)
        form.addRow(_("Vị trí (khu, kệ…)"), self.place_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Xem trước và in"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Hủy"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choose(self, case_number: str = "", location_code: str = "") -> None:
        """Select a case and a place by key (tests, and a screen that already knows them)."""
        for box, key in ((self.case_box, case_number), (self.place_box, location_code)):
            index = box.findData(key)
            if index >= 0:
                box.setCurrentIndex(index)

    @property
    def chosen(self) -> tuple[str, str]:
        return self.case_box.currentData() or "", self.place_box.currentData() or ""


def print_disposal_candidates(ctx: AppContext, parent: QWidget) -> PrintPreviewDialog | None:
    """The printed list the Xử lý screen asks to scan: every held item whose case is over, with its barcode
    (HANDS-ON 50), narrowed to a case and a place when the clerk chooses them."""
    from evidence_store.services import disposal_candidates
    filters = operations.query(ctx, disposal_candidates.candidate_filters, parent=parent)
    if not filters.ok:
        return None
    dialog = CandidateFilterDialog(filters.value, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    case_number, location_code = dialog.chosen
    title = _("Danh sách vật chứng đủ điều kiện đề xuất xử lý")
    name = "-".join(safe_filename(p) for p in (case_number, location_code) if p)
    return preview(ctx, parent, disposal_candidates.disposal_candidates_pdf, case_number, location_code, title=title,
                   job_title=title, filename=f"danh-sach-vat-chung-de-xuat-xu-ly{'-' + name if name else ''}.pdf")
