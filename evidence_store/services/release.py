"""Tạm xuất and nhận lại: temporary release against a lệnh xuất kho and the return of the items,
seal checked or resealed (ND 142/2024 Art 14; ND 127/2017 Điều 8, 11)."""

from __future__ import annotations

import json

from sqlalchemy import select

from ..domain import categories
from ..domain import lifecycle_rules
from ..domain import moves
from ..domain.deadlines import DeadlineKind
from ..domain.errors import TransitionRefused, ValidationError
from ..domain.permissions import require
from ..domain.states import Doc, Move, State, check_transition
from ..domain.text import nfc
from ..i18n import N_, _
from ..db.models import CustodyEvent, Document, Item, Warehouse
from ..error_texts import register
from . import persistence
from . import workflow
from . import responsibility
from .commands import ReleaseItems, ReturnItems
from .queries import awaiting_carry_out
from .results import Changes
from .seals import open_seal_incident

register("receiver_letter_required", N_("Người nhận thuộc cơ quan khác ({agency}): cần nhập số giấy giới thiệu "
                                        "của người đến nhận"))
register("must_reseal_broken_seal", N_("Niêm phong của vật chứng {code} «{name}» bị rách, hỏng khi nhận lại: phải "
                                       "niêm phong lại trước khi xếp lên kệ (NĐ 127/2017) — ghi số niêm phong mới và "
                                       "người tham gia niêm phong lại; sự cố được lập biên bản"))


def release_items(uow, cmd: ReleaseItems) -> Changes:
    """Release items for giám định, định giá, xét xử… with a due date; opens the return deadline."""
    require(uow.actor, "release_items")
    s = uow.session
    lifecycle_rules.check_release_purpose(cmd.purpose)
    lifecycle_rules.check_due_date(cmd.due_on, workflow.day_of(cmd.occurred_at))
    items = persistence.items_by_codes(s, cmd.codes)
    order = workflow.basis(s, cmd.order, Move.RELEASE_TEMPORARY, case_id=items[0].case_id)
    transfer = workflow.optional_basis(s, cmd.transfer_decision, Move.RELEASE_TEMPORARY, {Doc.TRANSFER_DECISION})
    seal_states = {i.code: _seal_state_out(i, cmd.seal_states) for i in items}
    for item in items:  # the domain's rule table: an item held for its approved disposal stays (issue #12)
        moves.check("release", workflow.state(item), code=item.code,
                    awaiting_disposal=awaiting_carry_out(s, item.id) or "")
        check_transition(Move.RELEASE_TEMPORARY, workflow.state(item), Doc(order.kind))
    receiver = workflow.person(s, cmd.receiver, "receiver")
    to_agency = workflow.agency(s, cmd.receiver_agency_id or receiver.agency_id, "receiver_agency")
    witnesses = [workflow.person(s, w, "witness") for w in cmd.witnesses]
    seat = responsibility.person_has_seat(s, receiver.id, to_agency.id)
    _check_letter(s, items[0], to_agency, cmd.receiver, seat)
    ho = persistence.open_handover(uow, kind="release", started_at=cmd.occurred_at, place=cmd.place, basis=order,
                         giver=workflow.actor_person(uow), receiver=receiver, witnesses=witnesses,
                         case_id=items[0].case_id, receiver_agency_id=to_agency.id, extra_documents=[transfer],
                         letters={"receiver": cmd.receiver.letter_number},
                         details={"purpose": cmd.purpose, "purpose_note": nfc(cmd.purpose_note),
                                  "due_on": cmd.due_on.isoformat(), "seal_states": seal_states})
    if cmd.request_number:
        from . import requests
        requests.mark_released(uow, cmd.request_number, ho, items)
    if seat:
        ho.acceptance = "pending"  # the receiving officer confirms in the app (two-sided act, issue 13)
    holder = workflow.holder_text(receiver, to_agency)
    for line_no, item in enumerate(items, start=1):
        persistence.add_line(uow, ho, item, line_no, note=seal_states[item.code])
        before = workflow.before_act(item)
        changed = workflow.leave_location(s, item)
        changed |= persistence.change_item(item, state=State.OUT_TEMPORARY.value, holder=holder, due_back_on=cmd.due_on)
        data = {"set": changed, "purpose": cmd.purpose, "handover": ho.number, "order": order.number,
                "seal_status": seal_states[item.code], "receiver_agency_id": to_agency.id,
                "transfer_decision": transfer.number if transfer else "", "before": before}
        event = persistence.record(uow, item, Move.RELEASE_TEMPORARY.value, data, document=order, handover=ho,
                         occurred_at=cmd.occurred_at)
        persistence.open_deadline(s, DeadlineKind.TEMPORARY_RETURN, workflow.day_of(cmd.occurred_at), item_id=item.id,
                        due=cmd.due_on, responsible=holder, source_seq=event.seq)
    return workflow.finish(uow, items, ho, case_id=items[0].case_id)


def _check_letter(s, item: Item, to_agency, receiver_input, seat: bool) -> None:
    """A person receiving for another agency than the warehouse's shows its giấy giới thiệu, whose number the
    record carries (ND 142/2024 Art 14; LEGAL-RULES R21). A user with a seat of that agency, who accepts the
    release from his own account, is identified by it (issue 13)."""
    home = s.get(Warehouse, item.warehouse_id)
    if seat or home is None or home.agency_id == to_agency.id:
        return
    if not nfc(getattr(receiver_input, "letter_number", "") or ""):
        raise ValidationError("receiver_letter_required", field="receiver_letter", agency=to_agency.name)


def _seal_state_out(item: Item, given: dict) -> str:
    state = given.get(item.code, "intact" if item.sealed else "none")
    if state not in lifecycle_rules.SEAL_STATES:
        raise ValidationError("unknown_seal_state", field="seal_states", state=state)
    if item.sealed is False and state != "none":
        return "none"
    return state


def return_items(uow, cmd: ReturnItems) -> Changes:
    """Scan items back: seal confirmed intact or unsealing + resealing recorded with its
    participants (ND 127/2017 Điều 8, 11), condition noted, put on a location; closes the deadline."""
    require(uow.actor, "return_items")
    s = uow.session
    items = persistence.items_by_codes(s, cmd.codes)
    loc = workflow.target_location(s, cmd.location_code)
    _check_reseal(cmd)
    order = _return_basis(uow, cmd, items[0])
    for item in items:
        check_transition(Move.RETURN, workflow.state(item), Doc(order.kind))
        workflow.check_place(item, loc)
        if cmd.reseal and not categories.category(item.category).sealable:
            raise TransitionRefused("category_not_sealable", category=item.category)
        if item.sealed and not cmd.seal_intact and cmd.reseal is None \
                and categories.needs_seal(item.category, item.unit, False):
            # ND 127/2017 (as storage.move_items): a seal found broken is replaced before the item goes back on a
            # shelf — the return records the new seal with its participants, and the incident is reported
            raise ValidationError("must_reseal_broken_seal", field="seal_number", code=item.code, name=item.name)
    giver = workflow.person(s, cmd.giver, "giver")
    details = {"reseal": bool(cmd.reseal), "location": loc.code,
               "release_handovers": _release_records(s, items), "condition_entered": nfc(cmd.condition)}
    if cmd.reseal:  # the record states what was opened, why, by whom and the new seal (ND 127/2017 Điều 8, 11)
        details |= {"previous_seals": {i.code: i.seal_number for i in items if i.seal_number},
                    "new_seal": nfc(cmd.reseal.new_seal_number), "reseal_reason": nfc(cmd.reseal.reason),
                    "reseal_participants": [nfc(p) for p in cmd.reseal.participants if nfc(p)]}
    ho = persistence.open_handover(uow, kind="return", started_at=cmd.occurred_at, place=cmd.place, basis=order, giver=giver,
                         receiver=workflow.actor_person(uow), case_id=items[0].case_id, receiver_agency_id=None,
                         letters={"giver": cmd.giver.letter_number if cmd.giver else ""}, details=details)
    if responsibility.person_has_seat(s, giver.id, ho.giver_agency_id):
        ho.acceptance = "pending"  # the giver confirms from his seat that he gave these back (issue 13)
    # BLTTHS Điều 90.3; ND 142/2024 Art 11: a seal that came back broken is an incident, reported, and the return
    # record says so; resealed now (ND 127/2017), the broken seal is recorded first, then the new one
    broken = [i for i in items if i.sealed and not cmd.seal_intact]
    incident = _seal_incident(uow, broken, cmd, ho) if broken and cmd.reseal else None
    for line_no, item in enumerate(items, start=1):
        seal_status = _reseal(uow, item, cmd) if cmd.reseal else _seal_status_in(item, cmd.seal_intact)
        before = workflow.before_act(item)
        # the line records the item as it comes back: the condition entered now, not the one at seizure
        changed = persistence.change_item(item, condition=cmd.condition) if nfc(cmd.condition) else {}
        persistence.add_line(uow, ho, item, line_no, note=seal_status)
        changed |= persistence.change_item(item, state=State.IN_STORAGE.value, holder="", due_back_on=None)
        changed |= workflow.enter_location(item, loc)
        data = {"set": changed, "seal_status": seal_status, "handover": ho.number, "to_code": loc.code,
                "before": before}
        persistence.record(uow, item, Move.RETURN.value, data, document=order, handover=ho, occurred_at=cmd.occurred_at)
    workflow.close_deadlines(s, items, [DeadlineKind.TEMPORARY_RETURN], at=cmd.occurred_at)
    if broken and incident is None:  # not resealed (a category ND 127 exempts): it stays unsealed, reported
        incident = _seal_incident(uow, broken, cmd, ho)
    if incident is not None:
        details = json.loads(ho.details or "{}")
        ho.details = json.dumps(details | {"seal_incident": incident.number,
                                           "seal_incident_report_to": json.loads(incident.details)["report_to"],
                                           "broken_codes": [i.code for i in broken]},
                                ensure_ascii=False, sort_keys=True)
    return workflow.finish(uow, items, ho, case_id=items[0].case_id,
                    seal_incident=json.loads(ho.details).get("seal_incident", ""))


def _seal_incident(uow, broken: list[Item], cmd: ReturnItems, ho):
    return open_seal_incident(uow, broken, "return", _("Niêm phong có dấu hiệu bóc mở, rách hoặc mất khi nhận lại "
                                                       "sau tạm xuất"),
                              occurred_at=cmd.occurred_at, related_handover=ho.number)


def _release_records(session, items: list[Item]) -> list[str]:
    """The tạm xuất records these items left on (each item's last release): the return answers them."""
    from ..db.models import Handover
    numbers = []
    for item in items:
        ho_id = session.scalar(select(CustodyEvent.handover_id).where(
            CustodyEvent.item_id == item.id, CustodyEvent.kind == Move.RELEASE_TEMPORARY.value)
            .order_by(CustodyEvent.seq.desc()).limit(1))
        ho = session.get(Handover, ho_id) if ho_id else None
        if ho is not None and ho.number not in numbers:
            numbers.append(ho.number)
    return numbers


def _check_reseal(cmd: ReturnItems) -> None:
    if cmd.reseal is None:
        return
    if not nfc(cmd.reseal.new_seal_number):
        raise ValidationError("seal_number_required", field="seal_number")
    if not [p for p in cmd.reseal.participants if nfc(p)]:
        raise ValidationError("participants_required", field="participants")


def _return_basis(uow, cmd: ReturnItems, item: Item) -> Document:
    if cmd.order is not None:
        return workflow.basis(uow.session, cmd.order, Move.RETURN, case_id=item.case_id)
    doc_id = uow.session.scalar(select(CustodyEvent.document_id).where(
        CustodyEvent.item_id == item.id, CustodyEvent.kind == Move.RELEASE_TEMPORARY.value)
        .order_by(CustodyEvent.seq.desc()).limit(1))
    if doc_id is None:
        raise TransitionRefused("basis_required", move=Move.RETURN.value)
    return uow.session.get(Document, doc_id)


def _seal_status_in(item: Item, intact: bool) -> str:
    if not item.sealed:
        return "none"
    return "intact" if intact else "broken"


def _reseal(uow, item: Item, cmd: ReturnItems) -> str:
    """Two ledger events, as ND 127/2017 wants: the unsealing while out, then the new seal."""
    participants = [nfc(p) for p in cmd.reseal.participants if nfc(p)]
    previous = item.seal_number
    if item.sealed:
        persistence.record(uow, item, "unseal", {"set": persistence.change_item(item, sealed=False), "previous_seal": previous,
                                       "participants": participants, "reason": nfc(cmd.reseal.reason)},
                 occurred_at=cmd.occurred_at)
    data = {"set": persistence.change_item(item, sealed=True, seal_number=cmd.reseal.new_seal_number),
            "previous_seal": previous, "participants": participants, "reason": nfc(cmd.reseal.reason)}
    persistence.record(uow, item, "reseal", data, occurred_at=cmd.occurred_at)
    return "resealed"
