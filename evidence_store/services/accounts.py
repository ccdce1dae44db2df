"""Users, passwords (Argon2id), lockout and the security log (DESIGN §6).

Administrators manage accounts (``manage_users``); every login, failure, lockout, refusal and
account change is written to the append-only security log, which ``security_log`` reads."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError, VerifyMismatchError, InvalidHashError
from sqlalchemy import select

from ..domain.errors import DomainError, NotFound, PermissionDenied, ValidationError
from ..domain.permissions import Role, require, roles_of, stored_roles
from ..domain.text import nfc
from ..db.models import Person, User
from . import persistence
from .actor import Actor
from .security_log import log_security  # noqa: F401  (re-exported: callers import it from here)

log = logging.getLogger(__name__)
_hasher = PasswordHasher()  # argon2-cffi defaults: Argon2id, RFC 9106 low-memory profile
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 8
MAX_PASSWORD = 128


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    full_name: str
    roles: tuple[str, ...]
    active: bool
    must_change_password: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    created_at: datetime
    person_id: int | None
    agency_id: int | None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_policy(password: str, username: str = "") -> None:
    """At least 8 characters with letters and digits, not the user name, no control characters."""
    password = password or ""
    if len(password) < MIN_PASSWORD:
        raise ValidationError("password_too_short", field="password", min=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise ValidationError("password_too_long", field="password", max=MAX_PASSWORD)
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in password):
        raise ValidationError("password_invalid_characters", field="password")
    if not any(ch.isalpha() for ch in password) or not any(ch.isdigit() for ch in password):
        raise ValidationError("password_too_simple", field="password")
    if username and password.casefold() == username.casefold():
        raise ValidationError("password_is_username", field="password")


def _log_by_actor(uow, kind: str, user: User | None = None, **data) -> None:
    log_security(uow.session, kind, user_id=user.id if user else uow.actor.user_id,
                 username=user.username if user else uow.actor.username, workstation=uow.actor.workstation,
                 by=uow.actor.username, **data)


def record_denial(db, actor: Actor, exc: PermissionDenied) -> None:
    """Write a refused action to the security log in its own short transaction (called by the
    UnitOfWork after it rolled the refused work back)."""
    try:
        with db.write_sessions() as session:
            log_security(session, "permission_denied", user_id=actor.user_id, username=actor.username,
                         workstation=actor.workstation, action=exc.params.get("action"), reason=exc.code)
            session.commit()
        log.info("permission denied: user id %s, action %s", actor.user_id, exc.params.get("action"))
    except Exception:  # the refusal itself must reach the user even if the log cannot be written
        log.warning("could not record a permission denial for user id %s", actor.user_id, exc_info=True)


def session_actor(db, workstation: str | None = None) -> Actor:
    """PostgreSQL with users' own logins: the account whose login role this connection is (the server checked
    its password with SCRAM)."""
    with db.session(write=False) as session:
        user = session.scalars(select(User).where(User.username == db.login_name, User.active.is_(True))).first()
        if user is None:
            raise PermissionDenied("actor_unknown", action="*", user=db.login_name)
        return actor_for(user, workstation)


def actor_for(user: User, workstation: str | None = None) -> Actor:
    kwargs = {"workstation": workstation} if workstation else {}
    return Actor(user.id, user.username, frozenset(roles_of(user.roles)), user.person_id,
                 user.agency_id, user.person.full_name if user.person else user.username,
                 must_change_password=bool(user.must_change_password), **kwargs)


def _roles(roles) -> list[str]:
    try:
        out = sorted({Role(r).value for r in roles})
    except ValueError:
        raise ValidationError("unknown_role", field="roles", role=", ".join(map(str, roles))) from None
    if not out:
        raise ValidationError("roles_required", field="roles")
    if Role.ADMIN.value in out and len(out) > 1:  # the administrator has no custody rights (DESIGN §6, HANDS-ON 58)
        raise ValidationError("admin_role_alone", field="roles")
    return out


def create_user(uow, username: str, password: str, roles, *, person_id=None, agency_id=None, full_name: str = "",
                must_change_password: bool = True, check_permission: bool = True) -> int:
    """A new account; by default its holder must change the password at the first login."""
    if check_permission:
        require(uow.actor, "manage_users")
    username = nfc(username).lower()
    if not username or len(username) > 60 or not username.replace(".", "").replace("_", "").isalnum():
        raise ValidationError("username_invalid", field="username")
    if uow.session.scalars(select(User).where(User.username == username)).first():
        raise ValidationError("username_exists", field="username", username=username)
    roles = _roles(roles)
    check_password_policy(password, username)
    if person_id is None and nfc(full_name):
        person = Person(full_name=nfc(full_name), agency_id=agency_id, is_officer=True)
        uow.session.add(person)
        uow.session.flush()
        person_id = person.id
    if getattr(uow.db, "user_login", False):  # the account and its login role, through the logged function
        from ..db.pg_security import groups_for, scram_verifier
        return _server_call(uow, "SELECT kvc_create_user(:n, :r, :p, :a, :h, :v, :g)", {
            "n": username, "r": stored_roles(roles), "p": person_id, "a": agency_id, "h": hash_password(password),
            "v": scram_verifier(uow.session, username, password), "g": groups_for(roles)}, username=username)
    user = User(username=username, password_hash=hash_password(password), roles=stored_roles(roles),
                person_id=person_id, agency_id=agency_id, must_change_password=must_change_password,
                created_at=persistence.utcnow())
    uow.session.add(user)
    uow.session.flush()
    _log_by_actor(uow, "user_created", user, roles=roles)
    return user.id


def authenticate(uow, username: str, password: str, workstation: str | None = None) -> Actor:
    """Check a password. Five failures lock the account for 15 minutes. Always commits the log.
    The returned actor carries ``must_change_password``; services refuse it until it is changed.

    Issue #14: the password is hashed outside any writing transaction (reading the account in a short
    read transaction first), so a login never holds the write lock for the ~0.1 s Argon2 takes; an
    unknown or inactive account is checked against a dummy hash, so it takes as long as a known one; and
    a name that is no account (perhaps a password typed into the name field) is never stored."""
    username = nfc(username or "").lower()[:60]
    ws = workstation or uow.actor.workstation
    if getattr(uow.db, "user_login", False):
        return _authenticate_login(uow, username, password, ws)
    with uow.db.session(write=False) as reader:
        found = reader.execute(select(User.id, User.password_hash).where(User.username == username)).first()
    user_id, stored = (found[0], found[1]) if found else (None, None)
    good = _verify(stored or _dummy_hash(), password)  # slow, and the same for every name
    s = uow.session  # now the short writing transaction
    user = s.get(User, user_id) if user_id is not None else None
    now = persistence.utcnow()
    if user is None or not user.active:
        log_security(s, "login_failed", user_id=user.id if user else None,
                     username=user.username if user else "", workstation=ws,
                     reason="unknown_user" if user is None else "inactive")
        uow.commit()
        _phantom_failure(username, now)  # the same answers as for an account (HANDS-ON 4)
    if good and user.password_hash != stored:  # changed meanwhile: check the new one
        good = _verify(user.password_hash, password)
    if user.locked_until and user.locked_until > now:
        log_security(s, "login_refused_locked", user_id=user.id, username=username, workstation=ws)
        uow.commit()
        raise DomainError("account_locked", minutes=int((user.locked_until - now).total_seconds() // 60) + 1)
    if not good:
        user.failed_attempts = (user.failed_attempts or 0) + 1
        log_security(s, "login_failed", user_id=user.id, username=username, workstation=ws,
                     attempts=user.failed_attempts)
        if user.failed_attempts >= MAX_FAILURES:
            user.locked_until = now + LOCKOUT
            user.failed_attempts = 0
            log_security(s, "account_locked", user_id=user.id, username=username, workstation=ws,
                         minutes=int(LOCKOUT.total_seconds() // 60))
        uow.commit()
        raise _failed(MAX_FAILURES - user.failed_attempts if user.failed_attempts else 0)
    if _hasher.check_needs_rehash(user.password_hash):
        uow.commit()  # release the write lock while hashing again
        new_hash = hash_password(password)
        user = s.get(User, user_id)
        user.password_hash = new_hash
    user.failed_attempts, user.locked_until, user.last_login_at = 0, None, now
    log_security(s, "login", user_id=user.id, username=username, workstation=ws,
                 must_change_password=bool(user.must_change_password))
    uow.commit()
    return actor_for(user, ws)


def _authenticate_login(uow, username: str, password: str, ws: str) -> Actor:
    """PostgreSQL with users' own logins (db.pg_security): the connection is the account; the typed name must be
    it, and the server checks the typed password (SCRAM) by opening a connection with it. The account table
    is not written (the server's own authentication applies; its failures are in the server's log)."""
    if username != uow.db.login_name:
        log_security(uow.session, "login_failed", workstation=ws, reason="not_this_login")
        uow.commit()
        raise DomainError("login_failed")
    from ..db.pg_security import check_password_with_server
    if not check_password_with_server(uow.db.url, username, password):
        user = uow.session.scalars(select(User).where(User.username == username)).first()
        log_security(uow.session, "login_failed", user_id=user.id if user else None, username=username,
                     workstation=ws)
        uow.commit()
        raise DomainError("login_failed") from None
    return _admit_login(uow, username, ws)


def _admit_login(uow, username: str, ws: str) -> Actor:
    """The server accepted the login's password: the account must still be active and not locked."""
    user = uow.session.scalars(select(User).where(User.username == username)).first()
    if user is None:
        log_security(uow.session, "login_failed", username=username, workstation=ws, reason="no_account")
        uow.commit()
        raise DomainError("login_not_an_account", user=username)
    if not user.active:
        log_security(uow.session, "login_failed", user_id=user.id, username=username, workstation=ws,
                     reason="inactive")
        uow.commit()
        raise DomainError("account_deactivated", user=username)
    now = persistence.utcnow()
    if user.locked_until and user.locked_until > now:
        log_security(uow.session, "login_refused_locked", user_id=user.id, username=username, workstation=ws)
        uow.commit()
        raise DomainError("account_locked", minutes=int((user.locked_until - now).total_seconds() // 60) + 1)
    log_security(uow.session, "login", user_id=user.id, username=username, workstation=ws, via="postgresql",
                 must_change_password=bool(user.must_change_password))
    uow.commit()
    return actor_for(user, ws)


_DUMMY: list[str] = []
WARN_FROM = 2  # tries left from which a failure says how many remain before the lockout


def _failed(left: int) -> DomainError:
    """A wrong name or password; with the tries left before the lockout when few remain (HANDS-ON 4)."""
    if 0 < left <= WARN_FROM:
        return DomainError("login_failed_left", left=left, minutes=int(LOCKOUT.total_seconds() // 60))
    return DomainError("login_failed")


# Names that are no (active) account get the very answers an account would — tries left, then "locked for N
# minutes" — so the login screen does not tell which names exist. Counted in this process only, under a keyed
# hash (the name may be a password typed in the wrong field: it is never kept, nor logged).
_PHANTOM_KEY = secrets.token_bytes(32)
_PHANTOMS: dict[bytes, list] = {}


def _phantom_failure(username: str, now: datetime) -> None:
    import hashlib
    import hmac
    key = hmac.new(_PHANTOM_KEY, username.encode("utf-8"), hashlib.sha256).digest()
    if len(_PHANTOMS) > 10_000:
        _PHANTOMS.clear()
    entry = _PHANTOMS.setdefault(key, [0, None])  # failed attempts, locked until
    if entry[1] and entry[1] > now:
        raise DomainError("account_locked", minutes=int((entry[1] - now).total_seconds() // 60) + 1)
    entry[0] += 1
    if entry[0] >= MAX_FAILURES:
        entry[:] = [0, now + LOCKOUT]
    raise _failed(MAX_FAILURES - entry[0] if entry[0] else 0)


def _dummy_hash() -> str:
    """A hash of nothing anyone types, with the hasher's parameters, to verify unknown names against."""
    if not _DUMMY:
        _DUMMY.append(_hasher.hash(secrets.token_urlsafe(24)))
    return _DUMMY[0]


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _user(uow, user_id: int) -> User:
    user = uow.session.get(User, user_id)
    if user is None:
        raise NotFound("user_not_found", id=user_id)
    return user


def change_password(uow, user_id: int, old_password: str, new_password: str) -> Actor:
    """A user changes their own password; returns the refreshed actor (no longer forced to change)."""
    if uow.actor.user_id is not None and uow.actor.user_id != user_id:
        raise PermissionDenied("permission_denied", action="change_password", user=uow.actor.username)
    user = _user(uow, user_id)
    if getattr(uow.db, "user_login", False):
        return _change_password_on_server(uow, user, old_password, new_password)
    if not _verify(user.password_hash, old_password):
        raise ValidationError("old_password_wrong", field="old_password")
    check_password_policy(new_password, user.username)
    if new_password == old_password:
        raise ValidationError("password_unchanged", field="password")
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    _log_by_actor(uow, "password_changed", user)
    uow.commit()
    return actor_for(user, uow.actor.workstation)


def _server_call(uow, sql: str, params: dict, *, username: str = ""):
    """Call one of the account functions of db.pg_security; its refusals become the user's sentence."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError
    try:
        return uow.session.execute(text(sql), params).scalar()
    except DBAPIError as exc:
        reason = str(exc.orig).splitlines()[0] if exc.orig is not None else ""
        if "only an administrator" in reason:
            raise PermissionDenied("permission_denied", action="manage_users", user=uow.actor.username) from None
        if "exists already" in reason:
            raise ValidationError("username_exists", field="username", username=username) from None
        if "not an ordinary user login" in reason or "not a valid user name" in reason:
            raise ValidationError("login_role_protected", field="username", username=username) from None
        raise


def _set_password_on_server(uow, user: User, new_password: str) -> None:
    """PostgreSQL with users' own logins: the login role's SCRAM verifier (and the account's Argon2 hash, for
    copies to SQLite) through kvc_set_password, which checks the caller and logs the change."""
    from ..db.pg_security import groups_for, scram_verifier
    _server_call(uow, "SELECT kvc_set_password(:u, :h, :v, :g)",
                 {"u": user.id, "h": hash_password(new_password),
                  "v": scram_verifier(uow.session, user.username, new_password),
                  "g": groups_for(roles_of(user.roles))}, username=user.username)
    uow.session.expire(user)


def _change_password_on_server(uow, user: User, old_password: str, new_password: str) -> Actor:
    from ..db.pg_security import check_password_with_server
    if user.username != uow.db.login_name or not check_password_with_server(uow.db.url, user.username, old_password):
        raise ValidationError("old_password_wrong", field="old_password")
    check_password_policy(new_password, user.username)
    if new_password == old_password:
        raise ValidationError("password_unchanged", field="password")
    _set_password_on_server(uow, user, new_password)
    uow.commit()
    return actor_for(uow.session.get(User, user.id), uow.actor.workstation)


def record_logout(uow) -> None:
    """Đăng xuất, in the security log (HANDS-ON 63)."""
    if uow.actor.user_id is None:
        return
    log_security(uow.session, "logout", user_id=uow.actor.user_id, username=uow.actor.username,
                 workstation=uow.actor.workstation)
    uow.commit()


def must_change_password(uow, user_id: int) -> bool:
    user = uow.session.get(User, user_id)
    return bool(user and user.must_change_password)
