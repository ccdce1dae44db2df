"""Pure rules of the lifecycle workflows beyond the state table: release purposes, who keeps a
deposited category, which agency decides a disposal at each stage, and which enforcement
deadlines a disposal opens (LEGAL.md B.2, B.3, E)."""

from __future__ import annotations

from datetime import date

from ..i18n import N_
from .categories import Category, Keeper
from .deadlines import DeadlineKind
from .errors import TransitionRefused, ValidationError
from .states import Doc, State

# Lệnh xuất kho purposes (ND 142/2024 Art 14; LEGAL.md C.1 #2)
RELEASE_PURPOSES = {
    "examination": N_("giám định"),
    "valuation": N_("định giá"),
    "trial": N_("xét xử"),
    "enforcement": N_("thi hành án"),
    "reconstruction": N_("thực nghiệm điều tra"),
    "other": N_("mục đích khác"),
}

SEAL_STATES = {
    "intact": N_("nguyên vẹn"),
    "broken": N_("bị rách / hỏng"),
    "resealed": N_("đã niêm phong lại"),
    "unsealed": N_("không còn niêm phong"),
    "none": N_("không niêm phong"),
    "register": N_("ghi theo sổ kho, vật chứng không rời vị trí"),  # nobody looked (printing.blocks.SEAL_STATES)
}

INCIDENT_KINDS = {"lost": N_("mất"), "damaged": N_("hư hỏng")}

CHECK_RESULTS = {"intact": N_("còn nguyên trạng"), "issue": N_("có thay đổi, cần xử lý")}

CUSTODIAN_KINDS = {
    "owner": N_("chủ sở hữu"),
    "custodian": N_("người quản lý hợp pháp"),
    "relative": N_("người thân thích"),
    "commune": N_("chính quyền địa phương"),
    "agency": N_("cơ quan, tổ chức"),
    "rented_storage": N_("kho thuê"),
}

# Specialised keepers (ND 142/2024 Art 15; BLTTHS Điều 90.1.b; ND 70/2013): agency kinds that may keep each.
KEEPER_AGENCY_KINDS = {
    Keeper.TREASURY: frozenset({"treasury"}),
    Keeper.MILITARY: frozenset({"military"}),
    Keeper.SPECIALISED: frozenset({"specialised", "military"}),  # cơ sở chuyên ngành (LEGAL-RULES R27)
}

# Stages of a case and the agency kind that handles each (DESIGN §2 "Responsibility").
STAGE_BY_AGENCY_KIND = {"police": "investigation", "procuracy": "prosecution", "court": "trial",
                        "enforcement": "enforcement"}

# Who decides the disposal at each stage (BLTTHS Điều 106.1; Luật THADS Điều 36.2).
DISPOSAL_AUTHORITY = {
    "investigation": (frozenset({"police"}), frozenset({Doc.DISPOSAL_DECISION, Doc.SALE_DECISION})),
    "prosecution": (frozenset({"procuracy"}), frozenset({Doc.DISPOSAL_DECISION, Doc.SALE_DECISION})),
    "trial": (frozenset({"court"}), frozenset({Doc.JUDGMENT, Doc.DISPOSAL_DECISION, Doc.SALE_DECISION})),
    "enforcement": (frozenset({"enforcement"}), frozenset({Doc.ENFORCEMENT_DECISION, Doc.RETURN_DECISION,
                                                          Doc.COUNCIL_DECISION, Doc.SALE_DECISION})),
}

# Categories kept in the warehouse whatever their size: banned items and what must be deposited.
NOT_ENTRUSTABLE = frozenset({"drugs", "military_weapon", "poison", "cash_vnd", "foreign_cash", "gold"})

CORRECTABLE_FIELDS = ("name", "quantity", "unit", "characteristics", "condition", "seal_number", "owner_name",
                      "owner_id_number", "attributes")
CORRECTABLE_LABELS = {
    "name": N_("Tên vật chứng"), "quantity": N_("Số lượng"), "unit": N_("Đơn vị tính"),
    "characteristics": N_("Đặc điểm"), "condition": N_("Tình trạng"), "seal_number": N_("Số niêm phong"),
    "owner_name": N_("Chủ sở hữu"), "owner_id_number": N_("Số CCCD chủ sở hữu"),
}


def check_release_purpose(purpose: str) -> None:
    if purpose not in RELEASE_PURPOSES:
        raise ValidationError("unknown_release_purpose", field="purpose", purpose=purpose)


def check_due_date(due: date | None, today: date) -> None:
    """A temporary release has a due date that is not in the past (ND 142/2024 Art 14)."""
    if due is None:
        raise ValidationError("due_date_required", field="due_on")
    if due < today:
        raise ValidationError("due_date_past", field="due_on")


def check_keeper(cat: Category, agency_kind: str) -> Keeper:
    """Cash/gold → Kho bạc, military weapons → Bộ CHQS, poisons → specialised facility (ND 142/2024 Art 15)."""
    if cat.deposit_to is None:
        raise TransitionRefused("not_depositable", category=cat.code)
    if agency_kind not in KEEPER_AGENCY_KINDS[cat.deposit_to]:
        raise TransitionRefused("wrong_keeper", category=cat.code, keeper=cat.deposit_to.value, kind=agency_kind)
    return cat.deposit_to


def check_treasury_package(keeper: Keeper, cases: dict[str, object], seal_states: dict[str, str],
                           money: bool, account: str) -> None:
    """What the Kho bạc accepts (LEGAL-RULES R24, R25): sealed packages of one case each (TT 135/2018/TT-BTC Mẫu 02),
    money into the holding account whose number is given (ND 142/2024 Art 15). ``cases``: item code → case;
    ``seal_states``: item code → seal state as handed over."""
    if keeper is not Keeper.TREASURY:
        return
    if len(set(cases.values())) > 1:
        raise TransitionRefused("treasury_one_case", codes=", ".join(sorted(cases)), n=len(set(cases.values())))
    unsealed = sorted(code for code, state in seal_states.items() if state != "intact")
    if unsealed:
        raise TransitionRefused("treasury_unsealed", codes=", ".join(unsealed))
    if money and not account.strip():
        raise ValidationError("treasury_account_required", field="account")


def check_entrustable(cat: Category) -> None:
    """Bulky items and vehicles may be entrusted (ND 142/2024 Art 15); banned and deposit items may not."""
    if cat.code in NOT_ENTRUSTABLE:
        raise TransitionRefused("not_entrustable", category=cat.code)


def stage_for(agency_kind: str) -> str | None:
    return STAGE_BY_AGENCY_KIND.get(agency_kind)


def check_disposal_authority(stage: str, doc_kind: str, agency_kind: str | None) -> None:
    """The decision must come from the agency competent at the case's stage (BLTTHS Điều 106.1)."""
    kinds, docs = DISPOSAL_AUTHORITY.get(stage, (frozenset(), frozenset()))
    if Doc(doc_kind) not in docs:
        raise TransitionRefused("wrong_basis", move="dispose", basis=doc_kind)
    if agency_kind not in kinds:
        raise TransitionRefused("wrong_authority", stage=stage, agency=agency_kind or "-")


# What each outcome must record (BLTTHS Điều 106; Luật THADS Điều 124–126; ND 62/2015 Điều 33).
OUTCOME_REQUIREMENTS = {
    State.RETURNED: ("recipient",),
    State.CONFISCATED: ("receiving_agency",),
    State.DESTROYED: ("council_decision", "council_members", "supervisor", "method"),
    State.SOLD: ("proceeds", "holding_account"),
    State.HANDED_TO_SPECIALIST: ("receiving_agency",),
}


def missing_requirements(outcome: State, provided: dict) -> list[str]:
    return [k for k in OUTCOME_REQUIREMENTS[outcome] if not provided.get(k)]


def disposal_deadlines(outcome: State, *, decision_on: date, council_on: date | None = None,
                       return_decision_on: date | None = None, notice_on: date | None = None,
                       is_money: bool = False, enforcement: bool = False, judgment_received_on: date | None = None,
                       judgment_effective_on: date | None = None,
                       is_papers: bool = False) -> list[tuple[DeadlineKind, date]]:
    """(kind, start date) of the enforcement deadlines a disposal opens, each from the event the law names
    (LEGAL-RULES §2): the return decision 5 days from the day THADS received the judgment; unclaimed money 15 days
    and property 3 months from the notice; 5 years from the judgment's legal effect; papers 1 year from the notice."""
    if not enforcement:
        return []
    if outcome is State.CONFISCATED:
        return [(DeadlineKind.CONFISCATION_HANDOVER, decision_on)]  # Luật THADS Điều 124: 10 days
    if outcome is State.DESTROYED:  # ND 62/2015 Điều 33: council in 1 month, destruction within 10 days
        if council_on:
            return [(DeadlineKind.DESTRUCTION, council_on)]
        return [(DeadlineKind.DESTRUCTION_COUNCIL, decision_on)]
    if outcome is State.RETURNED:  # Luật THADS Điều 126
        if return_decision_on is None:
            return [(DeadlineKind.RETURN_DECISION, judgment_received_on or decision_on)]
        unclaimed = DeadlineKind.UNCLAIMED_MONEY if is_money else DeadlineKind.UNCLAIMED_PROPERTY
        out = [(unclaimed, notice_on)] if notice_on else [(DeadlineKind.RETURN_NOTICE, return_decision_on)]
        if notice_on and is_papers:
            out.append((DeadlineKind.PAPERS_RETURN, notice_on))
        if judgment_effective_on:
            out.append((DeadlineKind.UNCLAIMED_CONFISCATION, judgment_effective_on))
        return out
    return []
