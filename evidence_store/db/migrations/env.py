"""Alembic environment, shipped inside the package. Run through evidence_store.db.migrate."""

from alembic import context

from evidence_store.db.models import Base

config = context.config
target_metadata = Base.metadata


def include_name(name, type_, parent_names):
    # FTS5 virtual tables and their shadow tables are created by hand (STACK-CHECK pitfall 10)
    if type_ == "table" and name and (name.endswith("_fts") or "_fts_" in name):
        return False
    return True


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection.dialect.name in ("postgresql", "sqlite"):
        from evidence_store.db.models.custody import partial_indexes
        partial_indexes(connection.dialect.name)
    context.configure(connection=connection, target_metadata=target_metadata, include_name=include_name,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
