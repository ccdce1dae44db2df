"""Fast bulk demo database (DESIGN §7: one million items with ten million ledger events in minutes).

Builds on ``demo.base.build_base`` (agencies, warehouse, locations, users) and writes cases, items,
intake handovers and the hash-chained custody ledger with raw ``sqlite3.executemany`` — no ORM — in
the exact canonical form of domain.ledger, so that ``services.verify.verify(db)`` passes and the app's
queries work. Deterministic for a seed. The simulation runs in this process and every row is written by a
second one (demo/bulk_writer.py, which also chains the ledger's hashes): two cores. Secondary indexes (but
``KEPT``) and the FTS triggers are dropped during the load and recreated afterwards (``items_fts`` is rebuilt
once). Refuses a database that holds items.

    from evidence_store.demo.bulk import build
    build(db, 1_000_000, events_per_item=10, progress=lambda phase, done, total: ...)

The load runs with the rollback journal off: if it is interrupted, delete the file and start again."""

from __future__ import annotations

import math
import sqlite3
import time
from dataclasses import dataclass, field

from ..domain import categories
from ..domain import codes
from . import bulk_vocab
from .base import AGENCIES, build_base
from .bulk_writer import BulkWriter

COLUMNS = {
    "items": "id, code, warehouse_id, case_id, category, name, quantity, unit, characteristics, condition, sealed, "
             "seal_number, owner_name, owner_id_number, attributes, state, location_id, holder, "
             "responsible_agency_id, due_back_on, received_at, event_count, last_event_seq, search_text, sort_key",
    "custody_events": "seq, item_id, kind, occurred_at, recorded_at, user_id, workstation, document_id, handover_id, "
                      "corrects_seq, data, prev_hash, hash",
    "cases": "id, number, title, offence, handling_agency_id, stage, officer_id, opened_on, judgment_effective_on, "
             "created_at, sort_key",
    "documents": "id, kind, number, issued_on, issuing_agency_id, signer_name, signer_title, case_id, summary, "
                 "created_at",
    "handovers": "id, number, kind, started_at, ended_at, place, basis_document_id, extra_document_ids, giver_id, "
                 "receiver_id, giver_agency_id, receiver_agency_id, case_id, details, notes, copies, status, "
                 "created_by, ledger_seq, ledger_hash, approval",
    "handover_lines": "id, handover_id, item_id, line_no, quantity, condition, sealed, seal_number, note",
    "signatures": "id, handover_id, role, person_id, person_name, status, attachment_id, refusal_reason, "
                  "refusal_witness, signed_at",
    "deadlines": "id, kind, item_id, case_id, start_on, due_on, responsible, closed_at, source_seq",
    "persons": "id, full_name, rank, position, agency_id, id_number, phone, address, is_officer",
    "locations": "id, warehouse_id, parent_id, code, name, kind, capacity, occupancy, active",
    "case_milestones": "id, case_id, kind, occurred_on, document_id, issuing_agency_id, stage_before, stage_after, "
                       "note, recorded_at, recorded_by, ledger_seq",
}
FINAL_SQL = ("UPDATE items SET state=?, location_id=?, sealed=?, seal_number=?, holder=?, responsible_agency_id=?, "
             "due_back_on=?, event_count=?, last_event_seq=? WHERE id=?")
BULK_TABLES = ("items", "custody_events", "cases", "documents", "handovers", "handover_lines", "signatures",
               "deadlines")
# kept during the load, filled by the writer process beside the simulation instead of after it: the ledger's
# index of receipts and removals is appended in time order within each kind, never at random places (100k items:
# +1 s on the writer, −0.7 s after the load). The search index is not: filled item by item through its trigger it
# cost the writer +3 s, rebuilt once afterwards 0.7 s.
KEPT = ("ix_custody_events_moves",)
PRAGMAS = ("journal_mode=OFF", "synchronous=OFF", "foreign_keys=OFF", "cache_size=-1048576", "temp_store=MEMORY")
POLICE = ("pc02", "pc04", "pc03", "cqdt", "hoankiem", "caugiay")
EXTRA_ROOMS = {categories.LocationKind.VEHICLE_YARD: "Bãi xe số {n}", categories.LocationKind.SECURE_ROOM: "Phòng bảo quản đặc biệt số {n}",
               categories.LocationKind.SAFE: "Két sắt số {n}", categories.LocationKind.COLD_STORE: "Kho lạnh số {n}"}


@dataclass
class BulkResult:
    items: int
    events: int
    seconds: float
    head_hash: str = ""
    cases: int = 0


@dataclass
class Ref:
    """Reference data the simulation needs (ids of the base world, locations, officers)."""
    agency: dict = field(default_factory=dict)
    short: dict = field(default_factory=dict)
    agency_name: dict = field(default_factory=dict)
    stage_of: dict = field(default_factory=dict)
    next_ids: dict = field(default_factory=dict)
    officers: list = field(default_factory=list)
    officer_agency: dict = field(default_factory=dict)
    officer_name_of: dict = field(default_factory=dict)
    officer_names: list = field(default_factory=list)
    loc_id: list = field(default_factory=list)
    loc_code: list = field(default_factory=list)
    loc_cap: list = field(default_factory=list)
    occ: list = field(default_factory=list)
    pools: dict = field(default_factory=dict)
    cat_kind: dict = field(default_factory=dict)
    workstation: str = "KHO-PC10-01"
    clerk_user: int = 0
    clerk_person: int = 0
    clerk_name: str = ""
    boss_user: int = 0  # the commander who approves the acts out (ND 142/2024 Điều 4)
    boss_person: int = 0
    boss_name: str = ""
    demo_officer: int = 0
    warehouse: int = 0
    wh_agency: int = 0
    prefix: str = "VC"
    address: str = ""
    first_item: int = 1
    first_case: int = 1


def build(db, n_items: int, events_per_item: int = 10, *, seed: int = 20261128, progress=None) -> BulkResult:
    """Build the demo warehouse with ``n_items`` items and about ``events_per_item`` events each."""
    from .bulk_sim import Simulation
    if not db.is_sqlite:
        raise ValueError("bulk demo generation writes SQLite files only")
    t0 = time.perf_counter()
    con = _connect(db.sqlite_path)
    try:
        _refuse_non_empty(con)
        users = con.execute("SELECT count(*) FROM users").fetchone()[0]
    finally:
        con.close()
    if not users:
        build_base(db)
    db.dispose()  # no pooled connection may stay open while the journal mode changes
    con, writer = _connect(db.sqlite_path), None
    try:
        _refuse_non_empty(con)
        for pragma in PRAGMAS:
            con.execute("PRAGMA " + pragma)
        con.execute("BEGIN")
        ref = _reference(con, n_items)
        saved = _drop_secondary(con)
        con.execute("COMMIT")  # the base world is written: from here the writer process has the file alone
        writer = BulkWriter(db.sqlite_path)
        sim = Simulation(ref, n_items, events_per_item, seed, _sink(writer), progress)
        sim.run()
        events, head = writer.close()
        assert events == sim.seq, (events, sim.seq)
        con.execute("BEGIN")
        _finish(con, sim, ref, saved, progress)
        con.execute("COMMIT")
        con.execute("PRAGMA journal_mode=WAL")
    finally:
        if writer is not None:
            writer.abort()
        con.close()
    return BulkResult(n_items, sim.seq, time.perf_counter() - t0, head, len(sim.case_stage))


def _sink(writer: BulkWriter):
    """The simulation's batches to the writer process: the ledger as canonical lines, the rest as rows."""
    inserts = {t: f"INSERT INTO {t} ({c}) VALUES ({', '.join('?' * len(c.split(',')))})" for t, c in COLUMNS.items()}
    handover_cols = COLUMNS["handovers"].split(", ")
    fill = (handover_cols.index("ledger_seq"), handover_cols.index("ledger_hash"))

    def sink(table: str, rows: list) -> None:
        if table == "custody_events":
            writer.events(rows)
        else:
            writer.rows(FINAL_SQL if table == "item_final" else inserts[table], rows,
                        fill if table == "handovers" else None)
    return sink


def _connect(path: str) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None, timeout=30)
    con.execute("PRAGMA busy_timeout=30000")
    return con


def _refuse_non_empty(con) -> None:
    for table in ("items", "custody_events", "cases"):
        if con.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
            raise ValueError(f"refusing to generate into a non-empty database ({table} has rows)")


def _reference(con, n_items: int) -> Ref:
    ref = Ref()
    by_name = {name: i for i, name in con.execute("SELECT id, name FROM agencies")}
    for key, name, short, _kind, _parent in AGENCIES:
        ref.agency[key] = by_name[name]
        ref.short[by_name[name]], ref.agency_name[by_name[name]] = short, name
    ref.stage_of = {ref.agency["vks"]: 1, ref.agency["ta"]: 2, ref.agency["thads"]: 3}
    ref.warehouse, ref.prefix, ref.wh_agency, ref.address = con.execute(
        "SELECT id, code_prefix, agency_id, address FROM warehouses ORDER BY id LIMIT 1").fetchone()
    ref.clerk_user, ref.clerk_person, ref.clerk_name = con.execute(
        "SELECT u.id, p.id, p.full_name FROM users u JOIN persons p ON p.id = u.person_id "
        "WHERE u.username = 'thukho'").fetchone()
    ref.boss_user, ref.boss_person, ref.boss_name = con.execute(
        "SELECT u.id, p.id, p.full_name FROM users u JOIN persons p ON p.id = u.person_id "
        "WHERE u.username = 'lanhdao'").fetchone()
    ref.demo_officer = con.execute("SELECT person_id FROM users WHERE username = 'canbo'").fetchone()[0]
    for table in BULK_TABLES + ("persons", "locations", "case_milestones"):
        key = "seq" if table == "custody_events" else "id"
        ref.next_ids[table] = (con.execute(f"SELECT max({key}) FROM {table}").fetchone()[0] or 0) + 1
    ref.first_item, ref.first_case = ref.next_ids["items"], ref.next_ids["cases"]
    _officers(con, ref, n_items)
    _locations(con, ref, n_items)
    return ref


def _officers(con, ref: Ref, n_items: int) -> None:
    import random
    r = random.Random(7)
    rows = []
    for i in range(max(30, min(600, n_items // 2000))):
        pid = ref.next_ids["persons"] + i
        agency = ref.agency[POLICE[i % len(POLICE)]]
        name = f"{r.choice(bulk_vocab.SURNAMES)} {r.choice(bulk_vocab.MIDDLE)} {r.choice(bulk_vocab.GIVEN)}"
        rank = r.choice(bulk_vocab.RANKS)
        rows.append((pid, name, rank, r.choice(bulk_vocab.POSITIONS), agency, str(r.randrange(10**11, 10**12)), "", "", True))
        ref.officers.append(pid)
        ref.officer_agency[pid], ref.officer_name_of[pid] = agency, f"{rank} {name}"
        ref.officer_names.append(name)
    con.executemany(f"INSERT INTO persons ({COLUMNS['persons']}) VALUES (?,?,?,?,?,?,?,?,?)", rows)
    ref.next_ids["persons"] += len(rows)


def _category_shares() -> dict[str, float]:
    shares: dict[str, float] = {}
    total = sum(bulk_vocab.OFFENCE_WEIGHTS)
    for (_o, _s, cats), w in zip(bulk_vocab.OFFENCES, bulk_vocab.OFFENCE_WEIGHTS):
        cw = sum(x for _c, x in cats)
        for c, x in cats:
            shares[c] = shares.get(c, 0) + w / total * x / cw
    return shares


def _locations(con, ref: Ref, n_items: int) -> None:
    """Existing locations, plus enough extra bins, yards, rooms, safes and cold stores for n_items."""
    for c, cat in categories.CATEGORIES.items():
        kinds = cat.locations
        ref.cat_kind[c] = categories.LocationKind.BIN.value if categories.LocationKind.BIN in kinds else categories.suggested_location_kind(cat).value
    existing = con.execute("SELECT id, code, kind, capacity, parent_id FROM locations WHERE active = 1 "
                           "ORDER BY id").fetchall()
    wh_root = next(r[0] for r in existing if r[4] is None)
    need: dict[str, float] = {}
    for c, share in _category_shares().items():
        need[ref.cat_kind[c]] = need.get(ref.cat_kind[c], 0) + share * n_items * 0.85
    have: dict[str, int] = {}
    for _id, _code, kind, cap, _p in existing:
        have[kind] = have.get(kind, 0) + (cap or 10**9)
    scope = f"loc:{ref.warehouse}"
    row = con.execute("SELECT next_value FROM code_sequences WHERE scope = ?", (scope,)).fetchone()
    seq = row[0] if row else 1
    rows, next_id = [], ref.next_ids["locations"]

    def add(parent, name, kind, cap):
        nonlocal seq, next_id
        rows.append((next_id, ref.warehouse, parent, codes.make_code(codes.LOCATION_PREFIX, ref.warehouse % 100, seq).compact, name, kind,
                     cap, 0, True))
        seq, next_id = seq + 1, next_id + 1
        return next_id - 1

    bins_needed = max(0, math.ceil((need.get("bin", 0) - have.get("bin", 0)) / 40))
    zone = 0
    while bins_needed > 0:
        letter = codes.LETTERS[(zone + 2) % len(codes.LETTERS)] + (str(zone // len(codes.LETTERS)) if zone >= 16 else "")
        z = add(wh_root, f"Khu {letter}", "zone", None)
        for rack in range(1, 11):
            rk = add(z, f"Dãy {letter}{rack}", "rack", None)
            for shelf in range(1, 6):
                sh = add(rk, f"Kệ {letter}{rack}-T{shelf}", "shelf", None)
                for b in range(1, 11):
                    add(sh, f"Ô {letter}{rack}-{shelf}-{b:02d}", "bin", 40)
        bins_needed -= 500
        zone += 1
    for kind, template in EXTRA_ROOMS.items():
        cap = {"vehicle_yard": 3000, "secure_room": 500, "safe": 200, "cold_store": 200}[kind.value]
        for n in range(max(0, math.ceil((need.get(kind.value, 0) - have.get(kind.value, 0)) / cap))):
            add(wh_root, template.format(n=n + 2), kind.value, cap)
    con.executemany(f"INSERT INTO locations ({COLUMNS['locations']}) VALUES (?,?,?,?,?,?,?,?,?)", rows)
    con.execute("INSERT OR REPLACE INTO code_sequences (scope, next_value) VALUES (?, ?)", (scope, seq))
    for lid, code, kind, cap, _p in existing + [(r[0], r[3], r[5], r[6], r[2]) for r in rows]:
        if kind in ref.cat_kind.values():
            ref.pools.setdefault(kind, []).append(len(ref.loc_id))
        ref.loc_id.append(lid)
        ref.loc_code.append(code)
        ref.loc_cap.append(cap)
        ref.occ.append(0)


def _drop_secondary(con) -> list[str]:
    """Drop non-unique indexes of the bulk tables, the FTS triggers and the bulk tables' BEFORE INSERT
    append-only triggers (``*_no_replace``: one primary-key probe per inserted row; the load writes fresh
    ids in order into empty tables); return their SQL to recreate (verify checks that they are back). The
    writer process keeps up what is cheap to keep on the way (``KEPT``)."""
    names = ",".join(f"'{t}'" for t in BULK_TABLES)
    saved = con.execute(f"SELECT name, sql FROM sqlite_master WHERE ((type = 'index' AND tbl_name IN ({names}) "
                        "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%') OR "
                        "(type = 'trigger' AND name LIKE 'items_fts_%') OR "
                        f"(type = 'trigger' AND tbl_name IN ({names}) AND name LIKE '%_no_replace')) "
                        f"AND name NOT IN ({','.join(repr(k) for k in KEPT)})").fetchall()
    for name, sql in saved:
        kind = "TRIGGER" if sql.upper().startswith("CREATE TRIGGER") else "INDEX"
        con.execute(f'DROP {kind} "{name}"')
    return [sql for _name, sql in saved]


def _finish(con, sim, ref: Ref, saved: list[str], progress) -> None:
    step = (lambda name: progress(name, 0, 1)) if progress else (lambda name: None)
    step("indexes")
    con.executemany("UPDATE cases SET stage = ? WHERE id = ?",
                    [(("investigation", "prosecution", "trial", "enforcement")[s], ref.first_case + i)
                     for i, s in enumerate(sim.case_stage) if s])
    con.execute("PRAGMA threads=2")  # CREATE INDEX sorts on two cores (10M ledger rows at a million items)
    # the index builds read whole tables: mapped, a page is no read() copy (this connection only; SQLite caps it,
    # 2 GB in the usual builds): 100k items, the ledger's (item_id, seq) index alone 2.2 → 1.6 s of CPU
    con.execute("PRAGMA mmap_size=17179869184")
    for sql in sorted(saved, key=lambda s: s.upper().startswith("CREATE TRIGGER")):
        con.execute(sql)
    step("occupancy")  # the simulation kept each location's count of the items stored there
    con.executemany("UPDATE locations SET occupancy = ? WHERE id = ?", zip(ref.occ, ref.loc_id))
    seqs = [(f"item:{ref.prefix}:{yy:02d}", n + 1) for yy, n in sim.code_seq.items()]
    seqs += [(key, n + 1) for key, n in sim.counters.items() if key.startswith("bb:")]
    con.executemany("INSERT OR REPLACE INTO code_sequences (scope, next_value) VALUES (?, ?)", seqs)
    step("search")
    con.execute("INSERT INTO items_fts(items_fts) VALUES ('rebuild')")
    con.execute("INSERT INTO items_fts(items_fts) VALUES ('optimize')")
    if progress:
        progress("done", 1, 1)
