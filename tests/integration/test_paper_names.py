"""Issue #12: the paper check («Kiểm tra giấy tờ», a scanned record QR) and the record lists name each paper by its
kind: a slip is a «Phiếu xuất kho» / «Phiếu nhập kho», a sealing record a «Biên bản niêm phong» — the check said
«Biên bản 9/2026/PXK». Both engines."""

from __future__ import annotations

import re

from evidence_store.printing.docbase import record_qr_payload
from evidence_store.services import paper_check, printing

from .lifecycle_builders import read
from .test_record_kinds_against_db import _records

NAMES = {"intake": "Biên bản giao nhận", "release": "Biên bản giao nhận", "return": "Biên bản giao nhận",
         "deposit": "Biên bản giao nhận", "transfer": "Biên bản giao nhận", "disposal_draft": "Biên bản giao nhận",
         "disposal_void": "Biên bản giao nhận", "disposal_open": "Biên bản giao nhận",
         "seal": "Biên bản niêm phong", "unseal": "Biên bản mở niêm phong", "check": "Biên bản kiểm tra định kỳ",
         "incident": "Biên bản sự cố"}


def _check(db, clerk, number, stamp):
    return read(db, clerk, paper_check.check_record_qr, record_qr_payload(number, stamp))


def test_the_paper_check_names_each_paper_by_its_kind(world, clerk):
    db, w = world
    numbers = _records(db, w, clerk)
    for key, number in numbers.items():
        check = _check(db, clerk, number, read(db, clerk, printing.handover_record, number).stamp)
        assert check.name.startswith(f"{NAMES[key]} {number}: "), (key, check.name)
    slips = {"PNK": (numbers["intake"], "in"), "PXK": (numbers["release"], "out")}
    for symbol, (number, direction) in slips.items():
        slip = read(db, clerk, printing.stock_slip, number, direction)
        assert slip.number.endswith("/" + symbol)
        check = _check(db, clerk, slip.number, slip.stamp)
        word = "Phiếu nhập kho" if direction == "in" else "Phiếu xuất kho"
        assert check.matches and check.name == f"{word} {slip.number}: khớp với cơ sở dữ liệu", check.name
        assert not re.search(r"Biên bản \S+/(PXK|PNK)", check.name)
    # a slip whose record moved on after printing: the difference names the giao nhận record it is printed from
    slip = read(db, clerk, printing.stock_slip, numbers["release"], "out")
    forged = record_qr_payload(slip.number, slip.stamp).split("|")
    forged[2] = "0" * len(forged[2])
    check = read(db, clerk, paper_check.check_record_qr, "|".join(forged))
    assert check.name.startswith(f"Phiếu xuất kho {slip.number}: KHÔNG KHỚP"), check.name
    assert f"biên bản giao nhận {numbers['release']} đã được ký" in check.differences[0], check.differences
    assert not re.search(r"Biên bản \S+/(PXK|PNK)", check.name)


def test_the_task_inbox_names_each_record_by_its_kind(world, clerk):
    """«Việc cần làm» lists the records waiting for a signature or to be completed: a sealing record is a «Biên bản
    niêm phong», an unsealing a «Biên bản mở niêm phong», not a bare «Biên bản»."""
    from evidence_store.services import tasks
    db, w = world
    numbers = _records(db, w, clerk)
    texts = {(t.kind, t.ref): t.text for t in read(db, clerk, lambda uow: tasks.inbox(uow, agency=True))}
    for key in ("seal", "unseal", "check", "intake"):
        found = [text for (kind, ref), text in texts.items() if ref == numbers[key] and kind in ("sign", "finish")]
        assert found and all(text.startswith(f"{NAMES[key]} {numbers[key]}") for text in found), (key, found)


def test_the_cli_list_of_records_names_each_by_its_kind(world, clerk, capsys):
    """`python -m evidence_store handovers` printed the kind as a code («seal», «incident», «unseal»)."""
    from evidence_store.cli import main
    db, w = world
    numbers = _records(db, w, clerk)
    assert main(["--db", str(db.url), "handovers", "--limit", "100"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines() if line.strip()}
    for key in ("seal", "unseal", "incident", "check"):
        assert NAMES[key] in lines[numbers[key]], lines[numbers[key]]
    assert "Biên bản giao nhận (xuất kho)" in lines[numbers["release"]]
    assert not any(f" {code} " in line for line in lines.values() for code in ("seal", "unseal", "incident"))
