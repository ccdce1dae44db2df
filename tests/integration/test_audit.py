"""Kiểm kê on both engines: a blind zone count with every result kind planted, resolution through the
existing services, the signed record, verify replaying the audit; resume after a restart; file import;
several auditors at once; high-risk checks (seal, cash by denomination, drugs re-weighed)."""

from __future__ import annotations

import threading

import pytest

from evidence_store.domain import audit as audit_rules
from evidence_store.domain.errors import DomainError, PermissionDenied
from evidence_store.services import audit_count
from evidence_store.services import audit_read
from evidence_store.services import audit_reconcile, audit_resolution
from evidence_store.services.commands import NewItem
from evidence_store.services.commands import CloseAudit, ResolveLine, ScanChecks, TeamMember
from evidence_store.services.verify import verify

from .audit_builders import audit_results, audit_scanner, count_zone, new_audit, plant
from .builders import receive
from .lifecycle_builders import doc, item_row, ledger_head, read, run

TEAM = (TeamMember("chair", "Phạm Quang Dũng", "Trưởng phòng"), TeamMember("keeper", "Nguyễn Thị Lan", "Thủ kho"),
        TeamMember("supervisor", "Lê Thu Hà", "Kiểm sát viên", "VKSND TP Hà Nội"))


def _seal_incident_recorded(db, actor, number, line_no, code):
    """#15 → #12: the line's resolution is a seal incident record (kind "incident", found during the audit,
    related to it), the item has its "seal_broken" event and counts as unsealed until resealed."""
    from sqlalchemy import text
    line = read(db, actor, audit_read.audit_lines, number)[line_no - 1]
    assert line.resolution == "seal_incident" and line.resolution_ref
    with db.reader.connect() as c:
        kind, details = c.execute(text("SELECT kind, details FROM handovers WHERE number = :n"),
                                  {"n": line.resolution_ref}).one()
        events = c.execute(text("SELECT e.kind FROM custody_events e JOIN items i ON i.id = e.item_id "
                                "WHERE i.code = :c ORDER BY e.seq"), {"c": code}).scalars().all()
    assert kind == "incident" and '"found_during": "audit"' in details and number in details
    assert "niêm phong theo sổ" in details  # what the counting found, in the record's words
    assert "seal_broken" in events and item_row(db, code)["sealed"] in (False, 0)
    # a member of the counting team witnesses the finding and signs the incident record, never its maker (ND 142/2024
    # Art 11; BLTTHS Điều 133): the plan's supervisor here, the storekeeper making the record being excluded
    from .lifecycle_builders import signature_slots
    assert ("witness", "Lê Thu Hà") in signature_slots(db, line.resolution_ref)


def test_blind_zone_audit_every_result_resolved_signed_and_verified(world, clerk):
    db, w = world
    p = plant(db, w, clerk)
    boss = w.actor(db, "lanhdao")
    number = new_audit(db, clerk, kind="zone", location_code=w.locations["zone_A"], team=TEAM, reason="Định kỳ quý IV")
    before = ledger_head(db)
    scan, checks = audit_scanner(db, clerk, number)
    count_zone(scan, checks, p)
    assert ledger_head(db) == before  # counting records scans, never changes the register
    assert read(db, clerk, audit_read.audit_lines, number) == []  # blind while counting
    assert scan(p.found)["outcome"] == "duplicate"
    run(db, clerk, lambda uow, n: audit_reconcile.reconcile(uow, n), number)
    lines = audit_results(db, clerk, number)
    got = {code: lines[code].result for code in lines}
    assert got == {p.found: "found", p.wrong_place: "wrong_place", p.missing: "missing", p.unexpected: "unexpected",
                   p.unknown: "unknown", p.on_release: "absent_expected", p.seal_broken: "seal_broken",
                   p.quantity: "quantity_differs"}
    assert lines[p.wrong_place].expected_code == p.locations["bin_A112"]
    assert lines[p.wrong_place].found_code == p.locations["bin_A121"]
    assert lines[p.quantity].details["registered"] == {"quantity": 10.0}
    assert item_row(db, p.missing)["state"] == "in_storage"  # nothing silently changed
    # closing refuses while discrepancies are open
    with pytest.raises(DomainError) as exc:
        run(db, boss, audit_reconcile.close_audit, CloseAudit(number))
    assert exc.value.code == "unresolved_lines" and exc.value.params["n"] == 6
    # each discrepancy resolved by a recorded act
    no = lambda code: lines[code].line_no  # noqa: E731
    run(db, clerk, audit_resolution.resolve_line, ResolveLine(number, no(p.wrong_place), "move"))
    assert item_row(db, p.wrong_place)["location_id"] is not None
    report = doc("incident_report", "5/BB-SC", w.agencies["pc10"])
    run(db, clerk, audit_resolution.resolve_line, ResolveLine(number, no(p.missing), "incident_lost", report=report,
                                                 note="Không tìm thấy khi kiểm kê"))
    assert item_row(db, p.missing)["state"] == "lost_or_damaged"
    with pytest.raises(DomainError) as exc:  # a broken seal is a seal incident, not a damaged item
        run(db, clerk, audit_resolution.resolve_line, ResolveLine(number, no(p.seal_broken), "incident_damaged",
                                                     report=doc("incident_report", "6/BB-SC", w.agencies["pc10"])))
    assert exc.value.code == "resolution_not_for_result"
    run(db, clerk, audit_resolution.resolve_line, ResolveLine(number, no(p.seal_broken), "seal_incident"))
    _seal_incident_recorded(db, clerk, number, no(p.seal_broken), p.seal_broken)
    run(db, clerk, audit_resolution.resolve_line, ResolveLine(number, no(p.quantity), "correction", values={"quantity": 8},
                                                 note="Cân lại khi kiểm kê"))
    assert read(db, clerk, audit_read.audit_lines, number)[no(p.quantity) - 1].resolution == "correction"
    with pytest.raises(PermissionDenied):  # a written explanation is the commander's
        run(db, clerk, audit_resolution.resolve_line, ResolveLine(number, no(p.unknown), "explained", note="Nhãn thử"))
    with pytest.raises(DomainError) as exc:
        run(db, boss, audit_resolution.resolve_line, ResolveLine(number, no(p.unknown), "move"))
    assert exc.value.code == "resolution_not_for_result"
    run(db, boss, audit_resolution.resolve_line, ResolveLine(number, no(p.unknown), "explained", note="Nhãn in thử, đã hủy"))
    run(db, clerk, audit_resolution.resolve_line, ResolveLine(number, no(p.unexpected), "accept_place"))
    assert item_row(db, p.unexpected)["location_id"] is not None
    run(db, boss, audit_reconcile.close_audit, CloseAudit(number))
    detail = read(db, clerk, audit_read.audit_detail, number)
    assert detail.status == "closed" and detail.totals["missing"] == 1 and detail.ledger_seq
    result = verify(db)
    assert result.ok, result.mismatches
    zone = [r for r in read(db, clerk, audit_read.schedule) if r.location_code == w.locations["zone_A"]][0]
    assert zone.last_audit == number and not zone.overdue


def test_second_count_replaces_a_line(world, clerk):
    db, w = world
    p = plant(db, w, clerk)
    number = new_audit(db, clerk, kind="zone", location_code=w.locations["zone_A"], team=TEAM)
    scan, _ = audit_scanner(db, clerk, number)
    scan(w.locations["bin_A111"])
    scan(p.found)
    run(db, clerk, lambda uow, n: audit_reconcile.reconcile(uow, n), number)
    line = audit_results(db, clerk, number)[p.missing]
    assert line.result == "missing"
    run(db, clerk, lambda uow, n: audit_resolution.request_recount(uow, n, line.line_no, "Kiểm lại ô A1-1"), number)
    with pytest.raises(DomainError):
        run(db, clerk, audit_resolution.resolve_line, ResolveLine(number, line.line_no, "incident_lost"))
    scan(w.locations["bin_A111"])
    assert scan(p.missing)["outcome"] == "recorded"
    run(db, clerk, lambda uow, n: audit_reconcile.reconcile(uow, n), number)
    again = audit_results(db, clerk, number)
    assert again[p.missing].result == "found" and again[p.missing].line_no == line.line_no
    assert again[p.found].result == "found"
    assert verify(db).ok


def test_counting_resumes_after_restart_and_refuses_bad_input(world, clerk):
    db, w = world
    p = plant(db, w, clerk)
    number = new_audit(db, clerk, kind="zone", location_code=w.locations["zone_A"])
    scan, _ = audit_scanner(db, clerk, number)
    assert scan(p.found)["outcome"] == "no_location"
    scan(w.locations["bin_A111"])
    scan(p.found)
    # a new session (the app restarted): the place and the scans are there
    assert read(db, clerk, audit_read.current_location, number)[0] == w.locations["bin_A111"]
    assert [s.code for s in read(db, clerk, audit_read.my_scans, number)][:1] == [p.found]
    assert scan(w.locations["bin_B111"])["outcome"] == "out_of_scope"
    assert scan(p.missing)["outcome"] == "recorded"  # still at bin_A111
    bad = p.found[:-1] + ("A" if p.found[-1] != "A" else "B")
    assert scan(bad)["outcome"] in ("invalid", "unknown")
    with pytest.raises(DomainError) as exc:
        run(db, clerk, audit_count.record_checks, ScanChecks(number, 999999, seal_seen="x"))
    assert exc.value.code == "scan_not_found"


def test_scan_file_import_same_checks(world, clerk):
    db, w = world
    p = plant(db, w, clerk)
    number = new_audit(db, clerk, kind="zone", location_code=w.locations["zone_A"])
    text = (f"code,time\n{p.found},2026-11-20T09:00:00\n{w.locations['bin_A111']},2026-11-20T09:00:05\n"
            f"{p.found},2026-11-20T09:00:07\n{p.found},20/11/2026 09:00:09\n{p.unknown},\nXYZ,\n{p.missing},hôm qua\n")
    report = run(db, clerk, lambda uow, t: audit_count.import_scan_file(uow, number, t, filename="may-quet.csv"), text)
    assert report["counts"] == {"no_location": 1, "location": 1, "recorded": 1, "duplicate": 1, "unknown": 2,
                                "bad_time": 1}
    assert [line for line, _code, _why in report["problems"]] == [1, 4, 5, 6, 7]
    with pytest.raises(DomainError) as exc:
        run(db, clerk, lambda uow, t: audit_count.import_scan_file(uow, number, t, filename="rong.csv"), "code,time\n")
    assert exc.value.code == "scan_file_empty"


def test_several_auditors_count_zones_at_once(world, clerk):
    db, w = world
    p = plant(db, w, clerk)
    boss = w.actor(db, "lanhdao")
    number = new_audit(db, clerk, kind="full")
    errors = []

    def count(actor, location, codes):
        try:
            scan, _ = audit_scanner(db, actor, number)
            scan(location)
            for c in codes:
                assert scan(c)["outcome"] == "recorded"
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
    threads = [threading.Thread(target=count, args=(clerk, w.locations["bin_A111"], [p.found, p.missing])),
               threading.Thread(target=count, args=(boss, w.locations["bin_B111"], [p.unexpected]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert read(db, boss, audit_read.current_location, number)[0] == w.locations["bin_B111"]
    run(db, clerk, lambda uow, n: audit_reconcile.reconcile(uow, n), number)
    lines = audit_results(db, clerk, number)
    assert lines[p.unexpected].result == "found" and lines[p.found].result == "found"
    assert lines[p.wrong_place].result == "missing" and lines[p.on_release].result == "absent_expected"


def test_high_risk_seal_cash_and_drugs(world, clerk):
    db, w = world
    L = w.locations
    cash, drugs = receive(db, clerk, [
        NewItem("cash_vnd", "Tiền Việt Nam", 25, "tờ", sealed=True, seal_state="intact", seal_number="KB-77", location_code=L["safe"],
                attributes={"denominations": "500000x20; 200000x5", "total_amount": "11000000"}),
        NewItem("drugs", "Ma túy đá (methamphetamine)", 1, "gói", sealed=True, seal_state="intact", seal_number="MT-01",
                location_code=L["secure"], attributes={"kind": "methamphetamine", "net_weight_g": "52.4"}),
    ], case_number="301/2026/MT", order="91/LNK-PC04").item_codes
    number = new_audit(db, clerk, kind="sample_items", high_risk_only=True, confidence=0.95, margin=0.03, seed=7)
    scan, checks = audit_scanner(db, clerk, number)
    scan(L["safe"])
    answer = scan(cash)
    assert answer["needs_seal"] and answer["needs_measure"] == ("denominations",)
    checks(answer["scan_id"], seal_seen="KB-77", seal_intact=True, measured={"denominations": "500000x20;200000x4"})
    scan(L["secure"])
    answer = scan(drugs)
    assert answer["needs_measure"] == ("net_weight_g", "gross_weight_g")
    checks(answer["scan_id"], seal_seen="MT-02", seal_intact=True, measured={"net_weight_g": "52.9"})
    with pytest.raises(DomainError) as exc:
        checks(answer["scan_id"], measured={"denominations": "năm trăm"})
    assert exc.value.code == "denominations_invalid"
    run(db, clerk, lambda uow, n: audit_reconcile.reconcile(uow, n), number)
    lines = audit_results(db, clerk, number)
    assert lines[cash].result == "quantity_differs" and lines[cash].details["measures"] == ["denominations"]
    assert lines[drugs].result == "seal_broken" and lines[drugs].details["seal_expected"] == "MT-01"
    assert verify(db).ok


def test_verify_finds_an_audit_result_edited_behind_the_apps_back(world, clerk):
    db, w = world
    p = plant(db, w, clerk)
    number = new_audit(db, clerk, kind="zone", location_code=w.locations["zone_A"])
    scan, checks = audit_scanner(db, clerk, number)
    count_zone(scan, checks, p)
    run(db, clerk, lambda uow, n: audit_reconcile.reconcile(uow, n), number)
    assert verify(db).ok
    from sqlalchemy import text
    with db.writer.begin() as c:
        c.execute(text("UPDATE audit_lines SET result = 'found' WHERE result = 'missing'"))
    result = verify(db)
    assert not result.ok and any(reason.startswith("audit_line:") for _i, _n, reason in result.mismatches)


@pytest.mark.sqlite_only
def test_audit_command_line(world, clerk, tmp_path, capsys):
    from openpyxl import load_workbook
    from evidence_store.cli import main
    db, w = world
    p = plant(db, w, clerk)
    path = db.sqlite_path
    db.dispose()
    base = ["--db", path, "audit"]
    assert main(base + ["open", "--kind", "zone", "--location", w.locations["zone_A"], "--reason", "Định kỳ"]) == 0
    number = "1/" + capsys.readouterr().out.split(" 1/")[1].split(":")[0]
    scans = tmp_path / "may-quet.csv"
    scans.write_text(f"code,time\n{w.locations['bin_A111']},2026-11-20T09:00:00\n{p.found},2026-11-20T09:00:05\n"
                     f"{p.unknown},\n", "utf-8")
    assert main(base + ["import", number, str(scans)]) == 0
    assert "recorded: 1" in capsys.readouterr().out
    assert main(base + ["import", number, str(tmp_path / "khong-co.csv")]) == 2
    assert "Không đọc được tệp quét" in capsys.readouterr().err
    assert main(base + ["import", "99/2026/BB-KK", str(scans)]) == 2
    assert "Không tìm thấy đợt kiểm kê 99/2026/BB-KK" in capsys.readouterr().err
    assert main(base + ["reconcile", number]) == 0
    assert main(base + ["list", "--json"]) == 0
    assert number in capsys.readouterr().out
    assert main(base + ["show", number]) == 0
    assert "Không tìm thấy" in capsys.readouterr().out
    pdf, xlsx = tmp_path / "bb.pdf", tmp_path / "kq.xlsx"
    assert main(base + ["print", number, "-o", str(pdf)]) == 0 and pdf.read_bytes().startswith(b"%PDF")
    assert main(base + ["export", number, "-o", str(xlsx)]) == 0
    sheet = load_workbook(xlsx).worksheets[0]
    assert sheet.cell(1, 1).value == "Dòng" and isinstance(sheet.cell(2, 1).value, int)
    assert {sheet.cell(r, 8).value for r in range(2, sheet.max_row + 1)} >= {"Đúng vị trí", "Không tìm thấy"}
    assert main(base + ["export", number, "-o", str(tmp_path / "khong" / "co" / "x.xlsx")]) == 2
    assert main(base + ["open", "--kind", "zone"]) == 2  # a zone audit needs the zone
    assert "Cần quét hoặc chọn vị trí" in capsys.readouterr().err


@pytest.mark.sqlite_only
@pytest.mark.skipif(__import__("sys").platform == "win32", reason="SIGKILL is POSIX")
def test_counting_survives_a_killed_process_and_every_scan_is_synced(world, clerk, monkeypatch):
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time
    from pathlib import Path
    db, w = world
    p = plant(db, w, clerk)
    number = new_audit(db, clerk, kind="zone", location_code=w.locations["zone_A"])
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    scan, _ = audit_scanner(db, clerk, number)
    scan(w.locations["bin_A111"])
    assert audit_count._SYNCERS[db.sqlite_path].wait(10) and synced  # the WAL is synced after a committed scan (power cut)
    monkeypatch.setattr(os, "fsync", real_fsync)
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root), EVIDENCE_STORE_NO_LOGFILE="1")
    child = subprocess.Popen([sys.executable, "-m", "tests.integration.audit_workers", db.sqlite_path, number,
                              w.locations["bin_A111"], p.found, p.missing], cwd=root, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "ready", child.stderr.read()
    reported = []
    deadline = time.monotonic() + 60
    while len(reported) < 12 and time.monotonic() < deadline:
        reported.append(int(child.stdout.readline()))
    child.send_signal(signal.SIGKILL)
    child.wait()
    con = sqlite3.connect(db.sqlite_path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {r[0] for r in con.execute("SELECT id FROM audit_scans")}
    finally:
        con.close()
    assert set(reported) <= stored and len(reported) == 12  # every scan reported as saved is there
    assert read(db, clerk, audit_read.current_location, number)  # the count resumes where it stopped
    run(db, clerk, lambda uow, n: audit_reconcile.reconcile(uow, n), number)
    assert audit_results(db, clerk, number)[p.missing].result == "found"
    assert verify(db).ok


def test_a_sealed_high_risk_item_from_a_scan_file_is_a_discrepancy_until_its_seal_is_read(world, clerk):
    """#15: a handheld's scan file cannot answer the seal question: the sealed drugs it lists are not simply
    "found" with a mark — the line is a discrepancy; the record cannot be signed until someone reads the
    seal (the register's number), reports it broken, or the commander explains."""
    db, w = world
    L = w.locations
    boss = w.actor(db, "lanhdao")
    drugs, gold = receive(db, clerk, [
        NewItem("drugs", "Ma túy đá (methamphetamine)", 1, "gói", sealed=True, seal_state="intact", seal_number="MT-01",
                location_code=L["secure"], attributes={"kind": "methamphetamine", "net_weight_g": "52.4"}),
        NewItem("gold", "Nhẫn vàng", 1, "chiếc", sealed=True, seal_state="intact", seal_number="VB-07", location_code=L["safe"],
                attributes={"weight_g": "3.75"}),
    ], case_number="311/2026/MT", order="92/LNK-PC04").item_codes
    number = new_audit(db, clerk, kind="case", case_number="311/2026/MT", team=TEAM)
    text = (f"code,time\n{L['secure']},2026-11-20T09:00:00\n{drugs},2026-11-20T09:00:05\n"
            f"{L['safe']},2026-11-20T09:01:00\n{gold},2026-11-20T09:01:06\n")
    run(db, clerk, lambda uow, t: audit_count.import_scan_file(uow, number, t, filename="may-quet.csv"), text)
    run(db, clerk, lambda uow, n: audit_reconcile.reconcile(uow, n), number)
    lines = audit_results(db, clerk, number)
    assert lines[drugs].result == lines[gold].result == "seal_not_checked"
    assert audit_rules.Result.SEAL_NOT_CHECKED in audit_rules.DISCREPANCIES
    with pytest.raises(DomainError) as exc:
        run(db, boss, audit_reconcile.close_audit, CloseAudit(number))
    assert exc.value.code == "unresolved_lines" and exc.value.params["n"] == 2
    with pytest.raises(DomainError) as exc:  # another number on the item: not "checked", a broken seal
        run(db, clerk, audit_resolution.resolve_line, ResolveLine(number, lines[drugs].line_no, "seal_checked",
                                                     values={"seal_seen": "MT-09"}))
    assert exc.value.code == "seal_seen_differs"
    run(db, clerk, audit_resolution.resolve_line, ResolveLine(number, lines[drugs].line_no, "seal_checked",
                                                 values={"seal_seen": "mt 01"}))
    run(db, clerk, audit_resolution.resolve_line, ResolveLine(number, lines[gold].line_no, "seal_incident"))
    lines = audit_results(db, clerk, number)
    assert lines[drugs].resolution == "seal_checked" and lines[drugs].resolution_ref == "mt 01"
    assert item_row(db, gold)["sealed"] in (False, 0) and item_row(db, drugs)["sealed"] in (True, 1)
    run(db, boss, audit_reconcile.close_audit, CloseAudit(number))
    assert verify(db).ok
