"""Inside the warehouse: shelving (move by scan) and seals (ND 127/2017)."""

from __future__ import annotations

from ..domain import categories as K
from ..domain.errors import TransitionRefused, ValidationError
from ..domain.permissions import require
from ..domain.states import check_in_warehouse
from ..domain.text import nfc
from . import common as X
from .commands import MoveItems, SealItems
from .results import Changes


def move_items(uow, cmd: MoveItems) -> Changes:
    """Put scanned items on a location. Refuses a location of the wrong kind for a category and,
    unless confirmed, a location over its capacity."""
    require(uow.actor, "move_items")
    s = uow.session
    loc = X.location_by_code(s, cmd.location_code)
    if not loc.active:
        raise ValidationError("location_inactive", field="location", code=loc.code)
    items = X.items_by_codes(s, cmd.codes)
    for item in items:
        check_in_warehouse("move", _state(item))
        K.check_location(K.category(item.category), K.LocationKind(loc.kind))
    arriving = [i for i in items if i.location_id != loc.id]
    if loc.capacity is not None and (loc.occupancy or 0) + len(arriving) > loc.capacity and not cmd.allow_over_capacity:
        raise ValidationError("location_full", field="location", code=loc.code, capacity=loc.capacity)
    for item in arriving:
        previous = item.location_id
        X.adjust_occupancy(s, previous, -1)
        data = {"set": X.change_item(item, location_id=loc.id), "from": previous, "to_code": loc.code}
        X.record(uow, item, "move", data)
        loc.occupancy = (loc.occupancy or 0) + 1
    uow.commit()
    seq, digest = uow.ledger.head()
    return Changes(item_codes=tuple(i.code for i in items), ledger_seq=seq, ledger_hash=digest,
                   extra={"location_code": loc.code, "unchanged": len(items) - len(arriving)})


def seal_items(uow, cmd: SealItems) -> Changes:
    """Seal, unseal or reseal; each is an event with its participants (ND 127/2017 Điều 8, 11)."""
    require(uow.actor, "seal_items")
    s = uow.session
    if cmd.action not in ("seal", "unseal", "reseal"):
        raise ValidationError("unknown_seal_action", field="action", action=cmd.action)
    if cmd.action != "unseal" and not nfc(cmd.seal_number):
        raise ValidationError("seal_number_required", field="seal_number")
    if not [p for p in cmd.participants if nfc(p)]:
        raise ValidationError("participants_required", field="participants")
    doc = X.get_or_create_document(s, cmd.document)
    items = X.items_by_codes(s, cmd.codes)
    from ..db.models import Case
    from . import scope
    for case_id in sorted({i.case_id for i in items}):  # rights follow the responsible agency (issue 13)
        scope.require_case_write(uow, s.get(Case, case_id), "seal_items")
    for item in items:
        check_in_warehouse(cmd.action, _state(item))
        cat = K.category(item.category)
        if cmd.action != "unseal" and not cat.sealable:
            raise TransitionRefused("category_not_sealable", category=cat.code)
        if cmd.action == "seal" and item.sealed:
            raise TransitionRefused("already_sealed", code=item.code, seal=item.seal_number)
        if cmd.action in ("unseal", "reseal") and cmd.action == "unseal" and not item.sealed:
            raise TransitionRefused("not_sealed", code=item.code)
    for item in items:
        before = item.seal_number
        if cmd.action == "unseal":
            changed = X.change_item(item, sealed=False)
        else:
            changed = X.change_item(item, sealed=True, seal_number=cmd.seal_number)
        data = {"set": changed, "previous_seal": before, "participants": [nfc(p) for p in cmd.participants if nfc(p)],
                "reason": nfc(cmd.reason)}
        X.record(uow, item, cmd.action, data, document=doc)
    uow.commit()
    seq, digest = uow.ledger.head()
    return Changes(item_codes=tuple(i.code for i in items), ledger_seq=seq, ledger_hash=digest)


def _state(item):
    from ..domain.states import State
    return State(item.state)
