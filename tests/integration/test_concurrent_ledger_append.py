"""Issue #19: on PostgreSQL a workstation's move, or another intake, is not held up by another workstation's intake
that is still being written — the write lock is no longer held across a whole transaction: moves and intakes lock
their own rows, find or create a case, person or document under a lock on its own key, and take the ledger's chain
lock (and the yearly counters: record numbers, item codes) only for their final step. The ledger keeps one total
order (the commit order) and a chain that verifies; the numbers follow it without gaps. On SQLite the file lock
still serialises every writer."""

from __future__ import annotations

import threading

from sqlalchemy import text

from evidence_store.domain.codes import parse_code
from evidence_store.domain.errors import ValidationError
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


def _intake(number: str, seals: tuple[str, ...], **giver) -> ReceiveItems:
    return ReceiveItems(order=intake_order(f"{number}/LNK-PC02"), items=tuple(phone(seal_number=x) for x in seals),
                        giver=deliverer(**giver), seizure_record=seizure_record(),
                        new_case=CaseInput(f"{number}/2026/CSHS", offence="Trộm cắp tài sản (Điều 173 BLHS)",
                                           handling_agency_id=3, officer_id=3))


def _count(db, table: str) -> int:
    with db.reader.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()


def _first_paused(db, clerk, monkeypatch, first: ReceiveItems, second: ReceiveItems, wait_s: float):
    """Run ``first`` paused in the middle of its transaction (its case, documents and persons found or created),
    and ``second`` meanwhile. Returns (whether the second committed while the first was still open, results or
    the error of each by name)."""
    inside, go, done = threading.Event(), threading.Event(), threading.Event()
    validate, calls = intake._validate, []

    def slow_validate(s, new):
        calls.append(new)
        if len(calls) == 1:  # the first intake's first item only
            inside.set()
            go.wait(20)
        return validate(s, new)

    monkeypatch.setattr(intake, "_validate", slow_validate)
    results = {}

    def work(name, cmd):
        try:
            results[name] = run(db, clerk, intake.receive_items, cmd)
        except Exception as exc:  # noqa: BLE001 - what each intake got is asserted by the test
            results[name] = exc
        finally:
            if name == "second":
                done.set()

    slow = threading.Thread(target=work, args=("first", first))
    slow.start()
    assert inside.wait(20)
    other = threading.Thread(target=work, args=("second", second))
    other.start()
    committed_meanwhile = done.wait(wait_s)
    go.set()
    slow.join(30)
    other.join(30)
    return committed_meanwhile, results


def test_two_intakes_run_side_by_side_and_their_numbers_follow_the_ledger(world, clerk, monkeypatch):
    db, _w = world
    earlier = receive(db, clerk, [phone(seal_number="NP-EARLIER")])  # the deliverer is known from here on
    persons = _count(db, "persons")
    meanwhile, results = _first_paused(db, clerk, monkeypatch, _intake("81", ("NP-A1", "NP-A2", "NP-A3")),
                                       _intake("82", ("NP-B1", "NP-B2")), 10 if not db.is_sqlite else 1)
    first, second = results["first"], results["second"]
    assert not isinstance(first, Exception) and not isinstance(second, Exception), results
    # PostgreSQL: the second intake is done while the first is still open; SQLite: it waits for the file
    assert meanwhile == (not db.is_sqlite)
    in_order = [earlier, second, first] if meanwhile else [earlier, first, second]
    # the record numbers and the item codes are drawn in commit order, one after the other, none twice
    numbers = [int(r.handover_number.split("/")[0]) for r in in_order]
    assert numbers == list(range(numbers[0], numbers[0] + 3))
    codes = [c for r in in_order for c in r.item_codes]
    assert codes == sorted(codes) and len(set(codes)) == 6
    sequence = [parse_code(c).sequence for c in codes]
    assert sequence == list(range(sequence[0], sequence[0] + 6))
    with db.reader.connect() as conn:
        rows = conn.execute(text("SELECT e.seq, i.code, h.number FROM custody_events e JOIN items i ON i.id = e.item_id "
                                 "JOIN handovers h ON h.id = e.handover_id WHERE e.kind = 'receive' ORDER BY e.seq")).all()
    # one total order, the commit order; the ledger names each item by its final code and record
    assert [code for _s, code, _n in rows] == codes
    assert [n for _s, _c, n in rows] == [r.handover_number for r in in_order for _c in r.item_codes]
    assert [seq for seq, _c, _n in rows] == list(range(rows[0][0], rows[0][0] + 6))
    assert _count(db, "persons") == persons  # the known deliverer found by both, no new row
    result = verify(db)
    assert result.ok and result.head_seq == rows[-1][0] == result.events


def test_two_intakes_naming_the_same_new_case_and_person_create_each_once(world, clerk, monkeypatch):
    """The second waits for the first's new person and case (PostgreSQL: the lock on their key), then finds them:
    the case number is refused as taken, with its message, and no person is created twice."""
    db, _w = world
    new_person = dict(full_name="Trần Thị Mới", id_number="001190054321")
    persons = _count(db, "persons")
    meanwhile, results = _first_paused(db, clerk, monkeypatch, _intake("91", ("NP-C1",), **new_person),
                                       _intake("91", ("NP-D1",), **new_person), 1)
    assert not meanwhile
    assert results["first"].item_codes and isinstance(results["second"], ValidationError)
    assert results["second"].code == "case_number_exists"
    assert _count(db, "persons") == persons + 1
    assert _count(db, "cases WHERE number = '91/2026/CSHS'") == 1
    assert verify(db).ok
