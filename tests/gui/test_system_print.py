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


def test_without_cups_a_record_prints_as_vector_pages_at_full_size(qapp, shell_world, tmp_path, monkeypatch):
    """The path without ``lp`` (Windows): pages go through the Qt printer as outlines (no image), at 100 % on
    the full page, the job titled with the record number and with the template's copies (issue 17)."""
    from ui import system_print
    from ui.widgets.print_preview import PrintPreviewDialog
    from evidence_store.services import printing
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    number = receive(db, clerk, [phone(location_code=world.locations["bin_A111"])]).handover_number
    with UnitOfWork(db, clerk) as uow:
        pdf = printing.handover_pdf(uow, number)
    original = tmp_path / "record.pdf"
    original.write_bytes(pdf)
    dialog = PrintPreviewDialog(pdf, number, "record.pdf", job_title=number, copies=4)
    printer = dialog.make_printer()
    assert printer.docName() == number and printer.copyCount() == 4
    # what the Qt print engine draws, captured through its PDF output (the page the printer receives)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    system_print.print_vector(system_print.svg_pages(pdf), printer)
    assert "image" not in _tool("pdfimages", "-list", str(out)).split("---\n", 1)[-1]  # no page went as pixels
    info, printed = _tool("pdfinfo", str(original)), _tool("pdfinfo", str(out))
    size = lambda text: [float(v) for v in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", text).groups()]  # noqa
    assert all(abs(x - y) <= 1.0 for x, y in zip(size(printed), size(info)))  # A4 stays A4 (Qt's A4: whole points)
    assert re.search(r"Pages:\s+(\d+)", printed).group(1) == re.search(r"Pages:\s+(\d+)", info).group(1)
    a, b = _page_image(original), _page_image(out)
    assert abs(a.size[0] - b.size[0]) <= 1 and abs(a.size[1] - b.size[1]) <= 1
    box = (0, 0, min(a.size[0], b.size[0]), min(a.size[1], b.size[1]))
    a, b = a.crop(box), b.crop(box)
    ink_a, ink_b = (img.point(lambda v: 255 if v < 128 else 0) for img in (a, b))
    box_a, box_b = ink_a.getbbox(), ink_b.getbbox()
    assert all(abs(x - y) <= 1 for x, y in zip(box_a, box_b)), (box_a, box_b)  # at 100 %, unshifted
    ratio = ImageStat.Stat(ink_b).mean[0] / ImageStat.Stat(ink_a).mean[0]
    assert 0.9 < ratio < 1.1, ratio  # the same ink: not bolder, nothing lost
    import zxingcpp
    from tests.unit.printing_helpers import rasterise
    read = lambda data: sorted(r.text for r in zxingcpp.read_barcodes(rasterise(data, dpi=300)[0]))  # noqa: E731
    assert read(out.read_bytes()) == read(pdf) and read(pdf)  # the record's QR still reads
    # and send() takes that path when there is no lp
    sent = []
    real_which = system_print.shutil.which
    monkeypatch.setattr(system_print.shutil, "which", lambda name: None if name == "lp" else real_which(name))
    monkeypatch.setattr(system_print, "print_vector", lambda pages, p: sent.append(len(pages)))
    native = dialog.make_printer()
    job = system_print.send(pdf, native, number)
    assert job.method == "vector" and job.title == number and job.copies == 4 and len(sent) == 1 and sent[0] >= 1

