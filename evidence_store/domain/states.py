"""The evidence lifecycle (DESIGN §2; LEGAL.md B.2): item states, movements, and the basis
document each movement requires."""

from __future__ import annotations

from enum import StrEnum

from ..i18n import N_
from .errors import TransitionRefused


class State(StrEnum):
    AWAITING_INTAKE = "awaiting_intake"
    IN_STORAGE = "in_storage"
    OUT_TEMPORARY = "out_temporary"
    DEPOSITED = "deposited"
    ENTRUSTED = "entrusted"
    TRANSFERRED_OUT = "transferred_out"
    RETURNED = "returned"
    CONFISCATED = "confiscated"
    DESTROYED = "destroyed"
    SOLD = "sold"
    HANDED_TO_SPECIALIST = "handed_to_specialist"
    LOST_OR_DAMAGED = "lost_or_damaged"
    # Luật THADS 2008 (sửa đổi 2014) Điều 126 (Luật 106/2025/QH15 from 01/07/2026): money the owner did not collect
    # within 15 days of the notice of the QĐ trả lại is put by the THADS agency on a non-term savings deposit in his
    # favour. It has left the warehouse but is still the owner's money under the case, tracked until it is paid to him
    # (RETURNED) or, 5 years after the judgment took effect, goes to the state budget (CONFISCATED): its own state, the
    # two outcomes allowed from it (SAVINGS_OUTCOMES), never a plain Kho bạc deposit that must come back first.
    SAVINGS = "savings"


STATE_LABELS = {
    State.AWAITING_INTAKE: N_("Chờ nhập kho"),
    State.IN_STORAGE: N_("Đang lưu kho"),
    State.OUT_TEMPORARY: N_("Tạm xuất"),
    State.DEPOSITED: N_("Gửi chuyên trách"),
    State.ENTRUSTED: N_("Giao bảo quản"),
    State.TRANSFERRED_OUT: N_("Đã chuyển kho khác"),
    State.RETURNED: N_("Đã trả lại"),
    State.CONFISCATED: N_("Đã sung công"),
    State.DESTROYED: N_("Đã tiêu hủy"),
    State.SOLD: N_("Đã bán"),
    State.HANDED_TO_SPECIALIST: N_("Đã giao cơ quan chuyên ngành"),
    State.LOST_OR_DAMAGED: N_("Đã mất"),  # "damaged" is a condition, not a state (LEGAL-RULES §3 (14))
    State.SAVINGS: N_("Gửi tiết kiệm chờ người nhận"),
}

DISPOSAL_OUTCOMES = (State.RETURNED, State.CONFISCATED, State.DESTROYED, State.SOLD, State.HANDED_TO_SPECIALIST)
TERMINAL = frozenset(DISPOSAL_OUTCOMES + (State.TRANSFERRED_OUT,))
HELD_STATES = frozenset({State.IN_STORAGE, State.OUT_TEMPORARY, State.DEPOSITED, State.ENTRUSTED})
# From the savings deposit (Luật THADS Điều 126): paid to the owner when he comes, or to the state budget after 5 years
SAVINGS_OUTCOMES = frozenset({State.RETURNED, State.CONFISCATED})


class Doc(StrEnum):
    """Kinds of legal basis document (lệnh / quyết định / bản án)."""

    INTAKE_ORDER = "intake_order"  # Lệnh nhập kho (ND 142/2024 Art 14)
    RELEASE_ORDER = "release_order"  # Lệnh xuất kho (ND 142/2024 Art 14)
    TRANSFER_DECISION = "transfer_decision"  # Quyết định chuyển giao vật chứng
    DEPOSIT_DECISION = "deposit_decision"  # QĐ gửi / biên bản giao KBNN, BCHQS (ND 142 Art 15)
    ENTRUST_DECISION = "entrust_decision"  # QĐ giao bảo quản (ND 142 Art 15)
    DISPOSAL_DECISION = "disposal_decision"  # QĐ xử lý vật chứng (BLTTHS Điều 106)
    JUDGMENT = "judgment"  # Bản án / quyết định của Tòa án
    ENFORCEMENT_DECISION = "enforcement_decision"  # QĐ thi hành án (Luật THADS Điều 36)
    RETURN_DECISION = "return_decision"  # QĐ trả lại tài sản (Luật THADS Điều 126)
    COUNCIL_DECISION = "council_decision"  # QĐ thành lập Hội đồng tiêu hủy (ND 62/2015 Điều 33)
    SALE_DECISION = "sale_decision"  # Điều 106.3.c BLTTHS
    INCIDENT_REPORT = "incident_report"  # Biên bản sự cố (ND 142/2024 Art 11)
    SEIZURE_RECORD = "seizure_record"  # Biên bản thu giữ ban đầu
    CORRECTION_NOTE = "correction_note"
    LEGACY_REGISTER = "legacy_register"  # the old register (sổ theo dõi) an imported item was recorded in
    OTHER = "other"
    # Case milestones (domain/milestones.py): each one a document with its issuer
    CASE_OPENING = "case_opening"  # QĐ khởi tố vụ án (BLTTHS Điều 153–154)
    SUSPENSION_DECISION = "suspension_decision"  # QĐ tạm đình chỉ (Điều 229, 247, 281)
    RESUMPTION_DECISION = "resumption_decision"  # QĐ phục hồi (Điều 235, 250, 283)
    DISMISSAL_DECISION = "dismissal_decision"  # QĐ đình chỉ (Điều 230, 248, 282)
    INVESTIGATION_CONCLUSION = "investigation_conclusion"  # Bản kết luận điều tra (Điều 232)
    INDICTMENT = "indictment"  # Bản cáo trạng / QĐ truy tố (Điều 243)
    SUPPLEMENTARY_INVESTIGATION = "supplementary_investigation"  # QĐ trả hồ sơ điều tra bổ sung (Điều 245, 280)
    APPEAL_JUDGMENT = "appeal_judgment"  # Bản án / quyết định phúc thẩm (Điều 355)
    EXAMINATION_CONCLUSION = "examination_conclusion"  # Kết luận giám định (Điều 106.3.d)
    AUTHORISATION = "authorisation"  # Giấy ủy quyền nhận lại tài sản (Điều 106.3.a/b)
    # QĐ áp dụng biện pháp xử lý vật chứng, tài sản in the NQ 164/2024/QH15 pilot (domain/pilot.py; its name in
    # TTLT 01/2025 unverified)
    PILOT_DECISION = "pilot_decision"


DOC_LABELS = {
    Doc.INTAKE_ORDER: N_("Lệnh nhập kho"),
    Doc.RELEASE_ORDER: N_("Lệnh xuất kho"),
    Doc.TRANSFER_DECISION: N_("Quyết định chuyển giao vật chứng"),
    Doc.DEPOSIT_DECISION: N_("Quyết định gửi vật chứng"),
    Doc.ENTRUST_DECISION: N_("Quyết định giao bảo quản"),
    Doc.DISPOSAL_DECISION: N_("Quyết định xử lý vật chứng"),
    Doc.JUDGMENT: N_("Bản án / Quyết định của Tòa án"),
    Doc.ENFORCEMENT_DECISION: N_("Quyết định thi hành án"),
    Doc.RETURN_DECISION: N_("Quyết định trả lại tài sản"),
    Doc.COUNCIL_DECISION: N_("Quyết định thành lập Hội đồng tiêu hủy"),
    Doc.SALE_DECISION: N_("Quyết định bán vật chứng"),
    Doc.INCIDENT_REPORT: N_("Biên bản sự cố"),
    Doc.SEIZURE_RECORD: N_("Biên bản thu giữ"),
    Doc.CORRECTION_NOTE: N_("Văn bản đính chính"),
    Doc.LEGACY_REGISTER: N_("Sổ theo dõi cũ (nhập từ sổ cũ)"),
    Doc.OTHER: N_("Văn bản khác"),
    Doc.CASE_OPENING: N_("Quyết định khởi tố vụ án"),
    Doc.SUSPENSION_DECISION: N_("Quyết định tạm đình chỉ vụ án"),
    Doc.RESUMPTION_DECISION: N_("Quyết định phục hồi vụ án"),
    Doc.DISMISSAL_DECISION: N_("Quyết định đình chỉ vụ án"),
    Doc.INVESTIGATION_CONCLUSION: N_("Bản kết luận điều tra"),
    Doc.INDICTMENT: N_("Bản cáo trạng"),
    Doc.SUPPLEMENTARY_INVESTIGATION: N_("Quyết định trả hồ sơ để điều tra bổ sung"),
    Doc.APPEAL_JUDGMENT: N_("Bản án / Quyết định phúc thẩm"),
    Doc.EXAMINATION_CONCLUSION: N_("Kết luận giám định"),
    Doc.AUTHORISATION: N_("Giấy ủy quyền"),
    Doc.PILOT_DECISION: N_("Quyết định áp dụng biện pháp xử lý vật chứng, tài sản (thí điểm NQ 164/2024/QH15)"),
}


class Move(StrEnum):
    """Movements that change an item's state (custody event kinds that move it)."""

    RECEIVE = "receive"
    RELEASE_TEMPORARY = "release_temporary"
    RETURN = "return"
    DEPOSIT = "deposit"
    ENTRUST = "entrust"
    RECALL = "recall"  # deposited / entrusted item brought back into the warehouse
    TRANSFER_OUT = "transfer_out"
    DISPOSE = "dispose"
    INCIDENT = "incident"
    FOUND = "found"
    SAVINGS = "savings_deposit"  # unclaimed money → non-term savings deposit (Luật THADS Điều 126)


# A QĐ chuyển giao vật chứng moves responsibility, it disposes of nothing (BLTTHS Điều 106; the disposal powers in
# domain.authority never accept it), so it is not among the disposal bases.
_DISPOSAL_DOCS = frozenset({Doc.DISPOSAL_DECISION, Doc.JUDGMENT, Doc.ENFORCEMENT_DECISION, Doc.RETURN_DECISION,
                            Doc.COUNCIL_DECISION, Doc.SALE_DECISION,
                            Doc.PILOT_DECISION})  # NQ 164/2024/QH15: refund, guarantee, sale (domain.pilot)

# Movement → (states it may start from, target state or None when chosen by the command, basis documents accepted)
TRANSITIONS: dict[Move, tuple[frozenset[State], State | None, frozenset[Doc]]] = {
    # ND 142/2024 Art 14: lệnh nhập kho + biên bản giao nhận
    Move.RECEIVE: (frozenset({State.AWAITING_INTAKE}), State.IN_STORAGE, frozenset({Doc.INTAKE_ORDER})),
    # ND 142/2024 Art 14: lệnh xuất kho (+ QĐ chuyển giao if any)
    Move.RELEASE_TEMPORARY: (frozenset({State.IN_STORAGE}), State.OUT_TEMPORARY, frozenset({Doc.RELEASE_ORDER})),
    # Re-intake after temporary release, resealed first (ND 127/2017 Điều 8)
    Move.RETURN: (frozenset({State.OUT_TEMPORARY}), State.IN_STORAGE, frozenset({Doc.INTAKE_ORDER, Doc.RELEASE_ORDER})),
    # ND 142/2024 Art 15; BLTTHS Điều 90.1.b: cash, gold → KBNN; military weapons → BCHQS
    Move.DEPOSIT: (frozenset({State.IN_STORAGE, State.AWAITING_INTAKE}), State.DEPOSITED,
                   frozenset({Doc.DEPOSIT_DECISION, Doc.RELEASE_ORDER, Doc.PILOT_DECISION})),  # + NQ 164 deposit
    # ND 142/2024 Art 15: bulky items entrusted to owner / custodian / commune
    Move.ENTRUST: (frozenset({State.IN_STORAGE, State.AWAITING_INTAKE}), State.ENTRUSTED,
                   frozenset({Doc.ENTRUST_DECISION, Doc.RELEASE_ORDER, Doc.PILOT_DECISION})),  # + NQ 164 use
    Move.RECALL: (frozenset({State.DEPOSITED, State.ENTRUSTED}), State.IN_STORAGE, frozenset({Doc.INTAKE_ORDER})),
    # QĐ chuyển giao vật chứng + lệnh xuất kho (TTLT 05/2005 Điều 21.2.b, followed in Hà Nội)
    Move.TRANSFER_OUT: (frozenset({State.IN_STORAGE}), State.TRANSFERRED_OUT, frozenset({Doc.TRANSFER_DECISION})),
    # BLTTHS Điều 106; Luật THADS Điều 124–126: from the warehouse (or the custodian it entrusted), never while
    # out on temporary release, deposited elsewhere or lost (LEGAL-RULES §3 (15))
    # … and the unclaimed money on savings, paid to the owner or to the state budget where it is (Luật THADS Điều 126)
    Move.DISPOSE: (frozenset({State.IN_STORAGE, State.ENTRUSTED, State.SAVINGS}), None, _DISPOSAL_DOCS),
    # ND 142/2024 Art 11: incident record and report
    Move.INCIDENT: (frozenset(HELD_STATES), State.LOST_OR_DAMAGED, frozenset({Doc.INCIDENT_REPORT})),
    Move.FOUND: (frozenset({State.LOST_OR_DAMAGED}), State.IN_STORAGE, frozenset({Doc.INCIDENT_REPORT, Doc.INTAKE_ORDER})),
    # Luật THADS Điều 126: on the QĐ trả lại tiền, tài sản whose notice went unanswered for 15 days
    Move.SAVINGS: (frozenset({State.IN_STORAGE}), State.SAVINGS, frozenset({Doc.RETURN_DECISION})),
}

# Actions that do not change the state but need the item physically in the warehouse.
IN_WAREHOUSE_ACTIONS = {"move", "seal", "unseal", "reseal"}


def basis_documents(move: Move) -> frozenset[Doc]:
    """The kinds of document that may authorise ``move`` (the table above)."""
    return TRANSITIONS[move][2]


def check_transition(move: Move, current: State, basis: Doc | None, target: State | None = None) -> State:
    """Return the state the item reaches, or raise TransitionRefused / a missing-basis error."""
    sources, fixed_target, docs = TRANSITIONS[move]
    if current in TERMINAL:
        raise TransitionRefused("item_disposed", state=current.value, move=move.value)
    if current not in sources:
        raise TransitionRefused("transition_refused", state=current.value, move=move.value)
    if basis is None:
        raise TransitionRefused("basis_required", move=move.value)
    if basis not in docs:
        raise TransitionRefused("wrong_basis", move=move.value, basis=basis.value)
    result = fixed_target or target
    if move is Move.DISPOSE and result not in DISPOSAL_OUTCOMES:
        raise TransitionRefused("invalid_outcome", outcome=str(target))
    if move is Move.DISPOSE and current is State.SAVINGS and result not in SAVINGS_OUTCOMES:
        raise TransitionRefused("savings_outcome", outcome=result.value)
    return result


def check_in_warehouse(action: str, current: State) -> None:
    if current in TERMINAL:
        raise TransitionRefused("item_disposed", state=current.value, move=action)
    if current is not State.IN_STORAGE and not (action in {"unseal", "reseal", "seal"} and current in HELD_STATES):
        raise TransitionRefused("not_in_storage", state=current.value, move=action)
