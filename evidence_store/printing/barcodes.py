"""Code 128 and QR drawn straight onto a reportlab canvas as vector rectangles.

Vectors scan at any printer resolution; bitmaps made at another dpi do not (STACK-CHECK §2.5).
One filled path per symbol keeps 1,000 labels near one second.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel
from reportlab.lib.units import mm

QUIET_MODULES = 10  # ISO/IEC 15417: quiet zone at least 10 modules each side
QR_QUIET_MODULES = 2  # zxing reads with 2; the label margin adds more white


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


def draw_code128(canvas, value: str, x: float, y: float, height: float, module: float = 0.25 * mm) -> float:
    """Draw bars with the left quiet zone starting at x; returns the symbol width including quiet zones."""
    canvas.addLiteral(f"q {_num(module)} 0 0 {_num(height)} {_num(x)} {_num(y)} cm {_code128_ops(value)} Q")
    return code128_width(value, module)


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
    """Draw a QR code in a size×size box (quiet zone inside it); returns the module count."""
    n, ops = _qr_ops(payload, level, best_mask)
    cell = size / (n + 2 * QR_QUIET_MODULES)
    offset = QR_QUIET_MODULES * cell
    canvas.addLiteral(f"q {_num(cell)} 0 0 {_num(cell)} {_num(x + offset)} {_num(y + offset)} cm {ops} Q")
    return n
