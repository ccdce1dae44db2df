"""ui.scan_value.read_scan decides once what a scan is (issue #18), table-driven and without Qt or a database."""

from __future__ import annotations

import pytest

from evidence_store.domain import codes
from ui.scan_value import Scan, ScanKind, read_scan

ITEM = codes.make_code("VC", 26, 123).compact
PLACE = codes.make_code("VT", 1, 45).compact
RECORD = codes.make_code("BB", 26, 7).compact
HASH = "9F2C41D0A7B3"


@pytest.mark.parametrize("raw, kind, text", [
    (ITEM, ScanKind.ITEM, ITEM),
    (codes.parse_code(ITEM).display, ScanKind.ITEM, ITEM),  # printed with dashes
    (ITEM.lower(), ScanKind.ITEM, ITEM),
    (PLACE, ScanKind.LOCATION, PLACE),
    (codes.parse_code(PLACE).display, ScanKind.LOCATION, PLACE),
    (RECORD, ScanKind.RECORD, RECORD),
    (f"{ITEM}:{HASH}", ScanKind.LABEL_QR, ITEM),  # a printed label's QR opens its item
    (f"{codes.parse_code(ITEM).display}:{HASH.lower()}", ScanKind.LABEL_QR, ITEM),
    (f"KVC|12/BB-GN|{HASH}|48213|A71E09BB5C4D", ScanKind.RECORD_QR, f"KVC|12/BB-GN|{HASH}|48213|A71E09BB5C4D"),
    (ITEM[:-1] + ("K" if ITEM[-1] != "K" else "M"), ScanKind.INVALID, None),
    ("DIENTHOAISAMSUNG", ScanKind.INVALID, None),
    ("", ScanKind.INVALID, ""),
])
def test_each_shape_is_read_once(raw, kind, text):
    scan = read_scan(raw)
    assert scan.kind is kind, scan
    if text is not None:
        assert str(scan) == text
    assert read_scan(scan) is scan  # idempotent: the screens may ask again at no cost


def test_the_reason_of_an_invalid_scan():
    wrong_check = ITEM[:-1] + ("K" if ITEM[-1] != "K" else "M")
    assert read_scan(wrong_check).reason == "bad_check_character"
    assert read_scan("DIENTHOAISAMSUNG").reason == "malformed_code"
    assert read_scan(f"{wrong_check}:{HASH}").kind is ScanKind.INVALID  # a label QR with a misread code


def test_input_method_rewrites_are_undone():
    """Telex turns the hex "EF" of a QR into "È"; the scan is still read as what was printed."""
    label = read_scan(f"{ITEM}:9F2C41È0A7B")
    assert label.kind is ScanKind.LABEL_QR and str(label) == ITEM and label.ledger_hash == "9F2C41EF0A7B"
    record = read_scan("KVC|12/BB-GN|9F2C41È0A7B|48213|A71E09BB5C4D")
    assert record.kind is ScanKind.RECORD_QR and "|9F2C41EF0A7B|48213|" in record


def test_a_scan_is_the_text_the_screens_used_before():
    scan = read_scan(codes.parse_code(ITEM).display)
    assert isinstance(scan, str) and scan == ITEM and scan.is_item and not scan.is_location
    assert isinstance(read_scan(PLACE), Scan) and read_scan(PLACE).is_location
