"""Tạm xuất and nhận lại: temporary release against a lệnh xuất kho and the return of the items,
seal checked or resealed (ND 142/2024 Art 14; ND 127/2017 Điều 8, 11)."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from ..domain import categories
from ..domain import lifecycle_rules
from ..domain import moves
from ..domain.deadlines import DeadlineKind
from ..domain.participants import split_line, without_repeats
from ..domain.errors import TransitionRefused, ValidationError
from ..domain.permissions import require
from ..domain.states import Doc, Move, State, check_transition
from ..domain.codes import parse_code
from ..domain.text import nfc
from ..i18n import N_, _
from ..db.models import Agency, CustodyEvent, Document, Item, Person, Warehouse
from ..error_texts import register
from . import persistence
from . import workflow
from . import responsibility
from .commands import PersonInput, ReleaseItems, ReturnItems
from .queries import awaiting_carry_out
from .results import Changes
from .receipt_seals import state_seals_out, stated_seals
from .seals import open_seal_incident
from . import approval_hold

register("receiver_letter_required", N_("Người nhận thuộc cơ quan khác ({agency}): cần nhập số giấy giới thiệu "
                                        "của người đến nhận"))
register("receiver_identity_required", N_("Cần ghi số giấy tờ tùy thân (căn cước) của người đến nhận vật chứng {name} "
                                          "(Điều 14 Nghị định 142/2024/NĐ-CP)"))
register("must_reseal_broken_seal", N_("Niêm phong của vật chứng {code} «{name}» bị rách, hỏng khi nhận lại: phải "
                                       "niêm phong lại trước khi xếp lên kệ (NĐ 127/2017) — ghi số niêm phong mới và "
                                       "người tham gia niêm phong lại; sự cố được lập biên bản"))
register("reseal_roles_required", N_("Ghi rõ người niêm phong lại và người chứng kiến việc niêm phong lại (Nghị định "
                                     "127/2017/NĐ-CP): biên bản phải nói ai niêm phong, ai chứng kiến"))


def release_items(uow, cmd: ReleaseItems) -> Changes:
    """Release items for giám định, định giá, xét xử… with a due date; opens the return deadline.

    ND 142/2024 Điều 4 forbids taking an item out of the warehouse without the consent of both the person who
    ordered it (the lệnh xuất kho) and the warehouse manager. Of the two ways to get the manager's consent — his
    approval of the order beforehand, or of the release the clerk has prepared — this takes the second, the way
    disposals are approved (services.disposal): the clerk scans the items, checks the seals and the receiver's
    papers against the order exactly as before, and the release is recorded "chờ duyệt xuất" with the items still
    on their shelves; a commander other than the clerk approves it (:func:`release_approval.approve_release`, the items leave then,
    the ledger naming both) or refuses it with a reason (:func:`release_approval.reject_release`). The manager thus decides on the
    very items, seals and receiver that will leave, not on a paper before anything was checked. An administrator
    setting (``release_needs_approval``, the law's default on) turns the step off: the items leave at once."""
    require(uow.actor, "release_items")
    s = uow.session
    lifecycle_rules.check_release_purpose(cmd.purpose)
    lifecycle_rules.check_due_date(cmd.due_on, workflow.day_of(cmd.occurred_at))
    items = persistence.items_by_codes(s, cmd.codes)
    order = workflow.basis(s, cmd.order, Move.RELEASE_TEMPORARY, case_id=items[0].case_id)
    transfer = workflow.optional_basis(s, cmd.transfer_decision, Move.RELEASE_TEMPORARY, {Doc.TRANSFER_DECISION})
    for item in items:
        _check_can_leave(s, item, order)
    receiver = workflow.person(s, cmd.receiver, "receiver")
    to_agency = workflow.agency(s, cmd.receiver_agency_id or receiver.agency_id, "receiver_agency")
    witnesses = [workflow.person(s, w, "witness") for w in cmd.witnesses]
    seat = responsibility.person_has_seat(s, receiver.id, to_agency.id)
    _check_letter(s, items[0], to_agency, cmd.receiver, seat)
    if not seat and not nfc(receiver.id_number):  # ND 142/2024 Điều 14: giấy tờ tùy thân of who comes (R21)
        raise ValidationError("receiver_identity_required", field="receiver_id", name=receiver.full_name)
    # each seal looked at as the items leave, stated by the clerk — never printed «nguyên vẹn» by default (ND
    # 127/2017; ND 142/2024 Điều 11, 14; issue #12): a sealed item whose seal nobody stated is refused by name
    seal_states = stated_seals(items, cmd.seal_states)
    needs_approval = approval_hold.needs_approval(s)
    ho = persistence.open_handover(uow, kind="release", started_at=cmd.occurred_at, place=cmd.place, basis=order,
                         giver=workflow.actor_person(uow), receiver=receiver, witnesses=witnesses,
                         case_id=items[0].case_id, receiver_agency_id=to_agency.id, extra_documents=[transfer],
                         letters={"receiver": cmd.receiver.letter_number}, approver=needs_approval,
                         details={"purpose": cmd.purpose, "purpose_note": nfc(cmd.purpose_note),
                                  "due_on": cmd.due_on.isoformat(), "seal_states": seal_states})
    if cmd.request_number:
        from . import requests
        requests.mark_released(uow, cmd.request_number, ho, items, pending=needs_approval)
    if not needs_approval:  # the setting off: the release takes effect now, as before
        state_seals_out(uow, ho, items, seal_states, cmd.occurred_at)
        _take_out(uow, ho, items, cmd.occurred_at)
        return workflow.finish(uow, items, ho, case_id=items[0].case_id)
    # nothing leaves until a commander approves (ND 142/2024 Điều 4); the seals were looked at by the clerk who
    # prepared the items: the lines keep that statement, and a broken seal is reported now
    approval_hold.hold(uow, ho, items, order, cmd.occurred_at, notes=seal_states,
                          data={"order": order.number, "purpose": cmd.purpose, "due_on": cmd.due_on.isoformat()})
    state_seals_out(uow, ho, items, seal_states, cmd.occurred_at)
    return workflow.finish(uow, items, ho, case_id=items[0].case_id, approval=ho.approval)


def _check_can_leave(s, item: Item, order: Document) -> None:
    """In the warehouse, not held for its approved disposal (issue #12), not already in a release waiting for
    its approval."""
    moves.check("release", workflow.state(item), code=item.code, awaiting_disposal=awaiting_carry_out(s, item.id) or "")
    check_transition(Move.RELEASE_TEMPORARY, workflow.state(item), Doc(order.kind))
    approval_hold.check_not_waiting(s, item)


def _take_out(uow, ho, items: list[Item], occurred_at, approval: dict | None = None) -> None:
    """The items leave: lines (when not written at the preparation), state and holder, ledger event, return
    deadline; the receiving officer's seat confirms in the app (two-sided act, issue 13)."""
    s = uow.session
    details = json.loads(ho.details or "{}")
    order = s.get(Document, ho.basis_document_id)
    extra_ids = ho.extra_document_id_list
    transfer = next((d for d in (s.get(Document, i) for i in extra_ids) if d is not None
                     and d.kind == Doc.TRANSFER_DECISION.value), None)
    receiver = s.get(Person, ho.receiver_id) if ho.receiver_id else None
    to_agency = s.get(Agency, ho.receiver_agency_id)
    if receiver is not None and responsibility.person_has_seat(s, receiver.id, to_agency.id):
        ho.acceptance = "pending"
    holder = workflow.holder_text(receiver, to_agency)
    due_on = date.fromisoformat(details["due_on"])
    seal_states = details.get("seal_states") or {}
    lines_written = bool(ho.lines)
    for line_no, item in enumerate(items, start=1):
        seal_state = seal_states.get(item.code, "none")
        if not lines_written:
            persistence.add_line(uow, ho, item, line_no, note=seal_state)
        before = workflow.before_act(item)
        changed = workflow.leave_location(s, item)
        changed |= persistence.change_item(item, state=State.OUT_TEMPORARY.value, holder=holder, due_back_on=due_on)
        data = {"set": changed, "purpose": details.get("purpose", ""), "handover": ho.number, "order": order.number,
                "seal_status": seal_state, "receiver_agency_id": to_agency.id,
                "transfer_decision": transfer.number if transfer else "", "before": before} | (approval or {})
        event = persistence.record(uow, item, Move.RELEASE_TEMPORARY.value, data, document=order, handover=ho,
                                   occurred_at=occurred_at)
        persistence.open_deadline(s, DeadlineKind.TEMPORARY_RETURN, workflow.day_of(occurred_at), item_id=item.id,
                                  due=due_on, responsible=holder, source_seq=event.seq)


def _check_letter(s, item: Item, to_agency, receiver_input, seat: bool) -> None:
    """A person receiving for another agency than the warehouse's shows its giấy giới thiệu, whose number the
    record carries (ND 142/2024 Art 14; LEGAL-RULES R21). A user with a seat of that agency, who accepts the
    release from his own account, is identified by it (issue 13)."""
    home = s.get(Warehouse, item.warehouse_id)
    if seat or home is None or home.agency_id == to_agency.id:
        return
    if not nfc(getattr(receiver_input, "letter_number", "") or ""):
        raise ValidationError("receiver_letter_required", field="receiver_letter", agency=to_agency.name)


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
        if item.sealed and cmd.seal_intact is None and cmd.reseal is None:
            # issue #12: the seal is looked at as the item comes back (ND 127/2017; ND 142/2024 Điều 11), its state
            # stated by the storekeeper — never printed «nguyên vẹn» because nobody said otherwise
            raise ValidationError("seal_condition_required", field="seal_intact", code=parse_code(item.code).display,
                                  name=item.name, seal=item.seal_number)
        if item.sealed and cmd.seal_intact is False and cmd.reseal is None \
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
                    "reseal_participants": _reseal_participants(cmd.reseal),
                    "resealed_by": _named(cmd.reseal.sealed_by), "reseal_witnesses": _named(cmd.reseal.witnesses)}
    receiver = workflow.actor_person(uow)
    ho = persistence.open_handover(uow, kind="return", started_at=cmd.occurred_at, place=cmd.place, basis=order, giver=giver,
                         receiver=receiver, case_id=items[0].case_id, receiver_agency_id=None,
                         letters={"giver": cmd.giver.letter_number if cmd.giver else ""}, details=details,
                         extra_slots=_reseal_slots(s, cmd.reseal, (giver, receiver)))
    if responsibility.person_has_seat(s, giver.id, ho.giver_agency_id):
        ho.acceptance = "pending"  # the giver confirms from his seat that he gave these back (issue 13)
    # BLTTHS Điều 90.3; ND 142/2024 Art 11: a seal that came back broken is an incident, reported, and the return
    # record says so; resealed now (ND 127/2017), the broken seal is recorded first, then the new one
    broken = [i for i in items if i.sealed and cmd.seal_intact is False]
    incident = _seal_incident(uow, broken, cmd, ho, giver) if broken and cmd.reseal else None
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
        incident = _seal_incident(uow, broken, cmd, ho, giver)
    if nfc(cmd.damage):  # ND 142/2024 Điều 11: damage found as they come back is reported (LEGAL-RULES R23)
        from .incidents import open_damage_incident
        damage = open_damage_incident(uow, items, "return", cmd.damage, occurred_at=cmd.occurred_at,
                                      related_handover=ho.number)
        ho.details = json.dumps(json.loads(ho.details or "{}") | {
            "damage_incident": damage.number, "damage": nfc(cmd.damage),
            "damage_report_to": json.loads(damage.details)["report_to"]}, ensure_ascii=False, sort_keys=True)
    if incident is not None:
        details = json.loads(ho.details or "{}")
        ho.details = json.dumps(details | {"seal_incident": incident.number,
                                           "seal_incident_report_to": json.loads(incident.details)["report_to"],
                                           "broken_codes": [i.code for i in broken]},
                                ensure_ascii=False, sort_keys=True)
    return workflow.finish(uow, items, ho, case_id=items[0].case_id,
                    seal_incident=json.loads(ho.details).get("seal_incident", ""),
                    damage_incident=json.loads(ho.details).get("damage_incident", ""))


def _seal_incident(uow, broken: list[Item], cmd: ReturnItems, ho, giver: Person):
    """The person bringing the items back is present at the finding and witnesses it (BLTTHS Điều 133; ND 142/2024
    Điều 11), as the custodian handing back entrusted items does (services.custody.recall_items)."""
    return open_seal_incident(uow, broken, "return", _("Niêm phong có dấu hiệu bóc mở, rách hoặc mất khi nhận lại "
                                                       "sau tạm xuất"),
                              occurred_at=cmd.occurred_at, related_handover=ho.number, witness=giver)


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


RESEAL_ROLES = (("resealer", "sealed_by"), ("reseal_witness", "witnesses"))


def _reseal_slots(session, reseal, sides) -> list:
    """Who opened and sealed again and who witnessed it sign the return record that names them, each in a place of
    their own (issue #12; ND 127/2017 Điều 6, 8; BLTTHS Điều 133: every participant signs). "Họ tên, chức vụ": the
    name signs, not the line. A person who already signs as giver or receiver signs once."""
    if reseal is None:
        return []
    lines = [(role, line) for role, field in RESEAL_ROLES for line in _named(getattr(reseal, field))]
    names = [split_line(line)[0] for _role, line in lines]
    keep = without_repeats(names, [p.full_name for p in sides if p is not None])
    return [(lines[k][0], persistence.get_or_create_person(session, PersonInput(
        full_name=names[k], position=split_line(lines[k][1])[1]), required_field="participants")) for k in keep]


def _named(people) -> list[str]:
    return [nfc(p) for p in people if nfc(p)]


def _reseal_participants(reseal) -> list[str]:
    """Everyone who took part, as the ledger lists them: as given, or who sealed again then who witnessed."""
    return _named(reseal.participants) or _named(reseal.sealed_by) + _named(reseal.witnesses)


def _check_reseal(cmd: ReturnItems) -> None:
    if cmd.reseal is None:
        return
    if not nfc(cmd.reseal.new_seal_number):
        raise ValidationError("seal_number_required", field="seal_number")
    if not _reseal_participants(cmd.reseal):
        raise ValidationError("participants_required", field="participants")
    # the record says who sealed again and who witnessed it, never a list of names without their part (issue #12;
    # ND 127/2017: an organiser and a witness — LEGAL-RULES R16)
    if not _named(cmd.reseal.sealed_by):
        raise ValidationError("reseal_roles_required", field="participants")
    if not _named(cmd.reseal.witnesses):
        raise ValidationError("reseal_roles_required", field="reseal_witnesses")


def _return_basis(uow, cmd: ReturnItems, item: Item) -> Document:
    if cmd.order is not None:
        return workflow.basis(uow.session, cmd.order, Move.RETURN, case_id=item.case_id)
    doc_id = uow.session.scalar(select(CustodyEvent.document_id).where(
        CustodyEvent.item_id == item.id, CustodyEvent.kind == Move.RELEASE_TEMPORARY.value)
        .order_by(CustodyEvent.seq.desc()).limit(1))
    if doc_id is None:
        raise TransitionRefused("basis_required", move=Move.RETURN.value)
    return uow.session.get(Document, doc_id)


def _seal_status_in(item: Item, intact: bool | None) -> str:
    if not item.sealed:
        return "none"
    return "intact" if intact else "broken"


def _reseal(uow, item: Item, cmd: ReturnItems) -> str:
    """Two ledger events, as ND 127/2017 wants: the unsealing while out, then the new seal."""
    participants = _reseal_participants(cmd.reseal)
    roles = {"resealed_by": _named(cmd.reseal.sealed_by), "witnesses": _named(cmd.reseal.witnesses)}
    previous = item.seal_number
    if item.sealed:
        persistence.record(uow, item, "unseal", {"set": persistence.change_item(item, sealed=False), "previous_seal": previous,
                                       "participants": participants, "reason": nfc(cmd.reseal.reason)} | roles,
                 occurred_at=cmd.occurred_at)
    data = {"set": persistence.change_item(item, sealed=True, seal_number=cmd.reseal.new_seal_number),
            "previous_seal": previous, "participants": participants, "reason": nfc(cmd.reseal.reason)} | roles
    persistence.record(uow, item, "reseal", data, occurred_at=cmd.occurred_at)
    return "resealed"
