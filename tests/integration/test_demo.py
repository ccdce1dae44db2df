"""The demo generator builds every lifecycle state through the services, deterministically."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from evidence_store.db.migrate import open_database
from evidence_store.demo.generate import generate
from evidence_store.domain.states import State
from evidence_store.services.verify import verify


@pytest.fixture(scope="module")
def demo_dbs(tmp_path_factory):
    out = []
    for name in ("a", "b"):
        db = open_database(f"sqlite:///{tmp_path_factory.mktemp('demo') / name}.sqlite3")
        generate(db, items=300 if name == "a" else 60, seed=1)
        out.append(db)
    yield out
    for db in out:
        db.dispose()


def _rows(db, sql):
    with db.reader.connect() as c:
        return c.execute(text(sql)).all()


def test_every_state_and_a_valid_ledger(demo_dbs):
    db = demo_dbs[0]
    states = {r[0] for r in _rows(db, "SELECT DISTINCT state FROM items")}
    assert states == {s.value for s in State}
    assert _rows(db, "SELECT count(*) FROM items")[0][0] == 300
    assert _rows(db, "SELECT count(*) FROM deadlines WHERE kind = 'temporary_return' AND closed_at IS NULL "
                     "AND due_on < date('now')")[0][0] >= 1
    assert verify(db).ok


def test_no_demo_event_happens_in_the_future(demo_dbs):
    from datetime import UTC, datetime
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    latest = _rows(demo_dbs[0], "SELECT max(occurred_at) FROM custody_events")[0][0]
    assert latest <= now


def test_same_seed_same_codes_and_names(demo_dbs, tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'again.sqlite3'}")
    try:
        generate(db, items=60, seed=1)
        sql = "SELECT code, name, attributes FROM items ORDER BY id"
        assert _rows(db, sql) == _rows(demo_dbs[1], sql)
    finally:
        db.dispose()


@pytest.fixture
def base_template(world_template):
    """The demo's fixed structure, built once per process (accounts hash slowly; tests/conftest.py); each seed
    starts from a copy."""
    return world_template


@pytest.mark.parametrize("seed", [2, 3, 7, 11, 13])
def test_every_seed_builds_through_the_rules_and_verifies(tmp_path, base_template, seed):
    """The demo goes through the services, hence through every rule of issue #11 (milestones in legal order,
    competent issuers, disposal powers by stage), for any seed; its cases' stage is the milestones' stage."""
    from evidence_store.domain import milestones as milestone_rules
    import shutil
    shutil.copy(base_template[0], tmp_path / "seed.sqlite3")
    db = open_database(f"sqlite:///{tmp_path / 'seed.sqlite3'}")
    try:
        generate(db, items=40, seed=seed, world=base_template[1])
        assert verify(db).ok
        with db.reader.connect() as c:
            cases = c.execute(text("SELECT id, stage, stage_origin FROM cases")).all()
            facts = c.execute(text("SELECT case_id, kind, occurred_on, issuing_agency_id, document_id "
                                   "FROM case_milestones ORDER BY occurred_on, id")).all()
        for case_id, stage, origin in cases:
            mine = [milestone_rules.Fact(k, on if not isinstance(on, str) else __import__("datetime").date.fromisoformat(on), a, d)
                    for cid, k, on, a, d in facts if cid == case_id]
            assert mine and mine[0].kind == "opening"
            assert milestone_rules.derive(origin, mine).stage.value == stage
    finally:
        db.dispose()


def test_a_killed_demo_is_built_again_from_scratch(tmp_path, capsys):
    """A demo killed half-way leaves its marker: the next ``demo`` wipes the half-built file and starts again."""
    from evidence_store.cli import main
    from evidence_store.demo import marker
    from evidence_store.demo.base import build_base
    path = tmp_path / "killed.sqlite3"
    db = open_database(f"sqlite:///{path}")
    marker.mark(db, "running")
    build_base(db)  # … and then the process was killed
    db.dispose()
    assert main(["--db", str(path), "demo", "--items", "8", "--seed", "4"]) == 0
    assert "tạo lại từ đầu" in capsys.readouterr().err
    assert main(["--db", str(path), "demo", "--items", "8", "--seed", "4"]) == 2  # a finished one is kept


@pytest.fixture(scope="module")
def bulk_db(tmp_path_factory):
    """The bulk path's database (400 items, seed 3), built once for the tests that only read it."""
    from evidence_store.demo.bulk import build
    url = f"sqlite:///{tmp_path_factory.mktemp('bulk') / 'bulk.sqlite3'}"
    build(open_database(url, backup=False), 400, seed=3)
    db = open_database(url, backup=False)
    yield db
    db.dispose()


def test_the_bulk_demo_follows_the_authority_rules(bulk_db):
    """The bulk path (> 20,000 items) writes milestones in legal order with their ledger events; stages are the
    milestones' stages; orders come from the competent body; disposals before the QĐ THA are only 106.3 sales."""
    from evidence_store.domain import authority as authority_rules
    from evidence_store.domain import milestones as milestone_rules
    from datetime import date as _date
    db = bulk_db
    assert verify(db).ok
    with db.reader.connect() as c:
        cases = c.execute(text("SELECT id, stage, stage_origin FROM cases")).all()
        facts = c.execute(text("SELECT case_id, kind, occurred_on, issuing_agency_id, document_id "
                               "FROM case_milestones ORDER BY occurred_on, id")).all()
        kinds = dict(c.execute(text("SELECT id, kind FROM agencies")).all())
        docs = c.execute(text("SELECT d.kind, d.issuing_agency_id, d.case_id, d.issued_on FROM documents d "
                              "WHERE d.case_id IS NOT NULL")).all()
        early = c.execute(text("SELECT DISTINCT d.kind FROM custody_events e JOIN documents d "
                               "ON d.id = e.document_id WHERE e.kind = 'dispose'")).all()
        ledger = c.execute(text("SELECT count(*) FROM custody_events WHERE kind = 'case_milestone'")).scalar()
    assert ledger == len(facts) > 0
    by_case: dict = {}
    for cid, k, on, issuer, doc in facts:
        by_case.setdefault(cid, []).append(milestone_rules.Fact(k, _date.fromisoformat(str(on)), issuer, doc))
    for cid, stage, origin in cases:
        assert milestone_rules.derive(origin, by_case.get(cid, [])).stage.value == stage
    table = authority_rules.DEFAULT_TABLE
    for kind, issuer, cid, issued in docs:
        ctxs = milestone_rules.contexts_on("investigation", by_case.get(cid, []), _date.fromisoformat(str(issued)))
        authority_rules.check_issuer(table, kind, ctxs, kinds[issuer])  # raises if an issuer is not competent
    assert {k for (k,) in early} <= {"enforcement_decision", "sale_decision"}


def test_the_bulk_demo_releases_are_prepared_then_approved_as_the_services_write_them(bulk_db):
    """ND 142/2024 Điều 4 (LEGAL-RULES R22) in the bulk path: each tạm xuất is prepared by the clerk, approved by the
    commander (the release event his, naming both), on an approved phiếu tạm xuất record with its approver's
    signature; the item's history reads it as approved, and the whole verifies."""
    from evidence_store.describe import describe_event
    from evidence_store.services import queries
    from evidence_store.services.context import UnitOfWork
    db = bulk_db
    assert verify(db).ok
    with db.reader.connect() as c:
        events = c.execute(text(
            "SELECT e.kind, e.data, u.username, h.kind, h.approval, h.status, e.item_id FROM custody_events e "
            "JOIN users u ON u.id = e.user_id LEFT JOIN handovers h ON h.id = e.handover_id "
            "WHERE e.kind IN ('release_prepared', 'release_temporary') ORDER BY e.seq")).all()
        approvers = c.execute(text(
            "SELECT count(*) FROM handovers h JOIN signatures s ON s.handover_id = h.id AND s.role = 'approver' "
            "WHERE h.kind = 'release' AND s.person_name = 'Phạm Quang Dũng'")).scalar()
        code = c.execute(text("SELECT code FROM items WHERE id = :i"), {"i": events[-1][6]}).scalar()
        others = c.execute(text(  # the deposits and moves out are approved the same way
            "SELECT e.kind, u.username, e.data FROM custody_events e JOIN users u ON u.id = e.user_id "
            "WHERE e.kind IN ('deposit', 'transfer_out', 'removal_prepared')")).all()
    out = [e for e in events if e[0] == "release_temporary"]
    assert out and len(events) == 2 * len(out) and approvers == len(out)
    for kind, data, user, ho_kind, approval, status, _item in out:
        data = json.loads(data) if isinstance(data, str) else data
        assert (user, data["prepared_by"], data["approved_by"]) == ("lanhdao", "thukho", "lanhdao")
        assert (ho_kind, approval, status) == ("release", "approved", "complete")
    assert {e[2] for e in events if e[0] == "release_prepared"} == {"thukho"}
    done = [(k, u, json.loads(d) if isinstance(d, str) else d) for k, u, d in others]
    assert any(k == "deposit" for k, _u, _d in done)
    assert all(u == "lanhdao" and d["approved_by"] == "lanhdao" for k, u, d in done if k != "removal_prepared")
    assert sum(k == "removal_prepared" for k, _u, _d in done) == sum(k != "removal_prepared" for k, _u, _d in done)
    with UnitOfWork(db, write=False) as uow:
        item = queries.item_by_code(uow, code)
    texts = [describe_event(e) for e in item.events if e.kind == "release_temporary"]
    assert texts and all("lãnh đạo lanhdao duyệt xuất" in t for t in texts), texts


def test_only_acts_still_to_come_and_the_newest_records_stay_drafts(demo_dbs):
    """Issue #12: a release approved by the commander was handed over then (ND 142/2024 Điều 4): the demo ends, signs
    and completes it like any other record — its paper never reads "DỰ THẢO". Drafts left: the few newest records,
    proposals awaiting approval and approved disposals not carried out."""
    db = demo_dbs[0]
    releases = _rows(db, "SELECT status, count(*) FROM handovers WHERE kind = 'release' GROUP BY status")
    assert releases and dict(releases).get("complete", 0) >= sum(n for _s, n in releases) - 3, releases
    drafts = _rows(db, "SELECT kind, approval, ended_at FROM handovers WHERE status = 'draft'")
    to_come = [d for d in drafts if d[0] == "disposal" and (d[1] == "pending" or d[2] is None)]
    assert len(drafts) - len(to_come) <= 3, drafts


def test_every_owner_who_gets_items_back_has_an_address_on_the_record(demo_dbs):
    """Issue #12 (LEGAL-RULES R24): a return prints the owner's address; the demo's owners have one, so the demo's
    return records never read "địa chỉ: không ghi"."""
    returns = _rows(demo_dbs[0], "SELECT h.number, p.address FROM handovers h JOIN persons p ON p.id = h.receiver_id "
                                 "WHERE h.kind = 'disposal' AND h.details LIKE '%\"outcome\": \"returned\"%'")
    assert returns and not [n for n, address in returns if not address], returns


def test_no_explosive_is_entrusted_to_a_custodian(demo_dbs):
    """ND 142/2024: the demo entrusted «Pháo nổ» to a «Chủ kho thuê» (a rented private warehouse) and checked it
    there monthly; explosives and weapons stay with the military command, never with a custodian."""
    from .test_demo_seeds import entrusted_explosives
    for db in demo_dbs:
        assert entrusted_explosives(db) == []
    entrusted = _rows(demo_dbs[0], "SELECT count(*) FROM custody_events WHERE kind = 'entrust'")[0][0]
    assert entrusted  # the demo still entrusts its vehicles and bulky goods


def test_the_bulk_demo_states_every_seal_it_prints(bulk_db):
    """Issue #12 in the bulk path too: an intake or release line of a sealed item carries the seal as the simulated
    clerk stated it — an empty note would print «nguyên vẹn» that nobody said."""
    rows = _rows(bulk_db, "SELECT h.kind, hl.note, count(*) FROM handover_lines hl JOIN handovers h "
                          "ON h.id = hl.handover_id WHERE hl.sealed GROUP BY h.kind, hl.note")
    assert rows and {note for _kind, note, _n in rows} <= {"intact", "broken", "resealed"}, rows


def test_the_bulk_demo_dates_the_judgment_its_effect_and_the_qd_tha_in_legal_order(bulk_db):
    """A judgment takes effect no sooner than the shortest appeal period after it is pronounced (BLTTHS Điều 333, 337,
    343; domain.milestones.APPEAL_FLOOR_DAYS), the QĐ THA after the effect, nothing before the indictment — the bulk
    path used to record all four on one simulated day."""
    from datetime import date as _date
    from evidence_store.domain.milestones import APPEAL_FLOOR_DAYS
    on: dict = {}
    for case_id, kind, day in _rows(bulk_db, "SELECT case_id, kind, occurred_on FROM case_milestones"):
        on[(case_id, kind)] = _date.fromisoformat(str(day))
    judged = [c for (c, k) in on if k == "judgment_effective"]
    assert judged
    for c in judged:
        assert (on[(c, "judgment_effective")] - on[(c, "first_instance_judgment")]).days >= APPEAL_FLOOR_DAYS, c
        assert on[(c, "enforcement_decision")] >= on[(c, "judgment_effective")], c
        assert on[(c, "first_instance_judgment")] >= on[(c, "indictment")] <= on[(c, "evidence_transfer")], c

# Issue #12, "no printed statement is invented", across a whole demo warehouse: every line of a sealed item on a
# record where items change hands carries the seal's state as somebody stated it at that moment (ND 127/2017; ND
# 142/2024 Điều 11, 14) — never an empty note the paper would turn into «nguyên vẹn». Where nobody looks at the seal
# (a change of responsibility with the items left on their shelf, a decision that moves nothing) the line says so
# ("register": the seal number as the warehouse register holds it). Sealing leaves a seal intact, an unsealing opens
# it, an incident finds it broken.
SEAL_STATED = {"intact", "broken", "resealed"}
SEAL_ALLOWED = {"seal": {"intact"}, "unseal": {"unsealed"}, "incident": {"broken"}}
SEAL_UNLOOKED = {"register"}


def _seal_lines(db):
    with db.reader.connect() as c:
        return c.execute(text("SELECT h.number, h.kind, h.details, hl.note FROM handover_lines hl "
                              "JOIN handovers h ON h.id = hl.handover_id WHERE hl.sealed")).all()


def test_every_sealed_line_states_its_seal(demo_dbs):
    lines = _seal_lines(demo_dbs[0])
    assert len(lines) > 300  # intakes, releases, deposits, entrustings, recalls, checks, transfers, disposals
    wrong = []
    for number, kind, details, note in lines:
        allowed = SEAL_ALLOWED.get(kind, SEAL_STATED | SEAL_UNLOOKED)
        if note not in allowed:
            wrong.append((number, kind, (json.loads(details or "{}")).get("mode", ""), note))
    assert not wrong, wrong[:20]


def test_the_seals_were_looked_at_wherever_items_left_or_came_back(demo_dbs):
    """A physical movement (intake, release, return, deposit, entrusting, recall, carry-out, a transfer that moves
    the items out) states what the clerk saw; "register" belongs only to acts where nothing moved."""
    moved = []
    for number, kind, details, note in _seal_lines(demo_dbs[0]):
        d = json.loads(details or "{}")
        physical = kind in ("intake", "release", "return", "deposit") or (kind == "transfer" and d.get("move_out"))
        if physical and note in SEAL_UNLOOKED:
            moved.append((number, kind, d.get("mode", ""), note))
    assert not moved, moved[:20]
    kinds = {(kind, (json.loads(details or "{}")).get("mode", "")) for _n, kind, details, _note in _seal_lines(demo_dbs[0])}
    assert {("release", ""), ("return", ""), ("deposit", "deposit"), ("deposit", "entrust"),
            ("return", "recall"), ("check", "")} <= kinds
