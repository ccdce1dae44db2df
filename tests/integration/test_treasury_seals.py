"""Seals found torn outside the acts that look at them anyway (issue #12; BLTTHS Điều 90.3; ND 142/2024 Điều 11):

- at a deposit to the Kho bạc, which takes intact sealed packages only (TT 135/2018/TT-BTC Mẫu 02): the deposit is
  refused, but the torn seal the clerk stated before the Kho bạc's officer is recorded — the incident, reported to the
  agency handling the case, witnessed by that officer — and the refusal says what comes next (seal again, deposit);
- reported from the item page (services.seals.report_broken_seal): only for a sealed item the warehouse holds.
Both engines."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from evidence_store.domain import codes as code_format

from evidence_store.domain.errors import DomainError
from evidence_store.error_texts import message
from evidence_store.services import printing, seals, storage
from evidence_store.services.commands import DepositItems, EntrustItems, PersonInput, SealItems
from evidence_store.services.custody import deposit_items
from evidence_store.services.handovers import handover_detail
from evidence_store.services.verify import verify

from ..unit.printing_helpers import text as pdf_text
from .builders import phone, receive
from .lifecycle_builders import (approved_entrust, approved_release, doc, examination_release, item_events, item_row,
                                 owner, read, refused, rep, run)
from .test_seals import _act
from .unclaimed_builders import cash

WITNESS = PersonInput(full_name="Lê Quang Sơn", position="Đại diện UBND phường Láng", id_number="001075004321")


def _deposit(w, code, **kw) -> DepositItems:
    return DepositItems((code,), w.agencies["khobac"], doc("deposit_decision", "5/QĐ-PC02", w.agencies["pc02"]),
                        receiver=rep(w.agencies["khobac"], name="Hoàng Thị Thu"), account="3949.0.1055555", **kw)


def _count(db, sql, **params) -> int:
    with db.reader.connect() as c:
        return c.execute(text(sql), params).scalar_one()


def test_a_seal_torn_before_the_treasury_refuses_the_deposit_but_keeps_the_incident(world, clerk):
    db, w = world
    code = receive(db, clerk, [cash(location_code=w.locations["safe"])]).item_codes[0]
    deposits = "SELECT COUNT(*) FROM handovers WHERE kind = 'deposit'"
    before = _count(db, deposits)
    with pytest.raises(DomainError) as err:
        run(db, clerk, deposit_items, _deposit(w, code, seal_states={code: "broken"}))
    assert err.value.code == "treasury_seal_broken"
    incident = err.value.params["incident"]
    text_ = message(err.value)
    assert f"Đã lập biên bản sự cố số {incident}" in text_ and "niêm phong lại" in text_
    assert code_format.parse_code(code).display in text_  # the item as its label shows it
    assert incident.endswith("/BB-SC")
    # refused: no deposit, the item stays; the finding kept: the item is no longer counted as sealed
    assert _count(db, deposits) == before
    row = item_row(db, code)
    assert row["state"] == "in_storage" and not row["sealed"]
    assert [e[1]["handover"] for e in item_events(db, code) if e[0] == "seal_broken"] == [incident]
    d = read(db, clerk, handover_detail, incident)
    assert d.kind == "incident" and d.details["found_during"] == "release"
    assert ("witness", "Hoàng Thị Thu") in {(s.role, s.person_name) for s in d.signatures}
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, incident)).split())
    assert "NP-77" in words and "Hoàng Thị Thu" in words and d.details["report_to"] in words
    assert "Kho bạc" in words
    # the item is not sealed now: the Kho bạc still refuses it, with nothing recorded, until it is sealed again
    assert refused(db, lambda: run(db, clerk, deposit_items, _deposit(w, code, seal_states={code: "intact"}))
                   ).code == "treasury_unsealed"
    run(db, clerk, storage.seal_items, SealItems((code,), "seal", seal_number="000910/NP-PC02", **_act(w)))
    ch = run(db, clerk, deposit_items, _deposit(w, code, seal_states={code: "intact"}))
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, ch.handover_number)).split())
    assert "Số 000910/ NP-PC02, nguyên vẹn" in words  # the new seal (the table's cell wraps after the slash)
    assert verify(db).ok


def test_a_seal_stated_intact_deposits_and_records_no_incident(world, clerk):
    db, w = world
    code = receive(db, clerk, [cash(location_code=w.locations["safe"])]).item_codes[0]
    run(db, clerk, deposit_items, _deposit(w, code, seal_states={code: "intact"}))
    assert not [e for e in item_events(db, code) if e[0] == "seal_broken"]
    assert item_row(db, code)["sealed"]


def test_a_torn_seal_is_reported_only_for_a_sealed_item_the_warehouse_holds(world, clerk):
    db, w = world
    unsealed, out, kept = receive(db, clerk, [phone(sealed=False, seal_number=""), phone(seal_number="NP-0201"),
                                              phone(seal_number="NP-0202")]).item_codes
    report = lambda code: run(db, clerk, seals.report_broken_seal, seals.ReportBrokenSeal(  # noqa: E731
        (code,), "check", "Giấy niêm phong bị rách một góc", witness=WITNESS))
    err = refused(db, lambda: report(unsealed))
    assert err.code == "seal_report_not_sealed" and "không có niêm phong" in message(err)
    run(db, clerk, approved_release, examination_release(w, [out]))
    err = refused(db, lambda: report(out))
    assert err.code == "seal_report_not_held" and "đang lưu kho hoặc đang giao bảo quản" in message(err)
    # entrusted to a custodian, the item is still the warehouse's: a torn seal found at his place is reported
    run(db, clerk, approved_entrust, EntrustItems((kept,), owner(), "owner",
                                                  doc("entrust_decision", "4/QĐ-PC02", w.agencies["pc02"]),
                                                  address="Số 5 ngõ 12 Láng Hạ, Hà Nội", seal_states={kept: "intact"}))
    ch = report(kept)
    assert ch.handover_number.endswith("/BB-SC") and not item_row(db, kept)["sealed"]
    assert item_row(db, kept)["state"] == "entrusted"
