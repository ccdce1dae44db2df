"""One simulated workstation for the concurrency test: a separate process (spawned) that receives
items and moves them about, through the ordinary services, and reports what it did."""

from __future__ import annotations

import os


def workstation(url: str, k: int, rounds: int, bins: list[str], start, results) -> None:
    os.environ["EVIDENCE_STORE_WORKSTATION"] = f"ws-{k}"
    os.environ.setdefault("EVIDENCE_STORE_NO_LOGFILE", "1")
    try:
        results.put(_work(url, k, rounds, bins, start))
    except BaseException as exc:  # reported to the test, which fails with it
        import traceback
        results.put({"k": k, "error": "".join(traceback.format_exception(exc))})


def _work(url, k, rounds, bins, start) -> dict:
    from sqlalchemy import select

    from evidence_store.db.migrate import open_database
    from evidence_store.db.models import User
    from evidence_store.services import accounts, storage
    from evidence_store.services.commands import MoveItems
    from evidence_store.services.context import UnitOfWork, run
    from evidence_store.services.intake import receive_items
    from tests.integration.builders import phone

    db = open_database(url, migrate=False)
    with UnitOfWork(db, write=False) as uow:
        actor = accounts.actor_for(uow.session.scalars(select(User).where(User.username == "thukho")).one())
    start.wait(timeout=60)
    final, events = {}, {}
    try:
        for i in range(rounds):
            cmd = _intake(k, i, phone)
            codes = run(db, actor, receive_items, cmd).item_codes
            for c in codes:
                events[c] = 1
            first = bins[(k + i) % len(bins)]
            second = bins[(k + i + 1) % len(bins)]
            run(db, actor, storage.move_items, MoveItems(codes, first, allow_over_capacity=True))
            run(db, actor, storage.move_items, MoveItems(codes[:1], second, allow_over_capacity=True))
            final.update({codes[0]: second, codes[1]: first})
            events[codes[0]] += 2
            events[codes[1]] += 1
    finally:
        db.dispose()
    return {"k": k, "final": final, "events": events}


def _intake(k, i, phone):
    from evidence_store.services.commands import CaseInput, ReceiveItems
    from tests.integration.builders import deliverer, intake_order, seizure_record
    return ReceiveItems(order=intake_order(f"{k}{i}/LNK-W{k}"),
                        items=(phone(seal_number=f"NP-{k}-{i}-1"), phone(seal_number=f"NP-{k}-{i}-2")),
                        giver=deliverer(full_name=f"Người giao {k}", id_number=f"00108801{k:04d}"),
                        seizure_record=seizure_record(),
                        new_case=CaseInput(f"W{k}-{i}/2026", offence="Trộm cắp tài sản", handling_agency_id=3,
                                           officer_id=3))
