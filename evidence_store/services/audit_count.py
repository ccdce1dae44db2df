"""Kiểm kê, blind counting by scanning: every scan committed as it happens, so an audit resumes after closing
the app, a crash or a power cut where it stopped. Several auditors count different zones at once; each one's
current location is their own last location scan. Also the checks asked of a scanned item (seal, measures) and
the import of a handheld scanner's file."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, select

from ..domain import audit as audit_rules
from ..domain import codes
from ..domain.errors import InvalidCode, NotFound, ValidationError
from ..domain.permissions import require
from ..domain.text import nfc
from ..db.models import Audit, AuditScan, Item, Location
from . import persistence
from .commands import AuditScanInput, ScanChecks
from .audit import audit_by_number, scope_location_ids


def _current_location(session, audit: Audit, user_id) -> int | None:
    return session.scalar(select(AuditScan.location_id)
                          .where(AuditScan.audit_id == audit.id, AuditScan.user_id == user_id,
                                 AuditScan.kind == "location", AuditScan.outcome == "location")
                          .order_by(AuditScan.id.desc()).limit(1))


def record_scan(uow, cmd: AuditScanInput) -> dict:
    """One scan of the blind count, committed before it returns (DESIGN §7: feedback < 50 ms).

    The answer says what was scanned — never what was expected there: outcome location | recorded |
    duplicate | unknown | invalid | no_location | out_of_scope, with the item's name and whether the
    auditor must type the seal number or re-weigh / count it (high-risk)."""
    require(uow.actor, "count_audit")
    s = uow.session
    audit = audit_by_number(s, cmd.audit_number)
    if audit.status != audit_rules.AuditStatus.COUNTING:
        raise ValidationError("audit_not_counting", field="audit", number=audit.number, status=audit.status)
    raw = codes.clean(nfc(cmd.code or ""))
    if not raw:
        raise ValidationError("code_required", field="code")
    when = cmd.scanned_at or persistence.utcnow()
    scan = AuditScan(audit_id=audit.id, user_id=uow.actor.user_id, workstation=uow.actor.workstation[:100],
                     scanned_at=when, source=cmd.source, code=raw[:60], kind="item", outcome="invalid",
                     measured="", round=_round(s, audit))
    answer = {"outcome": "invalid", "code": raw, "name": "", "location": "", "needs_seal": False,
              "needs_measure": (), "category": "", "scan_id": None, "unit": ""}
    try:
        parsed = codes.parse_code(raw)
    except InvalidCode as error:
        answer["outcome"] = "invalid" if error.code == "bad_check_character" else "unknown"
        scan.outcome = answer["outcome"]
        return _save(uow, scan, answer)
    code = answer["code"] = scan.code = parsed.compact
    if code.startswith(codes.KIND_PREFIXES["location"]):
        return _location_scan(uow, audit, scan, answer)
    if cmd.location_code:
        loc = s.scalars(select(Location).where(Location.code == codes.clean(cmd.location_code))).first()
        current = loc.id if loc is not None else None
    else:
        current = _current_location(s, audit, uow.actor.user_id)
    if current is None:
        scan.outcome = answer["outcome"] = "no_location"
        return _save(uow, scan, answer)
    scan.location_id = current
    row = s.execute(select(Item.id, Item.name, Item.category, Item.sealed, Item.unit).where(Item.code == code)).first()
    if row is None:
        scan.outcome = answer["outcome"] = "unknown"
        return _save(uow, scan, answer)
    scan.item_id = row.id
    answer.update(name=row.name, category=row.category, unit=row.unit)
    earlier = s.scalar(select(func.count()).select_from(AuditScan).where(
        AuditScan.audit_id == audit.id, AuditScan.item_id == row.id, AuditScan.outcome == "recorded",
        AuditScan.round == scan.round))
    if earlier:
        scan.outcome = answer["outcome"] = "duplicate"
        return _save(uow, scan, answer)
    scan.outcome = answer["outcome"] = "recorded"
    answer["needs_seal"] = audit_rules.needs_seal_question(row.category, row.sealed)
    answer["needs_measure"] = _measures(row.category)
    return _save(uow, scan, answer)


def _measures(category: str) -> tuple[str, ...]:
    if category in audit_rules.CASH:
        return ("denominations",)
    return audit_rules.WEIGHED.get(category, ())


def _round(session, audit: Audit) -> int:
    """Counting again after a reconciliation is always a second count (only a recount reopens counting)."""
    return 2 if audit.reconciled_at is not None else 1


def _location_scan(uow, audit: Audit, scan: AuditScan, answer: dict) -> dict:
    s = uow.session
    loc = s.scalars(select(Location).where(Location.code == scan.code)).first()
    scan.kind = "location"
    if loc is None:
        scan.outcome = answer["outcome"] = "unknown"
        return _save(uow, scan, answer)
    answer["location"] = loc.name
    scope = scope_location_ids(audit)
    if loc.warehouse_id != audit.warehouse_id or (scope is not None and loc.id not in scope):
        scan.outcome = answer["outcome"] = "out_of_scope"
        return _save(uow, scan, answer)
    scan.location_id = loc.id
    scan.outcome = answer["outcome"] = "location"
    return _save(uow, scan, answer)


def _save(uow, scan: AuditScan, answer: dict) -> dict:
    uow.session.add(scan)
    uow.session.flush()
    answer["scan_id"] = scan.id
    uow.commit()
    durable(uow.db)
    return answer


class _WalSync:
    """Syncs a SQLite file's WAL to disk on its own thread, right after the scans that ask for it, so the
    scanner's feedback never waits for the disk: many scans in a burst share one fsync."""

    def __init__(self, path: str) -> None:
        import threading
        self.path = f"{path}-wal"
        self.wanted = threading.Event()
        self.idle = threading.Event()
        self.idle.set()
        self.thread = threading.Thread(target=self._run, name="audit-wal-sync", daemon=True)
        self.thread.start()

    def request(self) -> None:
        self.idle.clear()
        self.wanted.set()

    def wait(self, timeout: float = 5.0) -> bool:
        """True once every requested sync is done (tests; closing the counting screen)."""
        return self.idle.wait(timeout)

    def _run(self) -> None:
        import os
        while True:
            self.wanted.wait()
            self.wanted.clear()
            try:
                fd = os.open(self.path, os.O_RDWR | getattr(os, "O_BINARY", 0))
            except OSError:
                fd = None  # no WAL file (not WAL mode): the commit went to the database file
            if fd is not None:
                try:
                    os.fsync(fd)
                except OSError:  # pragma: no cover - a disk error surfaces on the next commit
                    pass
                finally:
                    os.close(fd)
            if not self.wanted.is_set():
                self.idle.set()


_SYNCERS: dict[str, _WalSync] = {}


def durable(db) -> _WalSync | None:
    """A committed scan survives a power cut too. SQLite runs WAL with synchronous=NORMAL, where the last
    commits may sit in the WAL unsynced until a checkpoint: the WAL is synced right after each scan (what
    synchronous=FULL does at every commit), off the feedback path. PostgreSQL commits durably already."""
    path = getattr(db, "sqlite_path", None) if getattr(db, "is_sqlite", False) else None
    if not path:
        return None
    syncer = _SYNCERS.get(path)
    if syncer is None:
        syncer = _SYNCERS.setdefault(path, _WalSync(path))
    syncer.request()
    return syncer


def record_checks(uow, cmd: ScanChecks) -> dict:
    """The seal number read on the spot, seal intact or not, and measures (cash by denomination, drugs
    re-weighed) for a recorded scan; checked against the register at reconciliation, not shown here."""
    require(uow.actor, "count_audit")
    s = uow.session
    audit = audit_by_number(s, cmd.audit_number)
    if audit.status != audit_rules.AuditStatus.COUNTING:
        raise ValidationError("audit_not_counting", field="audit", number=audit.number, status=audit.status)
    scan = s.get(AuditScan, cmd.scan_id)
    if scan is None or scan.audit_id != audit.id or scan.outcome != "recorded":
        raise NotFound("scan_not_found", id=cmd.scan_id)
    measured = {}
    for name, value in (cmd.measured or {}).items():
        if value in (None, ""):
            continue
        if name == "denominations":
            audit_rules.parse_denominations(str(value))
            measured[name] = nfc(str(value))
        elif name in ("quantity", "net_weight_g", "gross_weight_g", "weight_g"):
            number = audit_rules.to_number(value)
            if number is None or number < 0:
                raise ValidationError("measure_invalid", field=name, value=str(value))
            measured[name] = str(number)
        else:
            raise ValidationError("measure_invalid", field=name, value=str(value))
    if cmd.seal_seen is not None:
        scan.seal_seen = nfc(cmd.seal_seen)[:60]
    if cmd.seal_intact is not None:
        scan.seal_intact = bool(cmd.seal_intact)
    scan.measured = json.dumps(measured, ensure_ascii=False, sort_keys=True) if measured else ""
    uow.commit()
    return {"scan_id": scan.id, "measured": measured}


def import_scan_file(uow, audit_number: str, text: str, *, filename: str = "") -> dict:
    """A handheld scanner's batch file: one scan per line, ``code[,time]`` (time ISO-8601 or dd/mm/yyyy
    HH:MM[:SS]); a location code sets the place for the codes that follow, as when scanning live.
    Every line goes through ``record_scan`` (same checks); a bad line is reported, never guessed."""
    require(uow.actor, "count_audit")
    import csv
    import io
    audit = audit_by_number(uow.session, audit_number)
    if audit.status != audit_rules.AuditStatus.COUNTING:
        raise ValidationError("audit_not_counting", field="audit", number=audit.number, status=audit.status)
    lines = [row for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=_delimiter(text)) if
             any(c.strip() for c in row)]
    if lines and lines[0] and lines[0][0].strip().lower() in ("code", "mã", "ma", "barcode"):
        lines = lines[1:]
    if not lines:
        raise ValidationError("scan_file_empty", field="file", filename=filename)
    counts: dict[str, int] = {}
    problems: list[tuple[int, str, str]] = []
    location = ""
    for n, row in enumerate(lines, 1):
        code = row[0].strip()
        when = None
        if len(row) > 1 and row[1].strip():
            when = _parse_time(row[1].strip())
            if when is None:
                problems.append((n, code, "bad_time"))
                counts["bad_time"] = counts.get("bad_time", 0) + 1
                continue
        answer = record_scan(uow, AuditScanInput(audit.number, code, source="file", scanned_at=when,
                                                 location_code=location))
        if answer["outcome"] == "location":
            location = answer["code"]
        elif answer["outcome"] not in ("recorded",):
            problems.append((n, code, answer["outcome"]))
        counts[answer["outcome"]] = counts.get(answer["outcome"], 0) + 1
    return {"lines": len(lines), "counts": counts, "problems": problems}


def _delimiter(text: str) -> str:
    head = text[:2000]
    return ";" if head.count(";") > head.count(",") else ("\t" if "\t" in head and "," not in head else ",")


def _parse_time(text: str) -> datetime | None:
    from ..domain.chronology import warehouse_zone
    from datetime import UTC
    for fmt in ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"):
        try:
            naive = datetime.strptime(text[:19], fmt)
        except ValueError:
            continue
        return naive.replace(tzinfo=warehouse_zone()).astimezone(UTC).replace(tzinfo=None)  # the scanner's clock is local
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=warehouse_zone())
    return moment.astimezone(UTC).replace(tzinfo=None)
