"""Custody outside the warehouse (ND 142/2024 Art 15): deposit with a specialised keeper,
entrust bulky items to a custodian, recall them, and the monthly check of entrusted items
(TT 01/2017/TT-BTP Điều 12)."""

from __future__ import annotations

import json
from dataclasses import replace

from ..domain import categories
from ..domain import lifecycle_rules
from ..domain import moves
from ..domain.deadlines import DeadlineKind, add_months
from ..domain.errors import TransitionRefused, ValidationError
from ..domain.permissions import require
from ..domain.states import TERMINAL, Doc, Move, State, check_transition
from ..domain.text import nfc
from ..domain.pilot import Measure
from ..db.models import Document, Person
from ..i18n import N_, _
from . import persistence
from . import pilot
from . import approval_hold
from . import receipt_seals
from . import treasury_seals
from . import workflow
from .commands import PersonInput
from .commands import CheckEntrusted, DepositItems, EntrustItems, RecallItems
from .queries import awaiting_carry_out
from .receipt_seals import stated_seals
from .results import Changes

PILOT_KEYS = ("pilot_measure", "pilot_reference")  # what services.pilot.custody_check adds to the record

def deposit_items(uow, cmd: DepositItems) -> Changes:
    """Cash, gold → Kho bạc; military weapons, explosives → Bộ CHQS; poisons → specialised facility. The items
    leave the warehouse: prepared by the clerk, carried out once a commander approves (ND 142/2024 Điều 4;
    services.release_approval), at once when the administrator turned the approval off."""
    require(uow.actor, "deposit_items")
    s = uow.session
    items = persistence.items_by_codes(s, cmd.codes)
    decision = workflow.basis(s, cmd.decision, Move.DEPOSIT, case_id=items[0].case_id)
    keeper = workflow.agency(s, cmd.keeper_agency_id, "keeper")
    for item in items:
        # held for its approved disposal: carried out on the item as held (BLTTHS Điều 106.1; domain.moves)
        moves.check("deposit", workflow.state(item), code=item.code, awaiting_disposal=awaiting_carry_out(s, item.id) or "")
        check_transition(Move.DEPOSIT, workflow.state(item), Doc(decision.kind))
        lifecycle_rules.check_keeper(categories.category(item.category), keeper.kind)
        approval_hold.check_not_waiting(s, item)
    # on a pilot decision: the NQ 164/2024/QH15 measure "money into the holding account" (services.pilot)
    pilot_facts = (pilot.custody_check(s, items, decision, Measure.BANK_DEPOSIT)
                   if decision.kind == Doc.PILOT_DECISION else {})
    # a person signs for the keeper, never the agency (Điều 133); he belongs to the keeper (HANDS-ON 53: one field)
    given = replace(cmd.receiver, agency_id=cmd.receiver.agency_id or keeper.id) if cmd.receiver else None
    receiver = workflow.person(s, given, "receiver")
    # each seal looked at as the items are handed to the keeper, as the clerk stated it — never «nguyên vẹn» by
    # default (ND 127/2017; ND 142/2024 Điều 11; issue #12): a sealed item nobody looked at is refused by name
    seal_states = stated_seals(items, cmd.seal_states)
    # a torn seal stated before the Kho bạc: the deposit refused, the finding recorded all the same (services.treasury_seals)
    treasury_seals.refuse_torn_package(uow, items, seal_states, given, cmd.occurred_at)
    keeper_kind = categories.category(items[0].category).deposit_to
    lifecycle_rules.check_treasury_package(
        keeper_kind, {i.code: i.case_id for i in items}, seal_states,
        any(categories.category(i.category).code in ("cash_vnd", "foreign_cash") for i in items), nfc(cmd.account))
    needs_approval = approval_hold.needs_approval(s)
    # the Kho bạc's own record, TT 135/2018/TT-BTC Mẫu 02 (LEGAL-RULES R25; services.handover_paper): marked on the
    # record, so a deposit recorded before keeps the paper (and check code) it was printed with
    treasury_form = {"form": "tt135_mau02"} if keeper.kind == "treasury" else {}
    ho = persistence.open_handover(uow, kind="deposit", started_at=cmd.occurred_at, place=keeper_place(keeper, cmd.place),
                         basis=decision,
                         giver=workflow.actor_person(uow), receiver=receiver, case_id=items[0].case_id,
                         receiver_agency_id=keeper.id, approver=needs_approval,
                         details={"mode": "deposit", "account": nfc(cmd.account), "seal_states": seal_states}
                         | treasury_form | pilot_facts, letters={"receiver": cmd.receiver.letter_number})
    return _hold_or_carry_out(uow, ho, items, decision, cmd.occurred_at, deposit_out, needs_approval,
                              notes=seal_states, data={"keeper_agency_id": keeper.id}, seals=seal_states)


def _hold_or_carry_out(uow, ho, items, decision, occurred_at, carry_out, needs_approval: bool, *,
                       notes: dict | None = None, data: dict | None = None, seals: dict | None = None) -> Changes:
    """The prepared deposit or entrusting waits for a commander's approval — nothing leaves until then (ND 142/2024
    Điều 4; services.release_approval carries it out) — or, the administrator having turned the approval off, is
    carried out now. ``seals``: each seal as stated at the preparation; one found broken is reported at once."""
    if needs_approval:
        approval_hold.hold(uow, ho, items, decision, occurred_at, notes=notes, data=data)
    if seals is not None:  # the lines written (by the hold, or now), then a torn seal reported before anything leaves
        receipt_seals.state_seals_out(uow, ho, items, seals, occurred_at)
    if needs_approval:
        return workflow.finish(uow, items, ho, case_id=items[0].case_id, approval=ho.approval)
    carry_out(uow, ho, items, occurred_at)
    return workflow.finish(uow, items, ho, case_id=items[0].case_id)


def keeper_place(keeper, typed: str = "") -> str:
    """Where a deposit is handed over (BLTTHS Điều 133.1: the record states the real place): what the clerk typed,
    else the keeper's premises — cash and gold are delivered to the Kho bạc, weapons to the Bộ CHQS (BLTTHS Điều
    90.1.b; TT 135/2018/TT-BTC) — by its address when the registry has it, else by its name; never the warehouse
    assumed."""
    if nfc(typed):
        return nfc(typed)
    if nfc(keeper.address or ""):
        return nfc(keeper.address)
    return N_("Trụ sở {agency}").format(agency=keeper.name)


def deposit_out(uow, ho, items, occurred_at, approval: dict | None = None) -> None:
    """The deposit takes effect: the items leave for the keeper (at once, or when the commander approves)."""
    s = uow.session
    details = json.loads(ho.details or "{}")
    decision = s.get(Document, ho.basis_document_id)
    keeper = workflow.agency(s, ho.receiver_agency_id, "keeper")
    receiver = s.get(Person, ho.receiver_id) if ho.receiver_id else None
    seal_states = details.get("seal_states") or {}
    pilot_facts = {k: details[k] for k in PILOT_KEYS if k in details}
    holder = workflow.holder_text(receiver, keeper)
    lines_written = bool(ho.lines)
    for line_no, item in enumerate(items, start=1):
        seal_state = seal_states.get(item.code, "none")  # as stated at the preparation (deposit_items)
        if not lines_written:
            persistence.add_line(uow, ho, item, line_no, note=seal_state)
        changed = workflow.leave_location(s, item)
        changed |= persistence.change_item(item, state=State.DEPOSITED.value, holder=holder)
        data = {"set": changed, "handover": ho.number, "keeper_agency_id": keeper.id,
                "account": details.get("account", ""), "seal_status": seal_state} | pilot_facts | (approval or {})
        persistence.record(uow, item, Move.DEPOSIT.value, data, document=decision, handover=ho, occurred_at=occurred_at)
    workflow.close_deadlines(s, items, [DeadlineKind.TRANSFER_IMMEDIATELY])  # Điều 90.1.b met


def entrust_items(uow, cmd: EntrustItems) -> Changes:
    """Bulky items and vehicles to the owner / custodian / commune / rented storage; opens the monthly check. The
    items leave the warehouse: prepared, then carried out once a commander approves (ND 142/2024 Điều 4)."""
    require(uow.actor, "entrust_items")
    s = uow.session
    if cmd.custodian_kind not in lifecycle_rules.CUSTODIAN_KINDS:
        raise ValidationError("unknown_custodian_kind", field="custodian_kind", kind=cmd.custodian_kind)
    items = persistence.items_by_codes(s, cmd.codes)
    decision = workflow.basis(s, cmd.decision, Move.ENTRUST, case_id=items[0].case_id)
    for item in items:
        moves.check("entrust", workflow.state(item), code=item.code, awaiting_disposal=awaiting_carry_out(s, item.id) or "")
        check_transition(Move.ENTRUST, workflow.state(item), Doc(decision.kind))
        lifecycle_rules.check_entrustable(categories.category(item.category))
        approval_hold.check_not_waiting(s, item)
    # on a pilot decision: the NQ 164/2024/QH15 hand-over for management and use (services.pilot); the item
    # leaves the warehouse and stays the case's evidence, its holder says so
    pilot_facts = pilot.custody_check(s, items, decision, Measure.USE) if decision.kind == Doc.PILOT_DECISION else {}
    custodian = workflow.person(s, cmd.custodian, "custodian")
    address = nfc(cmd.address) or custodian.address
    # the storekeeper looks at each seal as he hands the items over, never assumed intact (issue #12; ND 127/2017;
    # ND 142/2024 Điều 11, 15): stated when the items are prepared, before any approval
    seal_states = receipt_seals.stated_seals(items, cmd.seal_states)
    needs_approval = approval_hold.needs_approval(s)
    ho = persistence.open_handover(uow, kind="deposit", started_at=cmd.occurred_at, place=cmd.place or address,
                         basis=decision, giver=workflow.actor_person(uow), receiver=custodian, case_id=items[0].case_id,
                         approver=needs_approval,
                         details={"mode": "entrust", "custodian_kind": cmd.custodian_kind, "address": address,
                                  "seal_states": seal_states} | pilot_facts)
    # a seal found broken as it leaves: incident reported, the custodian who receives it witnesses (Điều 11)
    return _hold_or_carry_out(uow, ho, items, decision, cmd.occurred_at, entrust_out, needs_approval,
                              notes=seal_states, data={"custodian_kind": cmd.custodian_kind}, seals=seal_states)


def entrust_out(uow, ho, items, occurred_at, approval: dict | None = None) -> None:
    """The entrusting takes effect: the items leave for the custodian, the monthly check opens."""
    s = uow.session
    details = json.loads(ho.details or "{}")
    decision = s.get(Document, ho.basis_document_id)
    custodian = s.get(Person, ho.receiver_id)
    holder = " — ".join(x for x in (custodian.full_name, details.get("address", "")) if x)
    pilot_facts = {k: details[k] for k in PILOT_KEYS if k in details}
    if pilot_facts:
        holder = f"{holder} (giao quản lý, sử dụng theo NQ 164/2024/QH15)"[:300]  # stored as recorded (Vietnamese)
    start = workflow.day_of(occurred_at)
    seal_states = details.get("seal_states") or {}  # as stated by the storekeeper (older records: none stored)
    lines_written = bool(ho.lines)
    for line_no, item in enumerate(items, start=1):
        if not lines_written:
            persistence.add_line(uow, ho, item, line_no, note=seal_states.get(item.code, ""))
        changed = workflow.leave_location(s, item)
        changed |= persistence.change_item(item, state=State.ENTRUSTED.value, holder=holder)
        data = {"set": changed, "handover": ho.number, "custodian_kind": details.get("custodian_kind", "")} \
            | ({"seal_status": seal_states[item.code]} if item.code in seal_states else {}) \
            | pilot_facts | (approval or {})
        event = persistence.record(uow, item, Move.ENTRUST.value, data, document=decision, handover=ho,
                         occurred_at=occurred_at)
        persistence.open_deadline(s, DeadlineKind.ENTRUSTED_CHECK, start, item_id=item.id, responsible=custodian.full_name,
                        source_seq=event.seq)


def recall_items(uow, cmd: RecallItems) -> Changes:
    """Deposited or entrusted items brought back into storage on a lệnh nhập kho."""
    require(uow.actor, "return_items")
    s = uow.session
    items = persistence.items_by_codes(s, cmd.codes)
    order = workflow.basis(s, cmd.order, Move.RECALL, case_id=items[0].case_id)
    loc = workflow.target_location(s, cmd.location_code)
    for item in items:
        check_transition(Move.RECALL, workflow.state(item), Doc(order.kind))
        workflow.check_place(item, loc)
    giver = workflow.person(s, cmd.giver, "giver")  # the custodian hands them back: a person signs (Điều 133)
    # the storekeeper states each seal as he takes the items back, never assumed intact (issue #12; ND 127/2017)
    seal_states = receipt_seals.stated_seals(items, cmd.seal_states)
    ho = persistence.open_handover(uow, kind="return", started_at=cmd.occurred_at, place="", basis=order, giver=giver,
                         receiver=workflow.actor_person(uow), case_id=items[0].case_id, details={"mode": "recall"})
    for line_no, item in enumerate(items, start=1):
        persistence.add_line(uow, ho, item, line_no, note=seal_states[item.code])
        changed = persistence.change_item(item, state=State.IN_STORAGE.value, holder="")
        if nfc(cmd.condition):
            changed |= persistence.change_item(item, condition=cmd.condition)
        changed |= workflow.enter_location(item, loc)
        persistence.record(uow, item, Move.RECALL.value, {"set": changed, "handover": ho.number, "to_code": loc.code,
                                                          "seal_status": seal_states[item.code]},
                 document=order, handover=ho, occurred_at=cmd.occurred_at)
    workflow.close_deadlines(s, items, [DeadlineKind.ENTRUSTED_CHECK])
    # found broken as it comes back: incident reported, the custodian handing it back witnesses (ND 142/2024 Điều 11)
    receipt_seals.report_broken(uow, items, seal_states, ho, cmd.occurred_at, found_during="return",
                                witness_role="giver", description=_(
                                    "Niêm phong có dấu hiệu bóc mở, rách hoặc mất khi nhận lại vật chứng vào kho"))
    return workflow.finish(uow, items, ho, case_id=items[0].case_id)


def check_entrusted(uow, cmd: CheckEntrusted) -> Changes:
    """Record the monthly check (TT 01/2017 Điều 12: kế toán, thủ kho, Thủ trưởng, custodian — each by role, each
    signing in a column of his own) and roll the deadline forward one month."""
    require(uow.actor, "check_entrusted")
    s = uow.session
    if cmd.result not in lifecycle_rules.CHECK_RESULTS:
        raise ValidationError("unknown_check_result", field="result", result=cmd.result)
    for role in CHECK_ROLES:  # TT 01/2017/TT-BTP Điều 12: the accountant and the head take part, by name
        if getattr(cmd, role) is None or not (getattr(cmd, role).id or nfc(getattr(cmd, role).full_name)):
            raise ValidationError(f"check_{role}_required", field=role)
    participants = [p if isinstance(p, PersonInput) else nfc(p) for p in cmd.participants]
    participants = [p for p in participants if isinstance(p, PersonInput) or p]
    items = persistence.items_by_codes(s, cmd.codes)
    from ..db.models import Case
    from . import scope
    for case_id in sorted({i.case_id for i in items}):
        scope.require_case_write(uow, s.get(Case, case_id), "check_entrusted")
    for item in items:
        if workflow.state(item) is not State.ENTRUSTED:
            raise _not_entrusted(item)
    # TT 01/2017/TT-BTP Điều 12: the seals as found at the custodian's, stated by who looked — never assumed
    seal_states = receipt_seals.stated_seals(items, cmd.seal_states)
    checked_on = workflow.day_of(cmd.occurred_at)
    workflow.close_deadlines(s, items, [DeadlineKind.ENTRUSTED_CHECK])
    ho, names = _check_record(uow, items, cmd, participants)
    for line_no, item in enumerate(items, start=1):
        changed = persistence.change_item(item, condition=cmd.condition) if nfc(cmd.condition) else {}
        persistence.add_line(uow, ho, item, line_no, note=seal_states[item.code])
        data = {"set": changed, "result": cmd.result, "note": nfc(cmd.note), "participants": names,
                "handover": ho.number, "seal_status": seal_states[item.code]}
        event = persistence.record(uow, item, "entrusted_check", data, handover=ho, occurred_at=cmd.occurred_at)
        persistence.open_deadline(s, DeadlineKind.ENTRUSTED_CHECK, checked_on, item_id=item.id,
                        due=add_months(checked_on, 1), responsible=item.holder, source_seq=event.seq)
    # a seal found broken at the check: incident reported, the custodian who keeps the items witnesses (ND 142/2024
    # Điều 11; the check record's "giver" is the custodian)
    receipt_seals.report_broken(uow, items, seal_states, ho, cmd.occurred_at, found_during="check",
                                witness_role="giver", description=_(
                                    "Niêm phong có dấu hiệu bóc mở, rách hoặc mất khi kiểm tra vật chứng giao bảo quản"))
    case_ids = {i.case_id for i in items}
    return workflow.finish(uow, items, ho, case_id=items[0].case_id if len(case_ids) == 1 else None)


CHECK_ROLES = ("accountant", "head")  # signature roles of the check record besides the custodian and the keeper


def _check_record(uow, items, cmd: CheckEntrusted, participants: list):
    """The check's record (TT 01/2017/TT-BTP Điều 12): the custodian who keeps the items (from the entrusting
    record), the storekeeper, the accountant and the head of the unit — each in his own role and signature
    column — and any other participants as named ("họ tên, chức vụ" lines or persons), at the place where the items
    are kept. Each person signs once: a participant who signs in one of these roles is not listed again. Returns
    the record and the names of everyone who took part (for the ledger event)."""
    import json
    from sqlalchemy import select
    from ..db.models import Handover, HandoverLine, Person
    s = uow.session
    entrust = s.scalars(select(Handover).join(HandoverLine, HandoverLine.handover_id == Handover.id)
                        .where(HandoverLine.item_id == items[0].id, Handover.kind == "deposit",
                               Handover.status != "void")
                        .order_by(Handover.id.desc())).first()
    details = json.loads(entrust.details or "{}") if entrust is not None else {}
    custodian = s.get(Person, entrust.receiver_id) if entrust is not None and entrust.receiver_id else None
    keeper = workflow.actor_person(uow) if "clerk" in uow.actor.roles else True
    from ..domain.participants import split_line, without_repeats
    inputs = [p if isinstance(p, PersonInput) else PersonInput(full_name=split_line(p)[0],
                                                              position=split_line(p)[1]) for p in participants]
    named = [persistence.get_or_create_person(s, p).full_name if p.id else nfc(p.full_name)
             for p in inputs]  # a person given by id is read, never created
    by_role = [(role, persistence.get_or_create_person(s, getattr(cmd, role), required_field=role))
               for role in CHECK_ROLES]
    signing = [custodian.full_name if custodian is not None else "",
               keeper.full_name if keeper is not True and keeper is not None else ""] + [p.full_name for _r, p in by_role]
    others = [persistence.get_or_create_person(s, inputs[k], required_field="participants")
              for k in without_repeats(named, signing)]
    case_ids = {i.case_id for i in items}
    ho = persistence.open_handover(uow, kind="check", started_at=cmd.occurred_at, place=details.get("address", ""),
                         basis=None, giver=custodian, receiver=None, receiver_slot=False,
                         case_id=items[0].case_id if len(case_ids) == 1 else None, keeper=keeper,
                         extra_slots=by_role + [("participant", p) for p in others],
                         details={"result": cmd.result, "note": nfc(cmd.note), "condition": nfc(cmd.condition)})
    s.flush()
    for sig in ho.signatures:  # the custodian keeps the items: he signs as such, not as a giver
        if sig.role == "giver":
            sig.role = "custodian"
    return ho, [n for n in signing if n] + [p.full_name for p in others]


def _not_entrusted(item) -> TransitionRefused:
    if workflow.state(item) in TERMINAL:
        return TransitionRefused("item_disposed", state=item.state, move="entrusted_check")
    return TransitionRefused("transition_refused", state=item.state, move="entrusted_check")
