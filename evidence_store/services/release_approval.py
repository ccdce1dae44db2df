"""The second consent before items leave the warehouse (ND 142/2024 Điều 4: nothing leaves without both the person
who ordered it and the warehouse's manager; LEGAL-RULES R22). Every act that takes items out — a tạm xuất, a
chuyển kho to THADS (a transfer with ``move_out``), a deposit with a specialised keeper (Kho bạc, Bộ CHQS…) and an
entrusting (giao bảo quản) — is prepared by the clerk with its items on their shelves ("chờ duyệt xuất"); a commander
other than the clerk approves it (the act is carried out then) or refuses it with the reason; the person who prepared
it may withdraw it while it waits. One setting (``release_needs_approval``, the law's default on), one permission
(``approve_release``), one inbox task ("Duyệt xuất kho") and one dialog for all of them."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from ..domain import codes as code_format
from ..domain import moves
from ..domain.errors import PermissionDenied, TransitionRefused, ValidationError
from ..domain.chronology import check_not_before_record
from ..domain.records import Approval, RecordStatus
from ..domain.permissions import require
from ..domain.states import Doc, State, check_transition
from ..domain.text import nfc
from ..i18n import N_
from ..db.models import Document, Item, Signature, User
from ..error_texts import register
from . import custody
from . import persistence
from . import requests
from . import workflow
from .commands import DecideRelease
from .approval_hold import ACTS, OUT_KINDS, act_of, events as _events
from .queries import awaiting_carry_out, proposed_disposal
from .release import _take_out
from .results import Changes
from .transfer import offer_or_apply

register("release_not_pending", N_("Biên bản {handover} không phải biên bản xuất kho đang chờ lãnh đạo duyệt"))
register("same_release_approver", N_("Người duyệt xuất kho phải khác người đã lập biên bản xuất {handover} (NĐ "
                                     "142/2024/NĐ-CP Điều 4: vật chứng chỉ ra khỏi kho khi có sự đồng ý của cả người "
                                     "ra lệnh và người quản lý kho)"))
register("release_item_changed", N_("Vật chứng {code} không còn ở trong kho (trạng thái «{state}») kể từ khi lập phiếu "
                                     "xuất {handover}: không duyệt xuất được — hãy không duyệt phiếu này, ghi lý do"))
register("release_seal_changed", N_("Niêm phong {seal} của {code} đã thay đổi kể từ khi lập phiếu {handover} (báo rách, "
                                    "mất hoặc niêm phong lại), phiếu ghi «nguyên vẹn»: người lập phiếu rút phiếu và "
                                    "lập lại với tình trạng niêm phong hiện tại"))
register("release_not_withdrawable", N_("Chỉ người đã lập biên bản xuất {handover} mới rút được biên bản đang chờ "
                                        "duyệt"))
register("approval_before_release", N_("Thời điểm duyệt xuất không được trước thời điểm lập phiếu xuất {handover} "
                                       "({date})"))
register("release_decision_before_preparation", N_("Thời điểm quyết định ({date}) không được trước thời điểm lập phiếu "
                                                  "xuất {handover} ({basis}; BLTTHS Điều 132, 133)"))


def _pending_release(s, number: str):
    ho = workflow.handover_by_number(s, number)
    if ho.kind not in OUT_KINDS or ho.approval != Approval.PENDING:
        raise TransitionRefused("release_not_pending", handover=ho.number)
    return ho


def _same_person(uow, ho) -> bool:
    """The clerk who prepared the release, by account or by person (one person with two accounts is one person)."""
    if ho.created_by is not None and ho.created_by == uow.actor.user_id:
        return True
    preparer = uow.session.get(User, ho.created_by) if ho.created_by else None
    return bool(preparer is not None and preparer.person_id and preparer.person_id == uow.actor.person_id)


def approve_release(uow, cmd: DecideRelease) -> Changes:
    """A commander other than the clerk approves the prepared act: the items leave now (ND 142/2024 Điều 4), the
    ledger event naming the clerk who prepared it and the commander who approved it. The items' state is checked
    again: one moved, deposited or held for disposal since the preparation is refused by name."""
    require(uow.actor, "approve_release")
    s = uow.session
    ho = _pending_release(s, cmd.handover_number)
    if _same_person(uow, ho):  # the approver is the manager, never the clerk himself (Điều 4: both must consent)
        raise PermissionDenied("same_release_approver", handover=ho.number, action="approve_release")
    act = act_of(ho)
    key, move, _permission = ACTS[act]
    items = _line_items(s, ho)
    basis = s.get(Document, ho.basis_document_id)
    for item in items:  # the item may have changed since the preparation: refused by name
        if workflow.state(item) is not State.IN_STORAGE:
            raise TransitionRefused("release_item_changed", code=item.code, state=item.state, handover=ho.number)
        moves.check(key, workflow.state(item), code=item.code, awaiting_disposal=awaiting_carry_out(s, item.id) or "")
        check_transition(move, workflow.state(item), Doc(basis.kind))
        if proposed_disposal(s, item.id):  # one act at a time (a proposal made before this rule existed)
            raise TransitionRefused("removal_disposal_proposed", code=item.code, handover=proposed_disposal(s, item.id))
    _check_seals_as_stated(ho, items)
    at = persistence.as_utc(cmd.occurred_at) if cmd.occurred_at else persistence.utcnow()
    if at < persistence.as_utc(ho.started_at) - timedelta(seconds=1):  # never before the act it approves
        from ..formatting import wall_time
        raise TransitionRefused("approval_before_release", handover=ho.number,
                                date=wall_time(ho.started_at).strftime("%d/%m/%Y %H:%M"))
    preparer = s.get(User, ho.created_by) if ho.created_by else None
    person = workflow.actor_person(uow)
    approval = {"prepared_by": preparer.username if preparer else "", "approved_by": uow.actor.username}
    _mark_approver(uow, ho, person)
    ho.approval = Approval.APPROVED
    details = json.loads(ho.details or "{}")
    ho.details = json.dumps(details | approval | {"prepared_at": persistence.as_utc(ho.started_at).isoformat(),
                                                  "approved_at": at.isoformat(),
                                                  "approved_by_name": person.full_name if person else ""},
                            ensure_ascii=False, sort_keys=True, default=str)
    ho.started_at = at  # the handing over happens once approved: the record and the slip are dated on it
    return _carry_out(uow, act, ho, items, cmd.occurred_at, approval)


def _check_seals_as_stated(ho, items: list[Item]) -> None:
    """The record prepared says each seal was intact when the clerk looked: a seal reported torn or missing since
    then (services.seals), or sealed again under another number, would leave with a record stating what is no longer
    true (issue #12) — refused by name; the clerk withdraws the act and prepares it again."""
    by_id = {i.id: i for i in items}
    for line in ho.lines:
        item = by_id.get(line.item_id)
        if item is not None and line.note == "intact" and (not item.sealed or item.seal_number != line.seal_number):
            raise TransitionRefused("release_seal_changed", code=code_format.parse_code(item.code).display,
                                    seal=line.seal_number, handover=ho.number)


def _carry_out(uow, act: str, ho, items: list[Item], occurred_at, approval: dict) -> Changes:
    """The approved act, done as it would have been without the approval step."""
    if act == "release":
        requests.release_approved(uow, ho)
        _take_out(uow, ho, items, occurred_at, approval)
        return workflow.finish(uow, items, ho, case_id=ho.case_id, approval=ho.approval)
    if act == "transfer_out":
        return offer_or_apply(uow, ho, items, occurred_at)
    (custody.deposit_out if act == "deposit" else custody.entrust_out)(uow, ho, items, occurred_at, approval)
    return workflow.finish(uow, items, ho, case_id=ho.case_id, approval=ho.approval)


def reject_release(uow, cmd: DecideRelease) -> Changes:
    """The commander refuses the prepared act, with the reason: the items stay on their shelves, the record is
    void; a request it answered is open again for another release."""
    require(uow.actor, "approve_release")
    s = uow.session
    if not nfc(cmd.reason):
        raise ValidationError("reason_required", field="reason")
    ho = _pending_release(s, cmd.handover_number)
    if _same_person(uow, ho):
        raise PermissionDenied("same_release_approver", handover=ho.number, action="approve_release")
    act = act_of(ho)
    extra = {"act": act} if act != "release" else {}
    return _void(uow, ho, Approval.REJECTED, _events(act)[1],
                 {"handover": ho.number} | extra | {"reason": nfc(cmd.reason), "rejected_by": uow.actor.username},
                 {"rejected_by": uow.actor.username, "reason": nfc(cmd.reason)}, cmd.occurred_at)


def withdraw_release(uow, cmd: DecideRelease) -> Changes:
    """The person who prepared an act still waiting for approval withdraws it, with the reason (the receiver did
    not come, a wrong item was scanned): nothing left, the record is void; a request it answered is open again."""
    s = uow.session
    ho = _pending_release(s, cmd.handover_number)
    act = act_of(ho)
    if act == "release":
        require(uow.actor, "release_items")
    else:  # the permission the act was prepared with (transfer_responsibility, deposit_items, entrust_items)
        require(uow.actor, ACTS[act][2])
    if ho.created_by != uow.actor.user_id:
        raise TransitionRefused("release_not_withdrawable", handover=ho.number)
    if not nfc(cmd.reason):
        raise ValidationError("reason_required", field="reason")
    extra = {"act": act} if act != "release" else {}
    return _void(uow, ho, Approval.WITHDRAWN, _events(act)[2],
                 {"handover": ho.number} | extra | {"reason": nfc(cmd.reason)},
                 {"withdrawn_by": uow.actor.username, "reason": nfc(cmd.reason)}, cmd.occurred_at)


def _void(uow, ho, approval: Approval, event: str, data: dict, facts: dict, occurred_at) -> Changes:
    """The act did not happen: one ledger event per item, the record void, a request it answered open again. Never
    dated before the act was prepared (BLTTHS Điều 132, 133)."""
    check_not_before_record("release_decision_before_preparation", occurred_at, ho.started_at, handover=ho.number)
    items = _line_items(uow.session, ho)
    for item in items:
        persistence.record(uow, item, event, data, handover=ho, occurred_at=occurred_at)
    ho.status, ho.approval = RecordStatus.VOID, approval
    details = json.loads(ho.details or "{}")
    ho.details = json.dumps(details | facts, ensure_ascii=False, sort_keys=True, default=str)
    requests.release_rejected(uow, ho)
    return workflow.finish(uow, items, ho, case_id=ho.case_id, approval=ho.approval, status=ho.status)


def _line_items(s, ho) -> list[Item]:
    by_id = {i.id: i for i in s.scalars(select(Item).where(Item.id.in_([ln.item_id for ln in ho.lines])))}
    return [by_id[ln.item_id] for ln in sorted(ho.lines, key=lambda ln: ln.line_no)]


def _mark_approver(uow, ho, person) -> None:
    slot = next((sig for sig in ho.signatures if sig.role == "approver"), None)
    if slot is None:
        slot = Signature(handover_id=ho.id, role="approver")
        uow.session.add(slot)
    slot.person_id = person.id if person else None
    slot.person_name = person.full_name if person else uow.actor.full_name or uow.actor.username
