"""Preview a PDF, save it, or print it. QtPdf is not in PySide6-Essentials, so the preview's pages are
rasterised with poppler's ``pdftoppm`` when it is installed (without it the dialog offers Save PDF and
opening the file in the system's viewer). Printing sends the PDF itself, as vector pages at 100 %,
titled and with the template's copies (ui/system_print.py)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget)

from evidence_store.i18n import _

from .. import dialogs, system_print

PREVIEW_DPI = 80


def pdftoppm() -> str | None:
    return shutil.which("pdftoppm")


def rasterise(pdf: bytes, dpi: int, tool: str | None = None) -> list[QImage]:
    """Every page as an image (empty list when pdftoppm is missing or fails)."""
    tool = tool or pdftoppm()
    if tool is None:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        done = subprocess.run([tool, "-r", str(dpi), "-png", str(source), str(Path(tmp) / "page")],
                              capture_output=True, timeout=120)
        if done.returncode != 0:
            return []
        return [QImage(str(p)) for p in sorted(Path(tmp).glob("page*.png"), key=_page_number)]


def _page_number(path: Path) -> int:
    digits = "".join(ch for ch in path.stem if ch.isdigit())
    return int(digits or 0)


class PrintPreviewDialog(QDialog):
    def __init__(self, pdf: bytes, title: str, filename: str, parent: QWidget | None = None, *,
                 job_title: str = "", copies: int = 1) -> None:
        super().__init__(parent)
        self.pdf, self.filename = pdf, filename
        self.job_title, self.copies = job_title or title, max(1, copies)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.pages = rasterise(pdf, PREVIEW_DPI)
        layout.addWidget(self._preview() if self.pages else self._no_preview(), 1)
        layout.addLayout(self._buttons())
        # 820 × 900 where the screen allows: at 1366×768 the dialog was 900 px tall and its print and save buttons
        # were below the screen's edge (issue 17); the pages scroll inside
        from .scan_batch import fit_to_screen
        fit_to_screen(self, 820, 900)

    def _preview(self) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        for image in self.pages:
            page = QLabel()
            page.setPixmap(QPixmap.fromImage(image))
            page.setStyleSheet("border: 1px solid #999; background: white;")
            column.addWidget(page)
        area.setWidget(holder)
        area.setStyleSheet("background: #808080;")
        return area

    def _no_preview(self) -> QLabel:
        label = QLabel(_("Máy này chưa có công cụ xem trước (poppler-utils). Hãy lưu tệp PDF hoặc mở bằng "
                         "trình xem PDF của máy để in."))
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.info = QLabel(_("{n} trang", n=len(self.pages)) if self.pages else "")
        row.addWidget(self.info, 1)
        self.print_button = QPushButton(_("In…"))
        self.print_button.setToolTip(_("In {title}, {n} bản", title=self.job_title, n=self.copies))
        self.print_button.clicked.connect(self.print_)
        save = QPushButton(_("Lưu PDF…"))
        save.clicked.connect(self.save)
        self.open_button = QPushButton(_("Mở bằng trình xem PDF"))
        self.open_button.setVisible(not self.pages)
        self.open_button.clicked.connect(self.open_external)
        close = QPushButton(_("Đóng"))
        close.clicked.connect(self.accept)
        for button in (self.print_button, save, self.open_button, close):
            row.addWidget(button)
        return row

    def save(self, path: str | None = None) -> str | None:
        """Save under the document's full name ("bien-ban-624-2026-BB-GN.pdf"), then say where (HANDS-ON 90)."""
        path = path or dialogs.ask_save_path(_("Lưu PDF"), self.filename, _("PDF (*.pdf)"), self)
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            Path(path).write_bytes(self.pdf)
            dialogs.info(_("Đã lưu {path}", path=path), self)
        return path

    # -- printing ---------------------------------------------------------------------------
    def make_printer(self) -> QPrinter:
        """The printer as the dialog opens on it: the job's title, the template's copies, the
        document's own paper."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        system_print.prepare_printer(printer, self.pdf, self.job_title, self.copies)
        return printer

    def send(self, printer: QPrinter) -> system_print.PrintJob | None:
        try:
            self.last_job = system_print.send(self.pdf, printer, self.job_title, rasterise=rasterise)
        except (system_print.PrintFailed, OSError, subprocess.SubprocessError) as error:
            dialogs.warn(_("Không in được: {reason}", reason=str(error) or _("máy in không nhận lệnh in")), self)
            return None
        return self.last_job

    def print_(self) -> system_print.PrintJob | None:
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("In {title}", title=self.job_title))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.send(printer)

    def open_external(self) -> None:
        target = Path(tempfile.gettempdir()) / self.filename
        target.write_bytes(self.pdf)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
