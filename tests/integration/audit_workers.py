"""A child process that counts by scanning until it is killed (test_audit's crash test):
``python -m tests.integration.audit_workers PATH AUDIT LOCATION CODE...`` prints each scan id once committed."""

from __future__ import annotations

import sys


def main(path: str, number: str, location: str, codes: list[str]) -> None:
    from evidence_store.db.migrate import open_database
    from evidence_store.demo.base import World
    from evidence_store.services import audit_count
    from evidence_store.services.commands import AuditScanInput
    from evidence_store.services.context import UnitOfWork
    db = open_database(f"sqlite:///{path}", backup=False)
    actor = World().actor(db, "thukho")
    print("ready", flush=True)
    n = 0
    while True:  # the same items again and again: duplicates after the first round, still one row per scan
        for code in [location] + codes:
            with UnitOfWork(db, actor) as uow:
                answer = audit_count.record_scan(uow, AuditScanInput(number, code))
            print(answer["scan_id"], flush=True)
            n += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])
