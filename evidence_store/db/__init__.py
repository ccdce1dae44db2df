"""Persistence: SQLAlchemy models, engine and unit of work, repositories, search, migrations."""
