"""The other side's answer to a two-sided act (issue 13; COORD.md: ``handovers.acceptance``, separate from
the record's status): a transfer of responsibility or a release offered to an agency that has a seat in the
app waits "chờ tiếp nhận" until a user of that agency accepts it — the record then names both persons — or
refuses it with a reason. Accepting a transfer moves the responsibility; refusing leaves everything as it was."""

from __future__ import annotations

from sqlalchemy import select

from ..domain.errors import PermissionDenied, TransitionRefused, ValidationError
from ..domain.permissions import OWN_CASE_ROLES, Role, require
from ..domain.text import nfc
from ..db.models import Agency, Handover, Item, Signature
from ..i18n import N_
from ..messages import register
from . import common as X
from . import lifecycle_common as L
from . import responsibility
from .results import Changes

ACCEPTANCE_LABELS = {"none": N_("Không cần tiếp nhận"), "pending": N_("Chờ tiếp nhận"),
                     "accepted": N_("Đã tiếp nhận"), "refused": N_("Từ chối tiếp nhận"),
                     "paper": N_("Tiếp nhận trên giấy")}

register("not_pending_acceptance", N_("Biên bản {handover} không ở trạng thái chờ tiếp nhận"))
register("not_receiving_side", N_("Tài khoản {user} không thuộc bên nhận của biên bản {handover}"))


def _pending(uow, number: str) -> Handover:
    ho = L.handover_by_number(uow.session, number)
    if ho.acceptance != "pending":
        raise TransitionRefused("not_pending_acceptance", handover=ho.number)
    actor = uow.actor
    named = ho.receiver_id is not None and responsibility.person_has_seat(uow.session, ho.receiver_id,
                                                                          ho.receiver_agency_id)
    if actor.agency_id is None or actor.agency_id != ho.receiver_agency_id \
            or (named and ho.receiver_id != actor.person_id):  # a receiver with a seat answers himself
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
    me = L.actor_person(uow)
    ho.acceptance, ho.accepted_by, ho.accepted_at = "accepted", uow.actor.user_id, occurred_at or X.utcnow()
    if ho.receiver_id is None and me is not None:
        ho.receiver_id = me.id
        slot = next((x for x in ho.signatures if x.role == "receiver"), None)
        if slot is None:
            s.add(Signature(handover_id=ho.id, role="receiver", person_id=me.id, person_name=me.full_name))
        else:
            slot.person_id, slot.person_name = me.id, me.full_name
    agency = s.get(Agency, ho.receiver_agency_id)
    X.record(uow, None, "handover_accepted", {"handover": ho.number, "to_agency": agency.name if agency else "",
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
    return L.finish(uow, items, ho, case_id=ho.case_id, acceptance="accepted")


def refuse_handover(uow, number: str, reason: str) -> Changes:
    """The receiving side refuses, with its reason: nothing moves; the record stays as the trace of the offer."""
    require(uow.actor, "accept_handover")
    ho = _pending(uow, number)
    if not nfc(reason):
        raise ValidationError("reason_required", field="reason")
    ho.acceptance, ho.accepted_by, ho.accepted_at = "refused", uow.actor.user_id, X.utcnow()
    ho.acceptance_note = nfc(reason)
    agency = uow.session.get(Agency, ho.receiver_agency_id)
    X.record(uow, None, "handover_refused", {"handover": ho.number, "to_agency": agency.name if agency else "",
                                             "reason": ho.acceptance_note, "by": uow.actor.username}, handover=ho)
    return L.finish(uow, [], ho, case_id=ho.case_id, acceptance="refused")


