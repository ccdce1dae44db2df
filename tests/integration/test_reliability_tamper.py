"""Tampering behind the app's back. Anyone holding the file can drop the triggers; verify() must
still detect every change to the ledger or to the item rows, naming the first bad event and item.
While the triggers are present, the database itself refuses; the ORM refuses first."""

from __future__ import annotations

import inspect
import shutil
import sqlite3

import pytest
from sqlalchemy import delete, update

from evidence_store.db.engine import connect
from evidence_store.db.ledger_repo import LedgerRepository
from evidence_store.db.models import CustodyEvent, SecurityEvent
from evidence_store.domain.errors import LedgerTampered
from evidence_store.services import storage
from evidence_store.services.commands import MoveItems, NewItem
from evidence_store.services.context import UnitOfWork
from evidence_store.services.verify import verify

from .builders import phone, receive

pytestmark = pytest.mark.sqlite_only

DROP = "DROP TRIGGER custody_events_no_update; DROP TRIGGER custody_events_no_delete; PRAGMA foreign_keys = OFF;"
FORGED = "'" + "ab" * 32 + "'"

# (name, SQL, the sequence verify must name first, or None: the last event of the item concerned)
TAMPERS = [
    ("ledger: change an event's data", "UPDATE custody_events SET data = replace(data, 'NP-0002', 'NP-0666') WHERE seq = 2", 2),
    ("ledger: change an event's kind", "UPDATE custody_events SET kind = 'return' WHERE seq = 4", 4),
    ("ledger: change who recorded it", "UPDATE custody_events SET user_id = 5 WHERE seq = 3", 3),
    ("ledger: back-date an event", "UPDATE custody_events SET occurred_at = '2025-01-01T00:00:00.000000Z' WHERE seq = 4", 4),
    ("ledger: rewrite a hash", f"UPDATE custody_events SET hash = {FORGED} WHERE seq = 2", 2),
    ("ledger: rewrite a link", f"UPDATE custody_events SET prev_hash = {FORGED} WHERE seq = 3", 3),
    ("ledger: delete an event", "DELETE FROM custody_events WHERE seq = 3", 3),
    ("ledger: delete the last event", "DELETE FROM custody_events WHERE seq = 4", None),
    ("ledger: insert a forged event", "INSERT INTO custody_events SELECT 5, item_id, 'move', occurred_at, recorded_at, "
     f"user_id, workstation, NULL, NULL, NULL, '{{}}', hash, {FORGED} FROM custody_events WHERE seq = 4", 5),
    ("ledger: reorder two events", "UPDATE custody_events SET seq = -seq WHERE seq IN (2, 3); "
     "UPDATE custody_events SET seq = 5 - seq WHERE seq IN (-2, -3)", 2),
    ("item: state", "UPDATE items SET state = 'destroyed' WHERE id = 2", None),
    ("item: location", "UPDATE items SET location_id = (SELECT max(id) FROM locations) WHERE id = 1", None),
    ("item: name", "UPDATE items SET name = 'Điện thoại Nokia' WHERE id = 1", None),
    ("item: seal number", "UPDATE items SET seal_number = 'NP-9999' WHERE id = 2", None),
    ("item: quantity", "UPDATE items SET quantity = 2 WHERE id = 3", None),
    ("item: owner", "UPDATE items SET owner_name = 'Người khác' WHERE id = 3", None),
    ("item: delete the row", "DELETE FROM handover_lines WHERE item_id = 3; DELETE FROM items WHERE id = 3", None),
    ("item: insert a row", "INSERT INTO items (code, warehouse_id, case_id, category, name, quantity, unit, "
     "characteristics, condition, sealed, seal_number, owner_name, owner_id_number, attributes, state, holder, "
     "event_count, last_event_seq, search_text, sort_key) SELECT 'VC26000099X', warehouse_id, case_id, category, "
     "name, quantity, unit, characteristics, condition, sealed, seal_number, owner_name, owner_id_number, "
     "attributes, state, holder, 1, 4, search_text, sort_key FROM items WHERE id = 1", None),
]


@pytest.fixture
def history(world, clerk):
    """Four events: three items received (seq 1-3), the first moved (seq 4)."""
    db, w = world
    ch = receive(db, clerk, [phone(), phone(seal_number="NP-0002"), NewItem("papers", "Sổ ghi chép", 1, "quyển")])
    with UnitOfWork(db, clerk) as uow:
        storage.move_items(uow, MoveItems(ch.item_codes[:1], w.locations["bin_A112"]))
    assert verify(db).ok and verify(db).events == 4
    return db, ch.item_codes


def raw(db, script: str) -> None:
    con = sqlite3.connect(db.sqlite_path)
    con.executescript(script)
    con.commit()
    con.close()


@pytest.fixture(params=["one process", "two processes"])
def verify_path(request, monkeypatch):
    """Both ways verify runs: one pass, or the ledger cut in two halves checked by two processes (big ledgers,
    services/verify_parallel.py; here the four events are cut after seq 2)."""
    from evidence_store.services import verify_parallel
    monkeypatch.setattr(verify_parallel, "PARALLEL_MIN_EVENTS", 0 if request.param == "two processes" else 10**9)
    return request.param


@pytest.mark.parametrize("name, sql, first_seq", TAMPERS, ids=[t[0] for t in TAMPERS])
def test_verify_detects_every_tampering(history, verify_path, name, sql, first_seq):
    db, codes = history
    raw(db, DROP + sql)
    result = verify(db)
    assert not result.ledger_ok, f"not detected: {name}"  # not only the dropped triggers
    if name.startswith("item: insert"):  # no event concerns it: the item is named, there is no bad event
        assert result.first_bad_item == "VC26000099X" and result.mismatches[0][2] == "item_without_history"
        return
    assert result.first_bad_seq is not None
    if first_seq is not None:
        assert result.first_bad_seq == first_seq
    if name.startswith("item: delete"):
        assert result.mismatches[0][:2] == (3, codes[2]) and result.first_bad_seq == 3
    else:
        assert result.first_bad_item in codes  # names the item concerned


def test_a_chain_rewritten_from_the_middle_on_is_caught_at_the_link(history, verify_path):
    """A forger who rewrites every hash from seq 3 on (each consistent with the one before) leaves one flaw:
    seq 3's prev_hash is not seq 2's hash. Two processes cut the ledger right there: the link between the
    halves is checked as a single pass checks it."""
    from evidence_store.db.ledger_scan import COLUMNS
    from evidence_store.domain.ledger import canonical, chain_hash
    db, codes = history
    con = sqlite3.connect(db.sqlite_path)
    con.executescript(DROP)
    prev = "cd" * 32
    for row in con.execute(f"SELECT {COLUMNS} FROM custody_events WHERE seq >= 3 ORDER BY seq").fetchall():
        digest = chain_hash(prev, canonical(*row[:11]))
        con.execute("UPDATE custody_events SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, row[0]))
        prev = digest
    con.commit()
    con.close()
    result = verify(db)
    assert (result.chain_break.seq, result.chain_break.reason) == (3, "prev_mismatch")
    assert result.first_bad_seq == 3 and result.first_bad_item in codes and result.events == 2


def test_every_kind_of_tampering_is_counted_as_detected(history, tmp_path):
    """All the kinds above, each on its own copy of the same history: verify()'s ledger check (chain, replay,
    items) reports every one of them (the parametrised test above checks what it names)."""
    db, _ = history
    pristine = tmp_path / "pristine.sqlite3"
    db.dispose()
    shutil.copy(db.sqlite_path, pristine)
    missed = []
    for number, (name, sql, _first) in enumerate(TAMPERS):
        copy = tmp_path / f"tampered-{number}.sqlite3"
        shutil.copy(pristine, copy)
        tampered = connect(f"sqlite:///{copy}")
        try:
            raw(tampered, DROP + sql)
            if verify(tampered).ledger_ok:  # the ledger's own check: the dropped triggers alone make it not .ok
                missed.append(name)
        finally:
            tampered.dispose()
    assert not missed, f"{len(TAMPERS) - len(missed)} of {len(TAMPERS)} kinds detected; missed: {missed}"
    assert len(TAMPERS) == 18


@pytest.mark.parametrize("table", ["custody_events", "security_events"])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET workstation = 'X'", "DELETE FROM {t}"])
def test_triggers_refuse_while_present(history, table, statement):
    db, _ = history
    con = sqlite3.connect(db.sqlite_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute(statement.format(t=table))
    finally:
        con.close()


def test_the_orm_refuses_changes_to_the_ledger(history):
    db, _ = history
    with UnitOfWork(db) as uow:
        uow.session.get(CustodyEvent, 1).kind = "destroy"
        with pytest.raises(LedgerTampered):
            uow.session.flush()
    with UnitOfWork(db) as uow:
        uow.session.delete(uow.session.get(CustodyEvent, 2))
        with pytest.raises(LedgerTampered):
            uow.session.flush()
    for stmt in (update(CustodyEvent).values(kind="x"), delete(CustodyEvent), delete(SecurityEvent),
                 update(SecurityEvent.__table__).values(kind="x")):
        with UnitOfWork(db) as uow, pytest.raises(LedgerTampered):
            uow.session.execute(stmt)
    with UnitOfWork(db) as uow, pytest.raises(LedgerTampered):
        uow.session.query(CustodyEvent).filter(CustodyEvent.seq > 2).delete()
    assert verify(db).ok


def test_the_ledger_repository_has_no_way_to_change_or_remove():
    names = {n for n, _ in inspect.getmembers(LedgerRepository, inspect.isfunction)}
    assert not {n for n in names if any(w in n for w in ("update", "delete", "remove", "edit", "set", "replace"))}


@pytest.mark.parametrize("seq", [1, 3])
def test_a_hash_stored_in_capitals_or_not_hex_is_a_hash_mismatch_at_that_event(history, verify_path, seq):
    """The chain compares the stored text: a hash rewritten in capitals (the same bytes decoded) or into text that
    is no hexadecimal at all is reported at that event as a hash mismatch, on both paths, not further on and not
    as a crash (issue #19: the two-process chain scan now finalises each SHA-256 once)."""
    db, _ = history
    raw(db, DROP + f"UPDATE custody_events SET hash = upper(hash) WHERE seq = {seq};")
    result = verify(db)
    assert (result.chain_break.seq, result.chain_break.reason) == (seq, "hash_mismatch")
    raw(db, f"UPDATE custody_events SET hash = 'zz' || substr(hash, 3) WHERE seq = {seq};")
    result = verify(db)
    assert (result.chain_break.seq, result.chain_break.reason) == (seq, "hash_mismatch")
