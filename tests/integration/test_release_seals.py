"""The seals looked at when items leave on a tạm xuất or are handed to a specialised keeper (issue #12: no printed
statement is invented; ND 127/2017; ND 142/2024 Điều 11, 14): the clerk states each sealed item's seal — whole with
the right number, or torn / missing — the record prints what was stated, never «nguyên vẹn» by default, and a torn
one opens an incident reported to the responsible agency, witnessed by the person receiving the items and named on
the record. Both engines."""

from __future__ import annotations

from evidence_store.error_texts import message
from evidence_store.services.context import UnitOfWork
from evidence_store.services import printing, settings
from evidence_store.services.commands import DepositItems, NewItem
from evidence_store.services.custody import deposit_items
from evidence_store.services.handovers import handover_detail
from evidence_store.services.release import release_items
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import (approve_pending, doc, examination_release, handover_state, item_events, item_row,
                                 read, refused, rep, run)
from .test_record_truth import _words

BLOOD = NewItem("bio_sample", "Mẫu máu của đối tượng Nguyễn Văn A", 1, "mẫu", sealed=True, seal_state="intact",
                seal_number="NP-21", characteristics="Ống nghiệm 5ml", condition="Bảo quản lạnh")


def _shown(code: str) -> str:
    return f"{code[:2]}-{code[2:4]}-{code[4:-1]}-{code[-1]}"


def _two_phones(db, w, clerk) -> list[str]:
    return receive(db, clerk, [phone(seal_number="NP-0101", location_code=w.locations["bin_A112"]),
                               phone(name="Điện thoại Oppo A5", seal_number="NP-0102",
                                     location_code=w.locations["bin_A112"])]).item_codes


def test_a_release_is_prepared_only_once_each_seal_is_stated(world, clerk):
    db, w = world
    codes = _two_phones(db, w, clerk)
    err = refused(db, lambda: run(db, clerk, release_items, examination_release(w, codes, seal_states={})))
    assert err.code == "seal_condition_required" and "(niêm phong số NP-0101)" in message(err)
    assert _shown(codes[0]) in message(err)
    err = refused(db, lambda: run(db, clerk, release_items, examination_release(
        w, codes, seal_states={codes[0]: "intact"})))
    assert "(niêm phong số NP-0102)" in message(err)  # the one left unstated is named
    assert refused(db, lambda: run(db, clerk, release_items, examination_release(
        w, codes, seal_states=dict.fromkeys(codes, "maybe")))).code == "unknown_seal_state"
    assert [item_row(db, c)["state"] for c in codes] == ["in_storage", "in_storage"]  # nothing recorded
    ch = run(db, clerk, release_items, examination_release(w, codes, seal_states=dict.fromkeys(codes, "intact")))
    words = _words(db, clerk, printing.handover_pdf, ch.handover_number)
    assert "Tình trạng niêm phong khi giao nhận: các niêm phong nguyên vẹn, không có dấu hiệu bóc mở." in words
    assert "sự cố" not in words
    approve_pending(db, ch.handover_number)
    assert [e[1]["seal_status"] for c in codes for e in item_events(db, c) if e[0] == "release_temporary"] == [
        "intact", "intact"]
    assert verify(db).ok


def test_a_seal_found_torn_as_the_items_are_prepared_is_reported_and_the_release_record_says_so(world, clerk):
    db, w = world
    codes = _two_phones(db, w, clerk)
    ch = run(db, clerk, release_items, examination_release(w, codes, seal_states={codes[0]: "intact",
                                                                                 codes[1]: "broken"}))
    number = ch.handover_number
    details = handover_state(db, number)[2]
    incident = details["seal_incident"]
    assert details["broken_codes"] == [codes[1]]
    # reported at once, before the commander's decision: the item counts as unsealed, still on its shelf
    row = item_row(db, codes[1])
    assert row["state"] == "in_storage" and not row["sealed"]
    words = _words(db, clerk, printing.handover_pdf, number)
    assert "các niêm phong nguyên vẹn" not in words
    assert (f"Tình trạng niêm phong khi giao nhận: {_shown(codes[0])}: Số NP-0101, nguyên vẹn; {_shown(codes[1])}: "
            "Số NP-0102, có dấu hiệu bóc mở.") in words
    assert (f"Niêm phong của {_shown(codes[1])} có dấu hiệu bóc mở khi xuất kho: đã lập biên bản sự cố số "
            f"{incident} và báo cáo Phòng Cảnh sát hình sự") in words
    incident_words = _words(db, clerk, printing.handover_pdf, incident)
    assert "Phát hiện khi: xuất kho vật chứng. Báo cáo gửi: Phòng Cảnh sát hình sự" in incident_words
    # the examiner who takes the phones saw it: he signs the incident record with the clerk who makes it
    assert {(s.role, s.person_name) for s in read(db, clerk, handover_detail, incident).signatures} == {
        ("maker", clerk.full_name), ("witness", "Đỗ Minh An")}
    approve_pending(db, number)
    assert [e[0] for e in item_events(db, codes[1])][-3:] == ["release_prepared", "seal_broken", "release_temporary"]
    assert [e[1]["seal_status"] for c in codes for e in item_events(db, c) if e[0] == "release_temporary"] == [
        "intact", "broken"]
    assert item_row(db, codes[1])["state"] == "out_temporary"
    assert verify(db).ok


def test_with_the_approval_off_the_torn_seal_is_reported_before_the_item_leaves(world, clerk):
    db, w = world
    with UnitOfWork(db, w.actor(db, "quantri")) as uow:
        settings.set_setting(uow, "release_needs_approval", False)
    code = receive(db, clerk, [phone()]).item_codes[0]
    ch = run(db, clerk, release_items, examination_release(w, [code], seal_states={code: "broken"}))
    assert handover_state(db, ch.handover_number)[2]["broken_codes"] == [code]
    assert [e[0] for e in item_events(db, code)][-2:] == ["seal_broken", "release_temporary"]
    words = _words(db, clerk, printing.handover_pdf, ch.handover_number)
    assert f"{_shown(code)}: Số NP-0001, có dấu hiệu bóc mở" in words
    assert verify(db).ok


def _deposit(w, code, keeper, number, **kw) -> DepositItems:
    return DepositItems((code,), w.agencies[keeper], doc("deposit_decision", number, w.agencies["pc02"]),
                        receiver=rep(w.agencies[keeper]), **kw)


def test_a_deposit_states_the_seal_and_a_torn_one_is_reported_on_the_record(world, clerk):
    db, w = world
    code = receive(db, clerk, [BLOOD]).item_codes[0]
    err = refused(db, lambda: run(db, clerk, deposit_items, _deposit(w, code, "chemlab", "4/QĐ-PC02")))
    assert err.code == "seal_condition_required" and "(niêm phong số NP-21)" in message(err)
    ch = run(db, clerk, deposit_items, _deposit(w, code, "chemlab", "4/QĐ-PC02", seal_states={code: "broken"}))
    details = handover_state(db, ch.handover_number)[2]
    incident = details["seal_incident"]
    words = _words(db, clerk, printing.handover_pdf, ch.handover_number)
    assert f"Tình trạng niêm phong khi giao nhận: {_shown(code)}: Số NP-21, có dấu hiệu bóc mở." in words
    assert (f"Niêm phong của {_shown(code)} có dấu hiệu bóc mở, rách hoặc mất khi giao bảo quản: đã lập biên bản "
            f"sự cố số {incident}") in words
    assert {(s.role, s.person_name) for s in read(db, clerk, handover_detail, incident).signatures} == {
        ("maker", clerk.full_name), ("witness", "Trần Thị Hoa")}  # the keeper's officer who receives it
    approve_pending(db, ch.handover_number)
    assert item_row(db, code)["state"] == "deposited"
    assert [e[1]["seal_status"] for e in item_events(db, code) if e[0] == "deposit"] == ["broken"]
    assert verify(db).ok


def test_the_treasury_takes_a_package_only_stated_intact(world, clerk):
    """TT 135/2018/TT-BTC Mẫu 02: the Kho bạc receives sealed packages; a seal nobody looked at is refused as
    unstated, nothing recorded. One found torn is refused too, its incident kept: test_treasury_seals.py."""
    from .unclaimed_builders import cash
    db, w = world
    code = receive(db, clerk, [cash(location_code=w.locations["safe"])]).item_codes[0]
    cmd = dict(account="3949.0.1055555")
    assert refused(db, lambda: run(db, clerk, deposit_items, _deposit(
        w, code, "khobac", "5/QĐ-PC02", **cmd))).code == "seal_condition_required"
    row = item_row(db, code)
    assert row["state"] == "in_storage" and row["sealed"]
    ch = run(db, clerk, deposit_items, _deposit(w, code, "khobac", "5/QĐ-PC02", seal_states={code: "intact"}, **cmd))
    words = _words(db, clerk, printing.handover_pdf, ch.handover_number)
    assert "NP-77, nguyên vẹn" in words
    assert verify(db).ok


def test_a_seal_reported_torn_after_the_preparation_stops_the_approval(world, clerk):
    """The prepared record says «nguyên vẹn» as the clerk found it; the seal reported torn before the commander
    approves would leave with a record no longer true — refused by name; withdrawn and prepared again, it states the
    seal as it now is (issue #12)."""
    from evidence_store.services import seals
    from evidence_store.services.commands import DecideRelease, PersonInput
    from evidence_store.services.release_approval import withdraw_release
    db, w = world
    first, second = _two_phones(db, w, clerk)
    number = run(db, clerk, release_items, examination_release(w, (first, second))).handover_number
    assert handover_state(db, number)[0] == "pending"
    run(db, clerk, seals.report_broken_seal, seals.ReportBrokenSeal(
        (first,), "check", "Giấy niêm phong bị rách một góc",
        witness=PersonInput(full_name="Lê Quang Sơn", position="Cán bộ kho")))
    err = refused(db, lambda: approve_pending(db, number))
    assert err.code == "release_seal_changed" and _shown(first) in message(err) and "NP-0101" in message(err)
    assert item_row(db, first)["state"] == "in_storage"  # nothing left
    run(db, clerk, withdraw_release, DecideRelease(number, reason="Niêm phong bị rách sau khi lập phiếu"))
    again = run(db, clerk, release_items, examination_release(w, (first, second))).handover_number
    approve_pending(db, again)
    assert handover_state(db, again)[2]["seal_states"] == {first: "none", second: "intact"}  # as they now are
    assert "Số NP-0102, nguyên vẹn" in _words(db, clerk, printing.handover_pdf, again)
    assert item_row(db, first)["state"] == "out_temporary" and not item_row(db, first)["sealed"]
