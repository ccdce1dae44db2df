"""What a scanned or typed code is: an item, a location, or nothing — with its scan outcome."""

from __future__ import annotations

from dataclasses import dataclass

from evidence_store.domain import codes as C
from evidence_store.domain.errors import InvalidCode, NotFound
from evidence_store.services import queries

from . import operations
from .context import AppContext
from .scan_feedback import Outcome
from .scan_value import Scan, ScanKind, read_scan

LOCATION_PREFIX = C.KIND_PREFIXES["location"]


@dataclass(frozen=True)
class Lookup:
    outcome: Outcome
    code: str  # as cleaned (compact when valid)
    kind: str = ""  # "item" | "location" | ""
    found: object = None  # ItemDetail | LocationNode


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
    return isinstance(error, (NotFound, InvalidCode))


def lookup(ctx: AppContext, raw: str) -> Lookup:
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
        result = operations.query(ctx, queries.item_by_code, compact, events=1, on_error=_quiet)
        kind = "item"
    if result.ok:
        return Lookup(Outcome.FOUND, compact, kind, result.value)
    return Lookup(Outcome.UNKNOWN, compact, kind)
