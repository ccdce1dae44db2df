"""The custody ledger's repository: append and read. It has no update or delete method on purpose."""

from __future__ import annotations

from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..domain import ledger
from .engine import PG_CHAIN_LOCK
from .models import CustodyEvent

# Advisory lock key serialising appends on PostgreSQL (SQLite uses BEGIN IMMEDIATE): taken at a transaction's
# first append and held to its commit (db.engine: the writing transaction's own lock may be shared), so that
# "read the head, append the next event" is atomic and the ledger's order is the commit order.
PG_LEDGER_LOCK = PG_CHAIN_LOCK


class LedgerRepository:
    def __init__(self, session: Session, is_sqlite: bool, user_login: bool = False,
                 batch_function: bool = False) -> None:
        self.session = session
        self.is_sqlite = is_sqlite
        self.user_login = user_login  # PostgreSQL, a user's own login: append through kvc_append_event
        self.batch_function = batch_function  # … and kvc_append_events is installed (pg-secure of issue #19 on)
        self._head: tuple[int, str] | None = None
        self._chain_locked = False

    def lock_chain(self) -> None:
        """PostgreSQL: take the append lock (once per transaction). The pending changes are written first, so
        that every row lock this transaction needs for them is taken before it waits for the chain: a
        transaction holding the chain lock then never waits for another's row (no deadlock with the services
        that run side by side, db.engine)."""
        if not self.is_sqlite and not self._chain_locked:
            self.session.flush()
            self.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LEDGER_LOCK})
            self._chain_locked = True

    def head(self) -> tuple[int, str]:
        """(sequence, hash) of the last event, GENESIS when empty. Takes the append lock on PostgreSQL."""
        if self._head is None:
            self.lock_chain()
            row = self.session.execute(
                select(CustodyEvent.seq, CustodyEvent.hash).order_by(CustodyEvent.seq.desc()).limit(1)).first()
            self._head = (row[0], row[1]) if row else (0, ledger.GENESIS)
        return self._head

    def append(self, *, kind: str, data: dict[str, Any], user_id: int | None, workstation: str,
               item_id: int | None = None, occurred_at: datetime | None = None, document_id: int | None = None,
               handover_id: int | None = None, corrects_seq: int | None = None) -> CustodyEvent:
        if self.user_login:
            return self._append_in_database(kind, data, user_id, workstation, item_id, occurred_at, document_id,
                                            handover_id, corrects_seq)
        seq, prev = self.head()
        seq += 1
        recorded = ledger.iso(ledger.now_utc())
        occurred = ledger.iso(occurred_at) if occurred_at else recorded
        payload = ledger.dump_data(data)
        digest = ledger.chain_hash(prev, ledger.canonical(seq, item_id, kind, occurred, recorded, user_id, workstation,
                                                document_id, handover_id, corrects_seq, payload))
        event = CustodyEvent(seq=seq, item_id=item_id, kind=kind, occurred_at=occurred, recorded_at=recorded,
                             user_id=user_id, workstation=workstation, document_id=document_id,
                             handover_id=handover_id, corrects_seq=corrects_seq, data=payload,
                             prev_hash=prev, hash=digest)
        self.session.add(event)
        self._head = (seq, digest)
        return event

    def _append_in_database(self, kind, data, user_id, workstation, item_id, occurred_at, document_id, handover_id,
                            corrects_seq) -> CustodyEvent:
        """The database numbers, times and hashes the event and names its actor (db.pg_security)."""
        payload = ledger.dump_data(data)
        occurred = ledger.iso(occurred_at) if occurred_at else None
        self.lock_chain()  # kvc_append_event takes it too (re-entrant); here after the pending rows are written
        with self.session.no_autoflush:  # the item row exists (record() flushed a new one); its changes can wait
            row = self.session.execute(text(
                "SELECT * FROM kvc_append_event(:item, :kind, :occurred, :user, :ws, :doc, :ho, :corr, :data)"),
                {"item": item_id, "kind": kind, "occurred": occurred, "user": user_id, "ws": workstation,
                 "doc": document_id, "ho": handover_id, "corr": corrects_seq, "data": payload}).one()
        event = CustodyEvent(seq=row.seq, item_id=item_id, kind=kind, occurred_at=occurred or row.recorded_at,
                             recorded_at=row.recorded_at, user_id=user_id, workstation=workstation,
                             document_id=document_id, handover_id=handover_id, corrects_seq=corrects_seq,
                             data=payload, prev_hash=row.prev_hash, hash=row.hash)
        self._head = (row.seq, row.hash)
        return event

    def can_commit_in_one_step(self) -> bool:
        """PostgreSQL under a user's login with kvc_append_events, nothing appended yet: ``append_many_and_commit``."""
        from .prepared import pipeline_supported
        return (not self.is_sqlite and self.user_login and self.batch_function and not self._chain_locked
                and pipeline_supported())

    def append_many_and_commit(self, rows: list[dict[str, Any]], *, user_id: int | None, workstation: str,
                               then=()) -> list[tuple[int, str]]:
        """The transaction's last step in one round trip (issue #19): the chain lock, the events (kvc_append_events,
        every check of kvc_append_event), the statements ``then`` (psycopg SQL and parameters; they may read the
        events just appended) and COMMIT are sent at once in psycopg's pipeline mode. The chain lock is then held
        for the server's own time only — never while the workstation's process waits for a CPU between round trips,
        which on a loaded machine is most of a transaction's time. Everything pending is written first (row locks
        taken before the chain lock, as ``lock_chain``). Returns (seq, hash) per event. Only where
        ``can_commit_in_one_step``; an error anywhere rolls the whole transaction back, as any other."""
        self.session.flush()
        raw = self.session.connection().connection.driver_connection
        events = [(r.get("item_id"), r["kind"], ledger.iso(r["occurred_at"]) if r.get("occurred_at") else None,
                   r.get("document_id"), r.get("handover_id"), r.get("corrects_seq"), ledger.dump_data(r["data"]))
                  for r in rows]
        columns = list(zip(*events))
        from .prepared import driver_errors
        with driver_errors("kvc_append_events"), raw.pipeline():
            raw.cursor().execute("SELECT pg_advisory_xact_lock(%s)", (PG_LEDGER_LOCK,))
            appended = raw.cursor()
            appended.execute(
                "SELECT seq, hash FROM kvc_append_events(CAST(%s AS integer[]), CAST(%s AS text[]), "
                "CAST(%s AS text[]), CAST(%s AS integer), CAST(%s AS text), CAST(%s AS integer[]), "
                "CAST(%s AS integer[]), CAST(%s AS integer[]), CAST(%s AS text[]))",
                (list(columns[0]), list(columns[1]), list(columns[2]), user_id, workstation, list(columns[3]),
                 list(columns[4]), list(columns[5]), list(columns[6])))
            for sql, params in then:
                raw.cursor().execute(sql, params)
            raw.cursor().execute("COMMIT")  # the session's own commit then finds the transaction ended (psycopg)
        got = [(seq, digest) for seq, digest in appended.fetchall()]
        self._chain_locked, self._head = True, got[-1]
        return got

    def for_item(self, item_id: int, limit: int | None = None) -> list[CustodyEvent]:
        stmt = select(CustodyEvent).where(CustodyEvent.item_id == item_id).order_by(CustodyEvent.seq.desc())
        if limit:
            stmt = stmt.limit(limit)
        return list(reversed(self.session.scalars(stmt).all()))

    def get(self, seq: int) -> CustodyEvent | None:
        return self.session.get(CustodyEvent, seq)

    def append_many(self, rows: list[dict[str, Any]], *, user_id: int | None, workstation: str) -> list[int]:
        """Append many events in one statement (an audit's results: 100,000 lines in seconds, not in the
        ORM's minutes). Each row: kind, data, item_id, and optionally document_id / handover_id /
        corrects_seq / occurred_at. Same canonical form and chain as ``append``; returns their seqs."""
        if not rows:
            return []
        if self.user_login and not self.batch_function:  # secured by an older version: one call per event
            return [self._append_in_database(row["kind"], row["data"], user_id, workstation, row.get("item_id"),
                                             row.get("occurred_at"), row.get("document_id"), row.get("handover_id"),
                                             row.get("corrects_seq")).seq for row in rows]
        if self.user_login:  # PostgreSQL, a user's own login: through kvc_append_events, one call (issue #14, #19)
            self.lock_chain()
            with self.session.no_autoflush:
                got = self.session.execute(text(
                    "SELECT * FROM kvc_append_events(CAST(:items AS integer[]), CAST(:kinds AS text[]), "
                    "CAST(:occurred AS text[]), CAST(:user AS integer), CAST(:ws AS text), CAST(:docs AS integer[]), CAST(:hos AS integer[]), "
                    "CAST(:corrs AS integer[]), CAST(:data AS text[]))"),
                    {"items": [r.get("item_id") for r in rows], "kinds": [r["kind"] for r in rows],
                     "occurred": [ledger.iso(r["occurred_at"]) if r.get("occurred_at") else None for r in rows],
                     "user": user_id, "ws": workstation, "docs": [r.get("document_id") for r in rows],
                     "hos": [r.get("handover_id") for r in rows], "corrs": [r.get("corrects_seq") for r in rows],
                     "data": [ledger.dump_data(r["data"]) for r in rows]}).all()
            self._head = (got[-1].seq, got[-1].hash)
            return [r.seq for r in got]
        seq, prev = self.head()
        recorded = ledger.iso(ledger.now_utc())
        values, seqs = [], []
        for row in rows:
            seq += 1
            occurred = ledger.iso(row["occurred_at"]) if row.get("occurred_at") else recorded
            payload = ledger.dump_data(row["data"])
            item_id, kind = row.get("item_id"), row["kind"]
            doc, ho, corr = row.get("document_id"), row.get("handover_id"), row.get("corrects_seq")
            digest = ledger.chain_hash(prev, ledger.canonical(seq, item_id, kind, occurred, recorded, user_id, workstation,
                                                    doc, ho, corr, payload))
            values.append({"seq": seq, "item_id": item_id, "kind": kind, "occurred_at": occurred,
                           "recorded_at": recorded, "user_id": user_id, "workstation": workstation,
                           "document_id": doc, "handover_id": ho, "corrects_seq": corr, "data": payload,
                           "prev_hash": prev, "hash": digest})
            seqs.append(seq)
            prev = digest
        self.session.flush()
        insert_many(self.session, CustodyEvent.__table__, values)
        self._head = (seq, prev)
        return seqs


def insert_many(session, table, rows: list[dict[str, Any]]) -> None:
    """INSERT many rows in the session's transaction. On SQLite straight through the driver's executemany
    (SQLAlchemy's per-row parameter handling costs more than SQLite's insert at 100,000 rows); on PostgreSQL
    by COPY (psycopg: ~10× fewer round trips and parameter handling than an executemany of INSERTs; issue #15's
    reconciliation of 100,000 lines). The table's INSERT triggers fire either way."""
    if not rows:
        return
    conn = session.connection()
    names = list(rows[0])
    row_values = itemgetter(*names) if len(names) > 1 else (lambda r: (r[names[0]],))
    if conn.dialect.name != "sqlite":
        raw = conn.connection.driver_connection
        if not hasattr(raw.cursor(), "copy"):  # not psycopg 3
            conn.execute(table.insert(), rows)
            return
        with raw.cursor() as cur:
            with cur.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(row_values(r))
        return
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    conn.connection.driver_connection.executemany(sql, [row_values(r) for r in rows])
