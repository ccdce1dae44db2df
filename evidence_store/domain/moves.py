"""Which moves are available for an item now, for this user, and which documents authorise them — the one table
the services and the screens ask.

Each action an item page offers is one row: who may do it (a permission of ``domain.permissions``), from which
states (``domain.states.TRANSITIONS`` for the movements, the custody rules for the others), for which categories
and which documents authorise it (``authorising_documents``). ``availability`` answers with the reason (a
``DomainError`` the UI turns into a sentence) when the action is not possible now; the services raise the same
reasons (``check``). Whether a location fits an item is ``domain.categories.location_refusal``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..i18n import N_
from .categories import Category
from .errors import DomainError, PermissionDenied, TransitionRefused
from .lifecycle_rules import NOT_ENTRUSTABLE
from .permissions import allowed
from .states import HELD_STATES, TERMINAL, TRANSITIONS, Doc, Move, State

# Chuyển giao trách nhiệm (CQĐT → VKS → TA → THADS, BLTTHS Điều 106; TTLT 05/2005): the item stays where it is,
# the responsible agency changes — for everything the case still holds, lost items included (the record of the
# loss follows the case).
TRANSFER_RESPONSIBILITY_STATES = frozenset(HELD_STATES | {State.LOST_OR_DAMAGED})
# A disposal is carried out from the warehouse or the custodian it entrusted (Move.DISPOSE): an item out on
# temporary release, deposited with a specialised keeper or lost is refused with its own reason.
DISPOSAL_AWAY_STATES = frozenset(TRANSFER_RESPONSIBILITY_STATES - TRANSITIONS[Move.DISPOSE][0])
# An approved disposal waiting to be carried out (issue #12): the item stays for the act. It may not leave on a
# release, a deposit or an entrusting, nor pass to another agency, which would defeat the decision approved (BLTTHS
# Điều 106.1; Luật THADS Điều 124–126: the decision is carried out on the item as held). A loss, a shelf move, a seal
# stay possible.
HELD_FOR_DISPOSAL = frozenset({"release", "transfer", "deposit", "entrust"})  # every act out or away (issue #11)

# Which documents authorise each move (the basis the service requires): the movements' from the state table; a
# change of responsibility on a QĐ chuyển giao vật chứng or on the milestone that moves the case to the next body
# (kết luận điều tra → VKS, cáo trạng → Tòa án, trả hồ sơ điều tra bổ sung → CQĐT, QĐ thi hành án → THADS:
# BLTTHS Điều 106, 232, 243, 245, 280; TT 04/2023/TT-BTP Điều 10); a correction on a note or another paper.
AUTHORISING_DOCUMENTS: dict[str, frozenset[Doc]] = {
    **{move.value: docs for move, (_sources, _target, docs) in TRANSITIONS.items()},
    "transfer_responsibility": frozenset({Doc.TRANSFER_DECISION, Doc.INVESTIGATION_CONCLUSION, Doc.INDICTMENT,
                                          Doc.SUPPLEMENTARY_INVESTIGATION, Doc.ENFORCEMENT_DECISION}),
    "correction": frozenset({Doc.CORRECTION_NOTE, Doc.OTHER}),
    # NQ 164/2024/QH15 pilot (domain.pilot): a suspension of transactions on the pilot decision; lifted on a
    # decision of the body handling the case or by the judgment (measures are cancelled in it: LEGAL.md B.3 [P])
    "pilot_suspend": frozenset({Doc.PILOT_DECISION}),
    "pilot_suspend_lifted": frozenset({Doc.PILOT_DECISION, Doc.JUDGMENT, Doc.APPEAL_JUDGMENT}),
}

SEAL_REPORT_STATES = frozenset({State.IN_STORAGE, State.ENTRUSTED})


@dataclass(frozen=True)
class Action:
    key: str  # what the item page calls it ("release", "move", ...)
    label: str  # Vietnamese msgid
    permission: str  # domain.permissions action
    states: frozenset[State]
    move: str  # the name used in refusals ("release_temporary", "move", ...)


def _from(move: Move) -> frozenset[State]:
    return TRANSITIONS[move][0]


# In the order the item page shows them.
ACTIONS: tuple[Action, ...] = (
    Action("move", N_("Chuyển vị trí"), "move_items", frozenset({State.IN_STORAGE}), "move"),
    Action("seal", N_("Niêm phong"), "seal_items", HELD_STATES, "seal"),  # ND 127/2017 Điều 8
    Action("unseal", N_("Mở niêm phong"), "seal_items", HELD_STATES, "unseal"),
    Action("reseal", N_("Niêm phong lại"), "seal_items", HELD_STATES, "reseal"),
    # a seal found torn or missing outside a hand-over — on the shelf, at a check, at an audit — is reported to the
    # agency responsible (BLTTHS Điều 90.3; ND 142/2024 Điều 11): for an item the warehouse holds, in the warehouse or
    # entrusted; one out or deposited has its seal looked at when it comes back (services.seals)
    Action("seal_broken", N_("Báo niêm phong rách, mất"), "record_incident", SEAL_REPORT_STATES, "seal_broken"),
    Action("release", N_("Tạm xuất"), "release_items", _from(Move.RELEASE_TEMPORARY), Move.RELEASE_TEMPORARY),
    Action("return", N_("Nhận lại"), "return_items", _from(Move.RETURN), Move.RETURN),
    Action("transfer", N_("Chuyển giao"), "transfer_responsibility", TRANSFER_RESPONSIBILITY_STATES,
           "transfer_responsibility"),
    Action("deposit", N_("Gửi bảo quản"), "deposit_items", _from(Move.DEPOSIT), Move.DEPOSIT),
    Action("entrust", N_("Giao bảo quản"), "entrust_items", _from(Move.ENTRUST), Move.ENTRUST),
    Action("dispose", N_("Xử lý vật chứng"), "record_disposal", _from(Move.DISPOSE), Move.DISPOSE),
    # an approved disposal is carried out (the act, its real times and place): only then the item leaves (Điều 106.1)
    Action("carry_out", N_("Thực hiện xử lý"), "record_disposal", _from(Move.DISPOSE), Move.DISPOSE),
    Action("recall", N_("Nhập lại kho"), "return_items", _from(Move.RECALL), Move.RECALL),
    Action("check", N_("Kiểm tra định kỳ"), "check_entrusted", frozenset({State.ENTRUSTED}), "entrusted_check"),
    Action("incident", N_("Báo sự cố"), "record_incident", _from(Move.INCIDENT), Move.INCIDENT),
    Action("found", N_("Tìm thấy lại"), "record_incident", _from(Move.FOUND), Move.FOUND),
    Action("correction", N_("Đính chính"), "record_correction", frozenset(State), "correction"),
)
BY_KEY = {a.key: a for a in ACTIONS}


def authorising_documents(move: "str | Move") -> frozenset[Doc]:
    """The kinds of document that may authorise ``move`` (a movement, "transfer_responsibility", "correction", or
    an item-page action's key: "release", "transfer", "deposit"…). Empty: the move needs no basis document."""
    key = str(move)
    if key in BY_KEY:
        key = str(BY_KEY[key].move)
    return AUTHORISING_DOCUMENTS.get(key, frozenset())


@dataclass(frozen=True)
class Availability:
    key: str
    label: str
    reason: DomainError | None = field(default=None, compare=False)  # None: possible now

    @property
    def ok(self) -> bool:
        return self.reason is None

    @property
    def for_this_item(self) -> bool:
        """False when the action never applies to this item (its category, its seal): not worth showing."""
        return self.reason is None or self.reason.code not in _NEVER_FOR_THIS_ITEM


_NEVER_FOR_THIS_ITEM = {"not_depositable", "not_entrustable", "not_sealable", "already_sealed", "not_sealed",
                        "no_approved_disposal"}


def state_refusal(action: Action, state: State, code: str = "") -> TransitionRefused | None:
    """Why the state forbids the action now (the same refusal the service gives), or None."""
    if state in action.states:
        return None
    if state in TERMINAL:
        return TransitionRefused("item_disposed", state=state.value, move=str(action.move))
    if action.key == "dispose" and state in DISPOSAL_AWAY_STATES:
        return TransitionRefused("disposal_not_in_warehouse", code=code, state=state.value)
    if action.key == "move":
        return TransitionRefused("not_in_storage", state=state.value, move="move")
    if action.key == "seal_broken":
        return TransitionRefused("seal_report_not_held", code=code, state=state.value)
    return TransitionRefused("transition_refused", state=state.value, move=str(action.move))


def item_refusal(action: Action, category: Category | None, sealed: bool, code: str = "",
                 seal_number: str = "") -> TransitionRefused | None:
    """Why the action never applies to this item: its category (ND 142/2024 Art 15) or its seal."""
    if action.key == "deposit" and category is not None and category.deposit_to is None:
        return TransitionRefused("not_depositable", category=category.code)
    if action.key == "entrust" and category is not None and category.code in NOT_ENTRUSTABLE:
        return TransitionRefused("not_entrustable", category=category.code)
    if action.key == "seal":
        if sealed:
            return TransitionRefused("already_sealed", code=code, seal=seal_number)
        if category is not None and not category.sealable:
            return TransitionRefused("not_sealable", category=category.code)
    if action.key in ("unseal", "reseal") and not sealed:
        return TransitionRefused("not_sealed", code=code)
    if action.key == "seal_broken" and category is not None and not category.sealable:  # never: no button
        return TransitionRefused("not_sealable", category=category.code)
    return None


def disposal_refusal(action: Action, awaiting: str, code: str = "") -> TransitionRefused | None:
    """An approved disposal not carried out yet (``awaiting``: its record's number): the next step is to carry it
    out, not to propose another, nor to let the item leave or pass to another agency (``HELD_FOR_DISPOSAL``);
    without one there is nothing to carry out."""
    if action.key == "carry_out" and not awaiting:
        return TransitionRefused("no_approved_disposal", code=code)
    if action.key == "dispose" and awaiting:
        return TransitionRefused("disposal_awaiting_carry_out", code=code, handover=awaiting)
    if action.key in HELD_FOR_DISPOSAL and awaiting:
        return TransitionRefused("held_for_approved_disposal", code=code, handover=awaiting, move=str(action.move))
    return None


# The item page's acts that take the item out of the warehouse and wait for the commander (ND 142/2024 Điều 4; R22)
OUT_ACTIONS = frozenset({"release", "deposit", "entrust"})


def pending_act_refusal(action: Action, awaiting_release: str, disposal_proposed: str,
                        code: str = "") -> TransitionRefused | None:
    """One act at a time (ND 142/2024 Điều 4; BLTTHS Điều 106; issue #11): an act out prepared and waiting for the
    commander (``awaiting_release``: its record's number) allows no second act out and no disposal proposal; a
    disposal proposal waiting for its decision (``disposal_proposed``) allows no act out and no second proposal. The services refuse the
    same (services.approval_hold.check_not_waiting, services.disposal)."""
    if awaiting_release and action.key in OUT_ACTIONS:
        return TransitionRefused("release_awaiting_approval", code=code, handover=awaiting_release)
    if awaiting_release and action.key == "dispose":
        return TransitionRefused("disposal_awaiting_removal", code=code, handover=awaiting_release)
    if disposal_proposed and action.key in OUT_ACTIONS:
        return TransitionRefused("removal_disposal_proposed", code=code, handover=disposal_proposed)
    if disposal_proposed and action.key == "dispose":  # a second proposal waits for the first's decision
        return TransitionRefused("disposal_pending", code=code, handover=disposal_proposed)
    return None


def refusal(key: str, state: State, *, category: Category | None = None, sealed: bool = False, code: str = "",
            seal_number: str = "", awaiting_disposal: str = "", awaiting_release: str = "",
            disposal_proposed: str = "") -> DomainError | None:
    """Why the item does not allow ``key`` now, whoever asks (None: it does). The user's permission is asked apart
    (``availability`` for a screen; ``permissions.require`` in a service)."""
    action = BY_KEY[key]
    return (disposal_refusal(action, awaiting_disposal, code)
            or item_refusal(action, category, sealed, code, seal_number)
            or state_refusal(action, State(state), code)
            or (TransitionRefused("seal_report_not_sealed", code=code)  # held, not sealed now: greyed, with why
                if key == "seal_broken" and not sealed else None)
            or pending_act_refusal(action, awaiting_release, disposal_proposed, code))


def check(key: str, state: State, **item) -> None:
    """For the services: raise the reason ``refusal`` gives, the same sentence the item page shows."""
    reason = refusal(key, state, **item)
    if reason is not None:
        raise reason


def denied(moves: list[Availability], reason: DomainError) -> list[Availability]:
    """The same actions, each possible one refused for ``reason`` (e.g. a case now handled by another agency)."""
    return [replace(m, reason=reason) if m.ok else m for m in moves]


def availability(key: str, state: State, roles, *, category: Category | None = None, sealed: bool = False,
                 code: str = "", seal_number: str = "", awaiting_disposal: str = "", awaiting_release: str = "",
                 disposal_proposed: str = "") -> Availability:
    """May a user with ``roles`` do ``key`` to an item in ``state`` now? With the reason when not.
    ``awaiting_disposal``: the number of the item's approved disposal not carried out yet, if any."""
    action = BY_KEY[key]
    reason: DomainError | None = None
    if not allowed(roles, action.permission):
        reason = PermissionDenied("permission_denied", action=action.permission)
    else:
        reason = refusal(key, state, category=category, sealed=sealed, code=code, seal_number=seal_number,
                         awaiting_disposal=awaiting_disposal, awaiting_release=awaiting_release,
                         disposal_proposed=disposal_proposed)
    return Availability(key, action.label, reason)


def available_moves(state: State, roles, *, category: Category | None = None, sealed: bool = False,
                    code: str = "", seal_number: str = "", awaiting_disposal: str = "", awaiting_release: str = "",
                    disposal_proposed: str = "") -> list[Availability]:
    """Every action of the item page the user's roles permit, in order, each possible now or with its reason."""
    out = []
    for action in ACTIONS:
        if allowed(roles, action.permission):
            out.append(availability(action.key, state, roles, category=category, sealed=sealed, code=code,
                                    seal_number=seal_number, awaiting_disposal=awaiting_disposal,
                                    awaiting_release=awaiting_release, disposal_proposed=disposal_proposed))
    return out
