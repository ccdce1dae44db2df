"""Kiểm kê after counting: reconciliation of what was scanned with the frozen expected set (every result a
ledger event) and closing with the signed record (biên bản kiểm kê); each discrepancy's resolution and second
counts are in services.audit_resolution. The audit itself never changes an item."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select

from ..domain import audit as audit_rules
from ..domain.errors import ValidationError
from ..domain.permissions import require
from ..domain.text import nfc
from ..db.ledger_repo import insert_many
from ..db.models import Audit, AuditLine, AuditScan, AuditTarget, Item, Location
from . import persistence
from .audit import _team, advance_schedule, audit_by_number, scope_location_ids
from .commands import CloseAudit
from .results import Changes

CHUNK = 900  # bound parameters per IN (…): under SQLite's limit, fine for PostgreSQL


@dataclass
class _Known:
    id: int
    code: str
    state: str
    location_id: int | None
    category: str
    sealed: bool
    seal_number: str
    quantity: float
    attributes: str


_KNOWN_COLUMNS = (Item.id, Item.code, Item.state, Item.location_id, Item.category, Item.sealed, Item.seal_number,
                  Item.quantity, Item.attributes)


def _known(session, audit_id: int, extra_ids) -> dict[int, _Known]:
    """The register's current facts of the expected items (one join) and of other scanned items (by id)."""
    conn = session.connection()
    out: dict[int, _Known] = {}
    for r in conn.execute(select(*_KNOWN_COLUMNS).join(AuditTarget, AuditTarget.item_id == Item.id)
                          .where(AuditTarget.audit_id == audit_id)).all():
        out[r[0]] = _Known(*r)
    ids = sorted(i for i in extra_ids if i not in out)
    for start in range(0, len(ids), CHUNK):
        for r in conn.execute(select(*_KNOWN_COLUMNS).where(Item.id.in_(ids[start:start + CHUNK]))):
            out[r[0]] = _Known(*r)
    return out


def reconcile(uow, audit_number: str, *, progress=None, cancelled=None) -> Changes:
    """Compare the scans with the expected set; write the result lines and one "audit_result" event each
    (only new lines and second counts when run again). Counting stops until a second count is requested."""
    require(uow.actor, "plan_audit")
    s = uow.session
    audit = audit_by_number(s, audit_number, for_update=True)
    if audit.status != audit_rules.AuditStatus.COUNTING:
        raise ValidationError("audit_not_counting", field="audit", number=audit.number, status=audit.status)
    existing = {_key(l.item_id, l.code): l for l in s.scalars(select(AuditLine).where(AuditLine.audit_id == audit.id))}
    recount = {k for k, l in existing.items() if l.recount_requested}
    targets = {r[0]: audit_rules.Expected(r[0], r[1], r[2]) for r in s.connection().execute(
        select(AuditTarget.item_id, AuditTarget.location_id, AuditTarget.state)
        .where(AuditTarget.audit_id == audit.id)).all()}
    seen, unknown = _chosen_scans(s, audit, recount)
    if progress:
        progress(1, 4)
    known = _known(s, audit.id, set(seen))
    scope = scope_location_ids(audit)
    in_scope = (lambda loc: True) if scope is None else (lambda loc: loc in scope)
    population_based = audit.kind in (audit_rules.AuditKind.FULL, audit_rules.AuditKind.ZONE)
    lines: list[dict] = []
    for item_id, scan in seen.items():
        key = _key(item_id, "")
        if key in existing and key not in recount:
            continue
        k = known[item_id]
        exp = targets.get(item_id)
        result = audit_rules.classify_seen(scan.location_id, exp, k.state, k.location_id, in_scope)
        expected_loc = exp.location_id if exp is not None and exp.state not in audit_rules.HELD_AWAY else \
            (k.location_id if k.state == "in_storage" else None)
        if exp is None and result is audit_rules.Result.FOUND and not population_based:
            continue  # outside the sample / category / case, in its place: not part of this audit
        details = {"state": k.state} if result is audit_rules.Result.UNEXPECTED else {}
        result = _checks(audit, k, scan, result, details)
        lines.append(_line(item_id, k.code, result, expected_loc, scan.location_id, details))
    for item_id, exp in targets.items():
        key = _key(item_id, "")
        if item_id in seen or (key in existing and key not in recount):
            continue
        k = known[item_id]
        result = audit_rules.classify_unseen(exp, k.state)
        details = {"state": k.state} if result is audit_rules.Result.ABSENT_EXPECTED else {}
        lines.append(_line(item_id, k.code, result, exp.location_id, None, details))
    for code, location_id in unknown.items():
        key = _key(None, code)
        if key in existing and key not in recount:
            continue
        lines.append(_line(None, code, audit_rules.Result.UNKNOWN, None, location_id, {}))
    for key in recount:  # a second count that found nothing for an unknown code: it stays, noted
        if key[0] is None and key[1] not in unknown:
            old = existing[key]
            lines.append(_line(None, old.code, audit_rules.Result.UNKNOWN, None, old.found_location_id,
                               {"recount_not_seen": True}))
    if progress:
        progress(2, 4)
    if cancelled is not None and cancelled():
        return Changes(extra={"audit_number": audit.number, "lines": 0, "cancelled": True})  # nothing written
    written = _write(uow, audit, lines, existing)
    audit.status = audit_rules.AuditStatus.RECONCILED.value
    audit.reconciled_at = persistence.utcnow()
    if progress:
        progress(3, 4)
    uow.commit()
    seq, digest = uow.ledger.head()
    return Changes(ledger_seq=seq, ledger_hash=digest, extra={"audit_number": audit.number, "lines": written})


def _key(item_id, code) -> tuple:
    return (item_id, "") if item_id is not None else (None, code)


def _line(item_id, code, result: audit_rules.Result, expected, found, details) -> dict:
    return {"item_id": item_id, "code": code, "result": result.value, "expected_location_id": expected,
            "found_location_id": found, "details": details}


def _chosen_scans(session, audit: Audit, recount: set) -> tuple[dict[int, AuditScan], dict[str, int | None]]:
    """Per item the scan that counts: the first of its round, the second count's for lines recounted."""
    seen: dict[int, AuditScan] = {}
    unknown: dict[str, int | None] = {}
    rows = session.connection().execute(select(AuditScan.id, AuditScan.item_id, AuditScan.code, AuditScan.outcome,
                                  AuditScan.location_id, AuditScan.seal_seen, AuditScan.seal_intact,
                                  AuditScan.measured, AuditScan.round)
                           .where(AuditScan.audit_id == audit.id, AuditScan.kind == "item",
                                  AuditScan.outcome.in_(("recorded", "unknown")))
                           .order_by(AuditScan.id)).all()
    for r in rows:
        if r.outcome == "unknown":
            if r.round == 1 or _key(None, r.code) in recount:
                unknown.setdefault(r.code, r.location_id)
            continue
        key = _key(r.item_id, "")
        if key in recount:
            if r.round == 2:
                seen.setdefault(r.item_id, r)
            continue
        if r.round == 1:
            seen.setdefault(r.item_id, r)
    for key in recount:
        if key[0] is not None and key[0] in seen and seen[key[0]].round != 2:
            del seen[key[0]]
    return seen, unknown


def _checks(audit: Audit, k: _Known, scan, place: audit_rules.Result, details: dict) -> audit_rules.Result:
    """Seal (ND 127/2017 Điều 11.2.a) and quantity / weight / denominations on the spot; the place result
    stays in the details when a seal or a measure is the discrepancy shown."""
    if place not in (audit_rules.Result.FOUND, audit_rules.Result.WRONG_PLACE):
        return place
    if audit_rules.seal_differs(k.sealed, k.seal_number, scan.seal_seen, scan.seal_intact):
        details.update(place=place.value, seal_expected=k.seal_number if k.sealed else "",
                       seal_seen=scan.seal_seen or "", seal_intact=scan.seal_intact)
        return audit_rules.Result.SEAL_BROKEN
    if audit_rules.needs_seal_question(k.category, k.sealed) and scan.seal_seen is None and scan.seal_intact is None:
        details["seal_not_checked"] = True
    measured = json.loads(scan.measured) if scan.measured else {}
    if measured:
        attrs = json.loads(k.attributes or "{}")
        differs = audit_rules.quantity_differs(k.category, k.quantity, attrs, measured, audit.weight_tolerance)
        if differs:
            details.update(place=place.value, measures=differs, measured=measured,
                           registered={n: (k.quantity if n == "quantity" else attrs.get(n)) for n in differs})
            return audit_rules.Result.QUANTITY_DIFFERS
    if audit_rules.measure_missing(k.category, measured):
        details["measure_not_taken"] = True
    if details.get("seal_not_checked"):
        details["place"] = place.value
        return audit_rules.Result.SEAL_NOT_CHECKED
    if details.get("measure_not_taken") and not k.sealed:  # loose money, an unsealed bag: counted, or unverified
        details["place"] = place.value
        return audit_rules.Result.MEASURE_NOT_TAKEN
    # sealed and its seal read intact: the seal stands for the contents (ND 127/2017 Điều 11), but the record says
    # that the package was not opened to count or weigh (the detail stays on the line)
    return place


def _write(uow, audit: Audit, lines: list[dict], existing: dict) -> int:
    """New lines inserted, recounted ones updated; each gets its "audit_result" event (in one statement)."""
    s = uow.session
    codes = _location_codes(s, {l["expected_location_id"] for l in lines} | {l["found_location_id"] for l in lines})
    next_no = (max((l.line_no for l in existing.values()), default=0)) + 1
    events, new_rows, updates = [], [], []
    for line in lines:
        old = existing.get(_key(line["item_id"], line["code"]))
        line_no = old.line_no if old is not None else next_no
        if old is None:
            next_no += 1
        data = {"audit": audit.number, "line": line_no, "result": line["result"],
                "expected": codes.get(line["expected_location_id"]), "found": codes.get(line["found_location_id"])}
        if line["item_id"] is None:
            data["code"] = line["code"]
        if line["details"]:
            data["details"] = line["details"]
        if old is not None:
            data["recount"] = True
            data["previous"] = old.result
        events.append({"kind": "audit_result", "item_id": line["item_id"], "data": data})
        details = json.dumps(line["details"], ensure_ascii=False, sort_keys=True) if line["details"] else "{}"
        row = dict(line, line_no=line_no, details=details)
        (updates if old is not None else new_rows).append((row, old))
    seqs = uow.ledger.append_many(events, user_id=uow.actor.user_id, workstation=uow.actor.workstation)
    inserts = []
    for (row, old), seq in zip(new_rows + updates, seqs[:len(new_rows)] + seqs[len(new_rows):]):
        if old is None:
            inserts.append({"audit_id": audit.id, "line_no": row["line_no"], "item_id": row["item_id"],
                            "code": row["code"], "result": row["result"],
                            "expected_location_id": row["expected_location_id"],
                            "found_location_id": row["found_location_id"], "details": row["details"],
                            "resolution": "", "resolution_note": "", "resolution_ref": "",
                            "recount_requested": False, "ledger_seq": seq})
        else:
            old.result, old.details, old.ledger_seq = row["result"], row["details"], seq
            old.expected_location_id, old.found_location_id = row["expected_location_id"], row["found_location_id"]
            old.recount_requested = False
    insert_many(s, AuditLine.__table__, inserts)
    _bump_items(s, [(e["item_id"], seq) for e, seq in zip(events, seqs) if e["item_id"] is not None], seqs)
    return len(events)


def _bump_items(session, pairs, batch: list[int]) -> None:
    """The items' event counters that verify compares with the ledger, after the events ``batch`` (their
    sequence numbers; ``pairs``: (item id, seq) of those on an item) were appended in this transaction."""
    if not pairs:
        return
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        conn.connection.driver_connection.executemany(
            "UPDATE items SET event_count = event_count + 1, last_event_seq = ? WHERE id = ?", [(q, i) for i, q in pairs])
    elif _contiguous(batch):
        # the batch holds a whole range of sequence numbers (the ledger's lock is held until the commit, so
        # nobody else appends inside it): the server counts its events per item from the ledger itself, in one
        # statement; no 3 × 100,000-element arrays built, sent and parsed (issue #15 on PostgreSQL)
        conn.exec_driver_sql(
            "UPDATE items SET event_count = items.event_count + v.n, last_event_seq = v.seq "
            "FROM (SELECT item_id, count(*) AS n, max(seq) AS seq FROM custody_events "
            "WHERE seq BETWEEN %(first)s AND %(last)s AND item_id IS NOT NULL GROUP BY item_id) AS v "
            "WHERE items.id = v.item_id", {"first": min(batch), "last": max(batch)})
    else:  # one statement joined with the arrays (an executemany sent 100,000 UPDATEs: 25 s under load)
        per: dict[int, list] = {}
        for item_id, seq in pairs:
            n_last = per.setdefault(item_id, [0, seq])
            n_last[0] += 1
            n_last[1] = max(n_last[1], seq)
        ids = list(per)
        conn.exec_driver_sql(
            "UPDATE items SET event_count = items.event_count + v.n, last_event_seq = v.seq "
            "FROM unnest(%(ids)s::integer[], %(ns)s::integer[], %(seqs)s::integer[]) AS v(id, n, seq) "
            "WHERE items.id = v.id", {"ids": ids, "ns": [per[i][0] for i in ids], "seqs": [per[i][1] for i in ids]})
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Item):
            session.expire(obj, ["event_count", "last_event_seq"])


def _contiguous(seqs: list[int]) -> bool:
    """Whether the sequence numbers are every number of one range, each once."""
    return bool(seqs) and max(seqs) - min(seqs) + 1 == len(seqs) == len(set(seqs))


def _location_codes(session, ids) -> dict[int, str]:
    ids = sorted(i for i in ids if i is not None)
    out = {}
    for start in range(0, len(ids), CHUNK):
        out.update(session.execute(select(Location.id, Location.code)
                                   .where(Location.id.in_(ids[start:start + CHUNK]))).all())
    return out


# --- resolution ---------------------------------------------------------------------------------


def close_audit(uow, cmd: CloseAudit) -> Changes:
    """Sign off: every discrepancy resolved, the team named; "audit_closed" carries the totals and the record
    is stamped with the chain head; the zone's next periodic kiểm kê moves on."""
    require(uow.actor, "close_audit")
    s = uow.session
    audit = audit_by_number(s, cmd.audit_number, for_update=True)
    if audit.status != audit_rules.AuditStatus.RECONCILED:
        raise ValidationError("audit_not_reconciled", field="audit", number=audit.number, status=audit.status)
    open_lines = s.scalar(select(func.count()).select_from(AuditLine).where(
        AuditLine.audit_id == audit.id, AuditLine.result.in_([r.value for r in audit_rules.DISCREPANCIES]),
        AuditLine.resolution == ""))
    if open_lines:
        raise ValidationError("unresolved_lines", field="lines", n=open_lines)
    if cmd.team:
        audit.team = _team(cmd.team)
    if not json.loads(audit.team or "[]"):
        raise ValidationError("team_required", field="team")
    totals = dict(s.execute(select(AuditLine.result, func.count()).where(AuditLine.audit_id == audit.id)
                            .group_by(AuditLine.result)).all())
    now = persistence.utcnow()
    audit.status, audit.closed_at = audit_rules.AuditStatus.CLOSED.value, now
    if nfc(cmd.remarks):
        audit.reason = (audit.reason + "\n" if audit.reason else "") + nfc(cmd.remarks)
    persistence.record(uow, None, "audit_closed", {"audit": audit.number, "totals": totals,
                                         "team": [m["name"] for m in json.loads(audit.team)]})
    audit.ledger_seq, audit.ledger_hash = uow.ledger.head()
    advance_schedule(s, audit, now.date())
    uow.commit()
    return Changes(ledger_seq=audit.ledger_seq, ledger_hash=audit.ledger_hash, extra={"audit_number": audit.number})
