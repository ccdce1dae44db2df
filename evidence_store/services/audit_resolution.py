"""Kiểm kê after reconciliation: each discrepancy resolved by a recorded act through the existing services (move,
incident with its report, correction with its reason, or a commander's written explanation), and second counts.
The audit itself never changes an item."""

from __future__ import annotations

import json

from sqlalchemy import select

from ..domain import audit as audit_rules
from ..domain.errors import NotFound, ValidationError
from ..domain.permissions import require
from ..domain.text import nfc
from ..db.models import Audit, AuditLine, Item, Location
from . import persistence
from .audit import audit_by_number
from .commands import ResolveLine
from .results import Changes


class _Deferred:
    """The unit of work handed to an existing service inside a resolution: its commit only flushes, so the
    act (move, incident, correction) and the audit line's resolution commit together or not at all."""

    def __init__(self, uow) -> None:
        self._uow = uow

    def __getattr__(self, name):
        return getattr(self._uow, name)

    def commit(self) -> None:
        self._uow.session.flush()


def _line_of(session, audit: Audit, line_no: int) -> AuditLine:
    line = session.scalars(select(AuditLine).where(AuditLine.audit_id == audit.id,
                                                   AuditLine.line_no == int(line_no))).first()
    if line is None:
        raise NotFound("audit_line_not_found", number=audit.number, line=line_no)
    return line


def resolve_line(uow, cmd: ResolveLine) -> Changes:
    require(uow.actor, "resolve_audit")
    s = uow.session
    audit = audit_by_number(s, cmd.audit_number, for_update=True)
    if audit.status != audit_rules.AuditStatus.RECONCILED:
        raise ValidationError("audit_not_reconciled", field="audit", number=audit.number, status=audit.status)
    line = _line_of(s, audit, cmd.line_no)
    result = audit_rules.Result(line.result)
    if result not in audit_rules.DISCREPANCIES:
        raise ValidationError("line_not_discrepancy", field="line", line=line.line_no)
    if line.resolution:
        raise ValidationError("line_already_resolved", field="line", line=line.line_no)
    if line.recount_requested:
        raise ValidationError("line_recounting", field="line", line=line.line_no)
    try:
        how = audit_rules.Resolution(cmd.resolution)
    except ValueError:
        raise ValidationError("unknown_resolution", field="resolution", resolution=cmd.resolution) from None
    if how not in audit_rules.RESOLUTIONS_FOR[result]:
        raise ValidationError("resolution_not_for_result", field="resolution", resolution=how.value,
                              result=result.value)
    note = nfc(cmd.note)
    deferred = _Deferred(uow)
    ref = ""
    item = s.get(Item, line.item_id) if line.item_id else None
    if how in (audit_rules.Resolution.MOVE, audit_rules.Resolution.ACCEPT_PLACE):
        from .commands import MoveItems
        from .storage import move_items
        target = cmd.location_code.strip() or _code(s, line.expected_location_id if how is audit_rules.Resolution.MOVE
                                                    else line.found_location_id)
        if not target:
            raise ValidationError("location_required", field="location")
        changes = move_items(deferred, MoveItems((item.code,), target, allow_over_capacity=True))
        # the register already names the right place (the item is carried back): no move event, the place is the ref
        ref = f"#{changes.ledger_seq}" if changes.extra.get("unchanged") == 0 else _display(target)
    elif how in (audit_rules.Resolution.INCIDENT_LOST, audit_rules.Resolution.INCIDENT_DAMAGED):
        from .commands import RecordIncident
        from .incidents import record_incident
        if cmd.report is None:
            raise ValidationError("report_required", field="report")
        kind = "lost" if how is audit_rules.Resolution.INCIDENT_LOST else "damaged"
        description = note or _default_description(audit, line)
        record_incident(deferred, RecordIncident((item.code,), kind, cmd.report, description))
        ref = nfc(cmd.report.number) if cmd.report.number else ""
    elif how is audit_rules.Resolution.SEAL_INCIDENT:
        from .seals import open_seal_incident
        require(uow.actor, "record_incident")
        ho = open_seal_incident(uow, [item], "audit", note or _seal_description(audit, line),
                                witness=_team_witness(s, audit, uow.actor), related_handover=audit.number)
        persistence.seal_ledger_position(uow, ho)  # the incident record carries the chain head, as seals.report_broken_seal
        s.flush()  # the item's event count, read back below
        ref = ho.number
    elif how is audit_rules.Resolution.SEAL_CHECKED:
        seen = nfc(str(cmd.values.get("seal_seen", ""))).strip()
        if not seen:
            raise ValidationError("seal_seen_required", field="seal_seen")
        if audit_rules.seal_differs(item.sealed, item.seal_number, seen, True):
            raise ValidationError("seal_seen_differs", field="seal_seen", seen=seen)
        ref = seen
    elif how is audit_rules.Resolution.MEASURE_CHECKED:
        ref = _measure_checked(item, cmd.values, audit)
    elif how is audit_rules.Resolution.CORRECTION:
        from .commands import RecordCorrection
        from .corrections import record_correction
        if not note:
            raise ValidationError("reason_required", field="reason")
        changes = record_correction(deferred, RecordCorrection(line.ledger_seq, dict(cmd.values), note))
        ref = f"#{changes.ledger_seq}"
    elif how is audit_rules.Resolution.EXPLAINED:
        require(uow.actor, "explain_audit")
        if not note:
            raise ValidationError("reason_required", field="reason")
    line.resolution, line.resolution_note, line.resolution_ref = how.value, note, ref[:80]
    line.resolved_by, line.resolved_at = uow.actor.user_id, persistence.utcnow()
    if item is not None:
        s.refresh(item, ["event_count", "last_event_seq"])
    persistence.record(uow, item, "audit_resolved", {"audit": audit.number, "line": line.line_no, "resolution": how.value,
                                           "ref": ref, "note": note, **({"code": line.code} if item is None else {})})
    uow.commit()
    seq, digest = uow.ledger.head()
    return Changes(item_codes=(item.code,) if item else (), ledger_seq=seq, ledger_hash=digest,
                   extra={"audit_number": audit.number, "line": line.line_no})


def _measure_checked(item: Item, values: dict, audit: Audit) -> str:
    """The count or weighing done afterwards: required, and as the register says (a different one is counted
    again or corrected, never accepted here). Returns it as written, for the line's reference."""
    measured = {k: nfc(str(v)).strip() for k, v in values.items()
                if k in ("quantity", "denominations", *audit_rules.WEIGHED.get(item.category, ())) and str(v).strip()}
    if audit_rules.measure_missing(item.category, measured):
        raise ValidationError("measure_required", field="measure")
    differs = audit_rules.quantity_differs(item.category, item.quantity, json.loads(item.attributes or "{}"), measured,
                                 audit.weight_tolerance)
    if differs:
        raise ValidationError("measure_differs", field="measure", names=", ".join(differs))
    return "; ".join(f"{v}" for v in measured.values())


def _display(code: str) -> str:
    from ..domain.codes import parse_code
    return parse_code(code).display


def _code(session, location_id) -> str:
    loc = session.get(Location, location_id) if location_id else None
    return loc.code if loc else ""


WITNESS_ROLES = ("witness", "supervisor", "member", "chair", "keeper")  # the team member who witnesses, first found


def _team_witness(session, audit: Audit, actor):
    """The person of the counting team who witnesses a broken seal found while counting (ND 142/2024 Art 11;
    BLTTHS Điều 133): a witness of the audit, else its supervisor, a member, the chair, the storekeeper — never the
    user who makes the record. The registry's person of that name when there is exactly one, else a new one with
    the position the plan gives. None when the team has nobody else (the incident is then refused)."""
    from ..db.models import Person
    from .commands import PersonInput
    team = json.loads(audit.team or "[]")
    me = session.get(Person, actor.person_id) if actor.person_id else None
    mine = {nfc(n).casefold() for n in (actor.full_name, me.full_name if me else "") if n}
    for role in WITNESS_ROLES:
        member = next((m for m in team if m.get("role") == role and nfc(m.get("name", "")).casefold() not in mine
                       and nfc(m.get("name", ""))), None)
        if member is None:
            continue
        known = list(session.scalars(select(Person).where(Person.full_name == nfc(member["name"])).limit(2)))
        if len(known) == 1:
            return known[0]
        return persistence.get_or_create_person(session, PersonInput(full_name=member["name"],
                                                                     position=member.get("position", "")),
                                                required_field="witness")
    return None


def _seal_description(audit: Audit, line: AuditLine) -> str:
    """What the counting found, in the incident record's words."""
    d = json.loads(line.details or "{}")
    expected, seen = d.get("seal_expected") or "", d.get("seal_seen") or ""
    text = f"Kiểm kê {audit.number}, dòng {line.line_no}: niêm phong"
    if expected:
        text += f" theo sổ {expected}"
    if seen and seen != expected:
        text += f", thực tế {seen}"
    if d.get("seal_intact") is False:
        text += ", bị rách / có dấu hiệu bóc mở"
    return text


def _default_description(audit: Audit, line: AuditLine) -> str:
    return f"Kiểm kê {audit.number}, dòng {line.line_no}: {line.result}"


def request_recount(uow, audit_number: str, line_no: int, reason: str = "") -> Changes:
    """A second count of any unresolved line: counting reopens; the next reconciliation replaces the line's
    result with what the second count found (a new "audit_result" event; the first stays in the ledger)."""
    require(uow.actor, "plan_audit")
    s = uow.session
    audit = audit_by_number(s, audit_number, for_update=True)
    if audit.status == audit_rules.AuditStatus.CLOSED:
        raise ValidationError("audit_closed", field="audit", number=audit.number)
    line = _line_of(s, audit, line_no)
    if line.resolution:
        raise ValidationError("line_already_resolved", field="line", line=line.line_no)
    line.recount_requested = True
    audit.status = audit_rules.AuditStatus.COUNTING.value
    item = s.get(Item, line.item_id) if line.item_id else None
    persistence.record(uow, item, "audit_recount", {"audit": audit.number, "line": line.line_no, "reason": nfc(reason),
                                          **({"code": line.code} if item is None else {})})
    uow.commit()
    seq, digest = uow.ledger.head()
    return Changes(ledger_seq=seq, ledger_hash=digest, extra={"audit_number": audit.number, "line": line.line_no})
