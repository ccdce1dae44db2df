"""services.copy into a PostgreSQL target (issue #19: 11.4 M ledger rows took 37 minutes as INSERTs): each table
filled by one ``COPY … FROM STDIN``; the tables' foreign keys and non-unique indexes set aside while the (empty)
tables fill and put back, from their own definitions, before the copy's one transaction commits — as pg_restore
does: one validating join per foreign key and one sorted index build, instead of a check and an index insertion
per row."""

from __future__ import annotations

from sqlalchemy import text


def self_references(table) -> list:
    """The columns of ``table`` referring to its own table (agencies.parent_id, locations.parent_id)."""
    return [fk.parent for fk in table.foreign_keys if fk.column.table is table]


def copy_rows(dst, table, rows, progress) -> tuple[int, list]:
    """Write ``rows`` (batches of tuples in the table's column order, as SQLAlchemy reads them) into ``table`` by
    COPY. Each value goes through the bind processor SQLAlchemy's INSERT applies for the target's dialect, then
    psycopg's adapter for its Python type, as an INSERT's parameter would; COPY checks the same constraints and
    fires the same row triggers (the server has none on INSERT: the ledger's refuse UPDATE, DELETE, TRUNCATE).
    A column referring to its own table is written NULL; (key, column, value) of each such link is returned for
    the second pass."""
    cols = list(table.columns)
    binds = [(i, p) for i, p in enumerate(c.type.dialect_impl(dst.dialect).bind_processor(dst.dialect)
                                          for c in cols) if p is not None]
    refs = [cols.index(c) for c in self_references(table)]
    keys = [(c.name, cols.index(c)) for c in table.primary_key.columns]
    q = dst.dialect.identifier_preparer
    sql = f"COPY {q.format_table(table)} ({', '.join(q.quote(c.name) for c in cols)}) FROM STDIN"
    done, links = 0, []
    with dst.connection.driver_connection.cursor() as cur, cur.copy(sql) as copy:
        for batch in rows:
            if binds or refs:
                batch = [list(r) for r in batch]
                for r in batch:
                    for i, bind in binds:
                        r[i] = bind(r[i])
                    for i in refs:
                        if r[i] is not None:
                            links.append(({k: r[j] for k, j in keys}, cols[i].name, r[i]))
                            r[i] = None
            for r in batch:
                copy.write_row(r)
            done += len(batch)
            progress(done)
    return done, links


_OWNED = """SELECT c.oid FROM pg_class c
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY(:names)"""


def set_checks_aside(dst, tables) -> list[tuple[str, str]]:
    """Drop the foreign keys and the non-unique indexes of ``tables`` (all empty); return (table, statement) that
    recreate them, indexes first. Nothing is set aside when this login does not own every table (it could not
    drop them): rows are then checked and indexed one by one, as before. Primary keys and unique indexes stay,
    so a duplicate is refused on arrival as with INSERT; partial indexes stay too (few rows each, and the server
    would give their condition back in another spelling than the migration's)."""
    names = [t.name for t in tables]
    owned = dst.execute(text(f"SELECT bool_and(pg_has_role(relowner, 'USAGE')) FROM pg_class WHERE oid IN ({_OWNED})"),
                        {"names": names}).scalar()
    if not owned:
        return []
    fks = dst.execute(text(f"""SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid)
                               FROM pg_constraint WHERE contype = 'f' AND conrelid IN ({_OWNED})
                               ORDER BY conrelid, conname"""), {"names": names}).all()
    indexes = dst.execute(text(f"""SELECT indrelid::regclass::text, indexrelid::regclass::text,
                                          pg_get_indexdef(indexrelid)
                                   FROM pg_index WHERE NOT indisunique AND indpred IS NULL
                                   AND indrelid IN ({_OWNED})
                                   AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)
                                   ORDER BY indrelid, indexrelid"""), {"names": names}).all()
    raw = dst.connection.driver_connection  # no parameters: the definitions' text as it is
    for table, name, _ in fks:
        raw.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    for _, name, _ in indexes:
        raw.execute(f"DROP INDEX {name}")
    return ([(table, definition) for table, _, definition in indexes]
            + [(table, f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}") for table, name, definition in fks])
