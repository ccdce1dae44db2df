"""domain.moves: one table says which moves an item allows now, for whom, and why not; the services ask it."""

from __future__ import annotations

import pytest

from evidence_store.domain import moves
from evidence_store.domain.categories import CATEGORIES
from evidence_store.domain.permissions import Role
from evidence_store.domain.states import HELD_STATES, TERMINAL, TRANSITIONS, Doc, Move, State, basis_documents
from evidence_store.error_texts import message

CLERK = frozenset({Role.CLERK.value})
EVERYONE = frozenset(r.value for r in Role)


def _ok(key, state, roles=EVERYONE, **kw) -> bool:
    return moves.availability(key, state, roles, **kw).ok


def test_a_lost_item_can_be_transferred_with_its_case():
    assert _ok("transfer", State.LOST_OR_DAMAGED)
    assert moves.TRANSFER_RESPONSIBILITY_STATES == HELD_STATES | {State.LOST_OR_DAMAGED}


@pytest.mark.parametrize("state", [State.OUT_TEMPORARY, State.DEPOSITED, State.LOST_OR_DAMAGED])
def test_disposal_away_from_the_warehouse_is_refused_with_its_reason(state):
    found = moves.availability("dispose", state, EVERYONE, code="VC26000001B")
    assert not found.ok and found.reason.code == "disposal_not_in_warehouse"
    assert "VC26000001B" in message(found.reason) and "không ở trong kho" in message(found.reason)


def test_disposal_from_the_shelf_the_custodian_or_the_savings_deposit():
    # Luật THADS Điều 126: unclaimed money on savings is paid to the owner or to the budget where it is
    assert {s for s in State if _ok("dispose", s)} == {State.IN_STORAGE, State.ENTRUSTED, State.SAVINGS}


@pytest.mark.parametrize("state", sorted(TERMINAL))
def test_a_closed_item_allows_nothing_but_a_correction(state):
    possible = [m.key for m in moves.available_moves(state, EVERYONE) if m.ok]
    assert possible == ["correction"]
    refused = [m for m in moves.available_moves(state, EVERYONE) if not m.ok and m.for_this_item]
    assert refused and all(m.reason.code == "item_disposed" for m in refused)


def test_every_movement_action_follows_the_transition_table():
    for action in moves.ACTIONS:
        if isinstance(action.move, Move):
            assert action.states == TRANSITIONS[action.move][0], action.key


def test_category_and_seal_decide_what_applies_to_this_item():
    phone, cash = CATEGORIES["phone"], CATEGORIES["cash_vnd"]
    assert moves.availability("deposit", State.IN_STORAGE, EVERYONE, category=phone).reason.code == "not_depositable"
    assert _ok("deposit", State.IN_STORAGE, category=cash)
    assert moves.availability("entrust", State.IN_STORAGE, EVERYONE, category=cash).reason.code == "not_entrustable"
    sealed = moves.available_moves(State.IN_STORAGE, EVERYONE, category=phone, sealed=True, seal_number="NP-1")
    assert {m.key for m in sealed if m.ok} >= {"unseal", "reseal"} and "seal" not in {m.key for m in sealed if m.ok}
    assert not [m for m in sealed if m.key == "seal"][0].for_this_item  # not shown greyed


def test_the_roles_decide_who_sees_an_action():
    supervisor = moves.available_moves(State.IN_STORAGE, frozenset({Role.SUPERVISOR.value}))
    assert supervisor == []
    clerk = {m.key for m in moves.available_moves(State.IN_STORAGE, CLERK)}
    assert "move" in clerk and "release" in clerk
    refused = moves.availability("move", State.IN_STORAGE, frozenset({Role.SUPERVISOR.value}))
    assert refused.reason.code == "permission_denied"


def test_the_reason_is_a_sentence():
    found = moves.availability("release", State.OUT_TEMPORARY, EVERYONE)
    assert message(found.reason) == "Không thể thực hiện «Tạm xuất» khi vật chứng đang ở trạng thái «Tạm xuất»"


def test_the_services_ask_the_domain():
    from evidence_store.services import disposal, transfer
    assert disposal.DISPOSAL_DOCS == basis_documents(Move.DISPOSE)
    assert Doc.TRANSFER_DECISION not in disposal.DISPOSAL_DOCS  # a transfer decision disposes of nothing
    assert disposal.NOT_IN_WAREHOUSE == moves.DISPOSAL_AWAY_STATES
    assert not hasattr(transfer, "TRANSFER_DOCS") and not hasattr(transfer, "TRANSFER_RESPONSIBILITY_STATES")


@pytest.mark.parametrize("state", list(State))
def test_every_reason_reads_as_words(state):
    """No reason shows a code instead of words (the move, the state)."""
    from evidence_store.describe import EVENT_KIND_LABELS
    for action in moves.ACTIONS:
        assert str(action.move) in EVENT_KIND_LABELS, action.key
    for found in moves.available_moves(state, EVERYONE, code="VC26000001B"):
        if not found.ok:
            text = message(found.reason)
            assert "_" not in text and "Lỗi" not in text, (found.key, text)


def test_a_pending_act_greys_the_acts_it_excludes_with_the_services_reason():
    """One act at a time (ND 142/2024 Điều 4; BLTTHS Điều 106): what the item page offers matches what the services
    refuse — an act out waiting for approval excludes another act out and a disposal proposal; a disposal proposal
    waiting for its decision excludes an act out and a second proposal."""
    roles = (Role.CLERK.value,)

    def reasons(**pending):
        return {m.key: m.reason.code for m in moves.available_moves(State.IN_STORAGE, roles, code="VC1", **pending)
                if m.reason is not None and m.key in ("release", "deposit", "entrust", "dispose")}
    assert "dispose" not in reasons() and "release" not in reasons()
    waiting = reasons(awaiting_release="2/2026/BB-GN")
    assert waiting.get("release") == "release_awaiting_approval" and waiting.get("dispose") == "disposal_awaiting_removal"
    proposed = reasons(disposal_proposed="5/2024/BB-GN")
    assert proposed.get("release") == "removal_disposal_proposed" and proposed.get("dispose") == "disposal_pending"
