"""Protections that hold on a network (issue #14): the security log gets its own hash chain; REPLACE
can no longer get past the append-only triggers on SQLite; attachments (photos, signed-paper scans)
become append-only; a signed or refused signature slot can no longer be changed or deleted.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# table → primary key: every row is immutable once written
APPEND_ONLY = {"custody_events": "seq", "security_events": "id", "attachments": "id"}


def _chain_existing_security_events(bind) -> None:
    """Existing entries get their hashes in id order (they were written before the chain existed)."""
    from evidence_store.domain.ledger import GENESIS, chain_hash, security_canonical
    rows = bind.execute(sa.text("SELECT id, at, kind, user_id, username, workstation, data FROM security_events "
                                "ORDER BY id")).fetchall()
    prev = GENESIS
    for row in rows:
        digest = chain_hash(prev, security_canonical(*row))
        bind.execute(sa.text("UPDATE security_events SET prev_hash = :p, hash = :h WHERE id = :i"),
                     {"p": prev, "h": digest, "i": row[0]})
        prev = digest


def _sqlite_upgrade(bind) -> None:
    op.execute("DROP TRIGGER IF EXISTS security_events_no_update")
    with op.batch_alter_table("security_events") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("hash", sa.String(64), nullable=False, server_default=""))
    _chain_existing_security_events(bind)
    op.execute("DROP TRIGGER IF EXISTS security_events_no_delete")  # batch mode may have rebuilt the table
    for table, key in APPEND_ONLY.items():
        for action in ("UPDATE", "DELETE"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action.lower()}")
            op.execute(f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
        # INSERT OR REPLACE / REPLACE INTO delete the conflicting row without firing DELETE triggers
        # unless PRAGMA recursive_triggers is on (the app turns it on; a sqlite3 shell does not):
        # refusing the insert of an existing key holds on every connection.
        op.execute(f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
                   f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {key} = NEW.{key}) "
                   f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
    op.execute("CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures "
               "BEGIN SELECT RAISE(ABORT, 'signatures are kept'); END")
    op.execute("CREATE TRIGGER signatures_signed_kept BEFORE UPDATE ON signatures WHEN OLD.status <> 'pending' "
               "BEGIN SELECT RAISE(ABORT, 'a signed signature is kept'); END")
    op.execute("CREATE TRIGGER signatures_no_replace BEFORE INSERT ON signatures "
               "WHEN EXISTS (SELECT 1 FROM signatures WHERE id = NEW.id) "
               "BEGIN SELECT RAISE(ABORT, 'signatures are kept'); END")


def _pg_upgrade(bind) -> None:
    op.add_column("security_events", sa.Column("prev_hash", sa.String(64), nullable=False, server_default=""))
    op.add_column("security_events", sa.Column("hash", sa.String(64), nullable=False, server_default=""))
    op.execute("ALTER TABLE security_events DISABLE TRIGGER security_events_append_only")
    _chain_existing_security_events(bind)
    op.execute("ALTER TABLE security_events ENABLE TRIGGER security_events_append_only")
    op.execute("CREATE TRIGGER attachments_append_only BEFORE UPDATE OR DELETE ON attachments "
               "FOR EACH ROW EXECUTE FUNCTION refuse_change()")
    op.execute("CREATE TRIGGER attachments_no_truncate BEFORE TRUNCATE ON attachments "
               "FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()")
    op.execute("CREATE OR REPLACE FUNCTION keep_signed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
               "IF TG_OP = 'DELETE' OR OLD.status <> 'pending' THEN "
               "RAISE EXCEPTION 'signatures are kept (a signed signature is kept)'; END IF; RETURN NEW; END $$")
    op.execute("CREATE TRIGGER signatures_signed_kept BEFORE UPDATE OR DELETE ON signatures "
               "FOR EACH ROW EXECUTE FUNCTION keep_signed()")
    op.execute("CREATE TRIGGER signatures_no_truncate BEFORE TRUNCATE ON signatures "
               "FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _sqlite_upgrade(bind)
    else:
        _pg_upgrade(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("signatures_no_delete", "signatures_signed_kept", "signatures_no_replace",
                     "attachments_no_update", "attachments_no_delete", "security_events_no_update",
                     "security_events_no_delete") + tuple(f"{t}_no_replace" for t in APPEND_ONLY):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        with op.batch_alter_table("security_events") as batch:
            batch.drop_column("hash")
            batch.drop_column("prev_hash")
        for action in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER security_events_no_{action.lower()} BEFORE {action} ON security_events "
                       "BEGIN SELECT RAISE(ABORT, 'security_events is append-only'); END")
    else:
        for name, table in (("signatures_signed_kept", "signatures"), ("signatures_no_truncate", "signatures"),
                            ("attachments_append_only", "attachments"), ("attachments_no_truncate", "attachments")):
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS keep_signed()")
        op.drop_column("security_events", "hash")
        op.drop_column("security_events", "prev_hash")
