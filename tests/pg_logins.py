"""Users' own PostgreSQL logins for the tests (issue #14, docs/POSTGRESQL.md §3): the groups, functions and grants
installed as the test server's owner role, one SCRAM login per demo account, and the roles made by a test
dropped after it (login roles are cluster-wide, databases are per test)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from evidence_store.demo.base import DEMO_USERS

PASSWORDS = {name: password for name, (password, *_rest) in DEMO_USERS.items()}  # every seat of #13 too


def need_createrole(db) -> None:
    """Creating login roles needs CREATEROLE: scripts/pg-test-cluster.sh grants it. A developer's own server
    without it skips; where PostgreSQL is required (CI) it fails instead of hiding the tests."""
    from tests.pg_support import require_pg
    with db.writer.connect() as conn:
        if not conn.execute(text("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")).scalar():
            reason = "the test server's role lacks CREATEROLE (scripts/pg-test-cluster.sh grants it)"
            if require_pg():
                pytest.fail(reason)
            pytest.skip(reason)


def secure(db, passwords=None) -> None:
    """pg-secure, then a login role for each named demo account."""
    from evidence_store.db import pg_security
    from evidence_store.db.models import User
    from evidence_store.services.context import UnitOfWork
    need_createrole(db)
    pg_security.install(db)
    for name, password in (passwords or PASSWORDS).items():
        with UnitOfWork(db, write=False) as uow:
            roles = uow.session.scalar(select(User.roles).where(User.username == name)).split(",")
        pg_security.create_login(db, name, password, roles)


def user_url(db, name: str, password: str | None = None) -> str:
    return make_url(db.url).set(username=name, password=password or PASSWORDS[name]).render_as_string(hide_password=False)


def server_url(db) -> str:
    """The database's URL without a user: what a shared workstation's settings hold."""
    return make_url(db.url)._replace(username=None, password=None).render_as_string(hide_password=False)


def drop_roles(db, names) -> None:
    with db.writer.connect() as conn:
        conn.info["ledger_maintenance"] = True
        for name in names:
            conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{name}"')
        conn.commit()
