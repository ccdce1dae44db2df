"""Đính chính: a mistake is fixed by a correction event that points at the original, which stays
visible (DESIGN §4; BLTTHS Điều 133: every correction is confirmed)."""

from __future__ import annotations

import json

from ..domain import categories
from ..domain import lifecycle_rules
from ..domain.errors import NotFound, ValidationError
from ..domain.permissions import require
from ..domain.text import nfc
from ..db.models import Case, Item
from . import persistence
from . import workflow
from .commands import RecordCorrection
from .results import Changes


def record_correction(uow, cmd: RecordCorrection) -> Changes:
    require(uow.actor, "record_correction")
    s = uow.session
    reason = nfc(cmd.reason)
    if not reason:
        raise ValidationError("reason_required", field="reason")
    original = uow.ledger.get(cmd.corrects_seq)
    if original is None or original.item_id is None:
        raise NotFound("event_not_found", seq=cmd.corrects_seq)
    item = s.get(Item, original.item_id)
    values = _clean_values(item, cmd.values)
    doc = workflow.optional_basis(s, cmd.document, "correction", case_id=item.case_id)
    previous = {name: persistence.plain(getattr(item, name)) for name in values}
    changed = persistence.change_item(item, **values)
    from .participants import record_people_text
    item.search_text = " ".join(p for p in (persistence.item_search_text(item, s.get(Case, item.case_id).number),
                                            record_people_text(s, item.id)) if p)
    data = {"set": changed, "previous": previous, "reason": reason, "corrects": cmd.corrects_seq}
    persistence.record(uow, item, "correction", data, document=doc, corrects_seq=cmd.corrects_seq)
    return workflow.finish(uow, [item], case_id=item.case_id)


def _clean_values(item: Item, values: dict) -> dict:
    """Only descriptive fields are corrected; state and place change through their movements."""
    if not values:
        raise ValidationError("no_corrections", field="values")
    out = {}
    for name, value in values.items():
        if name not in lifecycle_rules.CORRECTABLE_FIELDS:
            raise ValidationError("field_not_correctable", field=name, name=name)
        out[name] = _value(item, name, value)
    return out


def _value(item: Item, name: str, value):
    if name == "quantity":
        return persistence.positive_quantity(value)
    if name == "attributes":
        attrs = value if isinstance(value, dict) else json.loads(value or "{}")
        unknown = set(attrs) - set(categories.category(item.category).fields)
        if unknown:
            raise ValidationError("unknown_attribute", field="attributes", names=", ".join(sorted(unknown)))
        return json.dumps({k: nfc(str(v)) for k, v in attrs.items() if str(v).strip()}, ensure_ascii=False,
                          sort_keys=True)
    if name in ("name", "unit") and not nfc(str(value)):
        raise ValidationError("field_required", field=name)
    return nfc(str(value))
