"""The one permission matrix (DESIGN §1, §6). Services call ``require``; the UI may call
``allowed`` only to hide what would be refused anyway."""

from __future__ import annotations

from enum import StrEnum

from ..i18n import N_
from .errors import PermissionDenied


class Role(StrEnum):
    CLERK = "clerk"  # Thủ kho
    OFFICER = "officer"  # Cán bộ thụ lý
    COMMANDER = "commander"  # Lãnh đạo
    SUPERVISOR = "supervisor"  # Kiểm sát viên (read only)
    ADMIN = "admin"  # Quản trị: no custody rights


ROLE_LABELS = {
    Role.CLERK: N_("Thủ kho"),
    Role.OFFICER: N_("Cán bộ thụ lý"),
    Role.COMMANDER: N_("Lãnh đạo"),
    Role.SUPERVISOR: N_("Kiểm sát viên (chỉ xem)"),
    Role.ADMIN: N_("Quản trị hệ thống"),
}

C, O, L, S, A = Role.CLERK, Role.OFFICER, Role.COMMANDER, Role.SUPERVISOR, Role.ADMIN

MATRIX: dict[str, frozenset[Role]] = {k: frozenset(v) for k, v in {
    # custody: never the administrator (DESIGN §6)
    "receive_items": {C},
    "move_items": {C},
    "seal_items": {C, O},
    "release_items": {C},
    "return_items": {C},
    "transfer_responsibility": {C, O, L},
    "deposit_items": {C},
    "entrust_items": {C},
    "record_disposal": {C, O, L},
    "approve_disposal": {L},
    "record_incident": {C, L},
    "record_correction": {C, L},
    "check_entrusted": {C, O},
    "print_labels": {C},
    "print_location_labels": {C, A},  # shelf labels are not custody: the administrator sets up locations
    # kiểm kê (audits): the clerks plan and count, discrepancies are resolved through the custody actions'
    # own permissions; a written explanation and the signed record are the commander's
    "plan_audit": {C, L},
    "count_audit": {C, L},
    "resolve_audit": {C, L},
    "explain_audit": {L},
    "close_audit": {L},
    "sign_handover": {C, O, L},
    "attach_file": {C, O, L},
    # case work
    "manage_cases": {C, O, L},
    "record_milestone": {C, O, L},  # case milestones on their documents (services/milestones.py)
    "manage_documents": {C, O, L},
    # reading
    "read_all": {C, L, S, A},
    "read_own_cases": {O},
    "verify_ledger": {C, O, L, S, A},
    "view_reports": {C, O, L, S, A},  # statistics; officers' figures cover their own cases (services.reports)
    # importing old registers: the entity's own action applies too (items: receive_items, locations:
    # manage_locations, cases and persons: manage_cases), so the administrator imports locations only
    "import_registers": {C, A},
    # administration
    "manage_users": {A},
    "manage_agencies": {A},
    "manage_locations": {A},
    "manage_settings": {A},
    "manage_authority": {A},  # the competence table (services/authority.py)
    "read_security_log": {L, S, A},
    "backup": {A, C},
    "restore": {A},
}.items()}

ACTIONS = tuple(MATRIX)


def allowed(roles, action: str) -> bool:
    return any(Role(r) in MATRIX[action] for r in roles)


def require(actor, action: str) -> None:
    if action not in MATRIX:
        raise KeyError(action)
    if getattr(actor, "must_change_password", False):
        raise PermissionDenied("password_change_required", action=action, user=actor.username)
    if not allowed(actor.roles, action):
        raise PermissionDenied("permission_denied", action=action, user=actor.username)


def can_read_everything(roles) -> bool:
    return allowed(roles, "read_all")
