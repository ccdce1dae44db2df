"""Deadlines open from the events the law names and end on working days (LEGAL-RULES §2; BLTTHS Điều 90.1.b;
BLDS Điều 148; issue #12)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from evidence_store.domain.errors import PermissionDenied
from evidence_store.services import settings, workdays
from evidence_store.services.commands import NewItem
from evidence_store.services.commands import DepositItems
from evidence_store.services.context import UnitOfWork

from .builders import receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import approved_deposit, doc, open_deadlines, rep, run
from evidence_store.domain import chronology

CASH = NewItem("cash_vnd", "Tiền Việt Nam", 5_000_000, "đồng", "500.000 đ × 10 tờ", sealed=True, seal_state="intact", seal_number="NP-5")


def test_cash_must_go_to_the_treasury_at_once_and_the_warning_closes_at_deposit(world, clerk):
    db, w = world
    admin = w.actor(db, "quantri")
    with UnitOfWork(db, admin) as uow:
        settings.set_setting(uow, "transfer_immediately_days", 2)
    code = receive(db, clerk, [CASH]).item_codes[0]
    assert open_deadlines(db, code) == ["transfer_immediately"]
    with db.reader.connect() as c:
        start, due = c.exec_driver_sql("SELECT start_on, due_on FROM deadlines WHERE kind = 'transfer_immediately'"
                                       ).one()
    assert (date.fromisoformat(str(due)) - date.fromisoformat(str(start))).days == 2
    run(db, clerk, approved_deposit, DepositItems((code,), w.agencies["khobac"], doc("deposit_decision", "3/QĐ-PC02",
                                                                                 w.agencies["pc02"]),
                                               receiver=rep(w.agencies["khobac"]), account="3949.0", seal_states=seals_checked((code,))))
    assert open_deadlines(db, code) == []


def test_the_administrator_keeps_the_holidays_and_deadlines_roll_over_them(world, clerk):
    db, w = world
    admin = w.actor(db, "quantri")
    with UnitOfWork(db, clerk) as uow, pytest.raises(PermissionDenied):
        workdays.save_holidays(uow, ["2026-12-08"])
    with UnitOfWork(db, admin) as uow:
        assert date(2026, 2, 17) in workdays.list_holidays(uow)  # Tết by default
        workdays.save_holidays(uow, ["2026-12-07", "2026-12-08"])
    with UnitOfWork(db, admin, write=False) as uow:
        assert workdays.due_on_working_day(uow.session, date(2026, 12, 5)) == date(2026, 12, 9)


def test_the_return_decision_counts_from_the_day_thads_received_the_judgment(world, clerk):
    from evidence_store.services.commands import ProposeDisposal, TransferResponsibility
    from evidence_store.services.disposal import propose_disposal
    from evidence_store.services.transfer import transfer_responsibility
    from .builders import phone
    from .lifecycle_builders import judged, milestone, owner
    db, w = world
    a = w.agencies
    officer = w.actor(db, "canbo")
    now = datetime.utcnow().replace(microsecond=0)
    got = receive(db, clerk, [phone()], started_at=now - timedelta(days=9))
    earlier = chronology.today() - timedelta(days=8)
    # the case reaches an effective judgment through its milestones (BLTTHS Điều 232, 243, 260, 343) ...
    for kind, doc_kind, number, issuer in (("opening", "case_opening", "QĐ-KTVA", "pc02"),
                                           ("investigation_conclusion", "investigation_conclusion", "KLĐT", "pc02"),
                                           ("indictment", "indictment", "CT-VKS", "vks")):
        milestone(db, got.case_id, kind, doc_kind, f"{got.case_id}/{number}", a[issuer], issued_on=earlier - timedelta(days=7))
    judged(db, got.case_id, f"{got.case_id}/HS-ST", a["ta"], effective_on=earlier)
    # ... and THADS receives it with the evidence on the VKS's QĐ chuyển giao (TT 04/2023/TT-BTP Điều 10)
    received_on = now - timedelta(days=6)
    offer = run(db, officer, transfer_responsibility, TransferResponsibility(
        doc("transfer_decision", "08/QĐ-VKS", a["vks"], issued_on=earlier), a["thads"], case_id=got.case_id,
        receiver=rep(a["thads"]), occurred_at=received_on))
    if offer.extra.get("acceptance") == "pending":  # THADS has users: it accepts, on that day (issue #13)
        from evidence_store.services import acceptance
        from evidence_store.services.context import UnitOfWork
        with UnitOfWork(db, w.actor(db, "chaphanh")) as uow:
            acceptance.accept_handover(uow, offer.handover_number, occurred_at=received_on)
    milestone(db, got.case_id, "enforcement_decision", "enforcement_decision", "31/QĐ-THADS", a["thads"],
              issued_on=chronology.today())  # Luật THADS Điều 36.2: the QĐ THA opens enforcement
    thads = w.actor(db, "chaphanh")
    run(db, thads, propose_disposal, ProposeDisposal(
        got.item_codes, "returned", doc("enforcement_decision", "31/QĐ-THADS", a["thads"], issued_on=chronology.today()),
        recipient=owner()))
    with db.reader.connect() as c:
        start = c.exec_driver_sql("SELECT start_on FROM deadlines WHERE kind = 'return_decision'").scalar()
    assert date.fromisoformat(str(start)) == received_on.date()


def test_a_blood_sample_warns_in_the_warehouse_and_goes_to_a_specialised_body(world, clerk):
    """BLTTHS Điều 90.1.c (LEGAL-RULES R4): a blood sample is kept by a specialised body — depositing it was refused
    as «not depositable»; while it stays in the warehouse it warns, as cash does, until it is deposited."""
    db, w = world
    blood = NewItem("bio_sample", "Mẫu máu nạn nhân", 1, "mẫu", "Ống nghiệm 5 ml", sealed=True, seal_state="intact", seal_number="NP-9",
                    location_code=w.locations["cold"])
    code = receive(db, clerk, [blood]).item_codes[0]
    assert open_deadlines(db, code) == ["transfer_immediately"]
    run(db, clerk, approved_deposit, DepositItems((code,), w.agencies["chemlab"], doc("deposit_decision", "4/QĐ-PC02",
                                                                                  w.agencies["pc02"]),
                                               receiver=rep(w.agencies["chemlab"]), seal_states=seals_checked((code,))))
    assert open_deadlines(db, code) == []
