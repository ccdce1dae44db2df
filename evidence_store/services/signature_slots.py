"""The live signature slots of a record: a slot done again (services/signers.redo_signature) is listed as
superseded in the record's details and no longer counts (HANDS-ON 56)."""

from __future__ import annotations

import json

from ..db.models import Handover, Signature


ABSENT = "absent"  # a council member not present at the destruction: no signature, not listed


def superseded(ho: Handover) -> set[int]:
    try:
        return set(json.loads(ho.details or "{}").get("superseded_slots") or [])
    except ValueError:
        return set()


def live(ho: Handover) -> list[Signature]:
    """The slots that count: every slot but those done again and those of a council member absent from the act
    (status "absent", set when the disposal is carried out: services.disposal)."""
    gone = superseded(ho)
    return [s for s in ho.signatures if s.id not in gone and s.status != ABSENT]
