"""A PostgreSQL server for the tests: throwaway databases made from template databases.

``CREATE DATABASE x TEMPLATE tpl`` copies a migrated (or demo-structured) database in a fraction of
the time migrating it again would take, so each test gets a fresh database of its own.
"""

from __future__ import annotations

import itertools
import os

PG_URL_ENV = "EVIDENCE_STORE_TEST_PG_URL"
REQUIRE_ENV = "EVIDENCE_STORE_REQUIRE_PG"

NO_SERVER = ("no PostgreSQL test server: run the tests through scripts/run-tests.sh (starts a throwaway "
             f"cluster), or pass --pg-url / set {PG_URL_ENV}=postgresql+psycopg://user:pw@host:port/db "
             "(a role with CREATEDB)")


def require_pg() -> bool:
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0", "no", "false")


def _libpq_url(sqlalchemy_url: str, database: str | None = None) -> str:
    from sqlalchemy.engine import make_url
    url = make_url(sqlalchemy_url).set(drivername="postgresql")
    if database is not None:
        url = url.set(database=database)
    return url.render_as_string(hide_password=False)


class PgServer:
    """The server named by --pg-url; creates and drops the tests' databases."""

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url
        self.url = url
        self.admin_db = make_url(url).database or "postgres"
        self._names = (f"kvc_t{os.getpid()}_{n}" for n in itertools.count(1))
        self.created: set[str] = set()

    def _admin(self):
        import psycopg
        return psycopg.connect(_libpq_url(self.url, self.admin_db), autocommit=True, connect_timeout=5)

    def check(self) -> str:
        """The server version; raises when the server cannot be reached."""
        with self._admin() as conn:
            return conn.execute("SHOW server_version").fetchone()[0]

    def url_of(self, name: str) -> str:
        from sqlalchemy.engine import make_url
        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def create(self, *, template: str | None = None, name: str | None = None) -> tuple[str, str]:
        """A new database (a copy of ``template`` when given): (name, SQLAlchemy URL)."""
        name = name or next(self._names)
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            sql = f'CREATE DATABASE "{name}"'
            if template:
                sql += f' TEMPLATE "{template}" STRATEGY FILE_COPY'
            conn.execute(sql)
        self.created.add(name)
        return name, self.url_of(name)

    def drop(self, name: str) -> None:
        import time
        for attempt in range(20):  # a background worker may still be leaving the database
            try:
                with self._admin() as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                break
            except Exception:
                if attempt == 19:
                    raise
                time.sleep(0.1)
        self.created.discard(name)

    def drop_all(self) -> None:
        for name in sorted(self.created):
            try:
                self.drop(name)
            except Exception:  # the server may already be gone at the end of the run
                pass


def pg_database_from(request, template_fixture: str) -> str:
    """A fresh PostgreSQL database copied from a session template; dropped after the test."""
    server = request.getfixturevalue("pg_server")
    template = request.getfixturevalue(template_fixture)
    name, url = server.create(template=template if isinstance(template, str) else template[0])
    request.addfinalizer(lambda: server.drop(name))
    return url


def template_from(server: PgServer, name: str, build=None):
    """A template database migrated to head, then filled by ``build(db)`` (returned value kept)."""
    from evidence_store.db.migrate import open_database
    _, url = server.create(name=name)
    db = open_database(url)
    try:
        value = build(db) if build else None
    finally:
        db.dispose()
    return name, value
