"""The seals stated at the hand-overs of entrusted items and at the return from a temporary release (issue #12: no
printed statement is invented; ND 127/2017; ND 142/2024 Điều 11, 15; TT 01/2017/TT-BTP Điều 12): the entrusting,
the recall, the monthly check and the return print each seal as the storekeeper stated it — a sealed item left
unstated is refused, naming it and its seal — and a seal found torn opens an incident reported to the responsible
agency, witnessed by the person on the other side, which the record names. Both engines."""

from __future__ import annotations

from datetime import datetime, timedelta

from evidence_store.error_texts import message
from evidence_store.services import printing
from evidence_store.services.commands import CheckEntrusted, EntrustItems, NewItem, RecallItems, ReturnItems
from evidence_store.services.custody import check_entrusted, entrust_items, recall_items
from evidence_store.services.handovers import handover_detail
from evidence_store.services.release import return_items
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import (approved_entrust, approved_release, check_signers, doc, examination_release,
                                 examiner, handover_state, item_events, item_row, owner, read, refused, run)
from .test_record_truth import _words


def _bike(name: str, seal: str) -> NewItem:
    return NewItem("motorbike", name, 1, "chiếc", sealed=True, seal_state="intact", seal_number=seal,
                   attributes={"plate": "29B1-" + seal[-3:]})


def _shown(code: str) -> str:
    return f"{code[:2]}-{code[2:4]}-{code[4:-1]}-{code[-1]}"


def _two_bikes(db, clerk, started_at=None):
    return receive(db, clerk, [_bike("Xe mô tô Honda Wave", "NP-0701"), _bike("Xe mô tô Yamaha Sirius", "NP-0702")],
                   started_at=started_at).item_codes


def _entrust(w, codes, seals, at=None) -> EntrustItems:
    return EntrustItems(tuple(codes), owner(), "owner", doc("entrust_decision", "4/QĐ-PC02", w.agencies["pc02"],
                                                            (at or datetime.now()).date() - timedelta(days=1)),
                        address="Số 5 ngõ 12 Láng Hạ, Hà Nội", occurred_at=at, seal_states=seals)


def _entrusted(db, w, clerk):
    """Two sealed bikes entrusted to their owner 40 days ago, both seals stated intact."""
    start = datetime.now() - timedelta(days=40)
    codes = _two_bikes(db, clerk, started_at=start - timedelta(days=1))
    run(db, clerk, approved_entrust, _entrust(w, codes, dict.fromkeys(codes, "intact"), start))
    return codes


def _witnessed_by(db, clerk, incident, name) -> None:
    assert {(s.role, s.person_name) for s in read(db, clerk, handover_detail, incident).signatures} == {
        ("maker", clerk.full_name), ("witness", name)}


def test_an_entrusting_is_refused_until_each_seal_is_stated_then_prints_what_was_stated(world, clerk):
    db, w = world
    codes = _two_bikes(db, clerk)
    err = refused(db, lambda: run(db, clerk, entrust_items, _entrust(w, codes, {codes[0]: "intact"})))
    assert err.code == "seal_condition_required"
    assert message(err).startswith(f"Chưa xác nhận tình trạng niêm phong của vật chứng {_shown(codes[1])} "
                                   "«Xe mô tô Yamaha Sirius» (niêm phong số NP-0702)")
    assert [item_row(db, c)["state"] for c in codes] == ["in_storage", "in_storage"]  # nothing recorded
    number = run(db, clerk, approved_entrust, _entrust(w, codes, dict.fromkeys(codes, "intact"))).handover_number
    words = _words(db, clerk, printing.handover_pdf, number)
    assert "Tình trạng niêm phong khi giao nhận: các niêm phong nguyên vẹn, không có dấu hiệu bóc mở." in words
    assert "sự cố" not in words
    assert [e[1]["seal_status"] for c in codes for e in item_events(db, c) if e[0] == "entrust"] == ["intact"] * 2
    assert verify(db).ok


def test_a_seal_found_torn_when_entrusting_opens_an_incident_witnessed_by_the_custodian(world, clerk):
    db, w = world
    codes = _two_bikes(db, clerk)
    number = run(db, clerk, approved_entrust, _entrust(w, codes, {codes[0]: "intact", codes[1]: "broken"})
                 ).handover_number
    details = handover_state(db, number)[2]
    incident = details["seal_incident"]
    assert details["broken_codes"] == [codes[1]]
    words = _words(db, clerk, printing.handover_pdf, number)
    assert (f"Tình trạng niêm phong khi giao nhận: {_shown(codes[0])}: Số NP-0701, nguyên vẹn; {_shown(codes[1])}: "
            "Số NP-0702, có dấu hiệu bóc mở.") in words
    assert (f"Niêm phong của {_shown(codes[1])} có dấu hiệu bóc mở, rách hoặc mất khi giao bảo quản: đã lập biên "
            f"bản sự cố số {incident} và báo cáo Phòng Cảnh sát hình sự") in words
    _witnessed_by(db, clerk, incident, "Nguyễn Văn Nam")  # the owner who takes the bike saw it (Điều 133)
    assert item_row(db, codes[1])["state"] == "entrusted" and not item_row(db, codes[1])["sealed"]
    assert item_row(db, codes[0])["sealed"]
    assert verify(db).ok


def test_a_recall_states_each_seal_and_a_torn_one_is_reported_with_the_custodian_as_witness(world, clerk):
    db, w = world
    codes = _entrusted(db, w, clerk)

    def recall(seals):
        return run(db, clerk, recall_items, RecallItems(codes, doc("intake_order", "7/LNK-PC02", w.agencies["pc02"]),
                                                        w.locations["yard"], giver=owner(), seal_states=seals))
    err = refused(db, lambda: recall({}))
    assert err.code == "seal_condition_required" and "(niêm phong số NP-0701)" in message(err)
    assert item_row(db, codes[0])["state"] == "entrusted"
    number = recall({codes[0]: "intact", codes[1]: "broken"}).handover_number
    incident = handover_state(db, number)[2]["seal_incident"]
    words = _words(db, clerk, printing.handover_pdf, number)
    assert (f"{_shown(codes[0])}: Số NP-0701, nguyên vẹn; {_shown(codes[1])}: Số NP-0702, có dấu hiệu bóc mở."
            in words)
    assert f"có dấu hiệu bóc mở khi nhận lại: đã lập biên bản sự cố số {incident}" in words
    _witnessed_by(db, clerk, incident, "Nguyễn Văn Nam")
    assert "Phát hiện khi: nhận lại vật chứng." in _words(db, clerk, printing.handover_pdf, incident)
    assert [item_row(db, c)["state"] for c in codes] == ["in_storage", "in_storage"]
    assert not item_row(db, codes[1])["sealed"] and item_row(db, codes[0])["sealed"]
    assert verify(db).ok


def test_the_monthly_check_prints_the_seals_as_found_and_reports_a_torn_one(world, clerk):
    db, w = world
    codes = _entrusted(db, w, clerk)

    def check(seals):
        return run(db, clerk, check_entrusted, CheckEntrusted(codes, "issue", note="Niêm phong xe thứ hai bị rách",
                                                              seal_states=seals, **check_signers()))
    err = refused(db, lambda: check({codes[0]: "intact"}))
    assert err.code == "seal_condition_required" and "(niêm phong số NP-0702)" in message(err)
    number = check({codes[0]: "intact", codes[1]: "broken"}).handover_number
    incident = handover_state(db, number)[2]["seal_incident"]
    words = _words(db, clerk, printing.handover_pdf, number)
    # TT 01/2017/TT-BTP Điều 12: a check is not a hand-over — the seals «khi kiểm tra»
    assert (f"Tình trạng niêm phong khi kiểm tra: {_shown(codes[0])}: Số NP-0701, nguyên vẹn; {_shown(codes[1])}: "
            "Số NP-0702, có dấu hiệu bóc mở.") in words
    assert "khi giao nhận" not in words
    assert (f"Niêm phong của {_shown(codes[1])} có dấu hiệu bóc mở, rách hoặc mất khi kiểm tra: đã lập biên bản sự "
            f"cố số {incident} và báo cáo Phòng Cảnh sát hình sự") in words
    _witnessed_by(db, clerk, incident, "Nguyễn Văn Nam")  # the custodian keeping the bikes
    assert "Phát hiện khi: kiểm tra." in _words(db, clerk, printing.handover_pdf, incident)
    assert [e[1]["seal_status"] for c in codes for e in item_events(db, c) if e[0] == "entrusted_check"] == [
        "intact", "broken"]
    assert item_row(db, codes[1])["state"] == "entrusted" and not item_row(db, codes[1])["sealed"]
    assert verify(db).ok


def test_a_return_from_release_needs_the_seal_stated_unless_resealed(world, clerk):
    from evidence_store.services.commands import Reseal
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    run(db, clerk, approved_release, examination_release(w, [code]))

    def back(**kw):
        return run(db, clerk, return_items, ReturnItems((code,), w.locations["bin_A111"], examiner(w.agencies["ca"]),
                                                        **kw))
    err = refused(db, lambda: back())
    assert err.code == "seal_condition_required" and err.params["field"] == "seal_intact"
    assert message(err).startswith(f"Chưa xác nhận tình trạng niêm phong của vật chứng {_shown(code)} "
                                   "«Điện thoại di động Samsung Galaxy A52» (niêm phong số NP-0001)")
    assert item_row(db, code)["state"] == "out_temporary"
    number = back(seal_intact=True).handover_number
    words = _words(db, clerk, printing.handover_pdf, number)
    assert "Tình trạng niêm phong khi giao nhận: các niêm phong nguyên vẹn, không có dấu hiệu bóc mở." in words
    # opened on purpose and sealed again (ND 127/2017): no statement on the old seal needed, no incident
    run(db, clerk, approved_release, examination_release(w, [code], order=doc("release_order", "16/LXK-PC02",
                                                                              w.agencies["pc02"])))
    resealed = back(reseal=Reseal("NP-0002", reason="mở để giám định", sealed_by=("Đỗ Minh An",),
                                  witnesses=("Nguyễn Thị Lan",)))
    assert "seal_incident" not in handover_state(db, resealed.handover_number)[2]
    assert item_row(db, code)["seal_number"] == "NP-0002"
    assert verify(db).ok


def test_a_seal_torn_on_return_is_witnessed_by_who_brings_the_item_back(world, clerk):
    from evidence_store.services.commands import Reseal
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    run(db, clerk, approved_release, examination_release(w, [code]))
    back = run(db, clerk, return_items, ReturnItems(
        (code,), w.locations["bin_A111"], examiner(w.agencies["ca"]), seal_intact=False,
        reseal=Reseal("000905/NP-PC10", reason="Niêm phong bị rách khi nhận lại", sealed_by=("Đỗ Minh An",),
                      witnesses=("Nguyễn Thị Lan",))))
    _witnessed_by(db, clerk, back.extra["seal_incident"], "Đỗ Minh An")
    assert verify(db).ok
