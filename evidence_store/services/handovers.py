"""Biên bản giao nhận after the movement: signature slots (on screen, on paper, refused —
BLTTHS Điều 133), completion, attachments; each with its SHA-256 in the ledger."""

from __future__ import annotations

import hashlib
import mimetypes

from ..domain.records import slot_names
from ..domain.errors import NotFound, PermissionDenied, TransitionRefused, ValidationError
from ..domain.permissions import require
from ..domain.records import SIGNABLE, Approval, RecordStatus, check_end_time, status_after_end
from ..domain.text import nfc
from ..db.models import Attachment, Case, Handover, Item, Signature
from ..i18n import N_
from ..error_texts import register
from . import persistence
from . import workflow
from . import scope
from .commands import FileInput
from .commands import PersonInput
from .commands import AttachFile, EndRecord, RefuseSignature, SignByFingerprint, SignOnPaper, SignOnScreen
from .handover_read import handover_detail, list_handovers  # noqa: F401 (the read side lives there)
from .results import Changes
from .signature_slots import live

MAX_FILE_BYTES = 25 * 1024 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

register("not_your_slot", N_("Tài khoản {user} chỉ ký được ô chữ ký của chính mình (ô «{role}»)"))
register("awaiting_acceptance", N_("Biên bản {handover} đang chờ bên nhận tiếp nhận: chưa thể hoàn tất"))


def sign_on_screen(uow, cmd: SignOnScreen) -> Changes:
    require(uow.actor, "sign_handover")
    ho = _open(uow.session, cmd.handover_number)
    slot = _slot(ho, cmd.slot_id)
    _check_party(uow, ho, [slot])
    if not cmd.png.startswith(PNG_MAGIC):
        raise ValidationError("signature_not_png", field="signature")
    att = _store(uow, FileInput(f"chu-ky-{ho.id}-{slot.id}.png", cmd.png, "image/png"), "signature", ho)
    slot.status, slot.attachment_id, slot.signed_at = "signed_screen", att.id, persistence.utcnow()
    if nfc(cmd.signer_name):
        slot.person_name = nfc(cmd.signer_name)
    _event(uow, ho, {"slot": slot.id, "role": slot.role, "mode": "screen", "sha256": att.sha256,
                     "signer": slot.person_name})
    return _done(uow, ho)


def mark_signed_on_paper(uow, cmd: SignOnPaper) -> Changes:
    """The signed paper is scanned back; its hash goes into the ledger."""
    require(uow.actor, "sign_handover")
    ho = _open(uow.session, cmd.handover_number)
    slots = [_slot(ho, i) for i in cmd.slot_ids] or [s for s in live(ho) if s.status == "pending"]
    _check_party(uow, ho, slots)
    att = _store(uow, cmd.scan, "signed_record", ho)
    for slot in slots:
        slot.status, slot.attachment_id, slot.signed_at = "signed_paper", att.id, persistence.utcnow()
    _event(uow, ho, {"slots": [s.id for s in slots], "mode": "paper", "sha256": att.sha256,
                     "filename": att.filename})
    return _done(uow, ho)


def refuse_signature(uow, cmd: RefuseSignature) -> Changes:
    """BLTTHS Điều 133.2: the reason is written and a witness **signs**: the refusal opens a signature slot for
    the witness, which must be signed before the record can be completed."""
    require(uow.actor, "sign_handover")
    ho = _open(uow.session, cmd.handover_number)
    slot = _slot(ho, cmd.slot_id)
    _check_party(uow, ho, [slot])
    if slot.role in WITNESS_ROLES:
        raise TransitionRefused("witness_cannot_refuse", role=slot.role)
    if not nfc(cmd.reason):
        raise ValidationError("reason_required", field="reason")
    witness = _witness(uow.session, cmd.witness_person or (PersonInput(full_name=cmd.witness) if nfc(cmd.witness)
                                                             else None), slot, "refusal_witness_required")
    slot.status, slot.refusal_reason, slot.refusal_witness = "refused", nfc(cmd.reason), witness.full_name
    slot.signed_at = persistence.utcnow()
    ws = _witness_slot(uow, ho, slot, witness, "refusal_witness")
    _event(uow, ho, {"slot": slot.id, "role": slot.role, "mode": "refused", "reason": slot.refusal_reason,
                     "witness": slot.refusal_witness, "witness_slot": ws.id})
    return _done(uow, ho)


def sign_by_fingerprint(uow, cmd: SignByFingerprint) -> Changes:
    """BLTTHS Điều 133.2: a participant who cannot read has the record read aloud before a witness and puts a
    fingerprint (điểm chỉ); the witness signs in a slot of their own."""
    require(uow.actor, "sign_handover")
    ho = _open(uow.session, cmd.handover_number)
    slot = _slot(ho, cmd.slot_id)
    if slot.role in WITNESS_ROLES:
        raise TransitionRefused("witness_cannot_refuse", role=slot.role)
    if not cmd.read_aloud:
        raise ValidationError("read_aloud_required", field="read_aloud")
    witness = _witness(uow.session, cmd.witness, slot, "fingerprint_witness_required")
    att = _store(uow, cmd.scan, "signed_record", ho) if cmd.scan is not None else None
    slot.status, slot.signed_at = "fingerprint", persistence.utcnow()
    slot.attachment_id = att.id if att else None
    slot.refusal_witness = witness.full_name
    ws = _witness_slot(uow, ho, slot, witness, "fingerprint_witness")
    data = {"slot": slot.id, "role": slot.role, "mode": "fingerprint", "read_aloud": True,
            "witness": witness.full_name, "witness_slot": ws.id}
    _event(uow, ho, data | ({"sha256": att.sha256} if att else {}))  # verify checks every sha256 it names
    return _done(uow, ho)


WITNESS_ROLES = frozenset({"refusal_witness", "fingerprint_witness"})


def _witness(session, p: PersonInput | None, slot: Signature, missing: str):
    if p is None or not (p.id or nfc(p.full_name)):
        raise ValidationError(missing, field="witness")
    witness = persistence.get_or_create_person(session, p, required_field="witness")
    if witness.id == slot.person_id or (not slot.person_id and witness.full_name == slot.person_name):
        raise ValidationError("witness_is_the_party", field="witness", name=witness.full_name)
    return witness


def _witness_slot(uow, ho: Handover, slot: Signature, witness, role: str) -> Signature:
    ws = Signature(handover_id=ho.id, role=role, person_id=witness.id, person_name=witness.full_name,
                   witness_for=slot.id, letter_number="")
    uow.session.add(ws)
    uow.session.flush()
    ho.signatures.append(ws)
    return ws


def end_record(uow, cmd: EndRecord) -> Changes:
    """The act has ended: its real end time is entered (or the proposed one confirmed) — never copied from
    the start (BLTTHS Điều 133.1). A draft becomes open for signature."""
    require(uow.actor, "sign_handover")
    ho = _open(uow.session, cmd.handover_number)
    _set_end(uow, ho, cmd.ended_at)
    return _done(uow, ho)


def _set_end(uow, ho: Handover, ended_at) -> None:
    if ended_at is None:
        raise ValidationError("end_time_required", field="ended_at", handover=ho.number)
    if ho.kind == "disposal" and ho.approval != Approval.APPROVED:
        raise TransitionRefused("handover_closed", handover=ho.number, status=ho.approval or ho.status)
    ended = persistence.as_utc(ended_at)
    problem = check_end_time(ho.started_at, ended, persistence.utcnow())
    if problem:
        raise ValidationError(problem, field="ended_at", handover=ho.number)
    ho.ended_at = max(ended, ho.started_at)  # an end typed to the minute of a start with seconds
    ho.status = status_after_end(ho.status)
    persistence.record(uow, None, "record_ended", {"handover": ho.number, "ended_at": ended.isoformat()}, handover=ho)


def complete_handover(uow, number: str, ended_at=None) -> Changes:
    """Only when every slot is signed or refused and the real end time is known: given here (entered or
    confirmed by the user as the act ends) or recorded before by ``end_record``."""
    require(uow.actor, "sign_handover")
    ho = _open(uow.session, number)
    if not scope.warehouse_wide(uow.actor):
        scope.require_case_write(uow, uow.session.get(Case, ho.case_id) if ho.case_id else None,
                                 "sign_handover")
    if ho.acceptance == "pending":
        raise TransitionRefused("awaiting_acceptance", handover=ho.number)
    unsigned = [s for s in live(ho) if s.status == "pending"]
    if unsigned:  # named by person and part, not by code ("reseal_witness")
        raise TransitionRefused("unsigned_slots", handover=ho.number, roles=slot_names(unsigned))
    unnamed = [s for s in live(ho) if not nfc(s.person_name)]
    if unnamed:  # a person signs, never a blank or an agency (Điều 133)
        raise TransitionRefused("unnamed_slots", handover=ho.number, roles=slot_names(unnamed))
    if ended_at is not None and ho.ended_at is None:
        _set_end(uow, ho, ended_at)
    if ho.ended_at is None:
        raise ValidationError("end_time_required", field="ended_at", handover=ho.number)
    ho.status = RecordStatus.COMPLETE
    persistence.record(uow, None, "handover_completed", {"handover": ho.number}, handover=ho)
    return _done(uow, ho)


def attach_file(uow, cmd: AttachFile) -> Changes:
    """A photo or a report attached to an item or a handover; its SHA-256 is recorded in the ledger."""
    require(uow.actor, "attach_file")
    s = uow.session
    if cmd.kind not in ("photo", "signed_record", "report"):
        raise ValidationError("unknown_attachment_kind", field="kind", kind=cmd.kind)
    ho = workflow.handover_by_number(s, cmd.handover_number) if cmd.handover_number else None
    item = persistence.item_by_code(s, cmd.item_code) if cmd.item_code else None
    if ho is None and item is None:
        raise ValidationError("attachment_target_required", field="target")
    att = _store(uow, cmd.file, cmd.kind, ho, item)
    persistence.record(uow, item, "attachment", {"sha256": att.sha256, "filename": att.filename, "attachment_kind": cmd.kind,
                                       "handover": ho.number if ho else ""}, handover=ho)
    uow.commit()
    seq, digest = uow.ledger.head()
    return Changes(item_codes=(item.code,) if item else (), handover_number=ho.number if ho else None,
                   ledger_seq=seq, ledger_hash=digest, extra={"sha256": att.sha256, "attachment_id": att.id})


def _open(session, number: str) -> Handover:
    """A record that can still be signed or ended: a draft or an open one, and (a disposal) not awaiting approval."""
    ho = workflow.handover_by_number(session, number)
    if ho.status not in SIGNABLE or ho.approval == Approval.PENDING:
        raise TransitionRefused("handover_closed", handover=ho.number, status=ho.approval or ho.status)
    if ho.kind == "disposal" and ho.status == RecordStatus.DRAFT:  # approved, the act not carried out yet: its
        raise TransitionRefused("disposal_not_carried_out", handover=ho.number)  # record is signed after it
    return ho


def _check_party(uow, ho: Handover, slots) -> None:
    """At the warehouse's desk the clerk collects every party's signature; an agency user signs, from his
    own seat, only his own slots of a record in scope (issue 13)."""
    if scope.warehouse_wide(uow.actor):
        return
    scope.require_case_visible(uow, ho.case_id, "sign_handover")
    for slot in slots:
        if slot.person_id is None or slot.person_id != uow.actor.person_id:
            raise PermissionDenied("not_your_slot", action="sign_handover", user=uow.actor.username,
                                   role=slot.role)


def _slot(ho: Handover, slot_id: int) -> Signature:
    slot = next((s for s in live(ho) if s.id == slot_id), None)
    if slot is None:
        raise NotFound("signature_slot_not_found", id=slot_id)
    if slot.status != "pending":
        raise TransitionRefused("slot_already_signed", role=slot.role, status=slot.status)
    return slot


def _store(uow, f: FileInput, kind: str, ho: Handover | None, item: Item | None = None) -> Attachment:
    if not f.content:
        raise ValidationError("empty_file", field="file", filename=f.filename)
    if len(f.content) > MAX_FILE_BYTES:
        raise ValidationError("file_too_large", field="file", filename=f.filename)
    mime = f.mime or mimetypes.guess_type(f.filename)[0] or "application/octet-stream"
    att = Attachment(sha256=hashlib.sha256(f.content).hexdigest(), filename=nfc(f.filename)[:300], mime=mime,
                     size=len(f.content), content=f.content, kind=kind, item_id=item.id if item else None,
                     handover_id=ho.id if ho else None, created_at=persistence.utcnow(), created_by=uow.actor.user_id)
    uow.session.add(att)
    uow.session.flush()
    return att


def _event(uow, ho: Handover, data: dict) -> None:
    """Signatures concern the record, not one item: one event with item_id None."""
    persistence.record(uow, None, "signature", data | {"handover": ho.number}, handover=ho)


def _done(uow, ho: Handover) -> Changes:
    uow.commit()
    seq, digest = uow.ledger.head()
    return Changes(handover_number=ho.number, case_id=ho.case_id, ledger_seq=seq, ledger_hash=digest,
                   extra={"status": str(ho.status), "approval": str(ho.approval or "")})
