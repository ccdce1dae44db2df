"""Code 128 and QR drawn straight onto a reportlab canvas as vector rectangles.

Vectors scan at any printer resolution; bitmaps made at another dpi do not (STACK-CHECK §2.5).
One filled path per symbol keeps 1,000 labels near one second.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel
from reportlab.lib.units import mm

QUIET_MODULES = 10  # ISO/IEC 15417: quiet zone at least 10 modules each side
QR_QUIET_MODULES = 4  # ISO/IEC 18004 §6.3.8: four modules of white around the symbol
MM = mm


@dataclass(frozen=True)
class PrinterProfile:
    """A printer's dot pitch (HANDS-ON 82). Code 128 modules are whole dots of it, the bars start on
    dot boundaries and are ``bwr_dots`` narrower than their nominal width (bar-width reduction): a
    thermal head's dot gain widens bars by about a dot, which the reduction gives back. With a 2-dot
    module at 203 dpi (0.250 mm) and 3 dots at 300 dpi (0.254 mm) the printed bars are 1/3/5/7 and
    2/5/8/11 dots, 2/4/6/8 and 3/6/9/12 after a dot of gain; zxing decodes both, and two dots of gain."""

    dpi: int = 203
    bwr_dots: int = 1

    @property
    def dot(self) -> float:
        """One dot in PDF points."""
        return 72.0 / self.dpi

    def dots(self, length: float, minimum: int = 1) -> int:
        """Whole dots nearest to ``length`` (points)."""
        return max(minimum, round(length / self.dot))

    def module(self, target: float, minimum: int = 2) -> float:
        """The target module (points) snapped to whole dots, at least ``minimum`` dots."""
        return self.dots(target, minimum) * self.dot

    def snap(self, position: float) -> float:
        """The dot boundary nearest to an absolute page position (points from the left/top edge)."""
        return round(position / self.dot) * self.dot


PROFILES = {203: PrinterProfile(203), 300: PrinterProfile(300)}


def profile(dpi: int | None) -> PrinterProfile:
    return PROFILES.get(int(dpi or 203)) or PrinterProfile(int(dpi))


@lru_cache(maxsize=4096)
def code128_runs(value: str) -> tuple[tuple[int, int], ...]:
    """(start, width) of each bar in modules. Digits in pairs go to Code Set C (reportlab does it)."""
    symbol = Code128(value, barWidth=1, quiet=False)
    symbol.validate()
    symbol.encode()
    symbol.decompose()
    runs, pos = [], 0
    for ch in symbol.decomposed:
        width = ord(ch.lower()) - ord("a") + 1
        if ch.isupper():
            runs.append((pos, width))
        pos += width
    return tuple(runs)


def code128_width(value: str, module: float = 0.25 * mm, quiet: bool = True) -> float:
    runs = code128_runs(value)
    start, width = runs[-1]
    total = start + width + (2 * QUIET_MODULES if quiet else 0)
    return total * module


def _num(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


@lru_cache(maxsize=4096)
def _code128_ops(value: str) -> str:
    """Bars in module units; the caller's matrix scales them (integers keep the stream small)."""
    return " ".join(f"{QUIET_MODULES + s} 0 {w} 1 re" for s, w in code128_runs(value)) + " f"


@lru_cache(maxsize=4096)
def _reduced_ops(value: str, module: float, bwr: float, inset: float) -> str:
    """Bars in points from the symbol's left edge, one unit high (the caller's matrix scales y)."""
    return " ".join(f"{_num((QUIET_MODULES + s) * module + inset)} 0 {_num(w * module - bwr - 2 * inset)} 1 re"
                    for s, w in code128_runs(value)) + " f"


def draw_code128(canvas, value: str, x: float, y: float, height: float, module: float = 0.25 * mm,
                 bwr: float = 0.0, inset: float = 0.0) -> float:
    """Draw bars with the left quiet zone starting at x; returns the symbol width including quiet zones.
    ``bwr`` (points) makes every bar that much narrower, its left edge kept (bar-width reduction);
    ``inset`` pulls both edges in a hair so a rasteriser that paints every touched pixel paints the
    same dots as one that paints by pixel centres."""
    if bwr <= 0 and inset <= 0:
        canvas.addLiteral(f"q {_num(module)} 0 0 {_num(height)} {_num(x)} {_num(y)} cm {_code128_ops(value)} Q")
    else:
        canvas.addLiteral(f"q 1 0 0 {_num(height)} {_num(x)} {_num(y)} cm {_reduced_ops(value, module, bwr, inset)} Q")
    return code128_width(value, module)


def draw_code128_on_dots(canvas, value: str, x: float, y: float, height: float, target_module: float,
                         printer: PrinterProfile, page_x: float = 0.0) -> float:
    """Code 128 for a given printer: the module snapped to whole dots, the symbol's left edge on a dot
    boundary of the page (``page_x`` is where the canvas origin sits on the page), bar-width reduction.
    Returns the symbol width including quiet zones."""
    module = printer.module(target_module)
    left = printer.snap(page_x + x) - page_x
    return draw_code128(canvas, value, left, y, height, module, bwr=printer.bwr_dots * printer.dot,
                        inset=0.08 * printer.dot)


def code128_width_on_dots(value: str, target_module: float, printer: PrinterProfile) -> float:
    return code128_width(value, printer.module(target_module))


@lru_cache(maxsize=4096)
def qr_matrix(payload: str, level: str = "M", best_mask: bool = True) -> tuple[tuple[bool, ...], ...]:
    """Module matrix. best_mask=False skips the penalty search (5 ms in pure Python): any of the
    eight masks is valid for a decoder (ISO/IEC 18004 §7.8), the search only polishes contrast."""
    code = QRCode(None, getattr(QRErrorCorrectLevel, level))
    code.addData(payload)
    if best_mask:
        code.make()
    else:
        code.version = code.calculate_version()
        code.makeImpl(False, 0)
    n = code.getModuleCount()
    return tuple(tuple(bool(code.isDark(r, c)) for c in range(n)) for r in range(n))


@lru_cache(maxsize=4096)
def _qr_ops(payload: str, level: str, best_mask: bool) -> tuple[int, str]:
    """Dark runs merged per row, in module units with the origin at the top-left module."""
    matrix = qr_matrix(payload, level, best_mask)
    n, ops = len(matrix), []
    for r, row in enumerate(matrix):
        c = 0
        while c < n:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < n and row[c]:
                c += 1
            ops.append(f"{start} {n - r - 1} {c - start} 1 re")
    return n, " ".join(ops) + " f"


def draw_qr(canvas, payload: str, x: float, y: float, size: float, level: str = "M",
            best_mask: bool = True) -> int:
    """Draw a QR code in a size×size box (a 4-module quiet zone inside it); returns the module count."""
    n, ops = _qr_ops(payload, level, best_mask)
    cell = size / (n + 2 * QR_QUIET_MODULES)
    offset = QR_QUIET_MODULES * cell
    canvas.addLiteral(f"q {_num(cell)} 0 0 {_num(cell)} {_num(x + offset)} {_num(y + offset)} cm {ops} Q")
    return n


def qr_modules(payload: str, level: str = "M", best_mask: bool = True) -> int:
    return _qr_ops(payload, level, best_mask)[0]


def draw_qr_on_dots(canvas, payload: str, x: float, y: float, max_size: float, printer: PrinterProfile,
                    page_x: float = 0.0, page_top: float = 0.0, level: str = "M", best_mask: bool = True,
                    max_module: float | None = None) -> float:
    """A QR code whose modules are whole dots, as large as fits ``max_size`` (quiet zone included) and
    at most ``max_module``; its top-left dark module on a dot boundary (``page_top`` is the distance
    from the page's top edge down to the canvas origin). Returns the size drawn (quiet zone included)."""
    n, ops = _qr_ops(payload, level, best_mask)
    span = n + 2 * QR_QUIET_MODULES
    dots = max(1, int(max_size / span / printer.dot))
    if max_module is not None:
        dots = max(1, min(dots, int(max_module / printer.dot)))
    cell = dots * printer.dot
    size = span * cell
    left = printer.snap(page_x + x + QR_QUIET_MODULES * cell) - page_x
    top_from_page = printer.snap(page_top - (y + size - QR_QUIET_MODULES * cell))  # distance down from top
    bottom = page_top - top_from_page - n * cell
    canvas.addLiteral(f"q {_num(cell)} 0 0 {_num(cell)} {_num(left)} {_num(bottom)} cm {ops} Q")
    return size
