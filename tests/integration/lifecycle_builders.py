"""Builders for the lifecycle tests: documents, people and one call per service."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, text

from evidence_store.domain.milestones import APPEAL_FLOOR_DAYS
from evidence_store.services.commands import DocumentInput, PersonInput
from evidence_store.services.context import UnitOfWork
from evidence_store.domain import chronology

TODAY = chronology.today()
PAST = TODAY - timedelta(days=3)
JUDGED = PAST - timedelta(days=APPEAL_FLOOR_DAYS)  # a bản án sơ thẩm that can be in force on PAST (BLTTHS Điều 343)


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


def seals_checked(codes) -> dict[str, str]:
    """Each scanned item's seal stated as the clerk found it at a hand-over: intact, with the right number (ND
    127/2017; ND 142/2024 Điều 11, 14). An unsealed item's statement is ignored (its line prints "none")."""
    return {code: "intact" for code in codes}


def examination_release(w, codes, **kw):
    """PC02's order to release ``codes`` to the criminal-science lab (CA) for examination, due back in a week;
    ``kw`` replaces any of the command's fields."""
    from evidence_store.services.commands import ReleaseItems
    a = w.agencies
    base = dict(codes=tuple(codes), order=doc("release_order", "15/LXK-PC02", a["pc02"]), purpose="examination",
                receiver=examiner(a["ca"]), due_on=TODAY + timedelta(days=7), receiver_agency_id=a["ca"], seal_states=seals_checked(codes))
    return ReleaseItems(**(base | kw))


def run(db, actor, fn, cmd):
    with UnitOfWork(db, actor) as uow:
        return fn(uow, cmd)


APPROVER = "lanhdao"  # the demo warehouse's commander (chỉ huy kho)


def approve_pending(db, number, *, username=APPROVER, occurred_at=None):
    """A commander other than the clerk approves the prepared release ``number`` (ND 142/2024 Điều 4)."""
    from evidence_store.services.commands import DecideRelease
    from evidence_store.services.release_approval import approve_release
    return run(db, actor_named(db, username), approve_release, DecideRelease(number, occurred_at=occurred_at))


def actor_named(db, username):
    from sqlalchemy import select
    from evidence_store.db.models import User
    from evidence_store.services import accounts
    with UnitOfWork(db, write=False) as uow:
        return accounts.actor_for(uow.session.scalars(select(User).where(User.username == username)).one())


def approve_if_pending(db, number, *, username=APPROVER):
    """The commander approves ``number`` when it is an act out of the warehouse waiting for approval (a GUI test's
    panel or dialog saved it as the clerk); returns whether he did."""
    with db.reader.connect() as c:
        row = c.execute(text("SELECT kind, approval FROM handovers WHERE number = :n"), {"n": number}).first()
    if row is None or row[0] not in ("release", "transfer", "deposit") or row[1] != "pending":
        return False
    approve_pending(db, number, username=username)
    return True


def approved(service):
    """``service`` (an act that takes items out of the warehouse: release, transfer with move_out, deposit, entrust)
    as a call ``(uow, cmd)`` that takes effect, for the tests that need the items out: the clerk prepares it and the
    commander approves it in his own session, as in the warehouse (ND 142/2024 Điều 4). With the setting off (no
    approval needed), or an act that does not move items out, it is the service alone."""
    def call(uow, cmd):
        changes = service(uow, cmd)
        if changes.extra.get("approval") != "pending":
            return changes
        return approve_pending(uow.db, changes.handover_number, occurred_at=cmd.occurred_at)
    call.__name__ = f"approved_{service.__name__}"
    return call


def approved_release(uow, cmd):
    """A release that takes effect (``approved``)."""
    from evidence_store.services.release import release_items
    return approved(release_items)(uow, cmd)


def approved_deposit(uow, cmd):
    """A deposit with a specialised keeper that takes effect (``approved``)."""
    from evidence_store.services.custody import deposit_items
    return approved(deposit_items)(uow, cmd)


def approved_entrust(uow, cmd):
    """An entrusting that takes effect (``approved``)."""
    from evidence_store.services.custody import entrust_items
    return approved(entrust_items)(uow, cmd)


def approved_transfer(uow, cmd):
    """A transfer that takes effect (``approved`` when it moves the items out)."""
    from evidence_store.services.transfer import transfer_responsibility
    return approved(transfer_responsibility)(uow, cmd)


def entrusted_40_days_ago(db, clerk, w, item, *, address: str = "") -> str:
    """``item`` received 41 days ago and entrusted to its owner (PC02's decision) 40 days ago: its monthly check
    is due (TT 01/2017/TT-BTP Điều 12). Returns its code."""
    from datetime import datetime

    from evidence_store.services.commands import EntrustItems
    from .builders import receive
    start = datetime.now() - timedelta(days=40)
    code = receive(db, clerk, [item], started_at=start - timedelta(days=1)).item_codes[0]
    run(db, clerk, approved_entrust, EntrustItems((code,), owner(), "owner", doc(
        "entrust_decision", "4/QĐ-PC02", w.agencies["pc02"], start.date() - timedelta(days=1)),
        address=address, occurred_at=start, seal_states=seals_checked((code,))))
    return code


def check_signers(accountant="Trần Thị Mai", head="Phạm Quang Dũng") -> dict:
    """The accountant and the head of the unit a monthly check names by role (TT 01/2017/TT-BTP Điều 12), as
    keyword arguments of CheckEntrusted."""
    return {"accountant": PersonInput(full_name=accountant, position="Kế toán nghiệp vụ"),
            "head": PersonInput(full_name=head, position="Trưởng phòng")}


def approved_return(db, w, clerk):
    """A phone whose return to its owner is approved, not yet carried out (BLTTHS Điều 106.1): (the intake's
    changes, the item's code, the disposal record's number)."""
    from evidence_store.services.commands import DecideDisposal, ProposeDisposal
    from evidence_store.services.disposal import approve_disposal, propose_disposal

    from .builders import phone, receive
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A112"])])
    milestone(db, ch.case_id, "opening", "case_opening", "1/QĐ-KTVA", w.agencies["pc02"])
    code = ch.item_codes[0]
    proposal = run(db, clerk, propose_disposal, ProposeDisposal(
        (code,), "returned", doc("disposal_decision", "40/QĐ-CSHS", w.agencies["pc02"]), recipient=owner()))
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(proposal.handover_number))
    return ch, code, proposal.handover_number


def signature_slots(db, number) -> list[tuple[str, str]]:
    """The record's signature slots as (role, person's name), in the order they were made."""
    with db.reader.connect() as c:
        return [tuple(r) for r in c.execute(text(
            "SELECT s.role, s.person_name FROM signatures s JOIN handovers h ON h.id = s.handover_id "
            "WHERE h.number = :n ORDER BY s.id"), {"n": number})]


def read(db, actor, fn, *args, **kw):
    with UnitOfWork(db, actor, write=False) as uow:
        return fn(uow, *args, **kw)


def ledger_head(db):
    with db.reader.connect() as c:
        return c.execute(text("SELECT coalesce(max(seq), 0) FROM custody_events")).scalar()


def refused(db, fn):
    """The DomainError ``fn()`` raises, asserting the refusal left nothing behind (the ledger did not move)."""
    import pytest

    from evidence_store.domain.errors import DomainError
    before = ledger_head(db)
    with pytest.raises(DomainError) as exc:
        fn()
    assert ledger_head(db) == before, "a refusal must leave nothing behind"
    return exc.value


def refused_code(db, fn) -> str:
    """The error code of the refusal ``fn()`` raises, the ledger unmoved (``refused``)."""
    return refused(db, fn).code


def item_events(db, code):
    """The item's ledger, oldest first: (kind, data, username of the actor)."""
    import json
    with db.reader.connect() as c:
        rows = c.execute(text("SELECT e.kind, e.data, u.username FROM custody_events e JOIN items i ON i.id = e.item_id "
                              "LEFT JOIN users u ON u.id = e.user_id WHERE i.code = :c ORDER BY e.seq"),
                         {"c": code}).all()
    return [(k, json.loads(d) if isinstance(d, str) else d, u) for k, d, u in rows]


def handover_state(db, number):
    """(approval, status, details) of the record ``number``."""
    import json

    from sqlalchemy import select

    from evidence_store.db.models import Handover
    with db.session(write=False) as s:
        ho = s.scalars(select(Handover).where(Handover.number == number)).one()
        return ho.approval, ho.status, json.loads(ho.details or "{}")


def commander(db):
    """The demo world's commander (lãnh đạo), who approves what the clerk prepares."""
    return actor_named(db, "lanhdao")


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


def judged(db, case_id, number, agency_id, effective_on=PAST):
    """A bản án sơ thẩm and its legal effect on ``effective_on``, pronounced when the shortest appeal period before
    that day began (BLTTHS Điều 333, 337, 343; domain.milestones.APPEAL_FLOOR_DAYS)."""
    on = effective_on - timedelta(days=APPEAL_FLOOR_DAYS)
    milestone(db, case_id, "first_instance_judgment", "judgment", number, agency_id, on)
    milestone(db, case_id, "judgment_effective", "judgment", number, agency_id, on, occurred_on=effective_on)


def indicted(db, w, case_id):
    """Khởi tố, kết luận điều tra, cáo trạng (BLTTHS Điều 179, 232, 243): the case is at the procuracy's prosecution."""
    milestone(db, case_id, "opening", "case_opening", "1/QĐ-KTVA", w.agencies["pc02"])
    milestone(db, case_id, "investigation_conclusion", "investigation_conclusion", "2/KLĐT", w.agencies["pc02"])
    milestone(db, case_id, "indictment", "indictment", "3/CT-VKS", w.agencies["vks"])


def dismissed(db, w, case_id, agency="pc02"):
    """Khởi tố then đình chỉ at investigation by ``agency`` (BLTTHS Điều 230): it then decides the disposal."""
    milestone(db, case_id, "opening", "case_opening", f"{case_id}/QĐ-KTVA", w.agencies[agency])
    milestone(db, case_id, "dismissal", "dismissal_decision", f"{case_id}/QĐ-ĐC", w.agencies[agency])


def judgment_in_force(db, w, case_id) -> DocumentInput:
    """Milestones up to the judgment in force (BLTTHS Điều 232, 243, 260, 343); returns the judgment (number
    ``{case_id}/HS-ST``)."""
    a = w.agencies
    for kind, doc_kind, number, agency in (
            ("opening", "case_opening", "QĐ-KTVA", "pc02"),
            ("investigation_conclusion", "investigation_conclusion", "KLĐT", "pc02"),
            ("indictment", "indictment", "CT-VKS", "vks")):
        milestone(db, case_id, kind, doc_kind, f"{case_id}/{number}", a[agency], JUDGED)
    judged(db, case_id, f"{case_id}/HS-ST", a["ta"])
    return doc("judgment", f"{case_id}/HS-ST", a["ta"])


def to_enforcement(db, w, case_id) -> DocumentInput:
    """Milestones up to the QĐ THA (``judgment_in_force``; Luật THADS Điều 36.2); returns the QĐ THA."""
    a = w.agencies
    judgment_in_force(db, w, case_id)
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


def intact_seals(db, number) -> dict[str, str]:
    """Every sealed item of the disposal record ``number`` stated «nguyên vẹn, đúng số» at its act (issue #12: the
    carry-out states each seal; nothing is printed intact by default)."""
    from evidence_store.db.models import Handover, HandoverLine, Item
    with db.session(write=False) as s:
        return {code: "intact" for code in s.scalars(
            select(Item.code).join(HandoverLine, HandoverLine.item_id == Item.id)
            .join(Handover, Handover.id == HandoverLine.handover_id)
            .where(Handover.number == number, Item.sealed.is_(True)))}


def carry_out(db, actor, number, place="Bãi tiêu hủy Nam Sơn", *, absent=(), receiver=None, keeper=None, seals=None):
    """The approved disposal carried out now (its items leave only then: BLTTHS Điều 106.1), by ``actor``
    (a clerk signs as the storekeeper); a person receives for the agency or the buyer (Điều 133). ``seals``: code →
    intact | broken as checked at the act; None states every seal intact."""
    from evidence_store.services.commands import CarryOutDisposal
    from evidence_store.services.persistence import utcnow
    from evidence_store.services.disposal_carry_out import carry_out_disposal
    now = utcnow()
    receiver = receiver or PersonInput(full_name="Phạm Văn Nhận", position="Cán bộ tiếp nhận",
                                       id_number="001190000456", letter_number="7/GGT")
    seals = intact_seals(db, number) if seals is None else seals
    return run(db, actor, carry_out_disposal, CarryOutDisposal(number, now, now, place, keeper=keeper,
                                                               receiver=receiver, absent_members=tuple(absent),
                                                               seal_states=seals))


def held_by_thads(db, w, clerk, *, received_days_ago: int, thads_days_ago: int | None, case_number: str, item=None):
    """A phone received ``received_days_ago`` days ago; with ``thads_days_ago``, its case indicted and the evidence
    handed to THADS on the VKS's QĐ chuyển giao (TT 04/2023/TT-BTP Điều 10), accepted by THADS's chấp hành viên that
    many days ago; no judgment. ``item``: another NewItem than the phone. Returns the intake's changes."""
    from datetime import UTC, datetime, time

    from evidence_store.services import acceptance
    from evidence_store.services.commands import TransferResponsibility
    from evidence_store.services.transfer import transfer_responsibility
    from .builders import phone, receive
    a = w.agencies
    # mid-morning of TODAY in the warehouse's zone (naive UTC, as stored), or now if earlier: an act at "now - N days"
    # then falls on the warehouse's TODAY - N, whatever the hour (after 17:00 UTC Hà Nội is on the next date)
    morning = datetime.combine(TODAY, time(9), chronology.warehouse_zone()).astimezone(UTC).replace(tzinfo=None)
    now = min(morning, datetime.now(UTC).replace(tzinfo=None, microsecond=0))
    ch = receive(db, clerk, [item or phone(seal_number=f"NP-{case_number}")], case_number=case_number,
                 started_at=now - timedelta(days=received_days_ago))
    if thads_days_ago is None:
        milestone(db, ch.case_id, "opening", "case_opening", f"{ch.case_id}/QĐ-KTVA", a["pc02"],
                  issued_on=(now - timedelta(days=received_days_ago)).date())
        return ch
    at = now - timedelta(days=thads_days_ago)
    for kind, doc_kind, number, agency in (("opening", "case_opening", "QĐ-KTVA", "pc02"),
                                           ("investigation_conclusion", "investigation_conclusion", "KLĐT", "pc02"),
                                           ("indictment", "indictment", "CT-VKS", "vks")):
        milestone(db, ch.case_id, kind, doc_kind, f"{ch.case_id}/{number}", a[agency], issued_on=at.date())
    offer = run(db, clerk, transfer_responsibility, TransferResponsibility(
        doc("transfer_decision", f"{ch.case_id}/QĐ-CGVC-VKS", a["vks"], issued_on=at.date()), a["thads"],
        case_id=ch.case_id, receiver=rep(a["thads"]), occurred_at=at))
    if offer.extra.get("acceptance") == "pending":  # THADS has a seat: it accepts on that day (issue #13)
        with UnitOfWork(db, w.actor(db, "chaphanh")) as uow:
            acceptance.accept_handover(uow, offer.handover_number, occurred_at=at)
    return ch



def stored_as_before_papers(db, number: str, details: dict | None = None) -> None:
    """The intake record ``number`` as a release before the required papers (R19) stored it: its details without
    the structured seizure record and the giấy giới thiệu's date (``details``: what it kept instead)."""
    import json
    with db.session() as s:
        s.execute(text("UPDATE handovers SET details = :d WHERE number = :n"),
                  {"d": json.dumps(details or {}, ensure_ascii=False), "n": number})
        s.commit()
