"""Where a scan leads: the ``Scan`` (ui.scan_value, read once) looked up in the database — an item, a location,
a record's paper check, or nothing — with its scan outcome."""

from __future__ import annotations

from dataclasses import dataclass

from evidence_store.domain.errors import InvalidCode, NotFound, PermissionDenied, ValidationError
from evidence_store.i18n import N_, _
from evidence_store.services import queries

from . import operations
from .context import AppContext
from .scan_feedback import Outcome
from .scan_value import Scan, ScanKind, read_scan


@dataclass(frozen=True)
class Lookup:
    outcome: Outcome
    code: str  # as cleaned (compact when valid)
    kind: str = ""  # "item" | "location" | "record" | ""
    found: object = None  # ItemDetail | LocationNode | PaperCheck
    reason: str = ""  # Outcome.REFUSED: why (already translated)


# HANDS-ON 61: scanning an item of another officer's case said "no permission" in a dialog and then
# "Không tìm thấy mã": one message, in the indicator, that says the code exists but is not this user's
NOT_YOURS = N_("vật chứng thuộc vụ án do cán bộ khác thụ lý, tài khoản này không được xem")


NOT_A_LOCATION = N_("{code} không phải mã vị trí: hãy quét mã vị trí (kệ, ô, bãi xe…)")


def not_a_location(scan: Scan) -> str:
    """What a field that takes a location says about any other scan (translated)."""
    from .models.format import code_text
    return _(NOT_A_LOCATION, code=code_text(str(scan)) if scan.is_valid else (scan.raw or str(scan)))


def check(scan: Scan) -> Lookup | None:
    """A bad check character or a malformed code (the scan's kind, decided without the database)."""
    if scan.kind is ScanKind.INVALID:
        outcome = Outcome.INVALID_CHECK if scan.reason == "bad_check_character" else Outcome.UNKNOWN
        return Lookup(outcome, str(scan))
    return None


def _quiet(error) -> bool:
    """Not-found and bad codes are scan outcomes, shown in the indicator, not in a dialog."""
    return isinstance(error, (NotFound, InvalidCode, PermissionDenied, ValidationError))


def lookup(ctx: AppContext, scan: Scan) -> Lookup:
    """What the scan points at in the database: a record's QR compares the paper with the database (issue 13);
    an item (its barcode or its label's QR) is read with the history the item view shows (one read per scan,
    issue #19); a location by its code."""
    scan = read_scan(scan)  # a typed code from the scan field; a scan from the filter is returned as is
    refused = check(scan)
    if refused is not None:
        return refused
    compact = str(scan)
    if scan.kind is ScanKind.RECORD_QR:
        from evidence_store.services import paper_check
        result = operations.query(ctx, paper_check.check_record_qr, scan.record, on_error=_quiet)
        if result.ok:
            return Lookup(Outcome.FOUND, result.value.number, "record", result.value)
        return Lookup(Outcome.UNKNOWN, scan.record.number, "record")
    if scan.kind is ScanKind.RECORD:
        return Lookup(Outcome.UNKNOWN, compact, "record")
    if scan.is_location:
        result = operations.query(ctx, queries.location_by_code, compact, on_error=_quiet)
        kind = "location"
    else:
        result = operations.query(ctx, queries.item_by_code, compact, on_error=_quiet)
        kind = "item"
    if result.ok:
        return Lookup(Outcome.FOUND, compact, kind, result.value)
    if isinstance(result.error, PermissionDenied):
        return Lookup(Outcome.REFUSED, compact, kind, reason=_(NOT_YOURS))
    return Lookup(Outcome.UNKNOWN, compact, kind)
