"""Administering the accounts (``manage_users``): the list, roles, deactivation and reactivation, unlocking, a
new password set by an administrator, and the security log. Signing in, passwords and new accounts: ``accounts``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..domain.errors import ValidationError
from ..domain.permissions import Role, require, roles_of, stored_roles
from ..db.models import SecurityEvent, User
from .accounts import (UserView, _log_by_actor, _roles, _server_call, _set_password_on_server, _user,
                       check_password_policy, hash_password)


@dataclass(frozen=True)
class SecurityEntry:
    id: int
    at: datetime
    kind: str  # login, login_failed, account_locked, permission_denied, user_created, roles_changed, ...
    user_id: int | None
    username: str
    workstation: str
    data: dict


def _view(user: User) -> UserView:
    return UserView(user.id, user.username, user.person.full_name if user.person else "",
                    roles_of(user.roles), bool(user.active),
                    bool(user.must_change_password), user.locked_until, user.last_login_at, user.created_at,
                    user.person_id, user.agency_id)


def list_users(uow, *, include_inactive: bool = True) -> list[UserView]:
    require(uow.actor, "manage_users")
    stmt = select(User).order_by(User.username)
    if not include_inactive:
        stmt = stmt.where(User.active.is_(True))
    return [_view(u) for u in uow.session.scalars(stmt)]


def _check_an_admin_remains(uow) -> None:
    uow.session.flush()
    admins = [u for u in uow.session.scalars(select(User).where(User.active.is_(True)))
              if Role.ADMIN.value in roles_of(u.roles)]
    if not admins:
        raise ValidationError("last_admin", field="roles")


def _through_database(uow, action: str, user: User, roles: list[str] | None = None) -> bool:
    """On PostgreSQL with users' own logins, accounts change only through kvc_manage_user, which checks the
    caller is an administrator and logs the change itself (db.pg_security). False elsewhere."""
    if not getattr(uow.db, "user_login", False):
        return False
    from ..db.pg_security import groups_for
    groups = groups_for(roles if roles is not None else roles_of(user.roles))
    _server_call(uow, "SELECT kvc_manage_user(:a, :u, :r, :g)",
                 {"a": action, "u": user.id, "r": ",".join(roles) if roles is not None else None, "g": groups},
                 username=user.username)
    uow.session.expire(user)
    return True


def set_roles(uow, user_id: int, roles) -> UserView:
    require(uow.actor, "manage_users")
    user = _user(uow, user_id)
    before, after = roles_of(user.roles), _roles(roles)
    if user.id == uow.actor.user_id:  # nobody grants himself a role (HANDS-ON 58): another administrator does
        others = [u for u in uow.session.scalars(select(User).where(User.active.is_(True), User.id != user.id))
                  if Role.ADMIN.value in roles_of(u.roles)]
        raise ValidationError("last_admin" if not others and Role.ADMIN.value not in after
                              else "cannot_change_own_roles", field="roles")
    if _through_database(uow, "roles", user, after):
        _check_an_admin_remains(uow)
        uow.commit()
        return _view(user)
    user.roles = stored_roles(after)
    _check_an_admin_remains(uow)
    _log_by_actor(uow, "roles_changed", user, before=before, after=after)
    uow.commit()
    return _view(user)


def deactivate_user(uow, user_id: int) -> UserView:
    """An account that leaves; it is kept (the ledger names it) but can no longer log in."""
    require(uow.actor, "manage_users")
    user = _user(uow, user_id)
    if user.id == uow.actor.user_id:
        raise ValidationError("cannot_deactivate_self", field="user")

    def leave(u: User) -> None:
        u.active = False
    return _change_account(uow, user, "deactivate", leave, "user_deactivated", then=_check_an_admin_remains)


def reactivate_user(uow, user_id: int) -> UserView:
    require(uow.actor, "manage_users")
    user = _user(uow, user_id)

    def come_back(u: User) -> None:
        u.active, u.failed_attempts, u.locked_until = True, 0, None
    return _change_account(uow, user, "reactivate", come_back, "user_reactivated")


def _change_account(uow, user: User, action: str, change, event: str, then=None) -> UserView:
    """One account change: on a server through the login role (which keeps its own record), else on the row,
    logged as ``event``; ``then`` checks what must still hold before the commit."""
    if not _through_database(uow, action, user):
        change(user)
        if then is not None:
            then(uow)
        _log_by_actor(uow, event, user)
    elif then is not None:
        then(uow)
    uow.commit()
    return _view(user)


def unlock_user(uow, user_id: int) -> UserView:
    """An administrator lifts a lockout (too many failed logins) before it runs out."""
    require(uow.actor, "manage_users")
    user = _user(uow, user_id)
    if _through_database(uow, "unlock", user):
        uow.commit()
        return _view(uow.session.get(User, user_id))
    user.failed_attempts, user.locked_until = 0, None
    _log_by_actor(uow, "user_unlocked", user)
    uow.commit()
    return _view(user)


def reset_password(uow, user_id: int, new_password: str) -> UserView:
    """An administrator sets a temporary password: it unlocks the account and must be changed at
    the next login."""
    require(uow.actor, "manage_users")
    user = _user(uow, user_id)
    check_password_policy(new_password, user.username)
    if getattr(uow.db, "user_login", False):
        _set_password_on_server(uow, user, new_password)
        uow.commit()
        return _view(uow.session.get(User, user_id))
    user.password_hash = hash_password(new_password)
    user.must_change_password, user.failed_attempts, user.locked_until = True, 0, None
    _log_by_actor(uow, "password_reset", user)
    uow.commit()
    return _view(user)


def security_log(uow, limit: int = 200, kinds=None) -> list[SecurityEntry]:
    """The newest security events first, optionally only some kinds."""
    require(uow.actor, "read_security_log")
    stmt = select(SecurityEvent).order_by(SecurityEvent.id.desc()).limit(max(1, min(int(limit), 10_000)))
    if kinds:
        stmt = stmt.where(SecurityEvent.kind.in_(list(kinds)))
    return [SecurityEntry(e.id, e.at, e.kind, e.user_id, e.username, e.workstation, json.loads(e.data or "{}"))
            for e in uow.session.scalars(stmt)]


def security_log_head(uow) -> int:
    """The newest security event's number (0 before the first): the log's tab reloads only when it moved."""
    require(uow.actor, "read_security_log")
    return uow.session.scalar(select(func.max(SecurityEvent.id))) or 0
