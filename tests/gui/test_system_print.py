"""Printing through the system's print path (HANDS-ON 88–90): a real record goes through a real CUPS
queue (cups-pdf, on a private cupsd started here) and comes out as vector pages at 100 %, titled with
the record number, with the template's copies."""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageOps, ImageStat
from PySide6.QtPrintSupport import QPrinter

from evidence_store.services.context import UnitOfWork
from tests.cups_support import start_cups, stop_cups
from tests.integration.builders import phone, receive


@pytest.fixture(scope="module")
def cups():
    server = start_cups()
    yield server
    stop_cups(server)


def _page_image(path) -> Image.Image:
    """Page 1 at 72 dpi, grey."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "72", "-gray", "-f", "1", "-l", "1", str(path), f"{tmp}/p"], check=True)
        return Image.open(next(Path(tmp).glob("p*"))).convert("L").copy()


def _tool(*args) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


def test_a_record_prints_through_cups_as_vector_pages_at_full_size(cups, qapp, shell_world, tmp_path, monkeypatch):
    from evidence_store.services.printing import handover_pdf
    from ui.print_actions import safe_filename
    from ui.widgets.print_preview import PrintPreviewDialog
    monkeypatch.setenv("CUPS_SERVER", cups.socket)
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    number = receive(db, clerk, [phone(), phone(name="Dao nhọn", category="weapon", attributes={})]).handover_number
    with UnitOfWork(db, clerk, write=False) as uow:
        pdf = handover_pdf(uow, number)
    source = tmp_path / "source.pdf"
    source.write_bytes(pdf)
    pages = int(re.search(r"Pages:\s+(\d+)", _tool("pdfinfo", str(source))).group(1))

    dialog = PrintPreviewDialog(pdf, "Biên bản giao nhận", f"bien-ban-{safe_filename(number)}.pdf",
                                job_title=f"Biên bản {number}", copies=4)
    printer = dialog.make_printer()
    assert printer.docName() == f"Biên bản {number}" and printer.copyCount() == 4  # before the dialog opens
    printer.setPrinterName(cups.queue)  # what the user picks in QPrintDialog
    since = time.time()
    job = dialog.send(printer)
    assert job.method == "cups" and job.title == f"Biên bản {number}" and job.copies == 4
    out = cups.wait_for_output(since)

    info = _tool("pdfinfo", str(out))
    assert re.search(r"Pages:\s+(\d+)", info).group(1) == str(4 * pages)  # the template's four copies
    assert number in re.search(r"Title:\s+(.*)", info).group(1)  # the job is titled with the record number
    assert "595 x 842 pts (A4)" in info  # A4, not shrunk into the printable area
    fonts = _tool("pdffonts", str(out)).splitlines()[2:]
    assert fonts and all(" yes " in f for f in fonts)  # text stays text, fonts embedded
    assert _tool("pdfimages", "-list", str(out)).splitlines()[2:] == []  # no page went out as a picture
    printed, original = _page_image(out), _page_image(source)
    assert abs(printed.width - original.width) <= 1 and abs(printed.height - original.height) <= 1
    common = (0, 0, min(printed.width, original.width), min(printed.height, original.height))
    printed, original = printed.crop(common), original.crop(common)
    ink_printed, ink_original = ImageOps.invert(printed).getbbox(), ImageOps.invert(original).getbbox()
    assert all(abs(a - b) <= 1 for a, b in zip(ink_printed, ink_original))  # 100 %, no shift (1 px = 0.35 mm)
    assert ImageStat.Stat(ImageChops.difference(printed, original)).mean[0] < 3  # the same page
    assert f"total {4 * pages}" in cups.page_log() or f"Biên bản {number}" in cups.page_log()
    out.unlink()


def test_print_to_file_writes_the_pdf_itself(qapp, tmp_path):
    from ui.widgets.print_preview import PrintPreviewDialog
    from tests.unit import printing_samples as samples
    from evidence_store.printing import render_item_labels
    pdf = render_item_labels([samples.label()])
    dialog = PrintPreviewDialog(pdf, "Nhãn", "nhan.pdf", job_title="Nhãn VC-26", copies=2)
    printer = dialog.make_printer()
    layout = printer.pageLayout()
    size = layout.fullRect(layout.Unit.Millimeter)
    assert round(size.width()) == 50 and round(size.height()) == 30  # label-sized paper, landscape
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "out.pdf"))
    job = dialog.send(printer)
    assert job.method == "file" and (tmp_path / "out.pdf").read_bytes() == pdf


def test_save_pdf_suggests_the_full_record_number_and_confirms(qapp, tmp_path, recorder):
    from ui.print_actions import safe_filename
    from ui.widgets.print_preview import PrintPreviewDialog
    name = f"bien-ban-{safe_filename('624/2026/BB-GN')}.pdf"
    assert name == "bien-ban-624-2026-BB-GN.pdf"
    dialog = PrintPreviewDialog(b"%PDF-1.4 test", "Biên bản", name)
    recorder.save_path = str(tmp_path / name)
    assert dialog.save() == str(tmp_path / name)
    assert (tmp_path / name).read_bytes() == b"%PDF-1.4 test"
    assert any(name in text for text in recorder.texts("info"))
