"""Sổ biên bản's "unfinished" queue (issue 13), also the home screen's «Biên bản chưa hoàn tất» count at start-up: a
record still draft or open, one waiting for the other side's answer, or a completed one with a signature still
pending; never a refused or a void one. The same records on both engines; on PostgreSQL the count is answered from
the indexes (issue #19: it read every record, ~0.3 s at a million, on the start-up path)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from evidence_store.services import handovers, register
from evidence_store.services.commands import FileInput, SignOnPaper
from evidence_store.services.context import UnitOfWork
from evidence_store.services.persistence import utcnow

from .builders import phone, receive
from .lifecycle_builders import read, run

UNFINISHED = register.RegisterQuery(unfinished=True)


def _records(db, clerk) -> dict[str, str]:
    """Six intake records (each open, its signatures pending when received), brought to the state each stands for:
    signed on paper and completed through the services, the rest set straight in the table."""
    numbers = {}
    for n, role in enumerate(("open", "signed_late", "void", "offered", "done", "refused")):
        numbers[role] = receive(db, clerk, [phone(seal_number=f"NP-{n}")], case_number=f"{n + 1}/2026/RG",
                                title=role).handover_number
    for role in ("offered", "done"):
        scan = FileInput("bien-ban.pdf", b"%PDF-1.4 " + role.encode(), "application/pdf")
        run(db, clerk, handovers.mark_signed_on_paper, SignOnPaper(numbers[role], scan))
        run(db, clerk, lambda uow, number: handovers.complete_handover(uow, number, utcnow()), numbers[role])
    changes = {"signed_late": "status = 'complete'",  # completed with a slot still pending
               "void": "status = 'void'", "offered": "acceptance = 'pending'", "refused": "acceptance = 'refused'"}
    with db.writer.begin() as conn:
        for role, change in changes.items():
            conn.execute(text(f"UPDATE handovers SET {change} WHERE number = :n"), {"n": numbers[role]})
    return numbers


def test_the_unfinished_queue_holds_the_records_still_waiting(world, clerk):
    db, _w = world
    numbers = _records(db, clerk)
    waiting = {numbers[r] for r in ("open", "signed_late", "offered")}
    assert read(db, clerk, register.count_records, UNFINISHED) == len(waiting)
    assert {r.number for r in read(db, clerk, register.record_page, UNFINISHED, 0, 500)} == waiting
    assert read(db, clerk, register.count_records) == len(numbers)


@pytest.mark.postgres
def test_the_unfinished_count_reads_the_indexes_on_postgresql(world, clerk):
    db, _w = world
    _records(db, clerk)
    with UnitOfWork(db, clerk, write=False) as uow:
        stmt = register.count_statement(uow, UNFINISHED)
        sql = str(stmt.compile(dialect=uow.session.bind.dialect, compile_kwargs={"literal_binds": True}))
    with db.reader.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))  # a few rows: reading them all would be cheaper here
        plan = "\n".join(r[0] for r in conn.execute(text("EXPLAIN " + sql.replace("%%", "%"))))
    assert "BitmapOr" in plan and "Seq Scan on handovers" not in plan, plan
