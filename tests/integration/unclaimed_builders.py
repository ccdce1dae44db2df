"""Builders for the unclaimed money and property tests (Luật THADS Điều 126): a case taken to enforcement in the past,
its QĐ trả lại approved and the owner notified ``notice_days_ago`` days ago — time has passed, nobody came."""

from __future__ import annotations

from datetime import datetime, timedelta

from evidence_store.services.commands import DecideDisposal, DepositSavings, NewItem, PersonInput, ProposeDisposal
from evidence_store.services.disposal import approve_disposal, propose_disposal

from .builders import receive
from .lifecycle_builders import doc, milestone, owner, run
from evidence_store.domain import chronology


def cash(total=2_000_000, seal="NP-77", **kw) -> NewItem:
    return NewItem("cash_vnd", "Tiền Việt Nam", total, "đồng", f"500.000 đ × {total // 500_000} tờ", sealed=True, seal_state="intact",
                   seal_number=seal, location_code=kw.pop("location_code"),
                   attributes={"denominations": "500.000 đ", "total_amount": str(total)}, owner_name="Nguyễn Văn Nam")


def noticed_return(db, w, clerk, item, *, notice_days_ago: int, effective_days_ago: int | None = None,
                   case_number: str = "U-10/2026"):
    """``item`` received long ago; its case judged (in force ``effective_days_ago`` days ago), under a QĐ THA, its
    return to the owner decided by THADS, approved, and the owner notified ``notice_days_ago`` days ago. Returns
    (intake changes, item code, return record number, notice day)."""
    a = w.agencies
    now = datetime.now().replace(microsecond=0)
    effective_days_ago = effective_days_ago or notice_days_ago + 40
    start = effective_days_ago + 60
    ch = receive(db, clerk, [item], case_number=case_number, started_at=now - timedelta(days=start))

    def ago(days):
        return chronology.today() - timedelta(days=days)
    for kind, doc_kind, number, agency, days in (
            ("opening", "case_opening", "QĐ-KTVA", "pc02", start - 5),
            ("investigation_conclusion", "investigation_conclusion", "KLĐT", "pc02", start - 20),
            ("indictment", "indictment", "CT-VKS", "vks", start - 30)):
        milestone(db, ch.case_id, kind, doc_kind, f"{ch.case_id}/{number}", a[agency], issued_on=ago(days))
    judged = ago(effective_days_ago + 15)
    milestone(db, ch.case_id, "first_instance_judgment", "judgment", f"{ch.case_id}/HS-ST", a["ta"], issued_on=judged)
    milestone(db, ch.case_id, "judgment_effective", "judgment", f"{ch.case_id}/HS-ST", a["ta"], issued_on=judged,
              occurred_on=ago(effective_days_ago))
    milestone(db, ch.case_id, "enforcement_decision", "enforcement_decision", f"{ch.case_id}/QĐ-THADS", a["thads"],
              issued_on=ago(notice_days_ago + 3))
    _to_thads(db, w, clerk, ch.case_id, ago(notice_days_ago + 3), now - timedelta(days=notice_days_ago + 2))
    notice = ago(notice_days_ago)
    decided = now - timedelta(days=notice_days_ago)
    code = ch.item_codes[0]
    number = run(db, clerk, propose_disposal, ProposeDisposal(
        (code,), "returned", doc("enforcement_decision", f"{ch.case_id}/QĐ-THADS", a["thads"], ago(notice_days_ago + 3)),
        recipient=owner(), notice_on=notice,
        return_decision=doc("return_decision", f"{ch.case_id}/QĐ-TL", a["thads"], ago(notice_days_ago + 1)),
        occurred_at=decided)).handover_number
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(number, occurred_at=decided + timedelta(hours=1)))
    return ch, code, number, notice


def _to_thads(db, w, clerk, case_id, issued_on, at):
    """The case passes to THADS on its QĐ THA (Luật THADS Điều 36.2), its chấp hành viên accepting it (issue #13)."""
    from evidence_store.services import acceptance
    from evidence_store.services.commands import TransferResponsibility
    from evidence_store.services.context import UnitOfWork
    from evidence_store.services.transfer import transfer_responsibility
    from .lifecycle_builders import rep
    a = w.agencies
    offer = run(db, clerk, transfer_responsibility, TransferResponsibility(
        doc("enforcement_decision", f"{case_id}/QĐ-THADS", a["thads"], issued_on), a["thads"], case_id=case_id,
        receiver=rep(a["thads"]), occurred_at=at))
    if offer.extra.get("acceptance") == "pending":
        with UnitOfWork(db, w.actor(db, "chaphanh")) as uow:
            acceptance.accept_handover(uow, offer.handover_number, occurred_at=at)


def bank_officer(**kw) -> PersonInput:
    """The bank's receiving person (a person signs, never the bank: BLTTHS Điều 133)."""
    return PersonInput(**({"full_name": "Lê Thị Ngân", "position": "Giao dịch viên", "id_number": "001192003344"} | kw))


def savings(code, *, keeper=None, **kw) -> DepositSavings:
    """The savings deposit of ``code`` now, at Vietcombank Hà Nội, book TK-0012345, its seal found whole as the money
    leaves (``kw`` replaces any field)."""
    from .lifecycle_builders import seals_checked
    now = datetime.now().replace(microsecond=0) - timedelta(minutes=30)
    base = dict(code=code, bank="Ngân hàng TMCP Ngoại thương Việt Nam", branch="Chi nhánh Hà Nội",
                account="TK-0012345", amount=2_000_000, receiver=bank_officer(), started_at=now,
                ended_at=now + timedelta(minutes=20), keeper=keeper, seal_states=seals_checked((code,)))
    return DepositSavings(**(base | kw))
