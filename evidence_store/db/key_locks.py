"""Rows found or created by a key, and numbers drawn last, with services running side by side on PostgreSQL
(issue #19; services.context.concurrent): a case number, a person's căn cước and name, a document's kind, number
and issuer are created under a lock on that key only; a record's number and its items' codes hold a unique
placeholder until the transaction's final step draws them (services.intake._number)."""

from __future__ import annotations

import uuid

from sqlalchemy import text

# PostgreSQL advisory lock space (the two-key form, apart from db.engine's one-key locks) of the keys a transaction
# finds or creates a row by: held from the creation to the commit, by those creating that key only
PG_KEY_LOCKS = 7_270_004
PROVISIONAL = "~"  # the first character of a number not drawn yet: no item code or record number starts with it


def find_or_lock(session, key: str, find):
    """``find()``, or when it finds nothing on PostgreSQL: the lock on ``key``, then ``find()`` again — another
    workstation creating the same key meanwhile has then committed (its row is found) or rolled back. Find-or-create
    without a duplicate, and without a lock for the common case of a row that exists. SQLite: the writing
    transaction holds the file; ``find()`` once."""
    found = find()
    if found is None and session.bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:space, hashtext(:key))"), {"space": PG_KEY_LOCKS, "key": key})
        found = find()
    return found


def provisional_number(length: int) -> str:
    """A unique placeholder for a number drawn at the transaction's end; never committed."""
    return PROVISIONAL + uuid.uuid4().hex[:length - 1]
