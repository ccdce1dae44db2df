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

STAFF, READER, ADMIN = "kvc_staff", "kvc_reader", "kvc_admin"
GROUPS = (STAFF, READER, ADMIN)
APPEND_ONLY = ("custody_events", "security_events")
KEPT = ("attachments", "signatures")  # inserted by users, never updated (signatures: only a pending slot) nor deleted
PRIVATE_USER_COLUMNS = ("password_hash",)  # every other column of users is readable by the groups

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION kvc_session_user_id() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT id FROM users WHERE username = session_user::text AND active $$;

CREATE OR REPLACE FUNCTION kvc_is_staff() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT pg_has_role(session_user, 'kvc_staff', 'MEMBER') OR pg_has_role(session_user, 'kvc_reader', 'MEMBER') $$;

CREATE OR REPLACE FUNCTION kvc_json(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT COALESCE(to_json(v)::text, 'null') $$;

CREATE OR REPLACE FUNCTION kvc_append_event(p_item_id integer, p_kind text, p_occurred_at text, p_user_id integer,
    p_workstation text, p_document_id integer, p_handover_id integer, p_corrects_seq integer, p_data text)
RETURNS TABLE (seq integer, prev_hash text, hash text, recorded_at text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_uid integer := p_user_id;
  v_last custody_events%ROWTYPE;
  v_seq integer;
  v_prev text;
  v_rec text;
  v_head text;
  v_hash text;
BEGIN
  IF kvc_is_staff() THEN  -- a user's own login: the actor is the login, whatever the workstation claims
    v_uid := kvc_session_user_id();
    IF v_uid IS NULL THEN
      RAISE EXCEPTION 'kvc: % is no active user of this database', session_user USING ERRCODE = '42501';
    END IF;
    IF p_user_id IS DISTINCT FROM v_uid THEN
      RAISE EXCEPTION 'kvc: forged actor (% appends as user %)', session_user, p_user_id USING ERRCODE = '42501';
    END IF;
    IF NOT pg_has_role(session_user, 'kvc_staff', 'MEMBER') THEN
      RAISE EXCEPTION 'kvc: % may only read', session_user USING ERRCODE = '42501';
    END IF;
  END IF;
  PERFORM pg_advisory_xact_lock(7270001);
  SELECT * INTO v_last FROM custody_events e ORDER BY e.seq DESC LIMIT 1;
  IF FOUND THEN
    v_head := '[' || v_last.seq || ',' || COALESCE(v_last.item_id::text, 'null') || ',' || kvc_json(v_last.kind) || ','
      || kvc_json(v_last.occurred_at) || ',' || kvc_json(v_last.recorded_at) || ','
      || COALESCE(v_last.user_id::text, 'null') || ',' || kvc_json(v_last.workstation) || ','
      || COALESCE(v_last.document_id::text, 'null') || ',' || COALESCE(v_last.handover_id::text, 'null') || ','
      || COALESCE(v_last.corrects_seq::text, 'null') || ']';
    IF encode(sha256(decode(v_last.prev_hash, 'hex') || convert_to(v_head || E'\n' || v_last.data, 'UTF8')), 'hex')
        <> v_last.hash THEN
      RAISE EXCEPTION 'kvc: the ledger head #% was altered; nothing appended', v_last.seq USING ERRCODE = '23514';
    END IF;
    v_seq := v_last.seq + 1;
    v_prev := v_last.hash;
  ELSE
    v_seq := 1;
    v_prev := repeat('0', 64);
  END IF;
  v_rec := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
  v_head := '[' || v_seq || ',' || COALESCE(p_item_id::text, 'null') || ',' || kvc_json(p_kind) || ','
    || kvc_json(COALESCE(p_occurred_at, v_rec)) || ',' || kvc_json(v_rec) || ',' || COALESCE(v_uid::text, 'null')
    || ',' || kvc_json(COALESCE(p_workstation, '')) || ',' || COALESCE(p_document_id::text, 'null') || ','
    || COALESCE(p_handover_id::text, 'null') || ',' || COALESCE(p_corrects_seq::text, 'null') || ']';
  v_hash := encode(sha256(decode(v_prev, 'hex') || convert_to(v_head || E'\n' || p_data, 'UTF8')), 'hex');
  INSERT INTO custody_events (seq, item_id, kind, occurred_at, recorded_at, user_id, workstation, document_id,
                              handover_id, corrects_seq, data, prev_hash, hash)
  VALUES (v_seq, p_item_id, p_kind, COALESCE(p_occurred_at, v_rec), v_rec, v_uid, COALESCE(p_workstation, ''),
          p_document_id, p_handover_id, p_corrects_seq, p_data, v_prev, v_hash);
  RETURN QUERY SELECT v_seq, v_prev, v_hash, v_rec;
END $$;

CREATE OR REPLACE FUNCTION kvc_log_security(p_kind text, p_user_id integer, p_username text, p_workstation text,
    p_data text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_id integer;
  v_prev text;
  v_at timestamp := (clock_timestamp() AT TIME ZONE 'UTC');
  v_data text := COALESCE(NULLIF(p_data, ''), '{}');
  v_head text;
BEGIN
  IF kvc_is_staff() THEN  -- the entry names the login that wrote it
    v_data := CASE WHEN v_data ~ '^\{\s*\}$' THEN '{' ELSE left(v_data, length(v_data) - 1) || ',' END
              || '"db_user":' || kvc_json(session_user::text) || '}';
  END IF;
  PERFORM pg_advisory_xact_lock(7270001);
  SELECT s.id, s.hash INTO v_id, v_prev FROM security_events s ORDER BY s.id DESC LIMIT 1;
  v_id := COALESCE(v_id, 0) + 1;
  v_prev := COALESCE(v_prev, repeat('0', 64));
  v_head := '[' || v_id || ',' || kvc_json(to_char(v_at, 'YYYY-MM-DD"T"HH24:MI:SS.US')) || ',' || kvc_json(p_kind)
    || ',' || COALESCE(p_user_id::text, 'null') || ',' || kvc_json(COALESCE(p_username, '')) || ','
    || kvc_json(COALESCE(p_workstation, '')) || ']';
  INSERT INTO security_events (id, at, kind, user_id, username, workstation, data, prev_hash, hash)
  VALUES (v_id, v_at, p_kind, p_user_id, COALESCE(p_username, ''), COALESCE(p_workstation, ''), v_data, v_prev,
          encode(sha256(decode(v_prev, 'hex') || convert_to(v_head || E'\n' || v_data, 'UTF8')), 'hex'));
  RETURN v_id;
END $$;

CREATE OR REPLACE FUNCTION kvc_check_admin(p_attempt text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT (pg_has_role(session_user, 'kvc_admin', 'MEMBER')
          OR (NOT kvc_is_staff() AND pg_has_role(session_user, current_user, 'MEMBER'))) THEN
    RAISE EXCEPTION 'kvc: only an administrator may change users (% tried %)', session_user, p_attempt
      USING ERRCODE = '42501';
  END IF;
END $$;

-- the login role of an app account may be changed by the functions only when it is an ordinary login: never a
-- superuser, a role that can create roles (the owner), a group role, or a role that is no account of this app
CREATE OR REPLACE FUNCTION kvc_check_target(p_name text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_role pg_roles%ROWTYPE;
BEGIN
  SELECT * INTO v_role FROM pg_roles WHERE rolname = p_name;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  IF v_role.rolsuper OR v_role.rolcreaterole OR v_role.rolbypassrls OR v_role.rolreplication
     OR p_name IN ('kvc_staff', 'kvc_reader', 'kvc_admin') OR p_name = current_user OR p_name LIKE 'pg\_%' THEN
    RAISE EXCEPTION 'kvc: the role % is not an ordinary user login; nothing changed', p_name USING ERRCODE = '42501';
  END IF;
  RETURN true;
END $$;

CREATE OR REPLACE FUNCTION kvc_manage_user(p_action text, p_user_id integer, p_roles text, p_groups text[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_user users%ROWTYPE;
  v_group text;
BEGIN
  PERFORM kvc_check_admin(p_action);
  SELECT * INTO v_user FROM users WHERE id = p_user_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'kvc: no user %', p_user_id USING ERRCODE = '02000';
  END IF;
  PERFORM kvc_check_target(v_user.username);
  IF p_action = 'roles' THEN
    UPDATE users SET roles = p_roles WHERE id = p_user_id;
    PERFORM kvc_log_security('roles_changed', p_user_id, v_user.username, '',
                             json_build_object('before', v_user.roles, 'after', p_roles, 'by', session_user::text)::text);
  ELSIF p_action IN ('deactivate', 'reactivate') THEN
    UPDATE users SET active = (p_action = 'reactivate'), failed_attempts = 0, locked_until = NULL WHERE id = p_user_id;
    PERFORM kvc_log_security(CASE p_action WHEN 'deactivate' THEN 'user_deactivated' ELSE 'user_reactivated' END,
                             p_user_id, v_user.username, '', json_build_object('by', session_user::text)::text);
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_user.username) THEN
      EXECUTE format('ALTER ROLE %I %s', v_user.username, CASE p_action WHEN 'deactivate' THEN 'NOLOGIN' ELSE 'LOGIN' END);
    END IF;
  ELSIF p_action = 'unlock' THEN
    UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = p_user_id;
    PERFORM kvc_log_security('user_unlocked', p_user_id, v_user.username, '',
                             json_build_object('by', session_user::text)::text);
  ELSE
    RAISE EXCEPTION 'kvc: unknown action %', p_action USING ERRCODE = '22023';
  END IF;
  IF p_groups IS NOT NULL AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_user.username) THEN
    FOREACH v_group IN ARRAY ARRAY['kvc_staff', 'kvc_reader', 'kvc_admin'] LOOP
      IF v_group = ANY (p_groups) THEN
        EXECUTE format('GRANT %I TO %I', v_group, v_user.username);
      ELSE
        EXECUTE format('REVOKE %I FROM %I', v_group, v_user.username);
      END IF;
    END LOOP;
  END IF;
END $$;

-- a new account: its row and its login role (SCRAM verifier computed by the administrator's workstation, so the
-- password itself never reaches the server), in its groups; administrators only, logged
CREATE OR REPLACE FUNCTION kvc_create_user(p_username text, p_roles text, p_person_id integer, p_agency_id integer,
    p_password_hash text, p_verifier text, p_groups text[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_id integer;
  v_group text;
BEGIN
  PERFORM kvc_check_admin('create');
  IF p_username = '' OR length(p_username) > 60 OR p_username <> lower(p_username) OR p_username ~ '[^[:alnum:]._]' OR p_username LIKE 'pg\_%' OR p_username LIKE 'kvc\_%' THEN
    RAISE EXCEPTION 'kvc: % is not a valid user name', p_username USING ERRCODE = '22023';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_username) OR EXISTS (SELECT 1 FROM users WHERE username = p_username) THEN
    RAISE EXCEPTION 'kvc: a role or account named % exists already', p_username USING ERRCODE = '42710';
  END IF;
  IF p_verifier !~ '^SCRAM-SHA-256\$' THEN
    RAISE EXCEPTION 'kvc: a SCRAM verifier is required, never a password' USING ERRCODE = '22023';
  END IF;
  INSERT INTO users (username, password_hash, roles, person_id, agency_id, active, must_change_password,
                     failed_attempts, created_at)
  VALUES (p_username, p_password_hash, p_roles, p_person_id, p_agency_id, true, true, 0,
          clock_timestamp() AT TIME ZONE 'UTC')
  RETURNING id INTO v_id;
  EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', p_username, p_verifier);
  FOREACH v_group IN ARRAY ARRAY['kvc_staff', 'kvc_reader', 'kvc_admin'] LOOP
    IF v_group = ANY (p_groups) THEN
      EXECUTE format('GRANT %I TO %I', v_group, p_username);
    END IF;
  END LOOP;
  PERFORM kvc_log_security('user_created', v_id, p_username, '',
                           json_build_object('roles', p_roles, 'by', session_user::text)::text);
  RETURN v_id;
END $$;

-- a password: an administrator resets anyone's (to be changed at the next login), a user changes their own (the
-- workstation checked the old one with the server first); the SCRAM verifier only, never the password
CREATE OR REPLACE FUNCTION kvc_set_password(p_user_id integer, p_password_hash text, p_verifier text,
    p_groups text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_user users%ROWTYPE;
  v_own boolean := p_user_id IS NOT DISTINCT FROM kvc_session_user_id();
  v_group text;
BEGIN
  IF NOT v_own THEN
    PERFORM kvc_check_admin('password');
  END IF;
  SELECT * INTO v_user FROM users WHERE id = p_user_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'kvc: no user %', p_user_id USING ERRCODE = '02000';
  END IF;
  IF p_verifier !~ '^SCRAM-SHA-256\$' THEN
    RAISE EXCEPTION 'kvc: a SCRAM verifier is required, never a password' USING ERRCODE = '22023';
  END IF;
  IF kvc_check_target(v_user.username) THEN
    EXECUTE format('ALTER ROLE %I PASSWORD %L', v_user.username, p_verifier);
  ELSE  -- an account made by the owner's user-add, without a login yet
    PERFORM kvc_check_admin('password');
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', v_user.username, p_verifier);
    FOREACH v_group IN ARRAY ARRAY['kvc_staff', 'kvc_reader', 'kvc_admin'] LOOP
      IF v_group = ANY (p_groups) THEN
        EXECUTE format('GRANT %I TO %I', v_group, v_user.username);
      END IF;
    END LOOP;
  END IF;
  UPDATE users SET password_hash = p_password_hash, must_change_password = NOT v_own, failed_attempts = 0,
                   locked_until = NULL WHERE id = p_user_id;
  PERFORM kvc_log_security(CASE WHEN v_own THEN 'password_changed' ELSE 'password_reset' END, p_user_id,
                           v_user.username, '', json_build_object('by', session_user::text)::text);
END $$;
"""


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
        "kvc_log_security(text, integer, text, text, text), kvc_session_user_id(), kvc_is_staff(), kvc_json(text) "
        "TO kvc_staff, kvc_reader",
        "GRANT EXECUTE ON FUNCTION kvc_manage_user(text, integer, text, text[]), "
        "kvc_create_user(text, text, integer, integer, text, text, text[]), kvc_check_admin(text) TO kvc_admin",
        "GRANT EXECUTE ON FUNCTION kvc_set_password(integer, text, text, text[]) TO kvc_staff, kvc_reader",
        "GRANT EXECUTE ON FUNCTION f_unaccent(text) TO kvc_staff, kvc_reader",
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
