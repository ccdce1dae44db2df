"""The bulk demo's writer on a second process (two cores, a GIL each): the simulation (demo/bulk_sim.py)
hands over every ledger event as its canonical line (domain.ledger: header JSON array, "\\n", data) and
the other tables' rows in batches (marshal); this process chains the SHA-256 hashes in ``seq`` order, builds the
``custody_events`` rows and inserts everything, in the order it was sent, in one transaction.

An event batch travels as one byte string, the lines joined by NUL (never inside a line: JSON escapes every
control character), so nothing is pickled per event; the hashed bytes are exactly the bytes sent, so the
chain is the one ``services.verify`` checks (the first ``prev_hash`` is GENESIS). A handover's
``ledger_hash`` is filled here from the hash of the event at its ``ledger_seq`` (the head of the chain
once its events were written, as the services store it).

The child is this file run by the same interpreter in isolated mode (``python -I``, standard library only):
no main module imported again, no fork of a process holding SQLite handles."""

from __future__ import annotations

import hashlib
import json
import marshal
import queue
import sqlite3
import struct
import subprocess
import sys
import threading

GENESIS = "0" * 64  # domain.ledger.GENESIS
EVENTS = ("INSERT INTO custody_events (seq, item_id, kind, occurred_at, recorded_at, user_id, workstation, "
          "document_id, handover_id, corrects_seq, data, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")
PRAGMAS = ("busy_timeout=30000", "journal_mode=OFF", "synchronous=OFF", "foreign_keys=OFF", "cache_size=-1048576",
           "temp_store=MEMORY")
FRAME = struct.Struct("<cQ")
_SCAN = json.JSONDecoder().scan_once  # json.loads without its Python wrappers: the header array and where it ends  # kind (b"E" events, b"R" rows, b"." end), length


class BulkWriter:
    """The simulation's end: ``events(lines)`` and ``rows(sql, rows)`` in order, then ``close()`` →
    (events written, head hash). The database file is the child's alone until then."""

    def __init__(self, path: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-I", __file__, path], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE)
        # the pipe is written by a thread (the GIL is released while it waits for the child), so that the
        # simulation goes on while the child catches up instead of waiting for it batch by batch
        self.queue: queue.Queue = queue.Queue(maxsize=4)
        self.error: OSError | None = None
        self.pump = threading.Thread(target=self._pump, name="bulk-pipe", daemon=True)
        self.pump.start()

    def events(self, lines: list[str]) -> None:
        self._send(b"E", "\0".join(lines).encode())

    def rows(self, sql: str, rows: list, fill: tuple[int, int] | None = None) -> None:
        """``fill = (seq column, hash column)``: the hash column takes the ledger's hash at that seq."""
        self._send(b"R", marshal.dumps((sql, rows, fill)))  # the same interpreter reads it; faster than pickle

    def _send(self, kind: bytes, blob: bytes) -> None:
        if self.error is not None:  # the child stopped: its answer says why
            self.close()
            raise self.error
        self.queue.put((kind, blob))

    def _pump(self) -> None:
        while (job := self.queue.get()) is not None:
            if self.error is None:
                try:
                    self.process.stdin.write(FRAME.pack(job[0], len(job[1])))
                    self.process.stdin.write(job[1])
                except OSError as exc:
                    self.error = exc

    def close(self) -> tuple[int, str]:
        if self.pump.is_alive():
            self.queue.put((b".", b""))
            self.queue.put(None)
            self.pump.join()
        try:
            self.process.stdin.close()
        except OSError:
            pass
        answer = self.process.stdout.read().decode()
        self.process.wait()
        result = json.loads(answer) if answer.startswith("{") else {"error": "no answer"}
        if "error" in result or self.process.returncode:
            raise RuntimeError(f"bulk writer: {result.get('error')} (exit {self.process.returncode})")
        return result["events"], result["head"]

    def abort(self) -> None:
        """After a failure: the child is stopped (the half-built file is wiped by the caller's marker)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.pump.is_alive():  # its pipe is broken now: it drains the queue and stops
            self.queue.put(None)
            self.pump.join()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass


class _Chain:
    def __init__(self, con) -> None:
        self.con, self.prev, self.head, self.count = con, bytes(32), GENESIS, 0
        self.first, self.hashes = 1, []  # the last batch's hashes, for the handovers that follow it

    def events(self, blob: bytes) -> None:
        sha, scan = hashlib.sha256, _SCAN
        prev, prevhex, count = self.prev, self.head, self.count
        rows, hashes = [], []
        self.first = count + 1
        for line in blob.split(b"\0"):
            digest = sha(prev + line).digest()
            h = digest.hex()
            text = line.decode()
            (seq, item, kind, occurred, recorded, user, ws, doc, handover, corrects), cut = scan(text, 0)
            count += 1
            if seq != count or text[cut] != "\n":
                raise ValueError(f"event {seq} arrived as number {count}")
            rows.append((seq, item, kind, occurred, recorded, user, ws, doc, handover, corrects, text[cut + 1:],
                         prevhex, h))
            hashes.append(h)
            prev, prevhex = digest, h
        self.con.executemany(EVENTS, rows)
        self.prev, self.head, self.count, self.hashes = prev, prevhex, count, hashes

    def hash_at(self, seq: int) -> str:
        i = seq - self.first
        if 0 <= i < len(self.hashes):
            return self.hashes[i]
        row = self.con.execute("SELECT hash FROM custody_events WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            raise ValueError(f"a handover names ledger event {seq}, which is not written yet")
        return row[0]

    def rows(self, blob: bytes) -> None:
        sql, rows, fill = marshal.loads(blob)
        if fill is not None:
            at, to = fill
            rows = [r[:to] + (self.hash_at(r[at]),) + r[to + 1:] for r in rows]
        self.con.executemany(sql, rows)


def _write(path: str, stream) -> tuple[int, str]:
    con = sqlite3.connect(path, isolation_level=None, timeout=30)
    for pragma in PRAGMAS:
        con.execute("PRAGMA " + pragma)
    con.execute("BEGIN")
    chain = _Chain(con)
    while True:
        kind, size = FRAME.unpack(stream.read(FRAME.size))
        if kind == b".":
            break
        blob = stream.read(size)
        if len(blob) != size:
            raise EOFError("the simulation stopped mid-batch")
        (chain.events if kind == b"E" else chain.rows)(blob)
    con.execute("COMMIT")
    con.close()
    return chain.count, chain.head


def _main(path: str) -> int:
    try:
        events, head = _write(path, sys.stdin.buffer)
    except Exception as exc:  # reported to the parent, which raises it
        sys.stdout.write(json.dumps({"error": f"{type(exc).__name__}: {exc}"}))
        return 1
    sys.stdout.write(json.dumps({"events": events, "head": head}))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1]))
