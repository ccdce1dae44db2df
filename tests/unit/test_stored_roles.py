"""A seat's roles are read from ``users.roles`` by one parser (domain.permissions.roles_of) everywhere: the login,
the unit of work's actor, the officer lists, the first steps, the administration screen and the storekeeper check."""

from types import SimpleNamespace

from evidence_store.domain.permissions import allowed, roles_of, stored_roles
from evidence_store.services.accounts import actor_for


def test_a_seat_written_by_hand_with_spaces_and_a_repeated_role_reads_as_its_roles():
    # a database edited by hand, or a row copied from another tool, may carry blanks around the commas
    assert roles_of(" commander, clerk ,,commander") == ("commander", "clerk")
    assert roles_of("") == () and roles_of(None) == ()
    assert stored_roles(["clerk", " officer", "clerk"]) == "clerk,officer"
    assert roles_of(stored_roles(("leader", "enforcer"))) == ("leader", "enforcer")


def test_the_login_gives_such_a_seat_its_rights_instead_of_failing():
    user = SimpleNamespace(id=7, username="thukho2", roles="clerk, commander", person_id=None, agency_id=None,
                           person=None, must_change_password=False)
    actor = actor_for(user)
    assert actor.roles == frozenset({"clerk", "commander"})
    assert allowed(actor.roles, "receive_items") and allowed(actor.roles, "approve_disposal")
