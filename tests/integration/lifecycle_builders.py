"""Builders for the lifecycle tests: documents, people and one call per service."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import text

from evidence_store.services.commands import DocumentInput, PersonInput
from evidence_store.services.context import UnitOfWork

TODAY = date.today()
PAST = TODAY - timedelta(days=3)


def doc(kind, number, agency_id, issued_on=PAST) -> DocumentInput:
    return DocumentInput(kind, number, issued_on, agency_id, "Phạm Quang Dũng", "Thủ trưởng")


def examiner(agency_id) -> PersonInput:
    return PersonInput(full_name="Đỗ Minh An", rank="Thiếu tá", position="Giám định viên", agency_id=agency_id,
                       id_number="001085009876", letter_number="07/GGT-PC09")


def owner() -> PersonInput:
    return PersonInput(full_name="Nguyễn Văn Nam", id_number="001090012345", address="Phường Cầu Giấy, Hà Nội")


def rep(agency_id, name="Trần Thị Hoa", letter="12/GGT") -> PersonInput:
    """The person who signs for an agency (never the agency itself: BLTTHS Điều 133; ND 142/2024 Art 14)."""
    return PersonInput(full_name=name, position="Cán bộ tiếp nhận", agency_id=agency_id, id_number="001190000123",
                       letter_number=letter)


def run(db, actor, fn, cmd):
    with UnitOfWork(db, actor) as uow:
        return fn(uow, cmd)


def read(db, actor, fn, *args, **kw):
    with UnitOfWork(db, actor, write=False) as uow:
        return fn(uow, *args, **kw)


def ledger_head(db):
    with db.reader.connect() as c:
        return c.execute(text("SELECT coalesce(max(seq), 0) FROM custody_events")).scalar()


def item_row(db, code):
    with db.reader.connect() as c:
        return c.execute(text("SELECT state, location_id, holder, sealed, seal_number, responsible_agency_id, "
                              "due_back_on, condition FROM items WHERE code = :c"), {"c": code}).mappings().one()


def open_deadlines(db, code):
    with db.reader.connect() as c:
        return sorted(r[0] for r in c.execute(text(
            "SELECT d.kind FROM deadlines d JOIN items i ON i.id = d.item_id WHERE i.code = :c AND d.closed_at IS NULL"),
            {"c": code}))


def milestone(db, case_id, kind, doc_kind, number, agency_id, issued_on=PAST, occurred_on=None):
    """Record a case milestone (services/milestones.py) as the console would."""
    from evidence_store.services import milestones
    with UnitOfWork(db) as uow:
        return milestones.record_milestone(uow, milestones.RecordMilestone(case_id, kind, doc(doc_kind, number, agency_id, issued_on),
                                                           occurred_on=occurred_on))


def dismissed(db, w, case_id, agency="pc02"):
    """Khởi tố then đình chỉ at investigation by ``agency`` (BLTTHS Điều 230): it then decides the disposal."""
    milestone(db, case_id, "opening", "case_opening", f"{case_id}/QĐ-KTVA", w.agencies[agency])
    milestone(db, case_id, "dismissal", "dismissal_decision", f"{case_id}/QĐ-ĐC", w.agencies[agency])


def to_enforcement(db, w, case_id) -> DocumentInput:
    """Milestones up to the QĐ THA (BLTTHS Điều 232, 243, 260, 343; Luật THADS Điều 36.2); returns the QĐ THA."""
    a = w.agencies
    for kind, doc_kind, number, agency in (
            ("opening", "case_opening", "QĐ-KTVA", "pc02"),
            ("investigation_conclusion", "investigation_conclusion", "KLĐT", "pc02"),
            ("indictment", "indictment", "CT-VKS", "vks"),
            ("first_instance_judgment", "judgment", "HS-ST", "ta"),
            ("judgment_effective", "judgment", "HS-ST", "ta")):
        milestone(db, case_id, kind, doc_kind, f"{case_id}/{number}", a[agency])
    qd = doc("enforcement_decision", f"{case_id}/QĐ-THADS", a["thads"])
    from evidence_store.services import milestones
    with UnitOfWork(db) as uow:
        milestones.record_milestone(uow, milestones.RecordMilestone(case_id, "enforcement_decision", qd))
    return qd


def thads_council(w, number="41/QĐ-HĐTH") -> dict:
    """What a destruction under a judgment records (Luật THADS Điều 125)."""
    a = w.agencies
    return dict(council_decision=doc("council_decision", number, a["thads"]), council_chair="Bùi Thanh Sơn",
                council_finance_agency_id=a["taichinh"], council_finance_member="Hồ Thị Mai",
                supervisor="Lê Thu Hà", supervisor_agency_id=a["vks"], method="Đập vỡ, đốt")


def carry_out(db, actor, number, place="Bãi tiêu hủy Nam Sơn", *, absent=(), receiver=None, keeper=None):
    """The approved disposal carried out now (its items leave only then: BLTTHS Điều 106.1), by ``actor``
    (a clerk signs as the storekeeper); a person receives for the agency or the buyer (Điều 133)."""
    from evidence_store.services.commands import CarryOutDisposal
    from evidence_store.services.persistence import utcnow
    from evidence_store.services.disposal_carry_out import carry_out_disposal
    now = utcnow()
    receiver = receiver or PersonInput(full_name="Phạm Văn Nhận", position="Cán bộ tiếp nhận",
                                       id_number="001190000456", letter_number="7/GGT")
    return run(db, actor, carry_out_disposal, CarryOutDisposal(number, now, now, place, keeper=keeper,
                                                               receiver=receiver, absent_members=tuple(absent)))
