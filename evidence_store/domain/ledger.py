"""The custody ledger's hash chain (DESIGN §4). Pure: no database.

Canonical form of an event — the exact bytes that are hashed:

    header = JSON array, compact separators, UTF-8, no ASCII escaping:
        [seq, item_id, kind, occurred_at, recorded_at, user_id, workstation,
         document_id, handover_id, corrects_seq]
        (times are ISO-8601 UTC strings "YYYY-MM-DDTHH:MM:SS.ffffffZ"; absent values are null)
    canonical = header + "\\n" + data
        (data is the event's structured payload serialised once, at write time, as JSON with
         sorted keys, compact separators, UTF-8; it is stored verbatim in the ``data`` column)

    hash = SHA-256(prev_hash_bytes || canonical_bytes), stored as 64 hex digits;
    the first event's prev_hash is GENESIS (64 zeros).

Data holds codes and values, never translated sentences. The key ``set`` maps item fields to the
values the event gives them, which lets ``verify`` replay the ledger against the item rows.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Iterable

GENESIS = "0" * 64


def iso(ts: datetime | None) -> str | None:
    if ts is None:
        return None
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def dump_data(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


_header = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
try:  # the same encoding through the C encoder, built once: verify's hot loop (DESIGN §7: 200k events/s)
    from json.encoder import c_make_encoder as _c_make_encoder, encode_basestring as _encode_str
    _c_header = _c_make_encoder(None, None, _encode_str, None, ":", ",", False, False, True)
except ImportError:  # pragma: no cover - pure-Python json
    _c_header = None


def canonical(seq, item_id, kind, occurred_at, recorded_at, user_id, workstation,
              document_id, handover_id, corrects_seq, data: str) -> bytes:
    head = _header([seq, item_id, kind, occurred_at, recorded_at, user_id, workstation,
                    document_id, handover_id, corrects_seq])
    return (head + "\n" + data).encode("utf-8")


def chain_hash(prev_hash: str, canonical_bytes: bytes) -> str:
    return hashlib.sha256(bytes.fromhex(prev_hash) + canonical_bytes).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    item_id: int | None
    reason: str  # "hash_mismatch" | "prev_mismatch" | "sequence_gap"


def verify_rows(rows: Iterable[tuple], start_prev: str = GENESIS, start_seq: int = 0) -> tuple[int, str, ChainBreak | None]:
    """Verify rows of (seq, item_id, kind, occurred_at, recorded_at, user_id, workstation,
    document_id, handover_id, corrects_seq, data, prev_hash, hash) in seq order.

    Returns (count, head_hash, first break or None)."""
    prev, expected_seq, count = start_prev, start_seq + 1, 0
    sha = hashlib.sha256
    fromhex = bytes.fromhex
    enc = _c_header
    for row in rows:
        seq, item_id = row[0], row[1]
        if seq != expected_seq:
            return count, prev, ChainBreak(expected_seq, item_id, "sequence_gap")
        if row[11] != prev:
            return count, prev, ChainBreak(seq, item_id, "prev_mismatch")
        head = "".join(enc(row[:10], 0)) if enc is not None else _header(row[:10])
        digest = sha(fromhex(prev) + (head + "\n" + row[10]).encode("utf-8")).hexdigest()
        if digest != row[12]:
            return count, prev, ChainBreak(seq, item_id, "hash_mismatch")
        prev, expected_seq, count = digest, expected_seq + 1, count + 1
    return count, prev, None


def short_hash(h: str) -> str:
    return h[:12].upper()


def now_utc() -> datetime:
    return datetime.now(UTC)


# --- the security log's own chain (issue #14) --------------------------------------------------------
# Canonical form of a security event: JSON array [id, at, kind, user_id, username, workstation], a newline
# and the stored data (verbatim); at is "YYYY-MM-DDTHH:MM:SS.ffffff" (naive UTC, as stored).
# hash = SHA-256(prev_hash_bytes || canonical_bytes); the first event's prev_hash is GENESIS.

def security_time(at) -> str:
    if isinstance(at, str):  # SQLite text as stored: "YYYY-MM-DD HH:MM:SS[.ffffff]"
        at = datetime.fromisoformat(at)
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%f")


def security_canonical(event_id, at, kind, user_id, username, workstation, data: str) -> bytes:
    head = _header([event_id, security_time(at), kind, user_id, username or "", workstation or ""])
    return (head + "\n" + (data or "")).encode("utf-8")


def verify_security_rows(rows: Iterable[tuple], start_prev: str = GENESIS) -> tuple[int, str, ChainBreak | None]:
    """Rows of (id, at, kind, user_id, username, workstation, data, prev_hash, hash) in id order: (count,
    head hash, first break or None). Ids need not be contiguous on their own (the chain links them)."""
    prev, count = start_prev, 0
    for row in rows:
        if row[7] != prev:
            return count, prev, ChainBreak(row[0], None, "prev_mismatch")
        digest = chain_hash(prev, security_canonical(*row[:7]))
        if digest != row[8]:
            return count, prev, ChainBreak(row[0], None, "hash_mismatch")
        prev, count = digest, count + 1
    return count, prev, None
