"""The owner never came (Luật THADS 2008 sửa đổi 2014 Điều 126; LEGAL-RULES §2; domain.unclaimed).

Money: 15 days after the notice of the QĐ trả lại tiền, tài sản the THADS agency puts it on a non-term savings deposit
in the owner's favour (``deposit_savings``). The storekeeper hands the cash to the bank's receiving person; the item
leaves the shelf (a phiếu xuất kho is due: it physically left) into State.SAVINGS — still the owner's money under the
case, with the bank, branch and savings book number on the item's holder and in the ledger. The approved return it
replaces is void (the owner did not come: nothing was handed to him); its 15-day deadline closes at the act, the
5 years from the judgment's legal effect stay open. From the savings deposit a new return pays the owner when he comes,
or the money goes to the state budget after the 5 years (domain.states.SAVINGS_OUTCOMES; ``check_from_savings``).

Property: 3 months after the notice it is sold (``check_unclaimed_sale``, a sale disposal whose proceeds go to a
savings deposit: services.disposal_details)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..domain import unclaimed as rules
from ..domain.chronology import local_day
from ..domain.deadlines import DeadlineKind
from ..domain.errors import DomainError, TransitionRefused, ValidationError
from ..domain.permissions import require
from ..domain.records import Approval, RecordStatus, check_end_time
from ..domain.states import Doc, Move, State, check_transition
from ..domain.text import nfc
from ..db.models import Case, Deadline, Document, Handover, HandoverLine, Item, Person
from ..i18n import _
from . import persistence, scope, workflow
from .commands import DepositSavings
from .receipt_seals import state_seals_out, stated_seals
from .results import Changes
from ..domain import chronology

SAVINGS_MODE = "savings"


def open_deadline(s, item: Item, kind: DeadlineKind) -> Deadline | None:
    return s.scalars(select(Deadline).where(Deadline.item_id == item.id, Deadline.kind == kind.value,
                                            Deadline.closed_at.is_(None)).order_by(Deadline.id.desc())).first()


def _due(s, item: Item, kind: DeadlineKind) -> date | None:
    d = open_deadline(s, item, kind)
    return d.due_on if d is not None else None


def unclaimed_return(s, item: Item) -> Handover | None:
    """The item's return (QĐ trả lại) not carried out: the act the owner never came to."""
    for ho in s.scalars(select(Handover).join(HandoverLine, HandoverLine.handover_id == Handover.id)
                        .where(HandoverLine.item_id == item.id, Handover.kind == "disposal",
                               Handover.status == RecordStatus.DRAFT, Handover.ended_at.is_(None),
                               Handover.approval.in_((Approval.PENDING, Approval.APPROVED)))
                        .order_by(Handover.id.desc())):
        if json.loads(ho.details or "{}").get("outcome") == State.RETURNED.value:
            return ho
    return None


def return_decision(s, ho: Handover) -> Document:
    """The QĐ trả lại tiền, tài sản of the return: its basis, or the return decision it carried."""
    ids = [ho.basis_document_id] + ho.extra_document_id_list
    docs = [s.get(Document, i) for i in ids if i]
    return next((d for d in docs if d.kind == Doc.RETURN_DECISION.value), docs[0])


def deposit_savings(uow, cmd: DepositSavings) -> Changes:
    """Gửi tiết kiệm không kỳ hạn the money nobody came for (Luật THADS Điều 126), refused before its day (given),
    for anything but cash, without the bank, branch, book number, the amount (the denominations' total) or the bank's
    receiving person. The record is open for signature at once: the act has ended (its real end time is entered)."""
    require(uow.actor, "record_disposal")
    s = uow.session
    item = persistence.items_by_codes(s, (cmd.code,))[0]
    scope.require_case_write(uow, s.get(Case, item.case_id), "record_disposal")
    started, ended = _times(cmd)
    rules.check_savings(item.category, _due(s, item, DeadlineKind.UNCLAIMED_MONEY), local_day(started))
    ret = unclaimed_return(s, item)
    if ret is None:
        raise TransitionRefused("savings_no_notice")
    if ret.approval != Approval.APPROVED:
        raise TransitionRefused("savings_return_not_approved", handover=ret.number)
    decision = return_decision(s, ret)
    check_transition(Move.SAVINGS, workflow.state(item), Doc(decision.kind))
    rules.check_savings_fields(bank=nfc(cmd.bank), branch=nfc(cmd.branch), account=nfc(cmd.account),
                               amount=cmd.amount,
                               recorded_total=rules.recorded_total(json.loads(item.attributes or "{}")))
    receiver = _bank_person(s, cmd)
    seals = stated_seals([item], cmd.seal_states)  # looked at as the money leaves: never «nguyên vẹn» by default
    keeper = _keeper(uow, cmd)
    maker = workflow.actor_person(uow)
    bank = f"{nfc(cmd.bank)} – {nfc(cmd.branch)}"
    ret_details = json.loads(ret.details or "{}")
    owner = s.get(Person, ret.receiver_id) if ret.receiver_id else None
    details = {"mode": SAVINGS_MODE, "bank": nfc(cmd.bank), "branch": nfc(cmd.branch), "account": nfc(cmd.account),
               "amount": int(cmd.amount), "return_handover": ret.number, "notice_on": ret_details.get("notice_on", ""),
               "owner": owner.full_name if owner else "", "owner_id": owner.id_number if owner else ""}
    currency = _currency(item)
    if currency:  # foreign money is deposited in its currency, not in đồng
        details["currency"] = currency
    witnesses = [workflow.person(s, w, "witness") for w in cmd.witnesses]
    ho = persistence.open_handover(
        uow, kind="deposit", started_at=started, place=nfc(cmd.place) or bank, basis=decision, giver=keeper,
        receiver=receiver, witnesses=witnesses, case_id=item.case_id, details=details, notes=cmd.note,
        extra_slots=[("maker", maker)] if maker is not None and maker.id != keeper.id else [])
    ho.ended_at, ho.status = ended, RecordStatus.OPEN
    # the line keeps the seal as stated; one found broken or missing: the incident, the bank's receiving person as
    # witness (ND 142/2024 Điều 11)
    state_seals_out(uow, ho, [item], seals, started, found_during="release",
                    description=_("Niêm phong có dấu hiệu bóc mở, rách hoặc mất khi giao tiền gửi tiết kiệm"))
    changed = workflow.leave_location(s, item)
    holder = f"{bank}, sổ tiết kiệm số {nfc(cmd.account)}"
    changed |= persistence.change_item(item, state=State.SAVINGS.value, holder=holder)
    persistence.record(uow, item, Move.SAVINGS.value, {
        "set": changed, "handover": ho.number, "bank": nfc(cmd.bank), "branch": nfc(cmd.branch),
        "account": nfc(cmd.account), "amount": int(cmd.amount), "return_handover": ret.number,
        "ended_at": ended.isoformat()}, document=decision, handover=ho, occurred_at=started)
    workflow.close_deadlines(s, [item], [DeadlineKind.UNCLAIMED_MONEY, DeadlineKind.TRANSFER_IMMEDIATELY], at=started)
    # the return did not happen: the owner never came (its record prints void, saying where the money went)
    ret.status = RecordStatus.VOID
    ret.details = json.dumps(ret_details | {"unclaimed": ho.number, "unclaimed_mode": SAVINGS_MODE},
                             ensure_ascii=False, sort_keys=True)
    return workflow.finish(uow, [item], ho, case_id=item.case_id, status=ho.status)


def _currency(item: Item) -> str:
    """Foreign money's currency as recorded at intake; "" for đồng."""
    if item.category != "foreign_cash":
        return ""
    return nfc(str(json.loads(item.attributes or "{}").get("currency") or ""))


def _times(cmd):
    """The real start and end of the act (BLTTHS Điều 133.1: never the start copied, never in the future)."""
    if cmd.started_at is None:
        raise ValidationError("savings_start_required", field="started_at")
    if cmd.ended_at is None:
        raise ValidationError("savings_end_required", field="ended_at")
    started, ended = persistence.as_utc(cmd.started_at), persistence.as_utc(cmd.ended_at)
    if started > persistence.utcnow():  # an act is recorded once it has happened
        raise ValidationError("savings_start_in_future", field="started_at")
    problem = check_end_time(started, ended, persistence.utcnow())
    if problem:
        raise ValidationError(f"savings_{problem}", field="ended_at")
    return started, ended


def _bank_person(s, cmd) -> Person:
    """The bank's receiving person: name, position and identity number (a person signs, never the bank)."""
    p = cmd.receiver
    if p is None or not (p.id or (nfc(p.full_name) and nfc(p.position) and nfc(p.id_number))):
        raise ValidationError("savings_receiver_required", field="receiver")
    return workflow.person(s, p, "receiver")


def _keeper(uow, cmd) -> Person:
    """The storekeeper who hands the money over: the one named, else the acting clerk."""
    keeper = workflow.person(uow.session, cmd.keeper, "keeper", required=False)
    if keeper is None and "clerk" in uow.actor.roles:
        keeper = workflow.actor_person(uow)
    if keeper is None:
        raise ValidationError("savings_keeper_required", field="keeper")
    return keeper


def unclaimed_sale(s, items, outcome: State, cmd) -> dict:
    """A sale of property nobody came for (Luật THADS Điều 126): property only, each item's 3 months from the notice
    run (the day given when not), its return not carried out; the proceeds' savings deposit named — bank and branch
    here, the book / account number as the sale's holding account (required for every sale). What the record keeps:
    each item's return, the notice, the bank."""
    if outcome is not State.SOLD:
        raise TransitionRefused("invalid_outcome", outcome=outcome.value)
    returns, notices = {}, []
    for item in items:
        rules.check_unclaimed_sale(item.category, _due(s, item, DeadlineKind.UNCLAIMED_PROPERTY), workflow.day_of(cmd.occurred_at))
        ret = unclaimed_return(s, item)
        if ret is None:
            raise TransitionRefused("unclaimed_sale_no_notice")
        returns[item.code] = ret.number
        notices.append(json.loads(ret.details or "{}").get("notice_on", ""))
    if not nfc(cmd.savings_bank):
        raise ValidationError("unclaimed_sale_bank_required", field="savings_bank")
    return {"returns": returns, "notice_on": max(notices), "bank": nfc(cmd.savings_bank)}



def proceeds_holder(sale: dict, details: dict) -> str:
    """What the item page says holds the value of the item sold: the proceeds' savings deposit."""
    return f"Tiền bán gửi tiết kiệm: {sale['bank']}, sổ tiết kiệm số {details.get('holding_account', '')}"


def void_unclaimed_returns(s, details: dict, sale_number: str) -> None:
    """At the sale of unclaimed property the returns it replaces did not happen: void, saying why (Điều 126)."""
    for number in sorted(set((details.get("unclaimed_sale") or {}).get("returns", {}).values())):
        ret = workflow.handover_by_number(s, number)
        if ret.status == RecordStatus.DRAFT and ret.ended_at is None:
            ret.status = RecordStatus.VOID
            ret.details = json.dumps(json.loads(ret.details or "{}") | {"unclaimed": sale_number,
                                                                        "unclaimed_mode": "sale"},
                                     ensure_ascii=False, sort_keys=True)


def check_from_savings(s, item: Item, outcome: State, today: date) -> None:
    """A disposal of money on savings (domain.states.SAVINGS_OUTCOMES): the state budget only after the 5 years."""
    if workflow.state(item) is State.SAVINGS:
        rules.check_savings_confiscation(outcome, _due(s, item, DeadlineKind.UNCLAIMED_CONFISCATION), today)


def savings_of(s, item: Item) -> dict:
    """The savings deposit the item's money is on (bank, branch, account, amount, record), from its last act."""
    from ..db.models import CustodyEvent
    data = s.scalar(select(CustodyEvent.data).where(CustodyEvent.item_id == item.id,
                                                    CustodyEvent.kind == Move.SAVINGS.value)
                    .order_by(CustodyEvent.seq.desc()).limit(1))
    return json.loads(data) if data else {}


@dataclass(frozen=True)
class SavingsForm:
    """What the savings dialog shows of the item: the money, the owner and notice, the day it becomes possible, and
    why it is not possible now (the service's own refusal), or None."""

    code: str
    name: str
    amount: int | None  # the denominations' total recorded at intake
    owner: str
    notice_on: str
    due_on: date | None
    return_number: str
    refusal: DomainError | None
    storekeepers: tuple[tuple[int, str], ...] = ()  # (person id, name) of the warehouse's storekeepers: who gives
    currency: str = ""  # foreign money's currency ("" : đồng)
    seal_number: str = ""  # the seal the storekeeper looks at as the money leaves ("" : not sealed)


def savings_form(uow, code: str) -> SavingsForm:
    require(uow.actor, "record_disposal")

    def check(item, due, ret):
        rules.check_savings(item.category, due, chronology.today())
        if ret is None:
            raise TransitionRefused("savings_no_notice")
        if ret.approval != Approval.APPROVED:
            raise TransitionRefused("savings_return_not_approved", handover=ret.number)
        check_transition(Move.SAVINGS, workflow.state(item), Doc.RETURN_DECISION)
    item, facts, refusal = _form(uow, code, DeadlineKind.UNCLAIMED_MONEY, check)
    return SavingsForm(item.code, item.name, rules.recorded_total(json.loads(item.attributes or "{}")), *facts,
                       refusal, storekeepers(uow.session), _currency(item),
                       item.seal_number if item.sealed else "")


def _form(uow, code: str, deadline: DeadlineKind, check):
    """What both unclaimed dialogs show of the item: the item, (owner, notice day, the day the limit ends, the return
    waiting for the owner), and the service's own reason why the act is not possible now (``check``), or None."""
    s = uow.session
    item = persistence.item_by_code(s, code, for_update=False)
    scope.require_case_visible(uow, item.case_id, "record_disposal")
    due = _due(s, item, deadline)
    ret = unclaimed_return(s, item)
    refusal = None
    try:
        check(item, due, ret)
    except DomainError as e:
        refusal = e
    owner = s.get(Person, ret.receiver_id) if ret is not None and ret.receiver_id else None
    facts = (owner.full_name if owner else (item.owner_name or ""),
             json.loads(ret.details or "{}").get("notice_on", "") if ret is not None else "", due,
             ret.number if ret is not None else "")
    return item, facts, refusal


def storekeepers(s) -> tuple[tuple[int, str], ...]:
    """The storekeepers (active users with the clerk role, and their persons) one of whom hands the money over."""
    from ..db.models import User
    rows = s.execute(select(Person.id, Person.full_name, User.roles).join(User, User.person_id == Person.id)
                     .where(User.active.is_(True)).order_by(Person.full_name)).all()
    from ..domain.permissions import roles_of
    return tuple((pid, name) for pid, name, roles in rows if "clerk" in roles_of(roles))


def sale_form(uow, code: str) -> SavingsForm:
    """What the unclaimed-sale dialog shows: the item, the owner and notice, the day the 3 months end, and why a sale
    is not possible now (the service's own refusal), or None."""
    require(uow.actor, "record_disposal")

    def check(item, due, ret):
        rules.check_unclaimed_sale(item.category, due, chronology.today())
        if ret is None:
            raise TransitionRefused("unclaimed_sale_no_notice")
        check_transition(Move.DISPOSE, workflow.state(item), Doc.SALE_DECISION, State.SOLD)
    item, facts, refusal = _form(uow, code, DeadlineKind.UNCLAIMED_PROPERTY, check)
    return SavingsForm(item.code, item.name, None, *facts, refusal)
