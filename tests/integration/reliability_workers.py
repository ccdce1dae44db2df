"""Child processes for the reliability tests (``python -m tests.integration.reliability_workers``).

``crash DB`` receives handovers in a loop and prints ``number count codes`` after each commit
returns, flushed, until it is killed. ``workstation DB NAME OPS SEED BUSY_MS POOL LOCATIONS`` plays a
second workstation on the same file: it receives and moves items, each operation through
``services.context.run`` (which retries while SQLite is busy), and prints one JSON line per operation.
"""

from __future__ import annotations

import json
import os
import random
import sys

from sqlalchemy import event, select

from evidence_store.db.engine import connect
from evidence_store.db.models import User
from evidence_store.domain.errors import DomainError
from evidence_store.services import accounts, storage
from evidence_store.services.commands import MoveItems
from evidence_store.services.context import UnitOfWork, run
from evidence_store.services.intake import receive_items

from tests.integration.builders import phone
from evidence_store.services.commands import CaseInput


def clerk(db):
    with UnitOfWork(db, write=False) as uow:
        return accounts.actor_for(uow.session.scalars(select(User).where(User.username == "thukho")).one())


def intake_command(case_number: str, n_items: int):
    from evidence_store.services.commands import ReceiveItems
    from tests.integration.builders import deliverer, intake_order, seizure_record
    items = tuple(phone(name=f"Điện thoại {i}", seal_number=f"NP-{case_number}-{i}") for i in range(n_items))
    return ReceiveItems(order=intake_order(f"LNK-{case_number}"), items=items,  # one order per case
                        giver=deliverer(), seizure_record=seizure_record(),
                        new_case=CaseInput(case_number, handling_agency_id=3, officer_id=3))


def crash(path: str) -> None:
    db = connect(f"sqlite:///{path}")
    actor = clerk(db)
    rnd = random.Random(os.getpid())
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        ch = run(db, actor, receive_items, intake_command(f"{os.getpid()}-{i}/2026", rnd.randint(1, 12)))
        print(ch.handover_number, len(ch.item_codes), ",".join(ch.item_codes), flush=True)


def workstation(path, name, ops, seed, busy_ms, pool, locations) -> None:
    db = connect(f"sqlite:///{path}")
    if busy_ms:  # a short busy timeout makes contention surface as "database is locked": run() retries
        event.listen(db.writer, "connect", lambda c, _r: c.execute(f"PRAGMA busy_timeout={int(busy_ms)}"))
    actor = clerk(db)
    rnd = random.Random(seed)
    pool, locations = pool.split(","), locations.split(",")
    calls = 0

    def counted(fn):
        def wrapper(uow, *args):
            nonlocal calls
            calls += 1
            return fn(uow, *args)
        return wrapper

    errors = 0
    for i in range(int(ops)):
        try:
            if rnd.random() < 0.35:
                ch = run(db, actor, counted(receive_items), intake_command(f"{name}-{i}/2026", rnd.randint(1, 3)))
                print(json.dumps({"op": "receive", "codes": ch.item_codes}), flush=True)
            else:
                code, loc = rnd.choice(pool), rnd.choice(locations)
                run(db, actor, counted(storage.move_items), MoveItems((code,), loc))
                print(json.dumps({"op": "move", "code": code, "to": loc}), flush=True)
        except DomainError as exc:
            errors += 1
            print(json.dumps({"op": "error", "code": exc.code}), flush=True)
    print(json.dumps({"op": "done", "ops": int(ops), "calls": calls, "errors": errors}), flush=True)


def writer(url: str, locations: str) -> None:
    """Write (moves; every fifth an intake with a photo; every tenth a login) until stdin closes; then print
    the number of writes."""
    import threading
    from evidence_store.services.commands import FileInput
    db = connect(url)
    actor = clerk(db)
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    n = 0
    codes: list[str] = []
    while not stop.is_set():
        if n == 1:
            print("ready", flush=True)  # after a first write: everything is imported and warm
        n += 1
        if n % 5 == 1 or not codes:
            cmd = intake_command(f"W{os.getpid()}-{n}/2026", 1)
            item = cmd.items[0]
            from dataclasses import replace
            cmd = replace(cmd, items=(replace(item, photos=(FileInput(f"p{n}.png", b"\x89PNG" + os.urandom(64),
                                                                      "image/png"),)),))
            codes += run(db, actor, receive_items, cmd).item_codes
        elif n % 10:
            run(db, actor, storage.move_items, MoveItems((codes[-1],), locations.split(",")[n % 2]))
        else:
            try:
                with UnitOfWork(db) as uow:
                    accounts.authenticate(uow, "thukho", "sai-mat-khau" if n % 2 else "ThuKho@2026")
            except DomainError:
                pass
    print("writes", n, flush=True)
    db.dispose()


if __name__ == "__main__":
    if sys.argv[1] == "crash":
        crash(sys.argv[2])
    elif sys.argv[1] == "writer":
        writer(sys.argv[2], sys.argv[3])
    else:
        workstation(*sys.argv[2:])
