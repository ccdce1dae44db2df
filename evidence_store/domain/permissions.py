"""The one permission matrix (DESIGN §1, §6). Services call ``require``; the UI may call
``allowed`` only to hide what would be refused anyway.

Seats of the four sectors (coordination regulation on receiving and handling evidence): the warehouse
(thủ kho, its commander, the administrator, the supervising procurator who reads everything) works
warehouse-wide; the users of the case-handling agencies (CQĐT, VKS, TA, THADS) are scoped to the cases
their agency handles now or handled before (``evidence_store.services.scope``): officers to the cases they
are or were responsible for, their agency's leader and clerks to the agency's cases."""

from __future__ import annotations

from enum import StrEnum

from ..i18n import N_
from .agencies import Sector
from .errors import PermissionDenied


class Role(StrEnum):
    CLERK = "clerk"  # Thủ kho (kho vật chứng)
    OFFICER = "officer"  # Điều tra viên / cán bộ điều tra (CQĐT)
    COMMANDER = "commander"  # Lãnh đạo, chỉ huy kho
    SUPERVISOR = "supervisor"  # Kiểm sát viên giám sát (read only)
    ADMIN = "admin"  # Quản trị: no custody rights
    PROCURATOR = "procurator"  # Kiểm sát viên (VKS) thụ lý
    JUDGE = "judge"  # Thẩm phán (TA)
    COURT_CLERK = "court_clerk"  # Thư ký Tòa án
    ENFORCER = "enforcer"  # Chấp hành viên (THADS)
    ENFORCEMENT_CLERK = "enforcement_clerk"  # Thủ kho THADS
    LEADER = "leader"  # Lãnh đạo cơ quan (Thủ trưởng CQĐT, Viện trưởng, Chánh án, Thủ trưởng THADS)


ROLE_LABELS = {
    Role.CLERK: N_("Thủ kho"),
    Role.OFFICER: N_("Cán bộ thụ lý"),
    Role.COMMANDER: N_("Lãnh đạo"),
    Role.SUPERVISOR: N_("Kiểm sát viên (chỉ xem)"),
    Role.ADMIN: N_("Quản trị hệ thống"),
    Role.PROCURATOR: N_("Kiểm sát viên thụ lý"),
    Role.JUDGE: N_("Thẩm phán"),
    Role.COURT_CLERK: N_("Thư ký Tòa án"),
    Role.ENFORCER: N_("Chấp hành viên"),
    Role.ENFORCEMENT_CLERK: N_("Thủ kho Thi hành án dân sự"),
    Role.LEADER: N_("Lãnh đạo cơ quan"),
}

# Officers see the cases they are or were responsible for; these see their agency's cases.
OWN_CASE_ROLES = frozenset({Role.OFFICER, Role.PROCURATOR, Role.JUDGE, Role.ENFORCER})
AGENCY_CASE_ROLES = frozenset({Role.COURT_CLERK, Role.ENFORCEMENT_CLERK, Role.LEADER})
SCOPED_ROLES = OWN_CASE_ROLES | AGENCY_CASE_ROLES

# The sector a role's agency must belong to (None: any case-holding sector).
ROLE_SECTORS: dict[Role, Sector | None] = {
    Role.OFFICER: Sector.POLICE, Role.PROCURATOR: Sector.PROCURACY, Role.JUDGE: Sector.COURT,
    Role.COURT_CLERK: Sector.COURT, Role.ENFORCER: Sector.ENFORCEMENT, Role.ENFORCEMENT_CLERK: Sector.ENFORCEMENT,
    Role.LEADER: None,
}

C, O, L, S, A = Role.CLERK, Role.OFFICER, Role.COMMANDER, Role.SUPERVISOR, Role.ADMIN
P, J, T, E, K, H = (Role.PROCURATOR, Role.JUDGE, Role.COURT_CLERK, Role.ENFORCER, Role.ENFORCEMENT_CLERK,
                    Role.LEADER)
AGENCY_SEATS = {O, P, J, T, E, K, H}

MATRIX: dict[str, frozenset[Role]] = {k: frozenset(v) for k, v in {
    # custody: never the administrator (DESIGN §6)
    "receive_items": {C},
    "move_items": {C},
    "seal_items": {C, O, P, J, E},
    "release_items": {C},
    # ND 142/2024 Điều 4: an item leaves only with the warehouse manager's consent as well as the order — the
    # commander (chỉ huy / lãnh đạo kho) approves the clerk's release (services.release, a setting)
    "approve_release": {L},
    "return_items": {C},
    "transfer_responsibility": {C, L} | AGENCY_SEATS,
    "accept_handover": AGENCY_SEATS,  # the receiving side accepts or refuses (two-sided acts)
    "request_items": {O, P, J, T, E, H},  # an agency asks for items (giám định, định giá, xét xử, THA)
    "prepare_request": {C},  # the warehouse picks and releases what was asked
    "deposit_items": {C},
    "entrust_items": {C},
    "record_disposal": {C, O, L, E, H},
    "approve_disposal": {L, H},
    "record_incident": {C, L},
    "record_correction": {C, L},
    "check_entrusted": {C, O, E},
    "print_labels": {C},
    "print_location_labels": {C, A},  # shelf labels are not custody: the administrator sets up locations
    # kiểm kê (audits): the clerks plan and count, discrepancies are resolved through the custody actions'
    # own permissions; a written explanation and the signed record are the commander's
    "plan_audit": {C, L},
    "count_audit": {C, L},
    "resolve_audit": {C, L},
    "explain_audit": {L},
    "close_audit": {L},
    "sign_handover": {C, L} | AGENCY_SEATS,
    "attach_file": {C, L} | AGENCY_SEATS,
    "assign_officer": {L, H},  # the responsible officer of a case changes with its stage (with history)
    # case work
    "manage_cases": {C, L} | AGENCY_SEATS,
    # case milestones on their documents (services/milestones.py); entered or confirmed by the issuing agency's
    # users where it has a seat (issue 13)
    "record_milestone": {C, O, L, P, J, T, E, H},
    "manage_documents": {C, L} | AGENCY_SEATS,
    # reading
    "read_all": {C, L, S, A},
    "read_own_cases": AGENCY_SEATS,
    "read_tasks": {C, L, S} | AGENCY_SEATS,
    "verify_ledger": {C, L, S, A} | AGENCY_SEATS,
    # statistics; each seat's figures cover the cases in its scope (services.reports.scope_for, issue 16)
    "view_reports": {C, L, S, A} | AGENCY_SEATS,
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


def roles_of(text: str | None) -> tuple[str, ...]:
    """The roles of a seat as stored in ``users.roles`` (comma-separated), in their order, without blanks."""
    return tuple(dict.fromkeys(r.strip() for r in (text or "").split(",") if r.strip()))


def stored_roles(roles) -> str:
    """``users.roles`` as written: the roles comma-separated (the inverse of ``roles_of``)."""
    return ",".join(roles_of(",".join(map(str, roles))))


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


def role_sector_ok(role: str, sector_of_agency: Sector | None) -> bool:
    """A seat of a case-handling agency needs an agency of that sector (a judge sits in a court)."""
    r = Role(role)
    if r not in ROLE_SECTORS:
        return True
    need = ROLE_SECTORS[r]
    return sector_of_agency is not None if need is None else sector_of_agency is need
