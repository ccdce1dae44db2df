"""Printing a finished PDF through the system's print dialog, as vector pages at 100 % (HANDS-ON 88, 89).

QtPdf is not in PySide6-Essentials, so Qt cannot paint a PDF's pages as vectors. The dialog is used to
choose the printer, copies, pages and sides; the PDF itself then goes to the spooler unchanged:
- a CUPS printer (Linux, macOS): ``lp`` with the job titled by the record number, the copies chosen
  (the template's count by default), and ``print-scaling=none`` so a label sheet lands on its stickers;
- "Print to file": the PDF is written as it is;
- elsewhere (no ``lp``, e.g. Windows): each page is converted to SVG by poppler's ``pdftocairo`` (outlines,
  no pixels) and painted by QtSvg on the Qt printer at 100 % on the full page — vector, no shrinking to the
  printable area, no shift; the Qt job carries the title and the copies. Only without ``pdftocairo`` are the
  pages rasterised at the printer's resolution (the last resort).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

POINTS_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class PrintJob:
    """What was sent: to which printer, how, with which title and copies (for the caller and tests)."""

    printer: str
    method: str  # "cups" | "file" | "vector" | "raster"
    title: str
    copies: int
    command: tuple[str, ...] = ()
    job_id: str = ""


def pdf_page_size(pdf: bytes) -> QSizeF | None:
    """The first page's size in points (a 50×30 mm label, an A4 record)."""
    try:
        from pypdf import PdfReader
        box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
        return QSizeF(float(box.width), float(box.height))
    except Exception:  # an unreadable PDF is printed with the printer's own paper
        return None


def prepare_printer(printer: QPrinter, pdf: bytes, title: str, copies: int) -> None:
    """Before the dialog: the job's title, the template's copies, and the paper of the document itself
    (labels are label-sized, landscape when wider than tall), with no margins."""
    printer.setDocName(title)
    printer.setCopyCount(max(1, copies))
    printer.setFullPage(True)
    size = pdf_page_size(pdf)
    if size is not None and size.width() > 0 and size.height() > 0:
        portrait = QSizeF(min(size.width(), size.height()), max(size.width(), size.height()))
        page = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
        orientation = (QPageLayout.Orientation.Landscape if size.width() > size.height()
                       else QPageLayout.Orientation.Portrait)
        printer.setPageLayout(QPageLayout(page, orientation, QMarginsF(0, 0, 0, 0)))


def lp_command(printer: QPrinter, path: str, title: str, lp: str = "lp") -> list[str]:
    """``lp`` for the dialog's choices: printer, copies (collated), page range, sides, title, 100 %."""
    cmd = [lp, "-d", printer.printerName(), "-n", str(max(1, printer.copyCount())), "-t", title,
           "-o", "print-scaling=none", "-o", "fit-to-page=false", "-o", "collate=true"]
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        cmd += ["-P", f"{printer.fromPage()}-{printer.toPage() or printer.fromPage()}"]
    sides = {QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
             QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge",
             QPrinter.DuplexMode.DuplexNone: "one-sided"}.get(printer.duplex())
    if sides:
        cmd += ["-o", f"sides={sides}"]
    return cmd + ["--", path]


def send(pdf: bytes, printer: QPrinter, title: str, rasterise=None) -> PrintJob:
    """Print ``pdf`` on the printer the dialog configured. ``rasterise(pdf, dpi)`` (pages as QImages)
    is only used on the raster fallback."""
    copies = max(1, printer.copyCount())
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        Path(printer.outputFileName()).write_bytes(pdf)
        return PrintJob(printer.outputFileName(), "file", title, copies)
    lp = shutil.which("lp")
    if lp and printer.printerName():
        with tempfile.NamedTemporaryFile(prefix="kvc-", suffix=".pdf", delete=False) as tmp:
            tmp.write(pdf)
        try:
            cmd = lp_command(printer, tmp.name, title, lp)
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        finally:
            Path(tmp.name).unlink(missing_ok=True)
        if done.returncode != 0:
            raise PrintFailed(done.stderr.strip() or done.stdout.strip())
        job = done.stdout.strip().split(" is ")[-1].split(" ")[0] if " is " in done.stdout else ""
        return PrintJob(printer.printerName(), "cups", title, copies, tuple(cmd), job)
    pages = svg_pages(pdf)
    if pages:
        print_vector(pages, printer)
        return PrintJob(printer.printerName(), "vector", title, copies)
    if rasterise is None:
        raise PrintFailed("no spooler")
    dpi = max(300, printer.resolution())
    print_raster(rasterise(pdf, dpi), printer, dpi)
    return PrintJob(printer.printerName(), "raster", title, copies)


class PrintFailed(RuntimeError):
    """The spooler refused the job (its message is shown to the user)."""


def svg_pages(pdf: bytes, tool: str | None = None) -> list[bytes]:
    """Every page as SVG made by ``pdftocairo`` (glyphs and bars as outlines); empty without the tool."""
    tool = tool or shutil.which("pdftocairo")
    if tool is None:
        return []
    from pypdf import PdfReader
    count = len(PdfReader(io.BytesIO(pdf)).pages)
    pages = []
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        for n in range(1, count + 1):  # one file per page: QtSvg reads no <pageSet>
            target = Path(tmp) / f"page-{n}.svg"
            done = subprocess.run([tool, "-svg", "-f", str(n), "-l", str(n), str(source), str(target)],
                                  capture_output=True, timeout=120)
            if done.returncode != 0 or not target.exists():
                return []
            # QtSvg strokes a filled path with a 1-unit pen even under "stroke:none" (glyphs printed bold):
            # a zero width removes it
            svg = target.read_bytes().replace(b"stroke:none;", b"stroke:none;stroke-width:0;")
            pages.append(re.sub(rb'<path[^>]*\sd=""\s*/>', b"", svg))  # empty glyphs (spaces): QtSvg warns
    return pages


def print_vector(pages: list[bytes], printer: QPrinter) -> None:
    """Every SVG page painted on the full paper at 100 % (its size in points is the PDF page's), top-left
    at the paper's top-left, as vectors through the Qt print engine."""
    from PySide6.QtCore import QByteArray
    from PySide6.QtSvg import QSvgRenderer
    printer.setFullPage(True)
    painter = QPainter(printer)
    try:
        for i, svg in enumerate(pages):
            if i:
                printer.newPage()
            renderer = QSvgRenderer(QByteArray(svg))
            box = renderer.viewBoxF()
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            width = box.width() / 72 * printer.logicalDpiX()
            height = box.height() / 72 * printer.logicalDpiY()
            renderer.render(painter, QRectF(paper.x(), paper.y(), width, height))
    finally:
        painter.end()


def print_raster(images, printer: QPrinter, dpi: int) -> None:
    """The fallback: every page image on the full paper at 100 % (its size is the page's), top-left
    at the paper's top-left — not scaled into the printable area, not shifted by the margins."""
    printer.setFullPage(True)
    painter = QPainter(printer)
    try:
        for i, image in enumerate(images):
            if i:
                printer.newPage()
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            width = image.width() / dpi * printer.logicalDpiX()
            height = image.height() / dpi * printer.logicalDpiY()
            painter.drawImage(QRectF(paper.x(), paper.y(), width, height), image)
    finally:
        painter.end()
