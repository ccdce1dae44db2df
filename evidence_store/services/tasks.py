"""The task inbox (issue 13): per user and per agency — records to sign, records to finish, acts to accept,
requests to prepare, deadlines due (by responsible agency and officer: an officer sees only the deadlines of
the cases he is responsible for now), disposal proposals to decide; overdue work of an agency escalates to its
leader. A daily digest lists the same rows for printing or export."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select

from ..domain.records import document_kind_name  # each record named by its kind (issue #12)
from ..domain.deadlines import WARN_DAYS
from ..domain.permissions import AGENCY_CASE_ROLES, Role, allowed, require
from ..db.models import Agency, Case, CaseResponsibility, Handover, ItemRequest, Person, Signature
from ..i18n import N_, _
from . import queries, scope
from ..domain import chronology

ESCALATE_AFTER_DAYS = 2  # an act left "chờ tiếp nhận" this long goes to the agency's leader
SIGNABLE = ("draft", "open")  # domain.records.SIGNABLE

TASK_LABELS = {
    "sign": N_("Ký biên bản"),
    "finish": N_("Hoàn tất biên bản"),
    "accept": N_("Tiếp nhận"),
    "prepare": N_("Chuẩn bị vật chứng theo yêu cầu"),
    "deadline": N_("Hạn cần xử lý"),
    "decide": N_("Phê duyệt đề xuất xử lý"),
    "approve_release": N_("Duyệt xuất kho"),
    "carry_out": N_("Thực hiện xử lý"),
    "confirm": N_("Mốc tố tụng chờ xác nhận"),
    "assign": N_("Cần phân công người thụ lý"),
}


@dataclass(frozen=True)
class Task:
    kind: str  # TASK_LABELS
    ref: str  # handover number, request number, item code; a case's deadline: its QĐ THA's number or ""
    case_number: str
    text: str  # what it is about (already in the user's language)
    due_on: date | None
    overdue: bool
    escalated: bool = False
    for_whom: str = ""  # the person or agency the task waits on
    deadline_kind: str = ""  # a deadline task: its DeadlineKind (the home cards open their own part of the inbox)
    case_level: bool = False  # a deadline of the case, not of an item (Luật THADS Điều 125.1: the council's)

    @property
    def key(self) -> tuple[str, str, str, str]:
        """One task per act and reference; an item's deadlines of different kinds are each a task (a review due and
        a monthly check of the same item were shown as one, the home cards counted both); a case's deadline is
        told apart by its case."""
        return (self.kind, self.ref, self.deadline_kind, self.case_number)

    @property
    def item_code(self) -> str:
        """A deadline's item (empty for a case's deadline, e.g. the destruction council's)."""
        return self.ref if self.kind == "deadline" and not self.case_level else ""


def _roles(actor) -> set[Role]:
    return {Role(r) for r in actor.roles if r in Role._value2member_map_}


def can_view_agency(actor) -> bool:
    return scope.warehouse_wide(actor) or bool(_roles(actor) & AGENCY_CASE_ROLES)


def inbox(uow, *, agency: bool = False, today: date | None = None) -> list[Task]:
    """The user's open tasks, or (``agency``) those of the user's whole agency — for its leader and clerks,
    and for the warehouse staff the warehouse's."""
    require(uow.actor, "read_tasks")
    if agency and not can_view_agency(uow.actor):
        agency = False
    today = today or chronology.today()
    out: list[Task] = []
    out += _to_sign(uow, agency, today)
    out += _to_accept(uow, agency, today)
    out += _to_prepare(uow, today)
    out += _deadlines(uow, today)
    out += _to_decide(uow, today)
    out += _to_approve_release(uow, today)
    out += _to_carry_out(uow, today)
    out += _to_confirm(uow, today)
    out += _to_assign(uow, today)
    seen, unique = set(), []
    for t in out:
        if t.key not in seen:
            seen.add(t.key)
            unique.append(t)
    return sorted(unique, key=lambda t: (not t.overdue, not t.escalated, t.due_on or date.max, t.kind, t.ref))


def _case_numbers(s, ids) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return dict(s.execute(select(Case.id, Case.number).where(Case.id.in_(ids))).all())


def _agency_persons(actor):
    return select(Person.id).where(Person.agency_id == actor.agency_id)


def _to_sign(uow, agency: bool, today: date) -> list[Task]:
    """Slots waiting for this person (or the agency's persons); and for the warehouse, its unfinished records."""
    s, actor = uow.session, uow.actor
    H, S = Handover, Signature
    if not allowed(actor.roles, "sign_handover"):
        return []
    who = [S.person_id == actor.person_id] if actor.person_id else []
    if agency and actor.agency_id:
        who.append(S.person_id.in_(_agency_persons(actor)))
    if scope.warehouse_wide(actor) and allowed(actor.roles, "receive_items"):
        who.append((S.role == "keeper") & S.person_id.is_(None))  # the storekeeper's slot, signer not yet named
    out = []
    if who:
        rows = s.execute(select(H.number, H.case_id, H.kind, H.started_at, S.role, S.person_name)
                         .join(S, S.handover_id == H.id)
                         .where(S.status == "pending", H.status.in_(SIGNABLE), H.approval != "pending",
                                _carried_out_or_not_disposal(),
                                H.acceptance != "pending",
                                H.acceptance != "refused", or_(*who))
                         .order_by(H.id).limit(300)).all()
        cases = _case_numbers(s, [r.case_id for r in rows])
        for r in rows:
            due = r.started_at.date()
            name = r.person_name or _("thủ kho")
            out.append(Task("sign", r.number, cases.get(r.case_id, ""),
                            _("{document} {number}: chữ ký của {name}", document=_(document_kind_name(r.number, r.kind)),
                              number=r.number, name=name),
                            due, due < today, for_whom=r.person_name))
    if scope.warehouse_wide(actor) and allowed(actor.roles, "receive_items"):
        stmt = (select(H.number, H.case_id, H.kind, H.started_at).where(H.status.in_(SIGNABLE), H.approval != "pending",
                                                                _carried_out_or_not_disposal(),
                                                                H.acceptance != "pending", H.acceptance != "refused")
                .order_by(H.id.desc()).limit(300))
        if not agency:
            stmt = stmt.where(H.created_by == actor.user_id)
        rows = s.execute(stmt).all()
        cases = _case_numbers(s, [r.case_id for r in rows])
        for r in rows:
            due = r.started_at.date()
            out.append(Task("finish", r.number, cases.get(r.case_id, ""),
                            _("{document} {number} chưa hoàn tất", document=_(document_kind_name(r.number, r.kind)),
                              number=r.number), due, due < today))
    return out


def _to_accept(uow, agency: bool, today: date) -> list[Task]:
    """Acts offered to this user's agency (and escalated to its leader when left too long)."""
    s, actor = uow.session, uow.actor
    if not allowed(actor.roles, "accept_handover") or actor.agency_id is None:
        return []
    H = Handover
    stmt = select(H).where(H.acceptance == "pending", scope.answering_agency() == actor.agency_id).order_by(H.id)
    leader = Role.LEADER in _roles(actor)
    out = []
    rows = list(s.scalars(stmt.limit(300)))
    cases = _case_numbers(s, [h.case_id for h in rows])
    for h in rows:
        giver = s.get(Agency, h.giver_agency_id) if h.giver_agency_id else None
        waited = (today - h.started_at.date()).days
        escalated = leader and waited >= ESCALATE_AFTER_DAYS
        from . import acceptance, responsibility
        person, side = acceptance.answering_side(h)
        mine = person is None or person == actor.person_id or not responsibility.person_has_seat(s, person, side)
        if not (mine or agency or escalated):
            continue
        text = (_("Biên bản nhận lại {number}: xác nhận đã giao trả vật chứng cho kho", number=h.number)
                if h.kind == "return" else
                _("{document} {number} từ {agency} chờ tiếp nhận", document=_(document_kind_name(h.number, h.kind)),
                  number=h.number, agency=giver.name if giver else _("kho vật chứng")))
        out.append(Task("accept", h.number, cases.get(h.case_id, ""), text,
                        h.started_at.date(), waited >= ESCALATE_AFTER_DAYS, escalated))
    return out


def _to_prepare(uow, today: date) -> list[Task]:
    s, actor = uow.session, uow.actor
    if not allowed(actor.roles, "prepare_request"):
        return []
    rows = list(s.scalars(select(ItemRequest).where(ItemRequest.status == "open").order_by(ItemRequest.needed_on)
                          .limit(300)))
    cases = _case_numbers(s, [r.case_id for r in rows])
    return [Task("prepare", r.number, cases.get(r.case_id, ""),
                 _("Yêu cầu {number}: {n} vật chứng", number=r.number, n=len(r.lines)), r.needed_on,
                 r.needed_on < today) for r in rows]


def _deadlines(uow, today: date) -> list[Task]:
    """Deadlines of the cases the user is responsible for now (queries.deadlines applies the scope); the
    leader gets the overdue ones of the agency as escalations."""
    rows = queries.deadlines(uow, due_within_days=WARN_DAYS, limit=300)
    leader = Role.LEADER in _roles(uow.actor)
    from ..domain.deadlines import DEADLINE_LABELS, DeadlineKind
    out = []
    for d in rows:
        label = _(DEADLINE_LABELS[DeadlineKind(d.kind)]) if d.kind in DeadlineKind._value2member_map_ else d.kind
        overdue = d.due_on < today
        # a case's deadline shows the decision it runs from, never its row id («#309» meant nothing to a user)
        out.append(Task("deadline", d.item_code or d.basis, d.case_number,
                        f"{label}: {d.item_name}".strip(": "), d.due_on, overdue, leader and overdue,
                        d.responsible, d.kind, case_level=not d.item_code))
    return out


def _to_decide(uow, today: date) -> list[Task]:
    s, actor = uow.session, uow.actor
    if not allowed(actor.roles, "approve_disposal"):
        return []
    H = Handover
    stmt = (select(H.number, H.case_id, H.started_at, H.created_by)
            .where(H.kind == "disposal", _pending_approval()).order_by(H.id).limit(300))
    ids = scope.case_ids(uow, current_only=True)
    if ids is not None:
        stmt = stmt.where(H.case_id.in_(ids))
    rows = [r for r in s.execute(stmt).all() if r.created_by != actor.user_id]
    cases = _case_numbers(s, [r.case_id for r in rows])
    return [Task("decide", r.number, cases.get(r.case_id, ""),
                 _("Đề xuất xử lý {number} chờ phê duyệt", number=r.number), r.started_at.date(),
                 (today - r.started_at.date()).days > ESCALATE_AFTER_DAYS) for r in rows]


def _to_approve_release(uow, today: date) -> list[Task]:
    """Acts out of the warehouse (tạm xuất, chuyển kho, gửi / giao bảo quản) prepared by a clerk, waiting for a
    commander other than him (ND 142/2024 Điều 4): the receiver is usually waiting at the counter, so each one is
    due the day it was prepared."""
    s, actor = uow.session, uow.actor
    if not allowed(actor.roles, "approve_release"):
        return []
    from ..db.models import HandoverLine, User
    from .approval_hold import OUT_KINDS, act_of
    H = Handover
    rows = s.scalars(select(H).where(H.kind.in_(OUT_KINDS), _pending_approval()).order_by(H.id).limit(300)).all()
    preparers = {u.id: u for u in s.scalars(select(User).where(User.id.in_({r.created_by for r in rows})))}
    mine = [r for r in rows if r.created_by != actor.user_id and not (
        actor.person_id and getattr(preparers.get(r.created_by), "person_id", None) == actor.person_id)]
    cases = _case_numbers(s, [r.case_id for r in mine])
    counts = dict(s.execute(select(HandoverLine.handover_id, func.count()).where(
        HandoverLine.handover_id.in_([r.id for r in mine])).group_by(HandoverLine.handover_id)).all())
    out = []
    for r in mine:
        receiver = s.get(Person, r.receiver_id) if r.receiver_id else None
        clerk = preparers.get(r.created_by)
        text = _(APPROVAL_TEXTS[act_of(r)], number=r.number, n=counts.get(r.id, 0),
                 receiver=receiver.full_name if receiver else "—",
                 clerk=(clerk.person.full_name if clerk and clerk.person else clerk.username if clerk else "—"))
        out.append(Task("approve_release", r.number, cases.get(r.case_id, ""), text, r.started_at.date(),
                        r.started_at.date() < today))
    return out


APPROVAL_TEXTS = {
    "release": N_("Phiếu tạm xuất {number}: {n} vật chứng cho {receiver}, thủ kho {clerk} lập — chờ duyệt xuất"),
    "transfer_out": N_("Chuyển kho {number}: {n} vật chứng cho {receiver}, {clerk} lập — chờ duyệt xuất"),
    "deposit": N_("Gửi bảo quản {number}: {n} vật chứng cho {receiver}, thủ kho {clerk} lập — chờ duyệt xuất"),
    "entrust": N_("Giao bảo quản {number}: {n} vật chứng cho {receiver}, thủ kho {clerk} lập — chờ duyệt xuất"),
}


def _to_assign(uow, today: date) -> list[Task]:
    """Cases the leader's agency took over with no officer yet — accepted «để lãnh đạo phân công sau» (issue 17):
    the head assigns the judge, procurator or enforcer (BLTTHS Điều 41, 44, 45; Luật THADS)."""
    s, actor = uow.session, uow.actor
    if not allowed(actor.roles, "assign_officer") or actor.agency_id is None or scope.warehouse_wide(actor):
        return []
    R = CaseResponsibility
    rows = s.execute(select(Case.number, R.started_at).join(R, R.case_id == Case.id)
                     .where(R.ended_at.is_(None), R.person_id.is_(None), R.reason == "transfer",
                            R.agency_id == actor.agency_id, Case.officer_id.is_(None),
                            Case.handling_agency_id == actor.agency_id)
                     .order_by(R.started_at).limit(300)).all()
    return [Task("assign", r.number, r.number, _("Vụ án {number} đã tiếp nhận, chưa có người thụ lý", number=r.number),
                 r.started_at.date(), r.started_at.date() < today) for r in rows]


def _to_confirm(uow, today: date) -> list[Task]:
    """Milestones entered from another agency's paper, waiting for the issuing agency's user to confirm them."""
    s, actor = uow.session, uow.actor
    if not allowed(actor.roles, "record_milestone") or actor.agency_id is None or scope.warehouse_wide(actor):
        return []
    from ..db.models import CaseMilestone
    from ..describe import milestone_label
    rows = s.scalars(select(CaseMilestone).where(CaseMilestone.confirmed_at.is_(None),
                                                 CaseMilestone.issuing_agency_id == actor.agency_id)
                     .order_by(CaseMilestone.id).limit(300)).all()
    cases = _case_numbers(s, [r.case_id for r in rows])
    return [Task("confirm", f"#{r.id}", cases.get(r.case_id, ""),
                 _("Mốc «{milestone}» do cơ quan khác nhập, chờ xác nhận", milestone=milestone_label(r.kind)),
                 r.occurred_on, (today - r.recorded_at.date()).days > ESCALATE_AFTER_DAYS) for r in rows]


def _pending_approval():
    return Handover.approval == "pending"


def _carried_out_or_not_disposal():
    """An approved disposal is signed once carried out (its draft waits for the act: the "carry_out" task)."""
    return or_(Handover.kind != "disposal", Handover.status != "draft")


def _to_carry_out(uow, today: date) -> list[Task]:
    """Approved disposals whose act is not recorded yet: the items are still in the warehouse (BLTTHS Điều 106.1)."""
    s, actor = uow.session, uow.actor
    if not allowed(actor.roles, "record_disposal"):
        return []
    H = Handover
    stmt = (select(H.number, H.case_id, H.started_at)
            .where(H.kind == "disposal", H.approval == "approved", H.status == "draft", H.ended_at.is_(None))
            .order_by(H.id).limit(300))
    ids = scope.case_ids(uow, current_only=True)
    if ids is not None:
        stmt = stmt.where(H.case_id.in_(ids))
    rows = s.execute(stmt).all()
    cases = _case_numbers(s, [r.case_id for r in rows])
    return [Task("carry_out", r.number, cases.get(r.case_id, ""),
                 _("Đề xuất xử lý {number} đã được phê duyệt, chờ thực hiện", number=r.number), r.started_at.date(),
                 False) for r in rows]


def counts(uow, **kw) -> dict[str, int]:
    out: dict[str, int] = {}
    for t in inbox(uow, **kw):
        out[t.kind] = out.get(t.kind, 0) + 1
    return out


# --- the daily digest --------------------------------------------------------------------------------------

def _digest_rows(tasks):
    from ..printing.formatting import short_date as date_vn
    for t in tasks:
        flag = _("Quá hạn") if t.overdue else ""
        if t.escalated:
            flag = (flag + " · " if flag else "") + _("Báo lãnh đạo")
        yield (_(TASK_LABELS[t.kind]), t.ref, t.case_number, t.text, date_vn(t.due_on) if t.due_on else "", flag)


def digest_csv(uow, *, agency: bool = False, today: date | None = None) -> bytes:
    """The digest as CSV (UTF-8 with BOM, ';' for spreadsheet programs set to Vietnamese)."""
    tasks = inbox(uow, agency=agency, today=today)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";")
    w.writerow([_("Việc"), _("Số / mã"), _("Vụ án"), _("Nội dung"), _("Hạn"), _("Ghi chú")])
    for row in _digest_rows(tasks):
        w.writerow(row)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def digest_pdf(uow, *, agency: bool = False, today: date | None = None) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table, TableStyle
    from ..printing.docbase import build_pdf, esc, para
    from ..printing.formatting import short_date as date_vn
    today = today or chronology.today()
    tasks = inbox(uow, agency=agency, today=today)
    who = uow.actor.full_name or uow.actor.username
    a = uow.session.get(Agency, uow.actor.agency_id) if uow.actor.agency_id else None
    title = _("BẢNG TỔNG HỢP CÔNG VIỆC NGÀY {day}", day=date_vn(today))
    flow = [para(esc(title), "title"), Spacer(1, 4),
            para(esc(_("Của: {who}", who=(a.name if agency and a else who) + (f" — {a.name}" if a and not agency
                                                                                else ""))), "subtitle")]
    data = [[para(esc(h), "head") for h in (_("Việc"), _("Số / mã"), _("Vụ án"), _("Nội dung"), _("Hạn"),
                                              _("Ghi chú"))]]
    for row in _digest_rows(tasks):
        data.append([para(esc(c), "cell") for c in row])
    if len(data) == 1:
        data.append([para(esc(_("Không có việc nào đang chờ.")), "cell")] + [""] * 5)
    table = Table(data, colWidths=[30 * mm, 30 * mm, 25 * mm, 60 * mm, 20 * mm, 22 * mm], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    flow.append(table)
    return build_pdf(flow, title, f"digest-{today.isoformat()}", None)


