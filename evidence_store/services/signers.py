"""Who signs a record, after it was opened: a signature done again before completion, and a witness or leader
added (BLTTHS Điều 133; HANDS-ON 55, 56). A signed slot is never changed (database trigger, H14): a redo opens a
fresh slot for the same person and role and lists the old slot as superseded in the record's details; readers
and printing see only the live slots, the ledger keeps both and the reason."""

from __future__ import annotations

import json

from ..domain.errors import TransitionRefused, ValidationError
from ..domain.permissions import require
from ..domain.text import nfc
from ..db.models import Handover, Signature
from ..i18n import N_
from ..error_texts import register as register_message
from . import persistence
from .commands import AddSigner, RedoSignature
from .results import Changes
from .signature_slots import live, superseded

ADDABLE_ROLES = ("witness", "head")

register_message("redo_reason_required", N_("Ghi lý do ký lại (ví dụ: ghi nhầm lý do từ chối ký)"))
register_message("slot_not_signed_yet", N_("Ô ký «{role}» chưa ký: không có gì để ký lại"))
register_message("signer_role_not_addable", N_("Chỉ thêm được người chứng kiến hoặc thủ trưởng đơn vị (vai trò «{role}»)"))
register_message("signer_already_on_record", N_("{name} đã có tên trong biên bản với vai trò «{role}»"))


def redo_signature(uow, cmd: RedoSignature) -> Changes:
    from .handovers import _done, _event, _open
    require(uow.actor, "sign_handover")
    ho = _open(uow.session, cmd.handover_number)
    reason = nfc(cmd.reason)
    if not reason:
        raise ValidationError("redo_reason_required", field="reason")
    slot = next((s for s in live(ho) if s.id == cmd.slot_id), None)
    if slot is None:
        from ..domain.errors import NotFound
        raise NotFound("signature_slot_not_found", id=cmd.slot_id)
    if slot.status == "pending":
        raise TransitionRefused("slot_not_signed_yet", role=slot.role)
    # the witness of a refusal or fingerprint goes with it: the redone slot may be signed plainly
    gone = [slot] + [s for s in live(ho) if s.witness_for == slot.id]
    fresh = Signature(handover_id=ho.id, role=slot.role, person_id=slot.person_id, person_name=slot.person_name,
                      letter_number=slot.letter_number or "", witness_for=slot.witness_for)
    uow.session.add(fresh)
    uow.session.flush()
    ho.signatures.append(fresh)
    details = json.loads(ho.details or "{}")
    details["superseded_slots"] = sorted(superseded(ho) | {s.id for s in gone})
    ho.details = json.dumps(details, ensure_ascii=False, sort_keys=True, default=str)
    _event(uow, ho, {"mode": "redo", "slot": slot.id, "role": slot.role, "previous_status": slot.status,
                     "superseded": [s.id for s in gone], "new_slot": fresh.id, "reason": reason,
                     "signer": slot.person_name})
    return _done(uow, ho)


def add_signer(uow, cmd: AddSigner) -> Changes:
    from . import workflow
    from .handovers import _done, _event, _open
    require(uow.actor, "sign_handover")
    ho = _open(uow.session, cmd.handover_number)
    if cmd.role not in ADDABLE_ROLES:
        raise ValidationError("signer_role_not_addable", field="role", role=cmd.role)
    who = workflow.person(uow.session, cmd.person, cmd.role)
    clash = next((s for s in live(ho) if s.person_id == who.id), None)
    if clash is not None:
        raise ValidationError("signer_already_on_record", field="person", name=who.full_name, role=clash.role)
    slot = Signature(handover_id=ho.id, role=cmd.role, person_id=who.id, person_name=who.full_name,
                     letter_number=nfc(cmd.person.letter_number) if cmd.person else "")
    uow.session.add(slot)
    uow.session.flush()
    ho.signatures.append(slot)
    _event(uow, ho, {"mode": "added", "slot": slot.id, "role": cmd.role, "signer": who.full_name})
    return _done(uow, ho)
