"""The papers an intake needs besides the lệnh nhập kho (ND 142/2024/NĐ-CP Điều 14; LEGAL-RULES R19; issue 12): the
initial seizure record (number, date, the agency that made it) and the deliverer's căn cước (12 digits) and giấy
giới thiệu (number, date). Each missing or wrong one is refused with a Vietnamese sentence naming it; nothing is
recorded."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from evidence_store.error_texts import message
from evidence_store.services.announce import ReceiveAnnounced, announce_items, receive_announced
from evidence_store.services.commands import CaseInput, ReceiveItems
from evidence_store.services.intake import receive_items

from .builders import deliverer, intake_order, phone, seizure_record
from .lifecycle_builders import refused, run
from evidence_store.domain import chronology


def _intake(**kw) -> ReceiveItems:
    base = dict(order=intake_order("51/LNK-PC02"), items=(phone(),), giver=deliverer(), seizure_record=seizure_record(),
                new_case=CaseInput("151/2026/CSHS", handling_agency_id=3, officer_id=3))
    return ReceiveItems(**(base | kw))


REFUSALS = [
    (dict(seizure_record=None), "seizure_record_required", "seizure_number",
     "Cần số, ngày và cơ quan lập biên bản thu giữ ban đầu (Điều 14 Nghị định 142/2024/NĐ-CP)"),
    (dict(seizure_record=replace(seizure_record(), number=" ")), "seizure_record_required", "seizure_number", None),
    (dict(seizure_record=replace(seizure_record(), issuing_agency_id=None)), "seizure_record_required",
     "seizure_issuer", None),
    (dict(seizure_record=replace(seizure_record(), issued_on=None)), "seizure_record_required", "seizure_date", None),
    (dict(seizure_record=seizure_record(chronology.today()), order=intake_order("52/LNK-PC02"),
          giver=deliverer()), None, None, None),  # the seizure of today, received today: fine
    (dict(giver=deliverer(id_number="")), "giver_id_required", "giver_id_number",
     "Cần số căn cước (12 chữ số) của người giao Lê Văn Cường (Điều 14 Nghị định 142/2024/NĐ-CP)"),
    (dict(giver=deliverer(id_number="001088012")), "giver_id_invalid", "giver_id_number",
     "Số căn cước của người giao Lê Văn Cường không hợp lệ (001088012): căn cước gồm đủ 12 chữ số, 3 chữ số đầu là "
     "mã tỉnh, thành phố"),  # an old CMND: no longer valid after 31/12/2024
    (dict(giver=deliverer(id_number="099088012345")), "giver_id_invalid", "giver_id_number", None),
    (dict(giver=deliverer(letter_number="")), "giver_letter_required", "giver_letter",
     "Cần số và ngày giấy giới thiệu của người giao Lê Văn Cường (Điều 14 Nghị định 142/2024/NĐ-CP)"),
    (dict(giver=deliverer(letter_on=None)), "giver_letter_required", "giver_letter_date", None),
]


@pytest.mark.parametrize("change, code, field, text", REFUSALS)
def test_an_intake_without_its_papers_is_refused_naming_the_missing_one(world, clerk, change, code, field, text):
    db, _w = world
    if code is None:
        assert run(db, clerk, receive_items, _intake(**change)).item_codes
        return
    err = refused(db, lambda: run(db, clerk, receive_items, _intake(**change)))
    assert (err.code, err.params.get("field")) == (code, field)
    if text:
        assert message(err) == text


def test_papers_dated_after_the_intake_are_refused(world, clerk):
    from datetime import datetime
    db, _w = world
    when = datetime(2026, 2, 10, 9, 0)
    err = refused(db, lambda: run(db, clerk, receive_items, _intake(
        started_at=when, seizure_record=seizure_record(date(2026, 2, 11)))))
    assert message(err) == "Biên bản thu giữ ban đầu ngày 11/02/2026 không thể sau ngày nhập kho 10/02/2026"
    err = refused(db, lambda: run(db, clerk, receive_items, _intake(started_at=when,
                                                                    giver=deliverer(letter_on=date(2026, 3, 1)))))
    assert message(err) == "Giấy giới thiệu ngày 01/03/2026 không thể sau ngày giao nhận 10/02/2026"


def test_an_announced_order_carries_its_seizure_record_and_its_deliverer_shows_his_papers(world, clerk):
    from .test_record_truth import _words
    from evidence_store.services import printing
    db, w = world
    cmd = _intake(order=intake_order("53/LNK-PC02"), seizure_record=None)
    assert refused(db, lambda: run(db, clerk, announce_items, cmd)).code == "seizure_record_required"
    codes = run(db, clerk, announce_items, replace(cmd, seizure_record=seizure_record(number="61/BB-TG"))).item_codes
    err = refused(db, lambda: run(db, clerk, receive_announced, ReceiveAnnounced(codes, deliverer(letter_number=""))))
    assert err.code == "giver_letter_required"
    number = run(db, clerk, receive_announced, ReceiveAnnounced(codes, deliverer(), w.locations["bin_A111"],
                                                    seal_states=dict.fromkeys(codes, "intact"))
                 ).handover_number
    words = _words(db, clerk, printing.handover_pdf, number)
    assert "Kèm theo biên bản thu giữ ban đầu số 61/BB-TG ngày 04/02/2026 của Phòng Cảnh sát hình sự." in words
    assert "giấy giới thiệu số 15/GGT-PC02 ngày 04/02/2026" in words


def _papers():
    from evidence_store.services.commands import NewItem
    return NewItem("papers", "Giấy đăng ký xe mô tô", 1, "tờ", "Bản chính", sealed=False, seal_number="")


PAPERS_REFUSAL = ("Giấy tờ nhận vào kho phải được xác nhận là vật chứng, không phải tài liệu thuộc hồ sơ vụ án (tài "
                  "liệu hồ sơ để trong hồ sơ, không nhập kho) (Điều 15 Nghị định 142/2024/NĐ-CP)")


def test_papers_are_received_only_once_confirmed_not_case_file_documents(world, clerk):
    """ND 142/2024 Điều 15 (LEGAL-RULES R24): the documents of the case file stay in the file; the clerk confirms
    the papers he receives are evidence. Refused without it (nothing recorded), kept on the record and the ledger."""
    from .lifecycle_builders import handover_state, item_events
    db, _w = world
    cmd = _intake(items=(phone(), _papers()))
    err = refused(db, lambda: run(db, clerk, receive_items, cmd))
    assert (err.code, err.params.get("field"), message(err)) == (
        "papers_case_file_unconfirmed", "papers_not_case_file", PAPERS_REFUSAL)
    got = run(db, clerk, receive_items, replace(cmd, papers_not_case_file=True))
    assert handover_state(db, got.handover_number)[2]["papers_not_case_file"] is True
    (kind, data, _user), = item_events(db, got.item_codes[1])
    assert kind == "receive" and data["papers_not_case_file"] is True
    # without papers nothing is asked
    assert run(db, clerk, receive_items, _intake(order=intake_order("54/LNK-PC02"),
                                                 new_case=CaseInput("154/2026/CSHS", handling_agency_id=3,
                                                                    officer_id=3))).item_codes


def test_announced_papers_are_confirmed_when_they_arrive(world, clerk):
    from .lifecycle_builders import item_events
    db, w = world
    codes = run(db, clerk, announce_items, _intake(order=intake_order("55/LNK-PC02"), items=(_papers(),))).item_codes
    err = refused(db, lambda: run(db, clerk, receive_announced, ReceiveAnnounced(codes, deliverer())))
    assert message(err) == PAPERS_REFUSAL
    run(db, clerk, receive_announced, ReceiveAnnounced(codes, deliverer(), papers_not_case_file=True))
    assert item_events(db, codes[0])[-1][1]["papers_not_case_file"] is True
