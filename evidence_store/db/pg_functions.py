"""The SECURITY DEFINER functions of a PostgreSQL database shared by untrusted workstations (issue #14,
docs/POSTGRESQL.md §3): appending to the ledger and the security log (``kvc_append_event``, ``kvc_log_security``)
and managing the accounts' login roles (``kvc_create_user``, ``kvc_set_password``, ``kvc_manage_user``).
Installed, with the grants, by ``pg_security.install``."""

from __future__ import annotations

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
  PERFORM pg_advisory_xact_lock(7270002);  -- db.engine PG_CHAIN_LOCK
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

-- several events in one call (an intake's items: one round trip while the chain lock is held, not one per event);
-- each goes through kvc_append_event, with every one of its checks
CREATE OR REPLACE FUNCTION kvc_append_events(p_item_ids integer[], p_kinds text[], p_occurred_at text[],
    p_user_id integer, p_workstation text, p_document_ids integer[], p_handover_ids integer[],
    p_corrects_seqs integer[], p_data text[])
RETURNS TABLE (seq integer, prev_hash text, hash text, recorded_at text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_n integer := COALESCE(array_length(p_kinds, 1), 0);
  v_row record;
BEGIN
  IF COALESCE(array_length(p_item_ids, 1), 0) <> v_n OR COALESCE(array_length(p_occurred_at, 1), 0) <> v_n
     OR COALESCE(array_length(p_document_ids, 1), 0) <> v_n OR COALESCE(array_length(p_handover_ids, 1), 0) <> v_n
     OR COALESCE(array_length(p_corrects_seqs, 1), 0) <> v_n OR COALESCE(array_length(p_data, 1), 0) <> v_n THEN
    RAISE EXCEPTION 'kvc: the events'' fields differ in number; nothing appended' USING ERRCODE = '22023';
  END IF;
  FOR i IN 1 .. v_n LOOP
    SELECT * INTO v_row FROM kvc_append_event(p_item_ids[i], p_kinds[i], p_occurred_at[i], p_user_id, p_workstation,
                                              p_document_ids[i], p_handover_ids[i], p_corrects_seqs[i], p_data[i]);
    seq := v_row.seq; prev_hash := v_row.prev_hash; hash := v_row.hash; recorded_at := v_row.recorded_at;
    RETURN NEXT;
  END LOOP;
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
  PERFORM pg_advisory_xact_lock(7270002);  -- db.engine PG_CHAIN_LOCK
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
