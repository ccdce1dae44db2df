"""Users, passwords (Argon2id), lockout and the security log (DESIGN §6)."""

from __future__ import annotations

import json
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError, VerifyMismatchError, InvalidHashError
from sqlalchemy import select

from ..domain.errors import DomainError, ValidationError
from ..domain.permissions import Role, require
from ..domain.text import nfc
from ..db.models import SecurityEvent, User
from . import common as X
from .context import Actor

_hasher = PasswordHasher()  # argon2-cffi defaults: Argon2id, RFC 9106 low-memory profile
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_policy(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError("password_too_short", field="password", min=MIN_PASSWORD)
    if password.isdigit() or password.isalpha():
        raise ValidationError("password_too_simple", field="password")


def log_security(session, kind: str, *, user_id=None, username="", workstation="", **data) -> None:
    session.add(SecurityEvent(at=X.utcnow(), kind=kind, user_id=user_id, username=username[:60],
                              workstation=workstation, data=json.dumps(data, ensure_ascii=False, default=str)))


def actor_for(user: User, workstation: str | None = None) -> Actor:
    kwargs = {"workstation": workstation} if workstation else {}
    return Actor(user.id, user.username, frozenset(r for r in user.roles.split(",") if r), user.person_id,
                 user.agency_id, user.person.full_name if user.person else user.username, **kwargs)


def create_user(uow, username: str, password: str, roles, *, person_id=None, agency_id=None,
                must_change_password: bool = True, check_permission: bool = True) -> int:
    if check_permission:
        require(uow.actor, "manage_users")
    username = nfc(username).lower()
    if not username or len(username) > 60 or not username.replace(".", "").replace("_", "").isalnum():
        raise ValidationError("username_invalid", field="username")
    if uow.session.scalars(select(User).where(User.username == username)).first():
        raise ValidationError("username_exists", field="username", username=username)
    roles = sorted({Role(r).value for r in roles})
    if not roles:
        raise ValidationError("roles_required", field="roles")
    check_password_policy(password)
    user = User(username=username, password_hash=hash_password(password), roles=",".join(roles),
                person_id=person_id, agency_id=agency_id, must_change_password=must_change_password,
                created_at=X.utcnow())
    uow.session.add(user)
    uow.session.flush()
    log_security(uow.session, "user_created", user_id=user.id, username=username, workstation=uow.actor.workstation,
                 by=uow.actor.username, roles=roles)
    return user.id


def authenticate(uow, username: str, password: str, workstation: str | None = None) -> Actor:
    """Check a password. Five failures lock the account for 15 minutes. Always commits the log."""
    s = uow.session
    username = nfc(username).lower()
    user = s.scalars(select(User).where(User.username == username)).first()
    now = X.utcnow()
    ws = workstation or uow.actor.workstation
    if user is None or not user.active:
        log_security(s, "login_failed", username=username, workstation=ws, reason="unknown_user")
        uow.commit()
        raise DomainError("login_failed")
    if user.locked_until and user.locked_until > now:
        log_security(s, "login_refused_locked", user_id=user.id, username=username, workstation=ws)
        uow.commit()
        raise DomainError("account_locked", minutes=int((user.locked_until - now).total_seconds() // 60) + 1)
    try:
        _hasher.verify(user.password_hash, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        user.failed_attempts = (user.failed_attempts or 0) + 1
        log_security(s, "login_failed", user_id=user.id, username=username, workstation=ws,
                     attempts=user.failed_attempts)
        if user.failed_attempts >= MAX_FAILURES:
            user.locked_until = now + LOCKOUT
            user.failed_attempts = 0
            log_security(s, "account_locked", user_id=user.id, username=username, workstation=ws)
        uow.commit()
        raise DomainError("login_failed") from None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_attempts, user.locked_until, user.last_login_at = 0, None, now
    log_security(s, "login", user_id=user.id, username=username, workstation=ws)
    uow.commit()
    return actor_for(user, ws)


def change_password(uow, user_id: int, old_password: str, new_password: str) -> None:
    user = uow.session.get(User, user_id)
    try:
        _hasher.verify(user.password_hash, old_password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        raise ValidationError("old_password_wrong", field="old_password") from None
    check_password_policy(new_password)
    if new_password == old_password:
        raise ValidationError("password_unchanged", field="password")
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    log_security(uow.session, "password_changed", user_id=user.id, username=user.username,
                 workstation=uow.actor.workstation)
    uow.commit()


def must_change_password(uow, user_id: int) -> bool:
    user = uow.session.get(User, user_id)
    return bool(user and user.must_change_password)
