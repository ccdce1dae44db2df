"""What a scanned or typed code is: an item, a location, or nothing — with its scan outcome."""

from __future__ import annotations

from dataclasses import dataclass

from evidence_store.domain import codes
from evidence_store.domain.errors import InvalidCode, NotFound, PermissionDenied
from evidence_store.i18n import N_, _
from evidence_store.services import queries

from . import operations
from .context import AppContext
from .scan_buffer import IME
from .scan_feedback import Outcome
from .scan_value import Scan, ScanKind, read_scan

LOCATION_PREFIX = codes.KIND_PREFIXES["location"]


@dataclass(frozen=True)
class Lookup:
    outcome: Outcome
    code: str  # as cleaned (compact when valid)
    kind: str = ""  # "item" | "location" | ""
    found: object = None  # ItemDetail | LocationNode
    reason: str = ""  # Outcome.REFUSED: why (already translated)


# HANDS-ON 61: scanning an item of another officer's case said "no permission" in a dialog and then
# "Không tìm thấy mã": one message, in the indicator, that says the code exists but is not this user's
NOT_YOURS = N_("vật chứng thuộc vụ án do cán bộ khác thụ lý, tài khoản này không được xem")


def clean_scan(raw: str) -> Scan:
    """What the scan is (ui.scan_value.read_scan: input-method rewrites undone, the kind decided once)."""
    return read_scan(raw)


def check(raw: str) -> Lookup | None:
    """A bad check character or a malformed code, decided without the database."""
    scan = read_scan(raw)
    if scan.kind is ScanKind.INVALID:
        outcome = Outcome.INVALID_CHECK if scan.reason == "bad_check_character" else Outcome.UNKNOWN
        return Lookup(outcome, str(scan))
    return None


def _quiet(error) -> bool:
    """Not-found and bad codes are scan outcomes, shown in the indicator, not in a dialog."""
    return isinstance(error, (NotFound, InvalidCode, PermissionDenied))


def _qr_text(raw: str, pattern) -> str | None:
    """A QR payload as typed by the scanner, also after a Vietnamese input method rewrote its hex letters
    (Telex turns "EF" into "È")."""
    import unicodedata
    text = unicodedata.normalize("NFC", raw or "").strip()
    if pattern(text):
        return text
    for mode in IME.MODES:
        candidate = IME.untype(text, mode)
        if pattern(candidate):
            return candidate
    return None


def lookup_qr(ctx: AppContext, raw: str) -> Lookup | None:
    """The app's own QR codes (issue 13): a record's ``KVC|…`` opens the record and compares the paper with
    the database; a label's ``CODE:HASH`` opens the item."""
    from evidence_store.services import paper_check
    record = _qr_text(raw, paper_check.parse_record_qr)
    if record is not None:
        result = operations.query(ctx, paper_check.check_record_qr, record, on_error=_quiet)
        if result.ok:
            return Lookup(Outcome.FOUND, result.value.number, "record", result.value)
        return Lookup(Outcome.UNKNOWN, paper_check.parse_record_qr(record)["number"], "record")
    label = _qr_text(raw, paper_check.parse_label_qr)
    if label is not None:
        return lookup(ctx, paper_check.parse_label_qr(label))
    return None


def lookup(ctx: AppContext, raw: str) -> Lookup:
    qr = lookup_qr(ctx, raw) if ("|" in raw or ":" in raw) else None
    if qr is not None:  # a record's QR (paper compared) or a label's QR (the item), issue 13
        return qr
    scan = read_scan(raw)
    refused = check(scan)
    if refused is not None:
        return refused
    compact = str(scan)
    if scan.kind is ScanKind.RECORD_QR:
        return Lookup(Outcome.UNKNOWN, compact, "record")
    if scan.is_location:
        result = operations.query(ctx, queries.location_by_code, compact, on_error=_quiet)
        kind = "location"
    else:
        # the item with the history the item view shows: the view reuses it (one read per scan, issue #19)
        result = operations.query(ctx, queries.item_by_code, compact, on_error=_quiet)
        kind = "item"
    if result.ok:
        return Lookup(Outcome.FOUND, compact, kind, result.value)
    if isinstance(result.error, PermissionDenied):
        return Lookup(Outcome.REFUSED, compact, kind, reason=_(NOT_YOURS))
    return Lookup(Outcome.UNKNOWN, compact, kind)
