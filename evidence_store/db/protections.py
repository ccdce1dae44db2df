"""The database's own protections, by name, and the check that they are all there (issue #14).

Anyone who owns the SQLite file (or the PostgreSQL owner role) can drop a trigger; the hash chains
still expose what was then changed, and ``verify`` reports the missing protection itself, so losing
it is never invisible. ``restore`` refuses a backup whose protections are missing."""

from __future__ import annotations

# SQLite: trigger name → it must refuse (its body raises ABORT)
SQLITE_TRIGGERS = tuple(f"{table}_no_{action}" for table in ("custody_events", "security_events", "attachments")
                        for action in ("update", "delete", "replace")) + (
    "signatures_no_delete", "signatures_signed_kept", "signatures_no_replace")

# PostgreSQL: (table, trigger name); each must be enabled and its function must raise
PG_TRIGGERS = tuple((table, f"{table}_{suffix}") for table in ("custody_events", "security_events", "attachments")
                    for suffix in ("append_only", "no_truncate")) + (
    ("signatures", "signatures_signed_kept"), ("signatures", "signatures_no_truncate"))


def missing_sqlite(cur) -> list[str]:
    """Names of the protections absent (or neutered) in the SQLite database read by DBAPI cursor ``cur``."""
    cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    found = {name: (sql or "") for name, sql in cur.fetchall()}
    out = []
    for name in SQLITE_TRIGGERS:
        body = found.get(name, "").upper().replace(" ", "")
        if "RAISE(ABORT" not in body:
            out.append(name)
    return out


def missing_pg(cur) -> list[str]:
    """The same on PostgreSQL: the trigger exists on its table, is enabled, and its function raises."""
    cur.execute("SELECT c.relname, t.tgname, t.tgenabled, p.prosrc FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid "
                "WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace")
    found = {(rel, name): (str(enabled), src or "") for rel, name, enabled, src in cur.fetchall()}
    out = []
    for key in PG_TRIGGERS:
        enabled, src = found.get(key, ("D", ""))
        if enabled == "D" or "RAISE EXCEPTION" not in src.upper():
            out.append(key[1])
    return out


def missing(cur, is_sqlite: bool) -> list[str]:
    return missing_sqlite(cur) if is_sqlite else missing_pg(cur)
