"""Issue #12, "no printed statement is invented", across a whole demo warehouse: every line of a sealed item on a
record where items change hands carries the seal's state as somebody stated it at that moment (ND 127/2017;
ND 142/2024 Điều 11, 14) — never an empty note the paper would turn into «nguyên vẹn». Where nobody looks at the
seal (a change of responsibility with the items left on their shelf, a decision that moves nothing) the line says
so ("register": the seal number as the warehouse register holds it)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from evidence_store.db.migrate import open_database
from evidence_store.demo.generate import generate

STATED = {"intact", "broken", "resealed"}
# what each act may state of a sealed item's seal: sealing leaves it intact, an unsealing opens it, an incident
# finds it broken; a record that moves nothing quotes the register
ALLOWED = {"seal": {"intact"}, "unseal": {"unsealed"}, "incident": {"broken"}}
UNLOOKED = {"register"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('seals') / 'demo.sqlite3'}")
    generate(db, items=300, seed=2)
    yield db
    db.dispose()


def _lines(db):
    with db.reader.connect() as c:
        return c.execute(text("SELECT h.number, h.kind, h.details, hl.note FROM handover_lines hl "
                              "JOIN handovers h ON h.id = hl.handover_id WHERE hl.sealed")).all()


def test_every_sealed_line_states_its_seal(demo):
    lines = _lines(demo)
    assert len(lines) > 300  # intakes, releases, deposits, entrustings, recalls, checks, transfers, disposals
    wrong = []
    for number, kind, details, note in lines:
        allowed = ALLOWED.get(kind, STATED | UNLOOKED)
        if note not in allowed:
            wrong.append((number, kind, (json.loads(details or "{}")).get("mode", ""), note))
    assert not wrong, wrong[:20]


def test_the_seals_were_looked_at_wherever_items_left_or_came_back(demo):
    """A physical movement (intake, release, return, deposit, entrusting, recall, carry-out, a transfer that moves
    the items out) states what the clerk saw; "register" belongs only to acts where nothing moved."""
    moved = []
    for number, kind, details, note in _lines(demo):
        d = json.loads(details or "{}")
        physical = kind in ("intake", "release", "return", "deposit") or (kind == "transfer" and d.get("move_out"))
        if physical and note in UNLOOKED:
            moved.append((number, kind, d.get("mode", ""), note))
    assert not moved, moved[:20]
    kinds = {(kind, (json.loads(details or "{}")).get("mode", "")) for _n, kind, details, _note in _lines(demo)}
    assert {("release", ""), ("return", ""), ("deposit", "deposit"), ("deposit", "entrust"),
            ("return", "recall"), ("check", "")} <= kinds
