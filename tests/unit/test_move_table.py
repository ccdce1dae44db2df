"""domain.moves, the one rule table (issue #18): every state × every action of the item page, possible or refused
with its reason — written out here as the specification, so a change of rule shows as a change of this table."""

from __future__ import annotations

import pytest

from evidence_store.domain import moves
from evidence_store.domain.categories import CATEGORIES, location_fits, location_refusal
from evidence_store.domain.permissions import Role
from evidence_store.domain.states import TRANSITIONS, Doc, Move, State
from evidence_store.error_texts import message

EVERYONE = frozenset(r.value for r in Role)
CODE, RECORD = "VC26000001B", "7/BB-XL"

AI, IS, OT, DP, EN, LD = ("awaiting_intake", "in_storage", "out_temporary", "deposited", "entrusted",
                          "lost_or_damaged")
CLOSED = ("transferred_out", "returned", "confiscated", "destroyed", "sold", "handed_to_specialist")
OK = None
# action → {state: reason code or OK}; a closed item (CLOSED) refuses everything but a correction ("item_disposed").
# An item sealed; no approved disposal waiting (carry_out is then "no_approved_disposal" everywhere).
TABLE: dict[str, dict[str, str | None]] = {
    #            AI                    IS   OT                        DP                         EN   LD
    "move":     {AI: "not_in_storage", IS: OK, OT: "not_in_storage", DP: "not_in_storage", EN: "not_in_storage",
                 LD: "not_in_storage"},
    "seal":     {AI: "already_sealed", IS: "already_sealed", OT: "already_sealed", DP: "already_sealed",
                 EN: "already_sealed", LD: "already_sealed"},
    "unseal":   {AI: "transition_refused", IS: OK, OT: OK, DP: OK, EN: OK, LD: "transition_refused"},
    "reseal":   {AI: "transition_refused", IS: OK, OT: OK, DP: OK, EN: OK, LD: "transition_refused"},
    "release":  {AI: "transition_refused", IS: OK, OT: "transition_refused", DP: "transition_refused",
                 EN: "transition_refused", LD: "transition_refused"},
    "return":   {AI: "transition_refused", IS: "transition_refused", OT: OK, DP: "transition_refused",
                 EN: "transition_refused", LD: "transition_refused"},
    # a lost item passes to the next body with its case (BLTTHS Điều 106; the record of the loss follows it)
    "transfer": {AI: "transition_refused", IS: OK, OT: OK, DP: OK, EN: OK, LD: OK},
    "deposit":  {AI: OK, IS: OK, OT: "transition_refused", DP: "transition_refused", EN: "transition_refused",
                 LD: "transition_refused"},
    "entrust":  {AI: OK, IS: OK, OT: "transition_refused", DP: "transition_refused", EN: "transition_refused",
                 LD: "transition_refused"},
    # from the warehouse or the custodian it entrusted, never while away (LEGAL-RULES §3 (15))
    "dispose":  {AI: "transition_refused", IS: OK, OT: "disposal_not_in_warehouse", DP: "disposal_not_in_warehouse",
                 EN: OK, LD: "disposal_not_in_warehouse"},
    "carry_out": {s: "no_approved_disposal" for s in (AI, IS, OT, DP, EN, LD)},
    "recall":   {AI: "transition_refused", IS: "transition_refused", OT: "transition_refused", DP: OK, EN: OK,
                 LD: "transition_refused"},
    "check":    {AI: "transition_refused", IS: "transition_refused", OT: "transition_refused",
                 DP: "transition_refused", EN: OK, LD: "transition_refused"},
    "incident": {AI: "transition_refused", IS: OK, OT: OK, DP: OK, EN: OK, LD: "transition_refused"},
    # a torn seal noticed outside a hand-over (BLTTHS Điều 90.3; ND 142/2024 Điều 11): only where the warehouse holds
    # the item — on its shelf or at the custodian it entrusted; away, the hand-over that brings it back states it
    "seal_broken": {AI: "seal_report_not_held", IS: OK, OT: "seal_report_not_held", DP: "seal_report_not_held",
                    EN: OK, LD: "seal_report_not_held"},
    "found":    {AI: "transition_refused", IS: "transition_refused", OT: "transition_refused",
                 DP: "transition_refused", EN: "transition_refused", LD: OK},
    "correction": {s: OK for s in (AI, IS, OT, DP, EN, LD)},
}
# With an approved disposal waiting to be carried out (issue #12): what changes.
AWAITING: dict[str, dict[str, str | None]] = {
    "release": {s: "held_for_approved_disposal" for s in (AI, IS, OT, DP, EN, LD)},
    "transfer": {s: "held_for_approved_disposal" for s in (AI, IS, OT, DP, EN, LD)},
    # issue #11: nor deposited or entrusted meanwhile — the decision is carried out on the item as held (Điều 106.1)
    "deposit": {s: "held_for_approved_disposal" for s in (AI, IS, OT, DP, EN, LD)},
    "entrust": {s: "held_for_approved_disposal" for s in (AI, IS, OT, DP, EN, LD)},
    "dispose": {s: "disposal_awaiting_carry_out" for s in (AI, IS, OT, DP, EN, LD)},
    "carry_out": {AI: "transition_refused", IS: OK, OT: "transition_refused", DP: "transition_refused", EN: OK,
                  LD: "transition_refused"},
}

# Unclaimed money on a non-term savings deposit (Luật THADS Điều 126): off the shelf and out of the warehouse's hands —
# only paid to the owner or, after 5 years, to the state budget from there (a disposal), or corrected
SV = "savings"
for _key, _reason_code in {
        "move": "not_in_storage", "seal": "already_sealed", "unseal": "transition_refused",
        "reseal": "transition_refused", "release": "transition_refused", "return": "transition_refused",
        "transfer": "transition_refused", "deposit": "transition_refused", "entrust": "transition_refused",
        "dispose": OK, "carry_out": "no_approved_disposal", "recall": "transition_refused",
        "check": "transition_refused", "incident": "transition_refused", "found": "transition_refused",
        "seal_broken": "seal_report_not_held", "correction": OK}.items():
    TABLE[_key][SV] = _reason_code
for _key in AWAITING:
    AWAITING[_key][SV] = OK if _key == "carry_out" else AWAITING[_key][IS]


def test_the_table_names_every_action_and_state():
    assert set(TABLE) == set(moves.BY_KEY)
    assert {State(s) for s in (AI, IS, OT, DP, EN, LD, SV, *CLOSED)} == set(State)


def _reason(key, state, **kw):
    found = moves.availability(key, State(state), EVERYONE, code=CODE, sealed=True, seal_number="NP-1", **kw)
    return None if found.ok else found.reason.code


@pytest.mark.parametrize("key", sorted(TABLE))
@pytest.mark.parametrize("state", [AI, IS, OT, DP, EN, LD, SV, *CLOSED])
def test_every_state_and_action(key, state):
    expected = TABLE[key][state] if state not in CLOSED else (OK if key == "correction" else None)
    got = _reason(key, state)
    if state in CLOSED and key != "correction":
        assert got in ("item_disposed", "already_sealed", "no_approved_disposal"), got
    else:
        assert got == expected, (key, state, got)
    reason = moves.refusal(key, State(state), code=CODE, sealed=True, seal_number="NP-1")
    assert (reason.code if reason else None) == got  # the services' answer is the screens' answer


@pytest.mark.parametrize("key", sorted(AWAITING))
@pytest.mark.parametrize("state", [AI, IS, OT, DP, EN, LD, SV])
def test_an_approved_disposal_waiting_holds_the_item(key, state):
    assert _reason(key, state, awaiting_disposal=RECORD) == AWAITING[key][state]


@pytest.mark.parametrize("key", sorted(set(TABLE) - set(AWAITING)))
def test_an_approved_disposal_changes_nothing_else(key):
    for state in (AI, IS, OT, DP, EN, LD, SV):
        assert _reason(key, state, awaiting_disposal=RECORD) == TABLE[key][state], (key, state)


def test_the_reason_for_an_item_held_for_its_disposal_names_the_record():
    for key, words in (("release", "«Tạm xuất»"), ("transfer", "«Chuyển giao")):
        reason = moves.availability(key, State.IN_STORAGE, EVERYONE, code=CODE, awaiting_disposal=RECORD).reason
        text = message(reason)
        assert RECORD in text and CODE in text and "chờ thực hiện" in text and words in text, text
    with pytest.raises(Exception) as refused:
        moves.check("release", State.IN_STORAGE, code=CODE, awaiting_disposal=RECORD)
    assert refused.value.code == "held_for_approved_disposal"
    moves.check("release", State.IN_STORAGE, code=CODE)  # without one: possible


def test_which_documents_authorise_each_move():
    for move, (_sources, _target, docs) in TRANSITIONS.items():
        assert moves.authorising_documents(move) == docs
    assert moves.authorising_documents("release") == {Doc.RELEASE_ORDER}  # an action's key asks its move
    assert moves.authorising_documents("transfer") == moves.authorising_documents("transfer_responsibility")
    assert Doc.TRANSFER_DECISION in moves.authorising_documents("transfer")
    assert Doc.TRANSFER_DECISION not in moves.authorising_documents(Move.DISPOSE)  # it disposes of nothing
    assert moves.authorising_documents("correction") == {Doc.CORRECTION_NOTE, Doc.OTHER}
    assert moves.authorising_documents("move") == frozenset()  # a shelf move needs no basis document


def test_does_this_location_fit_this_item():
    phone, bike, drugs = CATEGORIES["phone"], CATEGORIES["motorbike"], CATEGORIES["drugs"]
    assert location_fits(phone, "bin") and not location_fits(phone, "vehicle_yard")
    refusal = location_refusal(bike, "shelf")
    assert refusal.code == "wrong_location_kind" and refusal.params["expected"] == "vehicle_yard"
    assert not location_fits(drugs, "shelf") and location_fits(drugs, "secure_room")


def test_no_service_keeps_its_own_table_of_authorising_documents():
    """The eight service constants (custody ×3, incidents ×2, transfer, the return's, disposal's own) are gone: a
    service names a document kind only for one supporting paper, never a set of them as a rule."""
    import ast
    from pathlib import Path
    root = Path(__file__).resolve().parents[2] / "evidence_store" / "services"
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Set) and len(node.elts) > 1 and all(
                    isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id == "Doc"
                    for e in node.elts):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []
    from evidence_store.services import custody, incidents, workflow
    for module, names in ((custody, ("DEPOSIT_DOCS", "ENTRUST_DOCS", "RECALL_DOCS")),
                          (incidents, ("INCIDENT_DOCS", "FOUND_DOCS")), (workflow, ("DOCS_ANY_RETURN",))):
        assert not [n for n in names if hasattr(module, n)], module.__name__
