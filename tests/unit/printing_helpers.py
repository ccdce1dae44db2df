"""Helpers for the printing tests: rasterise real PDFs with poppler, decode with zxing-cpp, read text."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from pathlib import Path

import zxingcpp
from PIL import Image
from pypdf import PdfReader


def rasterise(pdf: bytes, dpi: int = 203, mode: str = "-gray") -> list[Image.Image]:
    """Pages as images, made by ``pdftoppm`` like a 203 dpi thermal printer would see them."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), mode, str(src), str(Path(tmp) / "page")], check=True)
        return [Image.open(p).convert("L") for p in sorted(Path(tmp).glob("page*"))]


def decode(image: Image.Image) -> dict[str, str]:
    """{format name: text} of every barcode zxing-cpp finds."""
    return {str(r.format).split(".")[-1]: r.text for r in zxingcpp.read_barcodes(image)}


def text(pdf: bytes) -> str:
    """Extracted text with whitespace collapsed (pypdf splits lines and cells arbitrarily)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pages))


def page_texts(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def fonts(pdf: bytes) -> list[dict[str, str]]:
    """Rows of ``pdffonts``: name, type, emb (yes/no)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run(["pdffonts", f.name], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        emb_index = -5  # columns from the right: emb sub uni object-id(2)
        rows.append({"name": parts[0], "type": " ".join(parts[1:emb_index - 1]), "emb": parts[emb_index]})
    return rows
