"""Case milestones (domain/milestones.py): record one on its document with an issuer from the agency registry,
derive the stage and cache it in ``cases.stage``, and append a ledger event. Also the NQ 164/2024/QH15 pilot
flag, and what the case allows now with the reason for what it does not (for the item and case views).

Other services and helpers (H13: users of the issuing agency enter/confirm milestones) call
:func:`record_milestone`, :func:`confirm_milestone`, :func:`list_milestones` and :func:`case_status`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple
from datetime import date, datetime

from sqlalchemy import bindparam, select

from ..domain import authority as authority_rules
from ..domain import milestones as milestone_rules
from ..domain.chronology import local_day
from ..domain.errors import NotFound, PermissionDenied, TransitionRefused, ValidationError
from ..domain.permissions import require
from ..domain.text import nfc
from ..db.models import Agency, Attachment, Case, CaseMilestone, CustodyEvent, Document, User
from ..db.prepared import Prepared
from ..i18n import N_
from ..error_texts import register

register("milestone_other_agency", N_("Tài khoản {user} chỉ ghi được quyết định do {agency} ban hành; văn bản của cơ "
                                      "quan khác do người dùng của cơ quan đó hoặc kho vật chứng ghi"))
register("milestone_scan_required", N_("{agency} chưa có người dùng trong phần mềm: mốc theo {document} được ghi từ "
                                       "bản giấy, cần đính kèm bản chụp văn bản"))
from . import persistence
from . import scope
from .authority import load_table
from .commands import DocumentInput, FileInput
from .milestone_read import facts
from .results import Changes


@dataclass(frozen=True)
class RecordMilestone:
    case_id: int
    kind: str  # a Milestone value
    document: DocumentInput  # inline (issuer from the registry) or an existing document by id
    occurred_on: date | None = None  # defaults to the document's date (differs for judgment_effective)
    note: str = ""
    scan: FileInput | None = None  # the paper's scan: required when the issuing agency has no seat (issue 13)


@dataclass(frozen=True)
class MilestoneView:
    id: int
    kind: str
    occurred_on: date
    document_id: int
    document_kind: str
    document_number: str
    document_date: date
    issuer_id: int | None
    issuer: str
    issuer_kind: str
    stage_before: str
    stage_after: str
    note: str
    recorded_at: datetime
    recorded_by: str
    confirmed_by: str
    confirmed_at: datetime | None
    scan_attachment_id: int | None = None  # recorded from the paper: its scan (hashed in the ledger)
    scan_filename: str = ""


def status_of(session, case: Case) -> milestone_rules.CaseStatus:
    return milestone_rules.derive(case.stage_origin, facts(session, case.id))


class _CaseRow(NamedTuple):
    """What the item view's authority needs of a case (status_of reads ``id`` and ``stage_origin``)."""
    id: int
    stage_origin: str
    pilot_regime: bool


def case_row(session, case_id) -> _CaseRow:
    """The case's row through a prepared read (the item view after every scan, issue #19)."""
    row = _CASE_ROW.first(session, case_id=case_id) if case_id else None
    if row is None:
        raise NotFound("case_not_found", id=case_id)
    return _CaseRow(*row)


def _case(session, case_id) -> Case:
    case = session.get(Case, case_id) if case_id else None
    if case is None:
        raise NotFound("case_not_found", id=case_id)
    return case


def record_milestone(uow, cmd: RecordMilestone) -> Changes:
    """Record a milestone; refuse it when the document, its issuer or its place in the legal order is wrong."""
    require(uow.actor, "record_milestone")
    s = uow.session
    case = _case(s, cmd.case_id)
    try:
        kind = milestone_rules.Milestone(cmd.kind)
    except ValueError:
        raise ValidationError("unknown_milestone", field="kind", kind=str(cmd.kind)) from None
    if not scope.warehouse_wide(uow.actor):  # an agency seat: its own decisions, on cases it sees (issue 13)
        scope.require_case_visible(uow, case.id, "record_milestone")
    doc = _document(s, cmd.document, kind, case)
    if not scope.warehouse_wide(uow.actor) and doc.issuing_agency_id != uow.actor.agency_id:
        mine = s.get(Agency, uow.actor.agency_id) if uow.actor.agency_id else None
        raise PermissionDenied("milestone_other_agency", action="record_milestone", user=uow.actor.username,
                               agency=mine.name if mine else "—")
    by_issuer = uow.actor.agency_id is not None and uow.actor.agency_id == doc.issuing_agency_id
    extra = {}
    if cmd.scan is not None or (not by_issuer and uow.actor.user_id is not None
                                and not _has_seat(s, doc.issuing_agency_id)):
        extra = {"sha256": _store_scan(uow, cmd.scan, doc).sha256, "from_paper": True}
    row, before, after = add_milestone(uow, case, kind, doc, cmd.occurred_on, cmd.note, extra=extra)
    uow.commit()
    seq, digest = uow.ledger.head()
    return Changes(case_id=case.id, ledger_seq=seq, ledger_hash=digest,
                   extra={"milestone_id": row.id, "stage": after.stage.value, "stage_before": before.stage.value})


def _has_seat(session, agency_id: int | None) -> bool:
    """The issuing agency has a user in the app, who enters or confirms its own decisions (issue 13)."""
    return agency_id is not None and session.scalar(select(User.id).where(
        User.agency_id == agency_id, User.active.is_(True)).limit(1)) is not None


def _store_scan(uow, f: FileInput | None, doc: Document) -> Attachment:
    """The paper decision's scan, stored and hashed like every attachment (its SHA-256 in the milestone's
    ledger event; ``verify`` re-hashes it)."""
    from .handovers import _store
    if f is None:
        issuer = uow.session.get(Agency, doc.issuing_agency_id) if doc.issuing_agency_id else None
        raise ValidationError("milestone_scan_required", field="scan", agency=issuer.name if issuer else "—",
                              document=doc.number)
    return _store(uow, f, "decision_scan", None)


def add_milestone(uow, case: Case, kind: milestone_rules.Milestone, doc: Document, occurred_on: date | None = None,
                  note: str = "", *, extra: dict | None = None):
    """Check and add a milestone in the current transaction (no commit): used by :func:`record_milestone` and
    by a transfer whose basis document is itself a milestone (kết luận điều tra, cáo trạng, QĐ chuyển giao
    vật chứng)."""
    s = uow.session
    on = occurred_on or doc.issued_on
    if on < doc.issued_on:
        raise TransitionRefused("act_before_basis", document_kind=doc.kind, number=doc.number,
                                date=doc.issued_on.strftime("%d/%m/%Y"))
    if on > local_day(persistence.utcnow()):  # Việt Nam's date
        raise ValidationError("act_in_future", field="occurred_on", date=on.strftime("%d/%m/%Y"))
    before = status_of(s, case)
    after = milestone_rules.apply(before, milestone_rules.Fact(kind.value, on, doc.issuing_agency_id, doc.id))  # the legal order first
    issuer = s.get(Agency, doc.issuing_agency_id) if doc.issuing_agency_id else None
    # competence in the case's context before the milestone (the issuer of a QĐ đình chỉ at prosecution is
    # the VKS, of the resumption after it too)
    authority_rules.check_issuer(authority_table(s), doc.kind, before.context, issuer.kind if issuer else None,
                   issuer.name if issuer else "", doc.number, on)
    if kind is milestone_rules.Milestone.JUDGMENT_EFFECTIVE:
        _check_judgment_recorded(s, case, doc)
    if doc.case_id is None:
        doc.case_id = case.id
    row = CaseMilestone(case_id=case.id, kind=kind.value, occurred_on=on, document_id=doc.id,
                        issuing_agency_id=doc.issuing_agency_id, stage_before=before.stage.value,
                        stage_after=after.stage.value, note=nfc(note), recorded_at=persistence.utcnow(),
                        recorded_by=uow.actor.user_id)
    if uow.actor.user_id is not None and uow.actor.agency_id is not None \
            and uow.actor.agency_id == doc.issuing_agency_id:  # entered by the issuer's own user (issue 13)
        row.confirmed_by, row.confirmed_at = uow.actor.user_id, row.recorded_at
    s.add(row)
    s.flush()
    _cache(case, after)
    data = {"case_id": case.id, "case": case.number, "milestone": kind.value, "on": on.isoformat(),
            "document": doc.number, "issuer": issuer.name if issuer else "", "stage_before": before.stage.value,
            "stage_after": after.stage.value} | (extra or {})
    event = persistence.record(uow, None, "case_milestone", data, document=doc)
    row.ledger_seq = event.seq
    if kind is milestone_rules.Milestone.ENFORCEMENT_DECISION:
        open_council_deadline(s, case, on, event.seq)
    if before.judgment_on is None and after.judgment_on is not None:  # no longer held without a judgment
        from .pending_review import after_judgment
        after_judgment(s, case.id)
    return row, before, after


def open_council_deadline(session, case: Case, on: date, seq: int | None = None) -> None:
    """The QĐ thi hành án opens the 1-month deadline to set up the destruction council (Luật THADS Điều 125.1),
    for the case, when it holds items that may be destroyed; it closes when a council decision is recorded
    (services.disposal) or when nothing destroyable is held any more (LEGAL-RULES §2)."""
    from ..db.models import Deadline, Item
    from ..domain import categories
    from ..domain.deadlines import DeadlineKind
    from ..domain.states import HELD_STATES, State
    held = session.scalars(select(Item.category).where(Item.case_id == case.id,
                                                       Item.state.in_([s.value for s in HELD_STATES]))).all()
    if not any(c in categories.CATEGORIES and State.DESTROYED in categories.category(c).outcomes for c in held):
        return
    already = session.scalar(select(Deadline.id).where(Deadline.case_id == case.id, Deadline.item_id.is_(None),
                                                       Deadline.kind == DeadlineKind.DESTRUCTION_COUNCIL.value,
                                                       Deadline.closed_at.is_(None)).limit(1))
    if already is None:
        persistence.open_deadline(session, DeadlineKind.DESTRUCTION_COUNCIL, on, case_id=case.id, source_seq=seq)


def recorded_for(session, case_id: int, document_id: int) -> str | None:
    """The milestone kind recorded on this document for the case, if any."""
    return session.scalar(select(CaseMilestone.kind).where(CaseMilestone.case_id == case_id,
                                                           CaseMilestone.document_id == document_id).limit(1))


def authority_table(session) -> authority_rules.AuthorityTable:
    return load_table(session)


def _document(s, d: DocumentInput | None, kind: milestone_rules.Milestone, case: Case) -> Document:
    if d is None:
        raise ValidationError("document_required", field="document")
    allowed = {k.value for k in milestone_rules.MILESTONE_DOCS[kind]}
    if d.id is None and d.kind not in allowed:
        raise TransitionRefused("milestone_wrong_document", milestone=kind.value, basis=d.kind)
    if d.id is None and not d.issuing_agency_id:  # the issuer is chosen from the registry, never typed
        raise TransitionRefused("issuer_required", document_kind=d.kind, number=nfc(d.number) or "—")
    doc = persistence.get_or_create_document(s, d, case_id=case.id)
    if doc.kind not in allowed:
        raise TransitionRefused("milestone_wrong_document", milestone=kind.value, basis=doc.kind)
    if doc.case_id is not None and doc.case_id != case.id:
        other = s.get(Case, doc.case_id)
        raise TransitionRefused("document_of_other_case", number=doc.number, case=other.number if other else "—")
    used = s.scalar(select(CaseMilestone.kind).where(CaseMilestone.document_id == doc.id).limit(1))
    if used and not (kind is milestone_rules.Milestone.JUDGMENT_EFFECTIVE and used in (milestone_rules.Milestone.FIRST_INSTANCE_JUDGMENT,
                                                                          milestone_rules.Milestone.APPEAL_JUDGMENT)):
        raise TransitionRefused("milestone_document_used", number=doc.number, milestone=used)
    return doc


def _check_judgment_recorded(s, case: Case, doc: Document) -> None:
    """The judgment that takes effect must be one recorded on this case (Điều 343 BLTTHS)."""
    found = s.scalar(select(CaseMilestone.id).where(
        CaseMilestone.case_id == case.id, CaseMilestone.document_id == doc.id,
        CaseMilestone.kind.in_([milestone_rules.Milestone.FIRST_INSTANCE_JUDGMENT.value, milestone_rules.Milestone.APPEAL_JUDGMENT.value])))
    if found is None:
        raise TransitionRefused("milestone_needs_judgment", milestone=milestone_rules.Milestone.JUDGMENT_EFFECTIVE.value,
                                stage=case.stage, source=milestone_rules.MILESTONE_SOURCES[milestone_rules.Milestone.JUDGMENT_EFFECTIVE])


def _cache(case: Case, status: milestone_rules.CaseStatus) -> None:
    """``cases.stage`` (and the judgment's effective date) cache what the milestones say."""
    case.stage = status.stage.value
    case.judgment_effective_on = status.judgment_effective_on


def refresh_stage(session, case: Case) -> milestone_rules.CaseStatus:
    status = status_of(session, case)
    _cache(case, status)
    return status


def confirm_milestone(uow, milestone_id: int) -> Changes:
    """A user of the issuing agency confirms a milestone someone else entered (for H13's agency seats)."""
    require(uow.actor, "record_milestone")
    s = uow.session
    row = s.get(CaseMilestone, milestone_id)
    if row is None:
        raise NotFound("milestone_not_found", id=milestone_id)
    if uow.actor.agency_id is None or uow.actor.agency_id != row.issuing_agency_id:
        raise PermissionDenied("milestone_confirm_other_agency", action="record_milestone", user=uow.actor.username)
    if row.confirmed_at is not None:
        raise TransitionRefused("milestone_already_confirmed", id=milestone_id)
    row.confirmed_by, row.confirmed_at = uow.actor.user_id, persistence.utcnow()
    case = s.get(Case, row.case_id)
    persistence.record(uow, None, "case_milestone_confirmed", {"case_id": case.id, "case": case.number,
                                                     "milestone": row.kind, "milestone_id": row.id})
    uow.commit()
    seq, digest = uow.ledger.head()
    return Changes(case_id=case.id, ledger_seq=seq, ledger_hash=digest, extra={"milestone_id": row.id})


def list_milestones(uow, case_id: int) -> list[MilestoneView]:
    s = uow.session
    case_row(s, case_id)
    out = []
    for (mid, kind, on, doc_id, doc_kind, doc_number, doc_date, ag_id, ag_name, ag_kind, before, after, note,
         recorded_at, recorded_by, confirmed_by, confirmed_at, ledger_seq) in _MILESTONES.all(s, case_id=case_id):
        scan = _scan_of(s, ledger_seq)
        out.append(MilestoneView(mid, kind, on, doc_id, doc_kind, doc_number, doc_date, ag_id, ag_name or "",
                                 ag_kind or "", before, after, note, recorded_at, recorded_by or "",
                                 confirmed_by or "", confirmed_at, scan[0] if scan else None,
                                 scan[1] if scan else ""))
    return out


def _milestone_statements():
    """One read per case (the item view after every scan, issue #19): the milestones with their document,
    issuer and users, and the case-level scan a milestone's ledger event names."""
    from sqlalchemy.orm import aliased
    CM, D, Ag = CaseMilestone.__table__, Document.__table__, Agency.__table__
    by, ok = aliased(User.__table__), aliased(User.__table__)
    rows = (select(CM.c.id, CM.c.kind, CM.c.occurred_on, D.c.id, D.c.kind, D.c.number, D.c.issued_on, Ag.c.id,
                   Ag.c.name, Ag.c.kind, CM.c.stage_before, CM.c.stage_after, CM.c.note, CM.c.recorded_at,
                   by.c.username, ok.c.username, CM.c.confirmed_at, CM.c.ledger_seq)
            .select_from(CM.join(D, D.c.id == CM.c.document_id).outerjoin(Ag, Ag.c.id == CM.c.issuing_agency_id)
                         .outerjoin(by, by.c.id == CM.c.recorded_by).outerjoin(ok, ok.c.id == CM.c.confirmed_by))
            .where(CM.c.case_id == bindparam("case_id")).order_by(CM.c.occurred_on, CM.c.id))
    data = select(CustodyEvent.data).where(CustodyEvent.seq == bindparam("seq"))
    scan = (select(Attachment.id, Attachment.filename).where(Attachment.sha256 == bindparam("sha"),
                                                            Attachment.item_id.is_(None),
                                                            Attachment.handover_id.is_(None))
            .order_by(Attachment.id).limit(1))
    return Prepared(rows), Prepared(data), Prepared(scan)


_MILESTONES, _EVENT_DATA, _CASE_SCAN = _milestone_statements()
_CASE_ROW = Prepared(select(Case.id, Case.stage_origin, Case.pilot_regime).where(Case.id == bindparam("case_id")))


def _scan_of(s, ledger_seq: int | None) -> tuple[int, str] | None:
    """(id, filename) of the scan named by the milestone's ledger event (no item, no record: a case-level file)."""
    if ledger_seq is None:
        return None
    row = _EVENT_DATA.first(s, seq=ledger_seq)
    if not row or not row[0] or "sha256" not in row[0]:
        return None
    import json
    sha = json.loads(row[0]).get("sha256")
    return _CASE_SCAN.first(s, sha=sha) if sha else None


def set_pilot(uow, case_id: int, on: bool, reference: str = "") -> Changes:
    """Flag a case as under the NQ 164/2024/QH15 pilot (cases followed by the Central Steering Committee on
    anti-corruption); the reference (the document putting it under the committee's follow-up) is required."""
    require(uow.actor, "manage_cases")
    s = uow.session
    case = _case(s, case_id)
    if on and not nfc(reference):
        raise ValidationError("pilot_reference_required", field="reference")
    case.pilot_regime, case.pilot_reference = bool(on), nfc(reference) if on else ""
    persistence.record(uow, None, "case_pilot", {"case_id": case.id, "case": case.number, "pilot": bool(on),
                                       "reference": case.pilot_reference})
    uow.commit()
    seq, digest = uow.ledger.head()
    return Changes(case_id=case.id, ledger_seq=seq, ledger_hash=digest, extra={"pilot": bool(on)})
