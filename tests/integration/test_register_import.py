"""Importing old registers: every row checked with its errors per cell, a dry run that writes nothing, the
import through the intake steps (biên bản, ledger events, new codes) all or nothing, and the same file
again duplicating nothing."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from evidence_store.db.models import Case, CustodyEvent, Document, Handover, ImportRow, Item, Location, Person
from evidence_store.domain.errors import PermissionDenied, ValidationError
from evidence_store.exports.registers import Preset
from evidence_store.services import register_import
from evidence_store.services.context import UnitOfWork
from evidence_store.services.verify import verify

HEAD = ["STT", "Tên vật chứng", "Loại", "Số lượng", "ĐVT", "Đặc điểm", "Số niêm phong", "Vụ án", "Cơ quan thụ lý",
        "Số lệnh nhập kho", "Ngày lệnh nhập kho", "Ngày nhập", "Vị trí", "IMEI"]


def _register(path, rows, title=True):
    book = Workbook()
    ws = book.active
    if title:
        ws.append(["SỔ THEO DÕI VẬT CHỨNG NĂM 2019"])
        ws.append([])
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    book.save(path)
    return path


def _rows(w):
    bin_code = w.locations["bin_A111"]
    return [
        [1, "Điện thoại di động Nokia 1280", "Điện thoại di động", 1, "chiếc", "màu đen", "NP-19-001", "12/2019/CSHS",
         "PC02", "15/LNK-PC02", "03/04/2019", "04/04/2019", bin_code, "356789012345678"],
        [2, "Dao bấm cán gỗ", "weapon", "2", "", "dài 20 cm", "", "12/2019/CSHS", "PC02", "", "", "05/04/2019", "", ""],
        [3, "Tiền Việt Nam", "Tiền Việt Nam", "1.250.000", "đồng", "", "NP-19-002", "13/2019/CSKT", "", "", "",
         "2019-05-02", "", ""],
    ]


def _run(db, actor, path, **kw):
    with UnitOfWork(db, actor) as uow:
        return register_import.import_register(uow, path, register_import.preset_named(uow, "so-cu"), **kw)


def _count(db, model, *where):
    with db.session(write=False) as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_a_register_is_received_through_the_intake_steps_and_not_twice(world, clerk, tmp_path):
    db, w = world
    path = _register(tmp_path / "so-2019.xlsx", _rows(w))
    dry = _run(db, clerk, path, dry_run=True)
    assert dry.summary == {"rows": 3, "ok": 3, "error": 0, "imported": 0, "repeat": 0}
    assert _count(db, Item) == 0  # a dry run writes nothing
    out = _run(db, clerk, path)
    assert out.imported == 3 and len(out.item_codes) == 3
    with db.session(write=False) as s:
        items = {i.name: i for i in s.scalars(select(Item))}
        phone = items["Điện thoại di động Nokia 1280"]
        assert phone.state == "in_storage" and phone.sealed and phone.seal_number == "NP-19-001"
        assert phone.location_id == s.scalar(select(Location.id).where(Location.code == w.locations["bin_A111"]))
        assert phone.received_at.date() == date(2019, 4, 4) and phone.code.startswith("VC19")
        assert '"imei": "356789012345678"' in phone.attributes
        assert items["Dao bấm cán gỗ"].quantity == 2 and items["Dao bấm cán gỗ"].unit == "chiếc"
        assert items["Tiền Việt Nam"].quantity == 1250000
        order = s.scalars(select(Document).where(Document.number == "15/LNK-PC02")).one()
        assert order.kind == "intake_order" and order.issued_on == date(2019, 4, 3)
        legacy = s.scalars(select(Document).where(Document.kind == "legacy_register")).one()
        assert legacy.number == "Sổ theo dõi vật chứng cũ"
        receive = s.scalars(select(CustodyEvent).where(CustodyEvent.item_id == phone.id)).one()
        assert receive.kind == "receive" and receive.document_id == order.id and receive.occurred_at.startswith("2019-04-0")
        assert s.scalar(select(func.count()).select_from(Handover)) == 2  # one biên bản per basis
        assert {c.number for c in s.scalars(select(Case))} == {"12/2019/CSHS", "13/2019/CSKT"}
    assert verify(db).ok
    again = _run(db, clerk, path, dry_run=True)
    assert again.summary["imported"] == 3 and again.summary["ok"] == 0
    with pytest.raises(ValidationError) as nothing:
        _run(db, clerk, path)
    assert nothing.value.code == "import_nothing"
    assert _count(db, Item) == 3


def test_errors_are_shown_per_cell_and_nothing_is_imported(world, clerk, tmp_path):
    db, w = world
    rows = _rows(w)
    rows[0][3] = "một"  # quantity
    rows[1][2] = "Loại lạ"  # category
    rows[1][8] = "PC99"  # agency
    rows[2][11] = "31/02/2019"  # date
    rows.append(list(rows[2]))  # the same row twice
    rows[3][11] = "2019-05-02"
    path = _register(tmp_path / "loi.xlsx", rows)
    dry = _run(db, clerk, path, dry_run=True)
    by_row = {r.row_no: r for r in dry.rows}
    assert by_row[4].errors == {"quantity": "«một» không phải số"}
    assert set(by_row[5].errors) == {"category", "agency"} and "Loại lạ" in by_row[5].errors["category"]
    assert "không phải ngày" in by_row[6].errors["received_on"]
    assert by_row[7].status == "ok"
    with pytest.raises(ValidationError) as refused:
        _run(db, clerk, path)
    assert refused.value.code == "import_has_errors" and refused.value.params["n"] == 3
    assert _count(db, Item) == 0 and _count(db, ImportRow) == 0
    out = _run(db, clerk, path, skip_invalid=True)
    assert out.imported == 1


def test_a_failure_or_a_cancel_leaves_nothing_half_imported(world, clerk, tmp_path):
    db, w = world
    rows = [[n, f"Điện thoại số {n}", "phone", 1, "chiếc", "", "", "20/2019", "", "", "", "01/06/2019", "", ""]
            for n in range(1, 1201)]
    path = _register(tmp_path / "lon.xlsx", rows)
    with pytest.raises(ValidationError) as cancelled:
        _run(db, clerk, path, cancelled=lambda: True)
    assert cancelled.value.code == "import_cancelled"
    assert _count(db, Item) == _count(db, CustodyEvent) == _count(db, Case) == 0
    assert verify(db).ok


def test_csv_with_semicolons_and_a_saved_preset(world, clerk, tmp_path):
    db, w = world
    path = tmp_path / "danh-sach.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f, delimiter=";")
        out.writerow(["TT", "Tên đồ vật", "Nhóm", "SL", "Hồ sơ", "Ngày"])
        out.writerow(["1", "Xe đạp", "Đồ vật khác", "1", "7/2018", "12/12/2018"])
    preset = Preset("danh-sach-cu", "items", {"name": "Tên đồ vật", "category": "Nhóm", "quantity": "SL",
                                              "case_number": "Hồ sơ", "received_on": "Ngày"}, "Sổ 2018")
    with UnitOfWork(db, clerk) as uow:
        register_import.save_preset(uow, preset)
    with UnitOfWork(db, clerk) as uow:
        saved = register_import.preset_named(uow, "danh-sach-cu")
        assert saved.columns["name"] == "Tên đồ vật"
        out = register_import.import_register(uow, path, saved)
    assert out.imported == 1
    with db.session(write=False) as s:
        assert s.scalars(select(Document.number).where(Document.kind == "legacy_register")).one() == "Sổ 2018"


def test_cases_persons_locations_and_who_may_import(world, clerk, tmp_path):
    db, w = world
    book = Workbook()
    book.active.append(["Số vụ án", "Tội danh", "Cơ quan thụ lý", "Giai đoạn", "Ngày khởi tố"])
    book.active.append(["99/2020/CSHS", "Trộm cắp tài sản", "PC02", "Truy tố", "01/03/2020"])
    book.save(tmp_path / "vu-an.xlsx")
    with UnitOfWork(db, clerk) as uow:
        out = register_import.import_register(uow, tmp_path / "vu-an.xlsx", register_import.preset_named(uow, "vu-an"))
    assert out.imported == 1
    with db.session(write=False) as s:
        case = s.scalars(select(Case).where(Case.number == "99/2020/CSHS")).one()
        assert case.stage == "prosecution" and case.opened_on == date(2020, 3, 1)
    book = Workbook()
    book.active.append(["Họ và tên", "Cấp bậc", "Cơ quan", "Số căn cước"])
    book.active.append(["Nguyễn Văn Bình", "Đại úy", "PC02", "001088001234"])
    book.save(tmp_path / "nguoi.xlsx")
    with UnitOfWork(db, clerk) as uow:
        assert register_import.import_register(uow, tmp_path / "nguoi.xlsx", register_import.preset_named(uow, "nguoi")).imported == 1
    assert _count(db, Person, Person.id_number == "001088001234") == 1
    book = Workbook()
    book.active.append(["Tên vị trí", "Loại vị trí", "Thuộc vị trí", "Sức chứa"])
    book.active.append(["Kệ C9", "Dãy / kệ", "", ""])
    book.active.append(["Ô C9-01", "Ô", "Kệ C9", "30"])
    book.save(tmp_path / "vi-tri.xlsx")
    with pytest.raises(PermissionDenied), UnitOfWork(db, clerk) as uow:  # locations: the administrator's
        register_import.import_register(uow, tmp_path / "vi-tri.xlsx", register_import.preset_named(uow, "vi-tri"))
    with UnitOfWork(db, w.actor(db, "quantri")) as uow:
        codes = register_import.import_register(uow, tmp_path / "vi-tri.xlsx", register_import.preset_named(uow, "vi-tri")).item_codes
    with db.session(write=False) as s:
        child = s.scalars(select(Location).where(Location.code == codes[1])).one()
        assert child.capacity == 30 and s.get(Location, child.parent_id).name == "Kệ C9"
    with pytest.raises(PermissionDenied), UnitOfWork(db, w.actor(db, "quantri")) as uow:  # no custody rights
        register_import.import_register(uow, tmp_path / "vu-an.xlsx", register_import.preset_named(uow, "so-cu"))


def test_import_command_prints_each_faulty_row_and_exits_2(world, tmp_path, capsys):
    import json as _json
    from evidence_store.cli import main
    db, w = world
    rows = _rows(w)
    rows[1][3] = "hai"
    path = _register(tmp_path / "so.xlsx", rows)
    assert main(["--db", db.url, "import", str(path), "--preset", "so-cu", "--dry-run"]) == 2
    out = capsys.readouterr().out
    assert "Dòng 5: Số lượng: «hai» không phải số" in out and "3 dòng: 2 hợp lệ, 1 lỗi" in out
    assert main(["--db", db.url, "import", str(path), "--preset", "so-cu"]) == 2
    assert "1 dòng có lỗi" in capsys.readouterr().err
    assert _count(db, Item) == 0
    assert main(["--db", db.url, "import", str(path), "--preset", "so-cu", "--skip-invalid", "--json"]) == 0
    report = _json.loads(capsys.readouterr().out)
    assert report["imported"] == 2 and len(report["new_codes"]) == 2
    assert report["rows"][1] == {"row": 5, "status": "error", "errors": {"Số lượng": "«hai» không phải số"}}
    assert main(["--db", db.url, "import", str(tmp_path / "khong-co.xlsx")]) == 2
    assert "Không đọc được tệp khong-co.xlsx" in capsys.readouterr().err
    assert main(["--db", db.url, "import", str(path), "--preset", "khong-co"]) == 2
