"""Issue #19: on PostgreSQL a workstation's move is not held up by another workstation's intake that is still
being written — the write lock is no longer held across a whole transaction: moves and intakes lock their own
rows and take the ledger's chain lock only for their final appends. The ledger keeps one total order (the
commit order) and a chain that verifies. On SQLite the file lock still serialises every writer."""

from __future__ import annotations

import threading

from sqlalchemy import text

from evidence_store.services import intake, storage
from evidence_store.services.commands import CaseInput, MoveItems, ReceiveItems
from evidence_store.services.context import run
from evidence_store.services.verify import verify

from .builders import deliverer, intake_order, phone, receive, seizure_record


def test_a_move_commits_while_another_intake_is_being_written(world, clerk, monkeypatch):
    db, w = world
    shelved = receive(db, clerk, [phone(seal_number="NP-ON-SHELF")]).item_codes[0]
    target = w.locations["bin_A112"]
    inside, go, moved = threading.Event(), threading.Event(), threading.Event()
    validate = intake._validate

    def slow_validate(s, new):  # the intake pauses in the middle of its transaction, after its reads began
        inside.set()
        go.wait(20)
        return validate(s, new)

    monkeypatch.setattr(intake, "_validate", slow_validate)
    cmd = ReceiveItems(order=intake_order("77/LNK-PC02"), items=(phone(seal_number="NP-LATE-1"),
                                                                phone(seal_number="NP-LATE-2")),
                       giver=deliverer(), seizure_record=seizure_record(),
                       new_case=CaseInput("77/2026/CSHS", offence="Trộm cắp tài sản (Điều 173 BLHS)",
                                          handling_agency_id=3, officer_id=3))
    results, errors = {}, []

    def work(name, fn, *args):
        try:
            results[name] = run(db, clerk, fn, *args)
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            errors.append(exc)
        finally:
            if name == "move":
                moved.set()

    slow = threading.Thread(target=work, args=("intake", intake.receive_items, cmd))
    slow.start()
    assert inside.wait(20)
    mover = threading.Thread(target=work, args=("move", storage.move_items, MoveItems((shelved,), target)))
    mover.start()
    # PostgreSQL: the move is done while the intake is still open; SQLite: it waits for the file
    moved_first = moved.wait(10 if not db.is_sqlite else 1)
    go.set()
    slow.join(30)
    mover.join(30)
    assert not errors, errors
    assert moved_first == (not db.is_sqlite)
    with db.reader.connect() as conn:
        rows = conn.execute(text("SELECT e.seq, e.kind, i.code FROM custody_events e JOIN items i ON i.id = e.item_id "
                                 "WHERE e.seq > 1 ORDER BY e.seq")).all()
    kinds = [kind for _seq, kind, _code in rows]
    # one total order, the commit order: the move that committed first comes first in the ledger
    assert kinds == (["move", "receive", "receive"] if moved_first else ["receive", "receive", "move"])
    assert [seq for seq, _k, _c in rows] == list(range(2, 5))
    assert sorted(code for _s, kind, code in rows if kind == "receive") == sorted(results["intake"].item_codes)
    result = verify(db)
    assert result.ok and result.events == 4
