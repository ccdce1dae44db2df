"""PostgreSQL when the workstations are not trusted (issue #14, docs/POSTGRESQL.md §3).

Every user of the app is a PostgreSQL login role of the same name (SCRAM password), a member of group
roles that carry the grants:

- ``kvc_staff``  — every user: reads the tables (not ``users.password_hash``), inserts and updates the
  working tables; on the ledger, the security log, attachments and signatures no UPDATE/DELETE, and on the
  ledger and the security log no INSERT either: they are appended only through ``kvc_append_event`` and
  ``kvc_log_security``;
- ``kvc_reader`` — read-only accounts (no write action in the permission matrix): SELECT only;
- ``kvc_admin``  — administrators: may call ``kvc_manage_user`` (roles, activation, new accounts).

The functions are SECURITY DEFINER, owned by the database owner (which needs CREATEROLE to manage the
login roles). ``kvc_append_event`` takes the append lock, checks the head event's stored hash against its
own row, computes the new event's sequence, recorded time and hash in the database and records the user
attached to ``session_user``: a user's connection cannot append as anyone else, forge a hash or back-date
the recording. ``kvc_log_security`` chains the security log the same way and adds ``db_user`` (the
session's login) to the entry. ``kvc_manage_user`` refuses any caller who is not in ``kvc_admin`` and logs
every change. The owner role (and a superuser) stay trusted: whoever administers the server is out of
reach of any in-database control (documented).

``install(db)`` (the ``pg-secure`` command, run as the owner after ``init``) is idempotent; run it again
after every migration (new tables get their grants)."""

from __future__ import annotations

from sqlalchemy import text

from .pg_functions import FUNCTIONS

STAFF, READER, ADMIN = "kvc_staff", "kvc_reader", "kvc_admin"
GROUPS = (STAFF, READER, ADMIN)
APPEND_ONLY = ("custody_events", "security_events")
KEPT = ("attachments", "signatures")  # inserted by users, never updated (signatures: only a pending slot) nor deleted
PRIVATE_USER_COLUMNS = ("password_hash",)  # every other column of users is readable by the groups


# What each group may do with each table, table by table (issue #14): nothing is granted "on all tables", so a
# table added by a migration gets no right until it is given a line here (tests/integration/
# test_trust_pg_grants.py fails for a table without one, and checks the server holds exactly these).
# kvc_staff: accounts with a custody right; kvc_reader: everyone else (read-only accounts, administrators);
# kvc_admin: administrators, for the structure (agencies, locations, settings) and the accounts' functions.
# No group may DELETE or TRUNCATE anything: history is kept; the ledger and the security log are appended only
# through their functions; accounts are changed only through kvc_create_user/kvc_set_password/kvc_manage_user.
_R, _W, _I = "SELECT", "SELECT, INSERT, UPDATE", "SELECT, INSERT"
_WORK = {STAFF: _W, READER: _R}                  # custody work: staff write, the others read
_STRUCTURE = {STAFF: _R, READER: _R, ADMIN: "INSERT, UPDATE"}  # set up by administrators, read by all
TABLE_GRANTS: dict[str, dict[str, str]] = {
    "alembic_version": {STAFF: _R, READER: _R},
    "agencies": _STRUCTURE,
    "warehouses": {STAFF: _R, READER: _R, ADMIN: "UPDATE"},
    "locations": {STAFF: "SELECT, UPDATE", READER: _R, ADMIN: "INSERT, UPDATE"},  # staff: occupancy of a move
    "settings": {STAFF: _W, READER: _R, ADMIN: "INSERT, UPDATE"},  # rows: staff only its own keys (policy below)
    "code_sequences": {STAFF: _W, READER: _R, ADMIN: "INSERT, UPDATE"},  # item codes; location codes
    "persons": {STAFF: _W, READER: _R, ADMIN: "INSERT, UPDATE"},  # administrators name new accounts' holders
    "users": {},  # columns only (all but PRIVATE_USER_COLUMNS, granted in install); changed through the functions
    "cases": _WORK, "case_milestones": _WORK, "documents": _WORK, "items": _WORK, "handovers": _WORK,
    "handover_lines": _WORK, "deadlines": _WORK,
    "signatures": _WORK,  # a pending slot is filled; the trigger keeps a signed one
    "attachments": {STAFF: _I, READER: _R},  # kept: never updated nor deleted
    "custody_events": {STAFF: _R, READER: _R},  # appended through kvc_append_event only
    "security_events": {STAFF: _R, READER: _R},  # appended through kvc_log_security only
    # issue #15: audits are planned, counted and resolved by custody staff
    "audits": _WORK, "audit_targets": _WORK, "audit_scans": _WORK, "audit_lines": _WORK, "audit_schedule": _WORK,
    # issue #16: imports of old registers (clerks: items/cases/persons; administrators: locations)
    "import_batches": {STAFF: _W, READER: _R, ADMIN: "INSERT, UPDATE"},
    "import_rows": {STAFF: _W, READER: _R, ADMIN: "INSERT, UPDATE"},
    # issue #13: the responsible officer's history and the agencies' requests for items are custody work
    "case_responsibility": _WORK, "item_requests": _WORK, "item_request_lines": _WORK,
}
# settings rows staff may write (their own preferences of a custody task); every other key is an administrator's
STAFF_SETTING_KEYS = ("import_presets",)


def privileges(spec: str) -> list[str]:
    return [p.strip() for p in spec.split(",") if p.strip()]


def _grants() -> list[str]:
    out = [
        "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM kvc_staff, kvc_reader, kvc_admin",
        "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        "GRANT USAGE ON SCHEMA public TO kvc_staff, kvc_reader, kvc_admin",
        "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM kvc_staff, kvc_reader, kvc_admin",
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO kvc_staff, kvc_admin",
    ]
    for table, grants in TABLE_GRANTS.items():
        for group, spec in grants.items():
            out.append(f"GRANT {spec} ON {table} TO {group}")
    out += [
        # settings: every group reads all rows; staff writes only its own keys, administrators any
        "ALTER TABLE settings ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS kvc_read ON settings",
        "CREATE POLICY kvc_read ON settings FOR SELECT TO kvc_staff, kvc_reader, kvc_admin USING (true)",
        "DROP POLICY IF EXISTS kvc_admin_write ON settings",
        "CREATE POLICY kvc_admin_write ON settings FOR ALL TO kvc_admin USING (true) WITH CHECK (true)",
        "DROP POLICY IF EXISTS kvc_staff_write ON settings",
        "CREATE POLICY kvc_staff_write ON settings FOR ALL TO kvc_staff USING (key IN ({k})) WITH CHECK (key IN ({k}))"
        .format(k=", ".join(f"'{k}'" for k in STAFF_SETTING_KEYS)),
        "GRANT EXECUTE ON FUNCTION kvc_append_event(integer, text, text, integer, text, integer, integer, integer, text), "
        "kvc_append_events(integer[], text[], text[], integer, text, integer[], integer[], integer[], text[]), "
        "kvc_log_security(text, integer, text, text, text), kvc_session_user_id(), kvc_is_staff(), kvc_json(text) "
        "TO kvc_staff, kvc_reader",
        "GRANT EXECUTE ON FUNCTION kvc_manage_user(text, integer, text, text[]), "
        "kvc_create_user(text, text, integer, integer, text, text, text[]), kvc_check_admin(text) TO kvc_admin",
        "GRANT EXECUTE ON FUNCTION kvc_set_password(integer, text, text, text[]) TO kvc_staff, kvc_reader",
        "GRANT EXECUTE ON FUNCTION f_unaccent(text), search_words(text) TO kvc_staff, kvc_reader",  # search_words: 0019
    ]
    return out


def install(db) -> None:
    """Create the group roles (cluster-wide, once), the functions and the grants (this database). Run as
    the database owner, which needs CREATEROLE."""
    with db.writer.connect() as conn:
        conn.info["ledger_maintenance"] = True
        for group in GROUPS:
            conn.execute(text(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') THEN "
                              f"CREATE ROLE {group} NOLOGIN; END IF; END $$"))
        conn.connection.cursor().execute(FUNCTIONS)  # no parameters: the % of format() stay as they are
        for sql in _grants():
            conn.execute(text(sql))
        # accounts: every column but the password hash (a column added later is readable once pg-secure runs)
        columns = [c for (c,) in conn.execute(text(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND table_name = 'users' ORDER BY ordinal_position")) if c not in PRIVATE_USER_COLUMNS]
        readable = ", ".join(f'"{c}"' for c in columns)
        conn.execute(text(f"GRANT SELECT ({readable}) ON users TO kvc_staff, kvc_reader"))
        conn.commit()


# administration, not custody (domain.permissions; the matrix test holds administrators to these)
ADMINISTRATION = ("manage_users", "manage_agencies", "manage_locations", "manage_settings", "manage_authority",
                  "backup", "restore", "print_location_labels", "import_registers")
READING = ("read_", "view_", "verify_", "export_")  # actions that only read (and write nothing to the ledger)


def groups_for(roles) -> list[str]:
    """The group roles of an account, from the permission matrix (never from role names): kvc_staff with any
    custody right, else kvc_reader; kvc_admin with the right to manage users."""
    from ..domain.permissions import MATRIX, allowed
    custody = any(allowed(roles, action) for action in MATRIX
                  if not action.startswith(READING) and action not in ADMINISTRATION)
    out = [STAFF] if custody else [READER]
    if allowed(roles, "manage_users"):
        out.append(ADMIN)
    return out


def create_login(db, username: str, password: str, roles) -> None:
    """The PostgreSQL login role of an app account (owner or superuser only): SCRAM password, its groups."""
    with db.writer.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": username}).first()
        quoted = conn.exec_driver_sql("SELECT quote_ident(%(n)s), quote_literal(%(p)s)",
                                      {"n": username, "p": password}).first()
        verb = "ALTER" if exists else "CREATE"
        conn.exec_driver_sql("SET LOCAL password_encryption = 'scram-sha-256'")
        conn.exec_driver_sql(f"{verb} ROLE {quoted[0]} LOGIN PASSWORD {quoted[1]}")
        for group in GROUPS:
            action = "GRANT {g} TO {u}" if group in groups_for(roles) else "REVOKE {g} FROM {u}"
            conn.exec_driver_sql(action.format(g=group, u=quoted[0]))
        conn.commit()


def needs_login(url: str) -> bool:
    """A shared workstation's server URL (docs/POSTGRESQL.md §3): PostgreSQL, naming no user (nor a libpq
    service, which may name one): the app asks who is at the desk and connects as that user."""
    from sqlalchemy.engine import make_url
    if not url.startswith(("postgresql", "postgres:")):
        return False
    parsed = make_url(url)
    return not parsed.username and not {"user", "service"} & set(parsed.query)


def login_url(server_url: str, username: str, password: str) -> str:
    """The server URL with the user's own login (never shown nor logged: it holds the password)."""
    from sqlalchemy.engine import make_url
    return make_url(server_url).set(username=username, password=password).render_as_string(hide_password=False)


def server_label(url: str) -> str:
    """host:port/database of a server URL, for the login screen and the messages."""
    from sqlalchemy.engine import make_url
    parsed = make_url(url)
    host = parsed.host or parsed.query.get("host") or "localhost"
    return f"{host}:{parsed.port or 5432}/{parsed.database or ''}"


def scram_verifier(session, username: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of a password, computed here by libpq (PQencryptPasswordConn): only the
    verifier is sent to the server, never the password (nor does it reach the server's statement log)."""
    dbapi = session.connection().connection.dbapi_connection
    return dbapi.pgconn.encrypt_password(password.encode("utf-8"), username.encode("utf-8"),
                                         b"scram-sha-256").decode("ascii")


def check_password_with_server(url: str, username: str, password: str) -> bool:
    """Whether the server accepts ``password`` for ``username`` (a SCRAM handshake on a new connection)."""
    import psycopg
    from sqlalchemy.engine import make_url
    target = make_url(url).set(drivername="postgresql", username=username, password=password or "")
    try:
        psycopg.connect(target.render_as_string(hide_password=False), connect_timeout=10).close()
    except psycopg.OperationalError:
        return False
    return True


def session_info(conn) -> tuple[bool, str]:
    """(is this a user's own login, its name) for a connection."""
    row = conn.execute(text("SELECT session_user::text, CASE WHEN (SELECT count(*) FROM pg_roles WHERE rolname IN "
                            "('kvc_staff', 'kvc_reader')) = 2 THEN pg_has_role(session_user, 'kvc_staff', 'MEMBER') "
                            "OR pg_has_role(session_user, 'kvc_reader', 'MEMBER') ELSE false END")).first()
    return bool(row[1]), row[0]
