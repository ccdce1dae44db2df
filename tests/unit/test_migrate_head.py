"""open_database skips importing alembic when the database is at the head read from the migration files;
that reading must agree with alembic's own."""

from evidence_store.db import migrate


def test_shipped_head_is_alembics_head():
    assert migrate.shipped_head() == migrate.head_revision()
