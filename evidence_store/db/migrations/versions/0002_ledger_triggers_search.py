"""Append-only triggers for the ledger and security log; full-text search over folded item text.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

APPEND_ONLY = ("custody_events", "security_events")


def _sqlite_upgrade() -> None:
    for table in APPEND_ONLY:
        for action in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
    # External-content FTS5 over items.search_text, which the services fill with folded text
    # (đ→d, marks stripped): remove_diacritics alone does not fold đ (STACK-CHECK §2.7).
    op.execute("CREATE VIRTUAL TABLE items_fts USING fts5(search_text, content='items', content_rowid='id', "
               "tokenize='unicode61 remove_diacritics 2')")
    op.execute("CREATE TRIGGER items_fts_ai AFTER INSERT ON items BEGIN "
               "INSERT INTO items_fts(rowid, search_text) VALUES (new.id, new.search_text); END")
    op.execute("CREATE TRIGGER items_fts_ad AFTER DELETE ON items BEGIN "
               "INSERT INTO items_fts(items_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END")
    op.execute("CREATE TRIGGER items_fts_au AFTER UPDATE OF search_text ON items BEGIN "
               "INSERT INTO items_fts(items_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
               "INSERT INTO items_fts(rowid, search_text) VALUES (new.id, new.search_text); END")


def _pg_upgrade() -> None:
    op.execute("CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
               "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$")
    for table in APPEND_ONLY:
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION refuse_change()")
        op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()")
    # items.search_text is already folded in Python (đ→d, marks dropped, case folded), so the
    # trigram index serves LIKE '%word%' directly. unaccent, wrapped IMMUTABLE so it can be indexed,
    # is there for administrators' SQL on other columns: f_unaccent('Điện thoại') = 'Dien thoai'.
    # Both extensions are "trusted" (PostgreSQL ≥ 13): the database owner may create them.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE "
               "STRICT AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, "
               "translate($1, 'đĐ', 'dD'))) $$")
    op.execute("CREATE INDEX ix_items_search_trgm ON items USING gin (search_text gin_trgm_ops)")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_upgrade()
    else:
        _pg_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in APPEND_ONLY:
            for action in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
        for t in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS items_fts_{t}")
        op.execute("DROP TABLE IF EXISTS items_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_items_search_trgm")
        op.execute("DROP FUNCTION IF EXISTS f_unaccent(text)")
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS refuse_change()")
