"""The lifecycle table of DESIGN §2, exhaustively: every movement from every state, with and
without its basis document."""

import itertools

import pytest

from evidence_store.domain import categories
from evidence_store.domain.errors import TransitionRefused
from evidence_store.domain.states import (DISPOSAL_OUTCOMES, TERMINAL, TRANSITIONS, Doc, Move, State,
                                          check_in_warehouse, check_transition)


@pytest.mark.parametrize("move, state", list(itertools.product(Move, State)))
def test_every_move_from_every_state(move, state):
    sources, target, docs = TRANSITIONS[move]
    basis = sorted(docs)[0]
    outcome = State.DESTROYED if move is Move.DISPOSE else None
    if move is Move.DISPOSE and state is State.SAVINGS:  # money on savings: paid out or to the budget only
        outcome = State.RETURNED
    if state in sources and state not in TERMINAL:
        assert check_transition(move, state, Doc(basis), outcome) == (target or outcome)
    else:
        with pytest.raises(TransitionRefused) as exc:
            check_transition(move, state, Doc(basis), outcome)
        assert exc.value.code in ("transition_refused", "item_disposed")


def test_money_on_savings_is_paid_out_or_goes_to_the_budget_only():
    """Luật THADS Điều 126: from the savings deposit the owner is paid, or after 5 years the state budget takes it."""
    for outcome in DISPOSAL_OUTCOMES:
        if outcome in (State.RETURNED, State.CONFISCATED):
            assert check_transition(Move.DISPOSE, State.SAVINGS, Doc.RETURN_DECISION, outcome) is outcome
        else:
            with pytest.raises(TransitionRefused) as exc:
                check_transition(Move.DISPOSE, State.SAVINGS, Doc.RETURN_DECISION, outcome)
            assert exc.value.code == "savings_outcome"


@pytest.mark.parametrize("move", list(Move))
def test_every_move_needs_its_basis_document(move):
    sources, _, docs = TRANSITIONS[move]
    state = sorted(sources)[0]
    outcome = State.RETURNED if move is Move.DISPOSE else None
    with pytest.raises(TransitionRefused) as exc:
        check_transition(move, state, None, outcome)
    assert exc.value.code == "basis_required"
    for wrong in set(Doc) - docs:
        with pytest.raises(TransitionRefused) as exc:
            check_transition(move, state, wrong, outcome)
        assert exc.value.code == "wrong_basis"


def test_disposal_outcome_must_be_a_disposal_state():
    with pytest.raises(TransitionRefused):
        check_transition(Move.DISPOSE, State.IN_STORAGE, Doc.JUDGMENT, State.OUT_TEMPORARY)
    for outcome in DISPOSAL_OUTCOMES:
        assert check_transition(Move.DISPOSE, State.IN_STORAGE, Doc.JUDGMENT, outcome) is outcome


@pytest.mark.parametrize("state", list(State))
def test_in_warehouse_actions(state):
    for action in ("move", "seal", "unseal", "reseal"):
        if state is State.IN_STORAGE:
            check_in_warehouse(action, state)
        elif action == "move" or state in TERMINAL or state in (State.AWAITING_INTAKE, State.LOST_OR_DAMAGED):
            with pytest.raises(TransitionRefused):
                check_in_warehouse(action, state)


def test_categories_go_where_the_law_says():
    assert categories.CATEGORIES["cash_vnd"].deposit_to is categories.Keeper.TREASURY  # ND 142/2024 Art 15
    assert categories.CATEGORIES["gold"].deposit_to is categories.Keeper.TREASURY
    assert categories.CATEGORIES["military_weapon"].deposit_to is categories.Keeper.MILITARY
    assert categories.CATEGORIES["poison"].deposit_to is categories.Keeper.SPECIALISED
    assert categories.CATEGORIES["weapon"].deposit_to is None  # non-military weapons stay in the warehouse
    with pytest.raises(TransitionRefused):
        categories.check_location(categories.CATEGORIES["drugs"], categories.LocationKind.BIN)
    categories.check_location(categories.CATEGORIES["drugs"], categories.LocationKind.SECURE_ROOM)
    assert categories.suggested_location_kind(categories.CATEGORIES["motorbike"]) is categories.LocationKind.VEHICLE_YARD


def test_cash_cannot_be_destroyed():
    with pytest.raises(TransitionRefused) as exc:
        categories.check_outcome(categories.CATEGORIES["cash_vnd"], State.DESTROYED)
    assert exc.value.code == "outcome_not_for_category"
    categories.check_outcome(categories.CATEGORIES["cash_vnd"], State.CONFISCATED)
