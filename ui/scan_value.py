"""What a scan is, decided once (issue #18): the scan filter turns the scanner's text into a ``Scan`` (the same
reading tells a scan from fast typing: ``burst_scan``) and the main window hands it to the active screen, which
decides only what it means to it.

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


_KINDS = {"item": ScanKind.ITEM, "location": ScanKind.LOCATION, "handover": ScanKind.RECORD}


class Scan(str):
    """The scanned text as the screens use it (``str(scan)``: the compact code, the QR text of a record's QR, the
    cleaned text of an invalid scan) with what it is: ``kind``, ``raw``, ``reason`` (invalid: the error code,
    "malformed_code" or "bad_check_character"), ``ledger_hash`` (a label's QR)."""

    kind: ScanKind
    raw: str
    reason: str
    ledger_hash: str
    record: "codes.RecordQr | None" = None  # a record's QR: its parts

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


def _qr_text(raw: str, parse):
    """A QR payload (``parse``: domain.codes' grammar) as typed by the scanner, also after an input method rewrote
    its hex letters ("EF" → "È")."""
    text = unicodedata.normalize("NFC", raw or "").strip()
    found = parse(text)
    if found is None and not text.isascii():
        for mode in IME.MODES:
            found = parse(IME.untype(text, mode))
            if found is not None:
                break
    return found


def read_scan(raw: str) -> Scan:
    """The one place that decides what a scanned (or typed) text is. Idempotent: a ``Scan`` is returned as is."""
    if isinstance(raw, Scan):
        return raw
    if "|" in (raw or ""):
        record = _qr_text(raw, codes.parse_record_qr)
        if record is not None:
            scan = Scan(record.text, ScanKind.RECORD_QR, raw)
            scan.record = record
            return scan
    if ":" in (raw or ""):
        label = _qr_text(raw, codes.parse_label_qr)
        if label is not None:
            code, ledger_hash = label
            item = read_scan(code)
            if item.kind is ScanKind.ITEM:
                return Scan(str(item), ScanKind.LABEL_QR, raw, ledger_hash=ledger_hash)
            return Scan(str(item), item.kind, raw, item.reason)
    text = IME.recover(raw)
    try:
        parsed = codes.parse_code(text)
    except InvalidCode as error:
        return Scan(text, ScanKind.INVALID, raw, error.code)
    return Scan(parsed.compact, _KINDS[codes.kind_of(parsed)], raw)


# Any other QR payload (``text:text``, ``a|b``, no spaces) is a scan too — an unknown code, said so — rather than
# typing; a burst ending in Enter that is neither this nor one of the app's codes is typing (fast typing over RDP).
FOREIGN_QR = re.compile(r"[A-Z0-9][A-Z0-9:|/._-]*[|:][A-Z0-9|/._:-]+", re.IGNORECASE)


def burst_scan(text: str) -> Scan | None:
    """What a burst of scanner-speed keys ending in Enter is, read once, on the text alone (HANDS-ON 20): the
    ``Scan`` when it is shaped like one of the app's codes — a wrong check character too, the user is told it is
    invalid — or QR payloads, else None: typing, which reaches the focused field."""
    scan = read_scan(text)
    if scan.is_valid or scan.reason == "bad_check_character":
        return scan
    raw = unicodedata.normalize("NFC", text or "").strip()
    if raw and not any(ch.isspace() for ch in raw) and FOREIGN_QR.fullmatch(raw):
        return scan
    return None


def scan_shaped(text: str) -> bool:
    """``burst_scan`` as the scan buffer's ``accept``."""
    return burst_scan(text) is not None


def receives_scan(method):
    """For a screen's ``handle_scan`` (or a panel's scan slot): its argument arrives as a ``Scan``. The main window
    already hands one over (returned as is, no second reading); a code typed into a field or passed by a caller
    that only has the text is read here, once, by ``read_scan`` — never by the screen itself."""
    import functools

    @functools.wraps(method)
    def wrapper(self, scan, *args, **kwargs):
        return method(self, read_scan(scan), *args, **kwargs)
    return wrapper
