"""Issue #14, SQLite and PostgreSQL: REPLACE cannot get past the append-only protections; verify reports a
missing protection, re-hashes attachments against the ledger's hashes and checks the security log's chain;
it never reports a false discrepancy while another process writes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import insert, text

from evidence_store.db.models import Attachment, CustodyEvent, SecurityEvent
from evidence_store.domain.errors import LedgerTampered
from evidence_store.services import handovers, ledger_read
from evidence_store.services.commands import FileInput
from evidence_store.services.commands import AttachFile, SignOnPaper
from evidence_store.services.context import UnitOfWork
from evidence_store.services.verify import verify

from .builders import phone, receive

ROOT = Path(__file__).resolve().parents[2]
PHOTO = b"\x89PNG\r\n\x1a\n" + b"photo-of-the-phone" * 10
SCAN = b"%PDF-1.4 signed paper record" * 10


@pytest.fixture
def story(world, clerk):
    """Two items received with a photo each, a report attached to the first, the record signed on paper."""
    db, w = world
    ch = receive(db, clerk, [phone(photos=(FileInput("a.png", PHOTO, "image/png"),)),
                             phone(seal_number="NP-0002", photos=(FileInput("b.png", PHOTO + b"2", "image/png"),))])
    with UnitOfWork(db, clerk) as uow:
        handovers.attach_file(uow, AttachFile(FileInput("bao-cao.pdf", b"%PDF report", "application/pdf"),
                                              item_code=ch.item_codes[0], kind="report"))
    with UnitOfWork(db, clerk) as uow:
        handovers.mark_signed_on_paper(uow, SignOnPaper(ch.handover_number, FileInput("scan.pdf", SCAN,
                                                                                       "application/pdf")))
    r = verify(db)
    assert r.ok and r.attachments == 4 and r.security_events >= 0 and not r.protections_missing, r
    return db, ch


def owner_sql(db, *statements) -> None:
    """What the database owner can do behind the app's back (raw driver connection, no app guard)."""
    if db.is_sqlite:
        con = sqlite3.connect(db.sqlite_path)  # a plain sqlite3 shell: recursive_triggers is OFF here
        try:
            for sql in statements:
                con.execute(sql)
            con.commit()
        finally:
            con.close()
        return
    raw = db.writer.raw_connection()
    try:
        cur = raw.cursor()
        for sql in statements:
            cur.execute(sql)
        raw.commit()
    finally:
        raw.close()


def unprotect(db, table: str) -> list[str]:
    if db.is_sqlite:
        return [f"DROP TRIGGER IF EXISTS {table}_no_{a}" for a in ("update", "delete", "replace")] + (
            ["DROP TRIGGER signatures_signed_kept"] if table == "signatures" else [])
    return [f"ALTER TABLE {table} DISABLE TRIGGER USER"]


# --- REPLACE / upsert / update / delete refused with the protections in place ------------------------------

SQLITE_REPLACES = [
    "INSERT OR REPLACE INTO custody_events SELECT * FROM custody_events WHERE seq = 1",
    "REPLACE INTO custody_events SELECT * FROM custody_events WHERE seq = 2",
    "REPLACE INTO security_events SELECT * FROM security_events WHERE id = 1",
    "INSERT OR REPLACE INTO attachments SELECT * FROM attachments WHERE id = 1",
    "INSERT INTO custody_events SELECT * FROM custody_events WHERE seq = 1 ON CONFLICT(seq) DO UPDATE SET kind = 'x'",
    "UPDATE attachments SET content = x'00', sha256 = 'x'",
    "DELETE FROM attachments",
    "DELETE FROM signatures",
    "UPDATE signatures SET status = 'pending' WHERE status <> 'pending'",
]
PG_REPLACES = [
    "INSERT INTO custody_events SELECT * FROM custody_events WHERE seq = 1 ON CONFLICT (seq) DO UPDATE SET kind = 'x'",
    "INSERT INTO security_events SELECT * FROM security_events WHERE id = 1 ON CONFLICT (id) DO UPDATE SET kind = 'x'",
    "UPDATE attachments SET content = '\\x00', sha256 = 'x'",
    "DELETE FROM attachments",
    "TRUNCATE attachments CASCADE",
    "DELETE FROM signatures",
    "UPDATE signatures SET status = 'pending' WHERE status <> 'pending'",
    "TRUNCATE signatures CASCADE",
]


def test_the_database_refuses_replace_and_changes_to_attachments_and_signatures(story):
    db, _ = story
    from evidence_store.services.accounts import log_security
    with UnitOfWork(db) as uow:
        log_security(uow.session, "test")
        uow.commit()
    statements = SQLITE_REPLACES if db.is_sqlite else PG_REPLACES
    refused = 0
    for sql in statements:
        with pytest.raises(Exception, match="append-only|kept|constraint"):
            owner_sql(db, sql)
        refused += 1
    assert refused == len(statements)
    assert verify(db).ok


def test_the_app_refuses_replace_through_the_orm_and_text(story):
    db, _ = story
    attempts = [insert(CustodyEvent).prefix_with("OR REPLACE").values(seq=1, kind="x"),
                insert(SecurityEvent).prefix_with("OR REPLACE").values(id=1, kind="x"),
                insert(Attachment).prefix_with("OR REPLACE").values(id=1, sha256="x"),
                text("REPLACE INTO custody_events SELECT * FROM custody_events WHERE seq = 1"),
                text("insert or replace into attachments select * from attachments"),
                text("UPDATE security_events SET kind = 'x'"), text("DELETE FROM attachments"),
                text("INSERT INTO custody_events SELECT * FROM custody_events ON CONFLICT (seq) DO UPDATE SET kind='x'")]
    for stmt in attempts:
        with UnitOfWork(db) as uow, pytest.raises(LedgerTampered):
            uow.session.execute(stmt)
    with UnitOfWork(db) as uow:  # attachments are append-only in the ORM too
        att = uow.session.get(Attachment, 1)
        att.content = b"other"
        with pytest.raises(LedgerTampered):
            uow.session.flush()
    assert verify(db).ok


@pytest.mark.sqlite_only
def test_the_app_connections_fire_delete_triggers_on_replace(story):
    db, _ = story
    with db.writer.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA recursive_triggers").scalar() == 1


# --- verify sees what the owner did --------------------------------------------------------------------------

def test_verify_reports_missing_protections(story):
    db, _ = story
    if db.is_sqlite:
        owner_sql(db, "DROP TRIGGER custody_events_no_replace", "DROP TRIGGER attachments_no_update",
                  "DROP TRIGGER security_events_no_delete",
                  # same name, neutered body: still reported
                  "CREATE TRIGGER security_events_no_delete BEFORE DELETE ON security_events BEGIN SELECT 1; END")
        expected = {"custody_events_no_replace", "attachments_no_update", "security_events_no_delete"}
    else:
        owner_sql(db, "ALTER TABLE custody_events DISABLE TRIGGER custody_events_append_only",
                  "DROP TRIGGER attachments_append_only ON attachments",
                  "CREATE OR REPLACE FUNCTION keep_signed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                  "RETURN NEW; END $$")
        expected = {"custody_events_append_only", "attachments_append_only", "signatures_signed_kept"}
    r = verify(db)
    assert not r.ok and r.ledger_ok and set(r.protections_missing) == expected


def test_verify_rehashes_attachments(story):
    db, ch = story
    owner_sql(db, *unprotect(db, "attachments"))
    import hashlib
    other = "'" + hashlib.sha256(b"\x00\xff").hexdigest() + "'"  # consistent with the new content
    blob = "x'00ff'" if db.is_sqlite else "'\\x00ff'::bytea"
    owner_sql(db, f"UPDATE attachments SET content = {blob} WHERE id = 1")  # a photo swapped, hash kept
    owner_sql(db, f"UPDATE attachments SET sha256 = {other}, content = {blob}, size = 2 WHERE id = 2")  # both
    owner_sql(db, "DELETE FROM attachments WHERE id = 3")  # the report removed
    r = verify(db)
    assert r.ledger_ok and not r.ok and r.attachments == 3
    reasons = {(a, why) for a, _sha, why in r.attachment_problems}
    assert (1, "content_changed") in reasons and (2, "not_in_ledger") in reasons and (None, "missing") in reasons


def test_verify_finds_a_swapped_signed_paper_scan(story):
    db, ch = story
    owner_sql(db, *unprotect(db, "attachments"))
    owner_sql(db, "UPDATE attachments SET content = (SELECT content FROM attachments WHERE id = 1), "
                  "sha256 = (SELECT sha256 FROM attachments WHERE id = 1), size = (SELECT size FROM attachments "
                  "WHERE id = 1) WHERE id = 4")  # the scan replaced by a photo that is in the ledger elsewhere
    r = verify(db)
    assert [(a, why) for a, _s, why in r.attachment_problems] == [(4, "not_in_ledger"), (None, "missing")]


@pytest.mark.parametrize("attack", ["change", "delete", "insert"])
def test_verify_checks_the_security_logs_chain(story, attack):
    db, _ = story
    from evidence_store.services.accounts import authenticate
    from evidence_store.domain.errors import DomainError
    for password in ("sai-mat-khau-1", "ThuKho@2026"):
        with UnitOfWork(db) as uow:
            try:
                authenticate(uow, "thukho", password)
            except DomainError:
                pass
    assert verify(db).security_events >= 2
    owner_sql(db, *unprotect(db, "security_events"))
    first = 1
    if attack == "change":
        owner_sql(db, f"UPDATE security_events SET username = 'ai-do' WHERE id = {first}")
    elif attack == "delete":
        owner_sql(db, f"DELETE FROM security_events WHERE id = {first}")
    else:
        owner_sql(db, "INSERT INTO security_events (id, at, kind, user_id, username, workstation, data, prev_hash, hash) "
                      "SELECT 0, at, 'login', user_id, username, workstation, data, prev_hash, hash "
                      "FROM security_events WHERE id = 1")
    r = verify(db)
    assert r.ledger_ok and not r.ok and r.security_break is not None
    assert r.security_break.seq in (0, 1, 2)


# --- one snapshot: 0 false reports while another process writes -----------------------------------------

def test_verify_never_cries_wolf_while_another_process_writes(world, clerk, capsys):
    db, w = world
    receive(db, clerk, [phone(photos=(FileInput("a.png", PHOTO, "image/png"),))])
    for batch in range(3):  # enough rows that a verify run lasts as long as several writes
        receive(db, clerk, [phone(seal_number=f"NP-{batch}-{i}") for i in range(100)], case_number=f"{batch}/2026/HS")
    env = dict(os.environ, PYTHONPATH=str(ROOT), EVIDENCE_STORE_NO_LOGFILE="1", EVIDENCE_STORE_WORKSTATION="KHO-2")
    child = subprocess.Popen([sys.executable, "-m", "tests.integration.reliability_workers", "writer", db.url,
                              ",".join(w.locations[k] for k in ("bin_A111", "bin_A112"))],
                             cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        false_reports, runs, events = [], 50, []
        for i in range(runs):
            r = verify(db) if i % 2 else ledger_read.verify_ledger(db, clerk)  # the GUI's check: same code
            events.append(r.events)
            if not r.ok:
                false_reports.append((i, r.chain_break, r.mismatches[:3], r.attachment_problems[:3],
                                      r.security_break, r.protections_missing))
    finally:
        out, err = child.communicate(input="", timeout=60)  # closing stdin asks the writer to stop
    writes = int(out.split()[-1])
    assert child.returncode == 0, err
    assert not false_reports, false_reports
    assert writes >= 3 and events[-1] > events[0], (writes, events)  # the other process really wrote meanwhile
    final = verify(db)
    assert final.ok
    with capsys.disabled():
        print(f"\n[verify-snapshot:{'sqlite' if db.is_sqlite else 'postgresql'}] {runs} verify runs while another "
              f"process wrote {writes} times: 0 false reports (ledger {events[0]} → {final.events} events)")


@pytest.mark.sqlite_only
def test_the_two_process_path_checks_the_same(story, monkeypatch):
    """Big SQLite ledgers verify on two cores: same protections, attachments and security-log figures."""
    db, _ = story
    from evidence_store.services import verify_parallel
    sequential = verify(db)
    monkeypatch.setattr(verify_parallel, "PARALLEL_MIN_EVENTS", 0)
    parallel = verify(db)
    assert parallel.ok and (parallel.attachments, parallel.security_events, parallel.events) == (
        sequential.attachments, sequential.security_events, sequential.events)
    owner_sql(db, *unprotect(db, "attachments"))
    owner_sql(db, "UPDATE attachments SET content = x'00' WHERE id = 4")
    r = verify(db)
    assert r.ledger_ok and [(a, why) for a, _s, why in r.attachment_problems] == [(4, "content_changed"),
                                                                                 (None, "missing")]
    assert "attachments_no_update" in r.protections_missing
    monkeypatch.setattr(verify_parallel, "PARALLEL_MIN_EVENTS", 10**9)
    s = verify(db)
    assert (s.attachment_problems, s.protections_missing) == (r.attachment_problems, r.protections_missing)
