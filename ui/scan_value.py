"""What a scan is, decided once (issue #18): the main window turns the scanner's text into a ``Scan`` and hands
it to the active screen, which decides only what it means to it.

A ``Scan`` is an item code, a location code, a record code (BB-…), a label's QR (``CODE:HASH``, the item), a
record's QR (``KVC|number|check|seq|head``) or invalid with its reason. Input-method rewrites (Telex/VNI) are undone
first. A ``Scan`` is also the string the screens received before (the compact code; the QR text for a record's
QR), so code that only needs the text keeps working.
"""

from __future__ import annotations

import enum
import re
import unicodedata

from evidence_store.domain import codes
from evidence_store.domain.errors import InvalidCode

from .scan_buffer import IME


class ScanKind(enum.StrEnum):
    ITEM = "item"
    LOCATION = "location"
    RECORD = "record"  # a record's own code (BB-…)
    LABEL_QR = "label_qr"  # the QR on a printed label: the item's code and the ledger hash it was printed at
    RECORD_QR = "record_qr"  # the QR on a printed record
    INVALID = "invalid"


_PREFIX_KINDS = {prefix: ScanKind(kind) if kind != "handover" else ScanKind.RECORD
                 for kind, prefix in codes.KIND_PREFIXES.items() if prefix}
# printing/docbase.record_qr_payload and printing/labels.qr_payload write these
RECORD_QR = re.compile(r"KVC\|(?P<number>[^|]+)\|(?P<check>[0-9A-F]{12})\|(?P<seq>\d+)\|(?P<head>[0-9A-F]{12})",
                       re.IGNORECASE)
LABEL_QR = re.compile(r"(?P<code>[A-Z0-9-]{6,20}):(?P<hash>[0-9A-F]{12})", re.IGNORECASE)


class Scan(str):
    """The scanned text as the screens use it (``str(scan)``: the compact code, the QR text of a record's QR, the
    cleaned text of an invalid scan) with what it is: ``kind``, ``raw``, ``reason`` (invalid: the error code,
    "malformed_code" or "bad_check_character"), ``ledger_hash`` (a label's QR)."""

    kind: ScanKind
    raw: str
    reason: str
    ledger_hash: str

    def __new__(cls, text: str, kind: ScanKind, raw: str = "", reason: str = "", ledger_hash: str = "") -> "Scan":
        scan = super().__new__(cls, text)
        scan.kind, scan.raw, scan.reason, scan.ledger_hash = kind, raw, reason, ledger_hash
        return scan

    @property
    def code(self) -> str:
        return str(self)

    @property
    def is_item(self) -> bool:
        """An item's code, read from its barcode or its label's QR."""
        return self.kind in (ScanKind.ITEM, ScanKind.LABEL_QR)

    @property
    def is_location(self) -> bool:
        return self.kind is ScanKind.LOCATION

    @property
    def is_valid(self) -> bool:
        return self.kind is not ScanKind.INVALID

    def __repr__(self) -> str:
        return f"Scan({str(self)!r}, {self.kind.value}{', ' + self.reason if self.reason else ''})"


def _qr_text(raw: str, pattern: re.Pattern) -> re.Match | None:
    """A QR payload as typed by the scanner, also after an input method rewrote its hex letters ("EF" → "È")."""
    text = unicodedata.normalize("NFC", raw or "").strip()
    found = pattern.fullmatch(text)
    if found is None and not text.isascii():
        for mode in IME.MODES:
            found = pattern.fullmatch(IME.untype(text, mode))
            if found is not None:
                break
    return found


def read_scan(raw: str) -> Scan:
    """The one place that decides what a scanned (or typed) text is. Idempotent: a ``Scan`` is returned as is."""
    if isinstance(raw, Scan):
        return raw
    if "|" in (raw or ""):
        record = _qr_text(raw, RECORD_QR)
        if record is not None:
            return Scan(record.group(0), ScanKind.RECORD_QR, raw)
    if ":" in (raw or ""):
        label = _qr_text(raw, LABEL_QR)
        if label is not None:
            item = read_scan(label.group("code"))
            if item.kind is ScanKind.ITEM:
                return Scan(str(item), ScanKind.LABEL_QR, raw, ledger_hash=label.group("hash").upper())
            return Scan(str(item), item.kind, raw, item.reason)
    text = IME.recover(raw)
    try:
        parsed = codes.parse_code(text)
    except InvalidCode as error:
        return Scan(text, ScanKind.INVALID, raw, error.code)
    return Scan(parsed.compact, _PREFIX_KINDS.get(parsed.prefix, ScanKind.ITEM), raw)
