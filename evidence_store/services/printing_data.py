"""Helpers that turn database rows into the printing package's plain records: local time, persons,
documents, cases, the record hash with its ledger stamp, and the print settings (``settings`` table,
key "print_settings", merged over defaults taken from the warehouse's agency)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, fields, is_dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import select

from ..domain.chronology import warehouse_zone
from ..domain.errors import ValidationError
from ..formatting import wall_time
from ..domain.ledger import GENESIS, iso
from ..domain.permissions import require
from ..db.models import Agency, Case, CustodyEvent, Document, Location, Person, Setting, User, Warehouse
from ..i18n import N_, _
from ..error_texts import register
from ..printing import PrintSettings
from ..printing import records
from ..printing.templates import AgencyHeader, default_header
from ..printing.validation import validate_settings

SETTINGS_KEY = "print_settings"
SEAL_STATES = ("intact", "broken", "resealed", "unsealed", "none", "register")  # printing.blocks.SEAL_STATES

for _code, _text in {
    "slip_direction_invalid": N_("Loại phiếu không hợp lệ: {direction} (chỉ «in» hoặc «out»)"),
    "slip_direction_mismatch": N_("Không lập được {slip} từ biên bản {number}"),
    "not_destruction_record": N_("Biên bản {number} không phải biên bản xử lý bằng hình thức tiêu hủy"),
    "unknown_handover_kind": N_("Loại biên bản không in được: {kind}"),
    "unknown_label_layout": N_("Không có khổ nhãn {layout}"),
    "period_invalid": N_("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc"),
    "date_invalid": N_("Ngày không hợp lệ: {value} (dạng YYYY-MM-DD hoặc dd/mm/yyyy)"),
    "print_settings_invalid": N_("Thiết lập in không hợp lệ: {reason}"),
}.items():
    register(_code, _text)


def local(moment: datetime | None) -> datetime | None:
    """A stored UTC time (naive) as the warehouse's wall time (naive) for printing (evidence_store.formatting)."""
    return wall_time(moment)


def local_now() -> datetime:
    return local(datetime.now(UTC))


def parse_ledger_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")


def ledger_bounds(first: date, last: date) -> tuple[str, str]:
    """Ledger ISO strings (UTC) of local midnight on ``first`` and on the day after ``last``."""
    if last < first:
        raise ValidationError("period_invalid", field="date_to")
    start = datetime.combine(first, time.min, tzinfo=warehouse_zone())
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=warehouse_zone())
    return iso(start), iso(end)


def parse_day(text: str) -> date:
    """'2026-02-05' or '05/02/2026'."""
    raw = (text or "").strip()[:40]
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
        if not 1900 <= day.year <= 2200:  # issue #14: a year 1 or 9999 is a slip, and breaks date arithmetic
            break
        return day
    raise ValidationError("date_invalid", field="date", value=raw)


# --- record hash and ledger stamp ------------------------------------------------------------------

def record_hash(record) -> str:
    """SHA-256 of the record's canonical content (its stamp left out). The canonical form is the one papers were
    first printed with: fields added since (printing.records.ADDED_SINCE_FIRST_PRINT) are left out while empty,
    and an item's identifying numbers are merged into its characteristics as they used to be — so a paper printed
    before an upgrade still reads "khớp" at the QR check when nothing it states has changed."""
    data = _canonical(record)
    data.pop("stamp", None)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_hashes(record) -> tuple[str, ...]:
    """The check codes a paper of this record may carry: the canonical one, and the one the release of
    2026-12-05 (e3bc3e1) printed, which hashed the then-new fields even empty (read by the QR paper check)."""
    data = _canonical(record, keep_empty=True)
    data.pop("stamp", None)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return record_hash(record), hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(value, keep_empty: bool = False):
    if is_dataclass(value) and not isinstance(value, type):
        added = records.ADDED_SINCE_FIRST_PRINT.get(type(value).__name__, ())
        out = {}
        for f in fields(value):
            v = getattr(value, f.name)
            if f.name in added and v == f.default and not (keep_empty and f.name in records.HASHED_EMPTY_ONCE):
                continue
            if f.name in records.PRESENTATION_ONLY and not keep_empty:
                continue
            out[f.name] = _canonical(v, keep_empty)
        if isinstance(value, records.ItemLine) and value.identifiers:
            out.pop("identifiers", None)
            out["characteristics"] = legacy_characteristics(value)
        return out
    if isinstance(value, (list, tuple)):
        return [_canonical(v, keep_empty) for v in value]
    if isinstance(value, dict):
        return {k: _canonical(v, keep_empty) for k, v in value.items()}
    return value


def legacy_characteristics(line) -> str:
    """The characteristics and the identifying numbers as one text, values as stored (the first printed form)."""
    extra = "; ".join(f"{label}: {value}" if label else value for _key, label, value in line.identifiers)
    return "; ".join(p for p in (line.characteristics, extra) if p)


def chain_head(session) -> tuple[int, str]:
    """(seq, hash) of the last ledger event, read without the writers' lock."""
    row = session.execute(select(CustodyEvent.seq, CustodyEvent.hash).order_by(CustodyEvent.seq.desc()).limit(1)).first()
    return (row[0], row[1]) if row else (0, GENESIS)


def stamped(record, head_seq: int | None, head_hash: str | None):
    return replace(record, stamp=records.LedgerStamp(record_hash(record), head_seq or 0, head_hash or GENESIS))


# --- people, agencies, documents, cases ---------------------------------------------------------------

def agency_name(session, agency_id: int | None, short: bool = False) -> str:
    a = session.get(Agency, agency_id) if agency_id else None
    if a is None:
        return ""
    return (a.short_name or a.name) if short else a.name


def person(session, person_id: int | None, fallback_name: str = "", agency_id: int | None = None) -> records.Person | None:
    p = session.get(Person, person_id) if person_id else None
    if p is None:
        return records.Person(fallback_name) if fallback_name else None
    return records.Person(p.full_name, p.gender or None, p.rank or "", p.position or "",
                    agency_name(session, p.agency_id or agency_id), p.id_number or "",
                    id_issued_on=p.id_issued_on, id_issued_by=p.id_issued_by or "")


def actor_person(uow) -> records.Person | None:
    return person(uow.session, uow.actor.person_id, uow.actor.full_name)


def user_names(session) -> dict[str, str]:
    """username → full name, for the actor columns."""
    rows = session.execute(select(User.username, Person.full_name).outerjoin(Person, Person.id == User.person_id))
    return {u: n or u for u, n in rows}


def basis_document(session, doc: Document) -> records.BasisDocument:
    return records.BasisDocument(doc.kind, doc.number, doc.issued_on, agency_name(session, doc.issuing_agency_id))


def documents_of(session, ho) -> tuple[records.BasisDocument, ...]:
    ids = [ho.basis_document_id] + ho.extra_document_id_list
    docs = [session.get(Document, i) for i in ids if i]
    return tuple(basis_document(session, d) for d in docs if d is not None)


def case_ref(session, case_id: int | None) -> records.CaseRef | None:
    case = session.get(Case, case_id) if case_id else None
    return records.CaseRef(case.number, case.offence or "") if case else None


def location_name(session, location_id: int | None) -> str:
    loc = session.get(Location, location_id) if location_id else None
    return loc.name if loc else ""


def warehouse(session, warehouse_id: int | None = None) -> Warehouse | None:
    if warehouse_id:
        return session.get(Warehouse, warehouse_id)
    return session.scalars(select(Warehouse).order_by(Warehouse.id)).first()


def derived_number(handover_number: str, suffix: str) -> str:
    """'12/2026/BB-GN' → '12/2026/PNK': the slip or record follows its handover's number."""
    return re.sub(r"BB-GN$", suffix, handover_number) if handover_number.endswith("BB-GN") else (
        f"{handover_number}/{suffix}")


# --- print settings ---------------------------------------------------------------------------------

def _place_name(*texts: str) -> str:
    for text in texts:
        m = re.search(r"(?:thành phố|tỉnh)\s+(.+)$", text or "", re.IGNORECASE)
        if m:
            return m.group(1).strip()
    return ""


def header_from_database(session) -> AgencyHeader:
    """Issuing unit = the warehouse's agency, cơ quan chủ quản = its parent."""
    wh = warehouse(session)
    unit = session.get(Agency, wh.agency_id) if wh else None
    if unit is None:
        return default_header()
    parent = session.get(Agency, unit.parent_id) if unit.parent_id else None
    address_place = (wh.address or "").rsplit(",", 1)[-1].strip() if "," in (wh.address or "") else ""
    place = _place_name(parent.name if parent else "", unit.name) or address_place or default_header().place_name
    short = (_("KHO VẬT CHỨNG {agency}", agency=parent.short_name) if parent and parent.short_name
             else wh.name).upper()
    return AgencyHeader(parent.name if parent else "", unit.name, place, short)


def _stored(session) -> dict[str, Any]:
    row = session.get(Setting, SETTINGS_KEY)
    if row is None:
        return {}
    try:
        value = json.loads(row.value)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _build(session, stored: dict[str, Any]) -> PrintSettings:
    data = dict(stored)
    data["header"] = {**asdict(header_from_database(session)), **(stored.get("header") or {})}
    return PrintSettings.from_dict(data)


def load_print_settings(uow) -> PrintSettings:
    """Stored settings merged over the defaults; unreadable stored values fall back to the defaults."""
    try:
        return _build(uow.session, _stored(uow.session))
    except (TypeError, ValueError, AttributeError):
        return _build(uow.session, {})


def save_print_settings(uow, data: dict[str, Any]) -> PrintSettings:
    """Administrator only: store the overrides (the GUI editor sends ``PrintSettings.to_dict()`` or a part)."""
    from .security_log import log_security
    require(uow.actor, "manage_settings")
    if not isinstance(data, dict):
        raise ValidationError("print_settings_invalid", field="print_settings", reason=type(data).__name__)
    try:
        settings = _build(uow.session, data)
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError, AttributeError) as exc:
        raise ValidationError("print_settings_invalid", field="print_settings", reason=str(exc)) from None
    validate_settings(settings)
    row = uow.session.get(Setting, SETTINGS_KEY)
    if row is None:
        uow.session.add(Setting(key=SETTINGS_KEY, value=text))
    else:
        row.value = text
    log_security(uow.session, "setting_changed", user_id=uow.actor.user_id, username=uow.actor.username,
                 workstation=uow.actor.workstation, key=SETTINGS_KEY)
    uow.commit()
    return settings


def author(uow) -> tuple[records.Party, ...]:
    """The person printing a report signs it as its author."""
    who = actor_person(uow)
    return (records.Party("author", who),) if who else ()
