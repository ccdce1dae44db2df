"""Item requests (issue 13): an agency asks the warehouse for items of its case — giám định, định giá, xét
xử, thi hành án — with the purpose, the date needed, the due date back and the recipient. The warehouse gets a
pick list sorted by location, scans the items (an item not asked for is refused), and the release follows from
the request (release.release_items with ``request_number``); the recipient then accepts it in the app."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from ..domain import codes as code_format
from ..domain import chronology, lifecycle_rules, moves
from ..domain.errors import NotFound, TransitionRefused, ValidationError
from ..domain.permissions import require
from ..domain.states import State
from ..domain.text import nfc
from ..db.models import Agency, Case, Handover, Item, ItemRequest, ItemRequestLine, Location, Person, User
from ..i18n import N_
from ..error_texts import register
from . import persistence
from . import scope
from .results import Changes

REQUEST_PURPOSES = ("examination", "valuation", "trial", "enforcement")
REQUEST_STATUS_LABELS = {"open": N_("Chờ chuẩn bị"), "awaiting_approval": N_("Chờ duyệt xuất"),
                         "released": N_("Đã xuất, chờ nhận"),
                         "received": N_("Đã nhận"), "cancelled": N_("Đã hủy")}

register("request_not_found", N_("Không tìm thấy yêu cầu {number}"))
register("request_purpose", N_("Mục đích yêu cầu phải là giám định, định giá, xét xử hoặc thi hành án"))
register("needed_on_past", N_("Ngày cần vật chứng không được ở quá khứ"))
register("item_not_available", N_("Vật chứng {code} không ở trong kho (trạng thái «{state}»)"))
register("not_in_request", N_("Vật chứng {code} không có trong yêu cầu {number}: không được xuất"))
register("request_closed", N_("Yêu cầu {number} đã {status}"))
register("request_not_picked", N_("Còn {n} vật chứng của yêu cầu {number} chưa quét"))
register("request_items_mismatch", N_("Danh sách xuất khác danh sách yêu cầu {number}"))
register("recipient_required", N_("Cần ghi người nhận vật chứng"))


@dataclass(frozen=True)
class CreateRequest:
    case_id: int
    codes: tuple[str, ...]
    purpose: str
    needed_on: date
    due_back_on: date | None = None
    recipient_person_id: int | None = None  # default: the requesting user
    recipient_agency_id: int | None = None  # default: the requesting user's agency
    note: str = ""


@dataclass(frozen=True)
class RequestLineView:
    item_code: str
    item_name: str
    location_code: str
    location_name: str
    state: str
    picked: bool
    sealed: bool = False  # the seal the clerk looks at as he hands the item over (issue #12)
    seal_number: str = ""


@dataclass(frozen=True)
class RequestView:
    id: int
    number: str
    case_number: str
    agency: str
    requested_by: str
    purpose: str
    purpose_note: str
    needed_on: date
    due_back_on: date | None
    recipient: str
    recipient_person_id: int | None
    recipient_agency_id: int | None
    status: str
    handover_number: str
    created_at: datetime
    lines: tuple[RequestLineView, ...] = ()

    @property
    def picked(self) -> int:
        return sum(1 for ln in self.lines if ln.picked)


def create_request(uow, cmd: CreateRequest) -> Changes:
    require(uow.actor, "request_items")
    s = uow.session
    case = s.get(Case, cmd.case_id)
    if case is None:
        raise NotFound("case_not_found", id=cmd.case_id)
    scope.require_case_write(uow, case, "request_items")
    if cmd.purpose not in REQUEST_PURPOSES:
        raise ValidationError("request_purpose", field="purpose")
    if cmd.needed_on is None or cmd.needed_on < chronology.today():
        raise ValidationError("needed_on_past", field="needed_on")
    lifecycle_rules.check_due_date(cmd.due_back_on, cmd.needed_on)
    items = persistence.items_by_codes(s, cmd.codes)
    for item in items:
        if item.case_id != case.id:
            raise ValidationError("item_not_in_case", field="codes", code=item.code)
        if item.state != State.IN_STORAGE.value:
            raise ValidationError("item_not_available", field="codes", code=item.code, state=item.state)
    recipient = cmd.recipient_person_id or uow.actor.person_id
    if recipient is None:
        raise ValidationError("recipient_required", field="recipient")
    seq = persistence.next_sequence(s, f"yc:{chronology.today().year}")
    req = ItemRequest(number=f"{seq}/{chronology.today().year}/YC", case_id=case.id, agency_id=uow.actor.agency_id,
                      requested_by=uow.actor.user_id, purpose=cmd.purpose, purpose_note=nfc(cmd.note),
                      needed_on=cmd.needed_on, due_back_on=cmd.due_back_on, recipient_person_id=recipient,
                      recipient_agency_id=cmd.recipient_agency_id or uow.actor.agency_id, status="open",
                      created_at=persistence.utcnow(), note=nfc(cmd.note))
    s.add(req)
    s.flush()
    for item in items:
        s.add(ItemRequestLine(request_id=req.id, item_id=item.id))
    persistence.record(uow, None, "item_requested", {"request": req.number, "case_id": case.id, "purpose": cmd.purpose,
                                           "codes": [i.code for i in items]})
    uow.commit()
    return Changes(item_codes=tuple(i.code for i in items), case_id=case.id, extra={"request": req.number})


def _request(uow, number: str) -> ItemRequest:
    req = uow.session.scalars(select(ItemRequest).where(ItemRequest.number == (number or "").strip())).first()
    if req is None:
        raise NotFound("request_not_found", number=number)
    scope.require_case_visible(uow, req.case_id, "read_request")
    return req


def cancel_request(uow, number: str, reason: str = "") -> Changes:
    require(uow.actor, "request_items")
    req = _request(uow, number)
    scope.require_case_write(uow, uow.session.get(Case, req.case_id), "request_items")
    if req.status != "open":
        raise TransitionRefused("request_closed", number=req.number, status=req.status)
    req.status, req.closed_at = "cancelled", persistence.utcnow()
    persistence.record(uow, None, "request_cancelled", {"request": req.number, "reason": nfc(reason)})
    uow.commit()
    return Changes(case_id=req.case_id, extra={"request": req.number})


def pick_item(uow, number: str, code: str) -> RequestView:
    """The warehouse scans an item for the request: one not asked for is refused, naming both."""
    require(uow.actor, "prepare_request")
    req = _request(uow, number)
    if req.status != "open":
        raise TransitionRefused("request_closed", number=req.number, status=req.status)
    item = persistence.item_by_code(uow.session, code)
    line = next((ln for ln in req.lines if ln.item_id == item.id), None)
    if line is None:
        raise ValidationError("not_in_request", field="codes", code=code_format.parse_code(item.code).display,
                              number=req.number)
    if item.state != State.IN_STORAGE.value:
        raise ValidationError("item_not_available", field="codes", code=item.code, state=item.state)
    from .queries import awaiting_carry_out
    moves.check("release", State(item.state), code=item.code,  # held for its approved disposal (issue #12)
                awaiting_disposal=awaiting_carry_out(uow.session, item.id) or "")
    if line.picked_at is None:
        line.picked_at = persistence.utcnow()
    uow.commit()
    return request_view(uow, req.number)


def mark_released(uow, number: str, ho: Handover, items, *, pending: bool = False) -> None:
    """Called by release_items (permission release_items) in its transaction: the release follows from the
    request, item for item. ``pending``: the release waits for a commander's approval (ND 142/2024 Điều 4) —
    the request waits with it, released once approved (:func:`release_approved`)."""
    req = _request(uow, number)
    if req.status != "open":
        raise TransitionRefused("request_closed", number=req.number, status=req.status)
    wanted = {ln.item_id for ln in req.lines}
    if {i.id for i in items} != wanted:
        raise ValidationError("request_items_mismatch", field="codes", number=req.number)
    unpicked = [ln for ln in req.lines if ln.picked_at is None]
    if unpicked:
        raise ValidationError("request_not_picked", field="codes", n=len(unpicked), number=req.number)
    req.status, req.handover_id = ("awaiting_approval" if pending else "released"), ho.id
    details = json.loads(ho.details or "{}")
    details["request"] = req.number
    ho.details = json.dumps(details, ensure_ascii=False, sort_keys=True, default=str)


def release_approved(uow, ho: Handover) -> None:
    """The commander approved the release answering a request: the items are out, the recipient accepts next."""
    req = uow.session.scalars(select(ItemRequest).where(ItemRequest.handover_id == ho.id)).first()
    if req is not None and req.status == "awaiting_approval":
        req.status = "released"


def release_rejected(uow, ho: Handover) -> None:
    """The commander refused the release, or its clerk withdrew it: the request is open again (its picked items
    stay picked)."""
    req = uow.session.scalars(select(ItemRequest).where(ItemRequest.handover_id == ho.id)).first()
    if req is not None and req.status == "awaiting_approval":
        req.status, req.handover_id = "open", None


def after_acceptance(uow, ho: Handover) -> None:
    req = uow.session.scalars(select(ItemRequest).where(ItemRequest.handover_id == ho.id)).first()
    if req is not None and req.status == "released":
        req.status, req.closed_at = "received", persistence.utcnow()


def request_view(uow, number: str) -> RequestView:
    require(uow.actor, "read_tasks")
    req = _request(uow, number)
    return _view(uow.session, req, with_lines=True)


def list_requests(uow, *, status: str | None = None, limit: int = 500) -> list[RequestView]:
    """Warehouse staff see every request; an agency user those of the cases in scope."""
    require(uow.actor, "read_tasks")
    stmt = select(ItemRequest).order_by(ItemRequest.id.desc()).limit(limit)
    if status:
        stmt = stmt.where(ItemRequest.status == status)
    ids = scope.case_ids(uow)
    if ids is not None:
        stmt = stmt.where(ItemRequest.case_id.in_(ids))
    return [_view(uow.session, r, with_lines=True) for r in uow.session.scalars(stmt)]


def _view(s, req: ItemRequest, *, with_lines: bool) -> RequestView:
    case = s.get(Case, req.case_id)
    agency = s.get(Agency, req.agency_id) if req.agency_id else None
    user = s.get(User, req.requested_by) if req.requested_by else None
    person = s.get(Person, req.recipient_person_id) if req.recipient_person_id else None
    ho = s.get(Handover, req.handover_id) if req.handover_id else None
    lines = ()
    if with_lines:
        rows = []
        for ln in req.lines:
            item = s.get(Item, ln.item_id)
            loc = s.get(Location, item.location_id) if item.location_id else None
            rows.append(RequestLineView(item.code, item.name, loc.code if loc else "", loc.name if loc else "",
                                        item.state, ln.picked_at is not None, bool(item.sealed),
                                        item.seal_number or ""))
        lines = tuple(sorted(rows, key=lambda r: (r.location_code == "", r.location_code, r.item_code)))
    return RequestView(req.id, req.number, case.number if case else "", agency.name if agency else "",
                       (user.person.full_name if user and user.person else user.username if user else ""),
                       req.purpose, req.purpose_note, req.needed_on, req.due_back_on,
                       person.full_name if person else "", req.recipient_person_id, req.recipient_agency_id,
                       req.status, ho.number if ho else "", req.created_at, lines)


