"""Barcodes survive a thermal printer (HANDS-ON 82, 84, 80): every label layout, rendered for a 203 and
a 300 dpi printer, rasterised at that resolution, then every bar grown by one dot (dot gain), still
decodes with zxing-cpp — Code 128 and QR, every label on the page. Modules are whole dots, bars are
one dot narrower (bar-width reduction), QR codes keep a 4-module quiet zone, and nothing is drawn in
the printers' non-printable margin."""

from __future__ import annotations

from dataclasses import replace

import pytest
import zxingcpp
from PIL import Image, ImageChops

from evidence_store.printing import render_item_labels, render_location_labels
from evidence_store.printing.barcodes import PROFILES, code128_runs
from evidence_store.printing.templates import PrintSettings
from tests.unit import printing_helpers
from tests.unit import printing_samples as samples

ITEM_LAYOUTS = ("thermal-50x30", "a4-3x8", "a4-2x7")
LOCATION_LAYOUTS = ("location-100x50", "a4-location-2x5")


def grow(page: Image.Image, dots: int = 1) -> Image.Image:
    """Dot gain: every dark run one dot wider (to the right), as a hot thermal head prints it."""
    page = page.point(lambda v: 0 if v < 128 else 255)
    out = page
    for shift in range(1, dots + 1):
        moved = Image.new("L", page.size, 255)
        moved.paste(page, (shift, 0))
        out = ImageChops.darker(out, moved)
    return out


def _label(n: int):
    return replace(samples.label(reprint=n % 2), code=samples.code(100 + n), seal_number=f"{n:06d}/NP-PC02",
                   identifier="BKS 29C-123.45")


def _pages(layout: str, dpi: int):
    settings = PrintSettings()
    sheet = settings.layout(layout)
    if layout in ITEM_LAYOUTS:
        labels = [_label(n) for n in range(1, sheet.per_page + 1)]
        pdf = render_item_labels(labels, layout=layout, dpi=dpi)
        return pdf, [(lab.code, f"{lab.code}:") for lab in labels]
    labels = [replace(samples.location(), code=samples.code(40 + n, "VT")) for n in range(sheet.per_page)]
    pdf = render_location_labels(labels, layout=layout, dpi=dpi)
    return pdf, [(lab.code, lab.code) for lab in labels]


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("layout", ITEM_LAYOUTS + LOCATION_LAYOUTS)
def test_every_label_decodes_after_one_dot_of_gain(layout, dpi):
    pdf, expected = _pages(layout, dpi)
    [page] = printing_helpers.rasterise(pdf, dpi)
    for image in (page, grow(page, 1)):
        found = zxingcpp.read_barcodes(image)
        bars = sorted(r.text for r in found if "128" in str(r.format))
        qrs = sorted(r.text for r in found if "QR" in str(r.format))
        assert bars == sorted(code for code, _q in expected), (layout, dpi)
        assert len(qrs) == len(expected) and all(any(q.startswith(p) for q in qrs) for _c, p in expected)


@pytest.mark.parametrize("dpi, module_dots", [(203, 2), (300, 3)])
def test_code128_bars_are_whole_dots_minus_one(dpi, module_dots):
    """The printed bars of a 1-, 2-, 3- and 4-module run are 2k−1 (203 dpi) / 3k−1 (300 dpi) dots."""
    code = samples.code(123)
    [page] = printing_helpers.rasterise(render_item_labels([samples.label()], layout="thermal-50x30", dpi=dpi), dpi, "-mono")
    row = _barcode_row(page)
    runs = _dark_runs(row)
    expected = [w * module_dots - PROFILES[dpi].bwr_dots for _s, w in code128_runs(code)]
    assert runs == expected


def _barcode_row(page: Image.Image) -> list[int]:
    """The pixel row through the middle of the bars (the row with the most dark runs)."""
    best, most = [], 0
    for y in range(page.height // 6, page.height // 2):
        row = [page.getpixel((x, y)) for x in range(page.width)]
        n = len(_dark_runs(row))
        if n > most:
            best, most = row, n
    return best


def _dark_runs(row: list[int]) -> list[int]:
    runs, width = [], 0
    for v in row + [255]:
        if v < 128:
            width += 1
        elif width:
            runs.append(width)
            width = 0
    return runs


@pytest.mark.parametrize("layout", ["a4-3x8", "a4-2x7", "a4-location-2x5"])
def test_nothing_is_drawn_in_the_non_printable_margin(layout):
    dpi = 150
    pdf, _expected = _pages(layout, 300)
    [page] = printing_helpers.rasterise(pdf, dpi)
    margin = round(PrintSettings().layout(layout).printable_margin_mm / 25.4 * dpi) - 1
    w, hgt = page.size
    for box in ((0, 0, w, margin), (0, hgt - margin, w, hgt), (0, 0, margin, hgt), (w - margin, 0, w, hgt)):
        assert page.crop(box).getextrema()[0] > 200, (layout, box)


def test_qr_codes_keep_a_four_module_quiet_zone():
    from evidence_store.printing.barcodes import QR_QUIET_MODULES, qr_modules
    assert QR_QUIET_MODULES == 4
    [page] = printing_helpers.rasterise(render_item_labels([samples.label()], layout="thermal-50x30", dpi=203), 203, "-mono")
    [qr] = [r for r in zxingcpp.read_barcodes(page) if "QR" in str(r.format)]
    left = min(p.x for p in (qr.position.top_left, qr.position.bottom_left))
    top = min(p.y for p in (qr.position.top_left, qr.position.top_right))
    right = max(p.x for p in (qr.position.top_right, qr.position.bottom_right))
    module = (right - left + 1) / qr_modules(f"{samples.code(123)}:A71E09BB5C4D", "L", False)
    quiet = round(4 * module)
    strip = page.crop((max(0, left - quiet), top, left - 1, top + round(7 * module)))
    assert strip.getextrema()[0] > 200  # white for four modules to the left of the finder pattern
