"""Who heads a printed record (ND 30/2020 Art 8; LEGAL-RULES R39: the agency performing the act), and the header an
earlier release printed on it, so the QR paper check still reads "khớp" on those papers (issue #12)."""

from __future__ import annotations

from ..db.models import Agency, Handover, Person
from .signature_slots import live


def maker(session, ho: Handover) -> dict:
    """Who heads the record: the warehouse's unit, except a transfer of responsibility made by an agency outside
    the investigation side (VKS → TA, TA → THADS): that agency makes and heads it (HANDS-ON 43); and a sealing or
    unsealing record: the organiser's agency."""
    from ..domain.agencies import sector
    if ho.kind in ("seal", "unseal"):  # made by the procedural officer who organises it (ND 127/2017; R39): his
        # agency heads the record, as it heads the seal paper ("Cơ quan tổ chức niêm phong")
        agency = _slot_agency(session, ho, "organiser")
        if agency is None:
            return {}
        parent = session.get(Agency, agency.parent_id) if agency.parent_id else None
        return {"issuing_parent": parent.name if parent else "", "issuing_agency": agency.name}
    if ho.kind != "transfer" or not ho.giver_agency_id:
        return {}
    # the agency whose person gives makes the record (R39): a VKS procurator handing the evidence to THADS on the
    # VKS's decision while the case sits at the court heads it as the VKS, not the court (TT 04/2023/TT-BTP Điều 10)
    giver = _slot_agency(session, ho, "giver") or session.get(Agency, ho.giver_agency_id)
    if giver is None or sector(giver.kind) in ("police", None):
        return {}
    parent = session.get(Agency, giver.parent_id) if giver.parent_id else None
    return {"issuing_parent": parent.name if parent else "", "issuing_agency": giver.name}


def earlier_makers(session, ho: Handover) -> list[dict]:
    """The header the release before issue #12's R39 fix put on this record, when it differs from today's: a sealing
    record under the warehouse's unit; a transfer under the agency holding the case (read by the QR paper check)."""
    from ..domain.agencies import sector
    now = maker(session, ho)
    now = (now.get("issuing_parent", ""), now.get("issuing_agency", ""))
    before = ("", "")
    if ho.kind == "transfer" and ho.giver_agency_id:
        holder = session.get(Agency, ho.giver_agency_id)
        if holder is not None and sector(holder.kind) not in ("police", None):
            parent = session.get(Agency, holder.parent_id) if holder.parent_id else None
            before = (parent.name if parent else "", holder.name)
    if ho.kind not in ("seal", "unseal", "transfer") or before == now:
        return []
    return [{"issuing_parent": before[0], "issuing_agency": before[1]}]


def _slot_agency(session, ho: Handover, role: str):
    """The agency of the person holding the record's first ``role`` slot, if named and attached to one."""
    slot = next((sig for sig in live(ho) if sig.role == role and sig.person_id), None)
    person_row = session.get(Person, slot.person_id) if slot is not None else None
    return session.get(Agency, person_row.agency_id) if person_row is not None and person_row.agency_id else None
