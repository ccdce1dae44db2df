"""The other side's answer to a two-sided act (issue 13; COORD.md: ``handovers.acceptance``, separate from
the record's status): a transfer of responsibility, a release or a return (nhận lại) whose other party has a
seat in the app waits "chờ tiếp nhận" until a user of that agency accepts it — the record then names both
persons — or refuses it with a reason. Accepting a transfer moves the responsibility; refusing a transfer leaves
everything as it was; refusing a release or a return puts the items back where they stood before the act (one
ledger event per item, and the record says so)."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import select

from ..domain.errors import PermissionDenied, TransitionRefused, ValidationError
from ..domain.permissions import OWN_CASE_ROLES, Role, require
from ..domain.text import nfc
from ..db.models import Agency, CustodyEvent, Document, Handover, Item, ItemRequest, Location, Signature
from ..domain.chronology import check_not_before_record, local_day
from ..domain.deadlines import DeadlineKind
from ..domain.records import RecordStatus
from ..i18n import N_, _
from ..error_texts import register
from . import persistence
from . import workflow
from . import responsibility
from .results import Changes

ACCEPTANCE_LABELS = {"none": N_("Không cần tiếp nhận"), "pending": N_("Chờ tiếp nhận"),
                     "accepted": N_("Đã tiếp nhận"), "refused": N_("Từ chối tiếp nhận"),
                     "paper": N_("Tiếp nhận trên giấy")}

register("not_pending_acceptance", N_("Biên bản {handover} không ở trạng thái chờ tiếp nhận"))
register("not_receiving_side", N_("Tài khoản {user} không thuộc bên nhận của biên bản {handover}"))
register("acceptance_before_act", N_("Thời điểm tiếp nhận ({date}) không được trước thời điểm lập và bàn giao theo biên "
                                     "bản {handover} ({basis}; BLTTHS Điều 132, 133)"))

UNDONE_ON_REFUSAL = {"release": "release_refused", "return": "return_refused"}  # kind → ledger event kind


def answering_side(ho: Handover) -> tuple[int | None, int | None]:
    """(person, agency) who answers: the receiver, but for a return the one who gives the items back."""
    if ho.kind == "return":
        return ho.giver_id, ho.giver_agency_id
    return ho.receiver_id, ho.receiver_agency_id


def _pending(uow, number: str) -> Handover:
    ho = workflow.handover_by_number(uow.session, number)
    if ho.acceptance != "pending":
        raise TransitionRefused("not_pending_acceptance", handover=ho.number)
    actor = uow.actor
    person, agency = answering_side(ho)
    named = person is not None and responsibility.person_has_seat(uow.session, person, agency)
    if actor.agency_id is None or actor.agency_id != agency \
            or (named and person != actor.person_id):  # a named party with a seat answers himself
        raise PermissionDenied("not_receiving_side", action="accept_handover", user=actor.username,
                               handover=ho.number)
    return ho


def accept_handover(uow, number: str, officer_id: int | None = None, occurred_at=None) -> Changes:
    """The receiving side accepts: it becomes the record's receiver (and signs it like every party). For a
    transfer the case passes to its agency with the responsible officer chosen here (by default the accepting
    officer, else the one named in the offer)."""
    require(uow.actor, "accept_handover")
    s = uow.session
    ho = _pending(uow, number)
    check_not_before_act(s, ho, occurred_at)
    me = workflow.actor_person(uow)
    ho.acceptance, ho.accepted_by, ho.accepted_at = "accepted", uow.actor.user_id, occurred_at or persistence.utcnow()
    if ho.kind != "return" and ho.receiver_id is None and me is not None:
        ho.receiver_id = me.id
        slot = next((x for x in ho.signatures if x.role == "receiver"), None)
        if slot is None:
            s.add(Signature(handover_id=ho.id, role="receiver", person_id=me.id, person_name=me.full_name))
        else:
            slot.person_id, slot.person_name = me.id, me.full_name
    agency = s.get(Agency, answering_side(ho)[1])
    persistence.record(uow, None, "handover_accepted", {"handover": ho.number, "to_agency": agency.name if agency else "",
                                              "by": uow.actor.username}, handover=ho, occurred_at=occurred_at)
    items = []
    if ho.kind == "transfer":
        import json
        from .transfer import apply_transfer
        details = json.loads(ho.details or "{}")
        if officer_id is None:
            roles = {Role(r) for r in uow.actor.roles if r in Role._value2member_map_}
            officer_id = me.id if me is not None and roles & OWN_CASE_ROLES else details.get("officer_id")
        responsibility.check_officer(s, ho.receiver_agency_id, officer_id)
        apply_transfer(uow, ho, officer_id, occurred_at=occurred_at)
        items = list(s.scalars(select(Item).where(Item.id.in_([ln.item_id for ln in ho.lines]))))
    from . import requests
    requests.after_acceptance(uow, ho)
    return workflow.finish(uow, items, ho, case_id=ho.case_id, acceptance="accepted")


def check_not_before_act(s, ho: Handover, occurred_at) -> None:
    """An acceptance answers an act already recorded: it cannot be dated before the handing over it accepts (its
    record's time; for an act out approved by the commander, the approval), nor before the act was prepared
    (ND 142/2024 Điều 4: ``prepared_at``), nor before its basis document (BLTTHS Điều 132, 133: a record states
    when the act happened; LEGAL-RULES R37). Refused naming both dates; nothing recorded."""
    if occurred_at is None:
        return  # now: after everything already recorded
    at = persistence.as_utc(occurred_at)
    details = json.loads(ho.details or "{}")
    marks = [ho.started_at] + ([datetime.fromisoformat(details["prepared_at"])] if details.get("prepared_at") else [])
    check_not_before_record("acceptance_before_act", at, max(persistence.as_utc(m) for m in marks),
                            handover=ho.number)
    basis = s.get(Document, ho.basis_document_id) if ho.basis_document_id else None
    if basis is not None and basis.issued_on is not None and local_day(at) < basis.issued_on:
        raise TransitionRefused("act_before_basis", document_kind=basis.kind, number=basis.number,
                                date=basis.issued_on.strftime("%d/%m/%Y"))


def refuse_handover(uow, number: str, reason: str) -> Changes:
    """The other side refuses, with its reason. A transfer: nothing moves. A release or a return: the items go
    back to the state, place, holder and due date they had before the act (the record keeps the trace of the
    offer and says the items went back)."""
    require(uow.actor, "accept_handover")
    ho = _pending(uow, number)
    if not nfc(reason):
        raise ValidationError("reason_required", field="reason")
    ho.acceptance, ho.accepted_by, ho.accepted_at = "refused", uow.actor.user_id, persistence.utcnow()
    ho.acceptance_note = nfc(reason)
    ho.status = RecordStatus.VOID.value  # the act did not happen: the record prints the refusal (domain/records)
    agency = uow.session.get(Agency, answering_side(ho)[1])
    persistence.record(uow, None, "handover_refused", {"handover": ho.number, "to_agency": agency.name if agency else "",
                                             "reason": ho.acceptance_note, "by": uow.actor.username}, handover=ho)
    items = _undo(uow, ho) if ho.kind in UNDONE_ON_REFUSAL else []
    return workflow.finish(uow, items, ho, case_id=ho.case_id, acceptance="refused")


def _undo(uow, ho: Handover) -> list[Item]:
    """Each item of a refused release/return back to where it stood before the act (the ``before`` its event
    recorded): one ledger event per item; deadlines follow (a refused release closes the return deadline it
    opened, a refused return reopens it); a release made for a request reopens the request."""
    s = uow.session
    kind = UNDONE_ON_REFUSAL[ho.kind]
    acts = s.scalars(select(CustodyEvent).where(CustodyEvent.handover_id == ho.id,
                                                CustodyEvent.item_id.is_not(None),
                                                CustodyEvent.kind == ho.kind if ho.kind == "return"
                                                else CustodyEvent.kind == "release_temporary")
                     .order_by(CustodyEvent.seq)).all()
    items = []
    for act in acts:
        item = s.get(Item, act.item_id)
        before = json.loads(act.data).get("before")
        if item is None or not before or item.state != json.loads(act.data)["set"].get("state", item.state):
            continue  # moved on since (e.g. already back): nothing to undo for it
        changed = workflow.leave_location(s, item)
        due = date.fromisoformat(before["due_back_on"]) if before.get("due_back_on") else None
        changed |= persistence.change_item(item, state=before["state"], holder=before.get("holder") or "", due_back_on=due)
        place = s.get(Location, before["location_id"]) if before.get("location_id") else None
        if place is not None:
            changed |= workflow.enter_location(item, place) if before["state"] == "in_storage" \
                else persistence.change_item(item, location_id=place.id)
        data = {"set": changed, "handover": ho.number, "reason": ho.acceptance_note,
                "to_code": place.code if place is not None else ""}
        if kind == "release_refused":
            persistence.record(uow, item, "release_refused", data, handover=ho)
        else:
            persistence.record(uow, item, "return_refused", data, handover=ho)
        if ho.kind == "return" and due is not None:
            persistence.open_deadline(s, DeadlineKind.TEMPORARY_RETURN, local_day(persistence.utcnow()), item_id=item.id, due=due,
                            responsible=item.holder)
        items.append(item)
    if ho.kind == "release":
        workflow.close_deadlines(s, items, [DeadlineKind.TEMPORARY_RETURN])
        req = s.scalars(select(ItemRequest).where(ItemRequest.handover_id == ho.id)).first()
        if req is not None and req.status == "released":  # asked again: prepared and released anew
            req.status, req.handover_id = "open", None
            for line in req.lines:
                line.picked_at = None
    details = json.loads(ho.details or "{}") | {"undone_codes": [i.code for i in items]}
    ho.details = json.dumps(details, ensure_ascii=False, sort_keys=True, default=str)
    return items
