"""A broken or missing seal found at a return, a check or an audit (BLTTHS Điều 90.3; ND 142/2024 Art 11;
ND 127/2017): an incident with its record, reported to the agency responsible for the case.

``open_seal_incident`` works inside the caller's transaction (the return uses it; H15's audit calls it for
seals found broken while counting); ``report_broken_seal`` is the stand-alone service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..domain import categories, moves
from ..domain.errors import ValidationError
from ..domain.permissions import require
from ..domain.text import nfc
from ..db.models import Agency, Handover, Item
from . import persistence
from . import workflow
from .commands import PersonInput
from .results import Changes

FOUND_DURING = ("intake", "release", "return", "check", "audit", "disposal", "transfer")
# found on a shelf or at a custodian's, with no other record of the act: a person present witnesses the finding and
# signs its record (ND 142/2024 Art 11; BLTTHS Điều 133) — at a release or a return the record of the hand-over does
WITNESSED_FINDINGS = ("check", "audit")


@dataclass(frozen=True)
class ReportBrokenSeal:
    codes: tuple[str, ...]
    found_during: str  # return | check | audit
    description: str  # what was found: "giấy niêm phong rách một góc", "mất niêm phong"
    witness: PersonInput | None = None
    occurred_at: datetime | None = None
    related_handover: str = ""  # the return / audit record that found it


def open_seal_incident(uow, items: list[Item], found_during: str, description: str, *, occurred_at=None,
                       witness=None, related_handover: str = "") -> Handover:
    """The incident record, one "seal_broken" event per item (the item counts as unsealed until resealed), and the
    report addressed to the agency responsible for each item (ND 142/2024 Art 11). Found during a check or an audit,
    the record names its witness, who signs in a column of his own. No commit."""
    if found_during not in FOUND_DURING:
        raise ValidationError("unknown_found_during", field="found_during", value=found_during)
    if not nfc(description):
        raise ValidationError("description_required", field="description")
    if witness is None and found_during in WITNESSED_FINDINGS:
        raise ValidationError("incident_witness_required", field="witness")
    s = uow.session
    agency_ids = {i.responsible_agency_id for i in items if i.responsible_agency_id}
    report_to = "; ".join(a.name for a in (s.get(Agency, i) for i in sorted(agency_ids)) if a)
    ho = persistence.open_handover(uow, kind="incident", started_at=occurred_at, place="", basis=None,
                         giver=workflow.actor_person(uow), receiver=None, receiver_slot=False,
                         witnesses=[witness] if witness is not None else [], case_id=items[0].case_id,
                         receiver_agency_id=min(agency_ids) if agency_ids else None,
                         details={"found_during": found_during, "description": nfc(description),
                                  "report_to": report_to, "related_handover": related_handover})
    s.flush()
    for sig in ho.signatures:  # the acting user makes the record (a person with rank and position), not a giver
        if sig.role == "giver":
            sig.role = "maker"
    for line_no, item in enumerate(items, start=1):
        persistence.add_line(uow, ho, item, line_no, note="broken")
        changed = persistence.change_item(item, sealed=False)
        persistence.record(uow, item, "seal_broken", {"set": changed, "previous_seal": item.seal_number,
                                            "found_during": found_during, "description": nfc(description),
                                            "handover": ho.number, "report_to": report_to},
                 handover=ho, occurred_at=occurred_at)
    # the paper witnesses the ledger as its own events left it: an incident opened inside a return, a release or an
    # audit is not finished by workflow.finish, and its QR cited event #0, which the paper check never finds
    persistence.seal_ledger_position(uow, ho)
    return ho


def incident_on_record(uow, broken: list[Item], ho: Handover, found_during: str, description: str,
                       occurred_at=None, witness=None) -> Handover:
    """A seal found broken or missing during the hand-over ``ho`` (an intake, a release): the incident and its report,
    and the hand-over's record says so (ND 142/2024 Điều 11). ``witness``: a person present at the finding who signs
    the incident record (the one who handed the item over at an intake: BLTTHS Điều 133). No commit."""
    import json
    incident = open_seal_incident(uow, broken, found_during, description, occurred_at=occurred_at,
                                  related_handover=ho.number, witness=witness)
    details = json.loads(ho.details or "{}")
    ho.details = json.dumps(details | {"seal_incident": incident.number,
                                       "seal_incident_report_to": json.loads(incident.details)["report_to"],
                                       "broken_codes": [i.code for i in broken]},
                            ensure_ascii=False, sort_keys=True, default=str)
    return incident


def report_broken_seal(uow, cmd: ReportBrokenSeal) -> Changes:
    """A seal found broken or missing during a check or an audit: the incident, its record and the report."""
    require(uow.actor, "record_incident")
    items = persistence.items_by_codes(uow.session, cmd.codes)
    for item in items:  # a sealed item the warehouse holds (domain.moves "seal_broken": the item page asks the same)
        moves.check("seal_broken", workflow.state(item), category=categories.CATEGORIES.get(item.category),
                    sealed=bool(item.sealed), code=item.code)
    witness = workflow.person(uow.session, cmd.witness, "witness", required=False)
    ho = open_seal_incident(uow, items, cmd.found_during, cmd.description, occurred_at=cmd.occurred_at,
                            witness=witness, related_handover=nfc(cmd.related_handover))
    return workflow.finish(uow, items, ho, case_id=ho.case_id, report_to=ho.receiver_agency_id)
