"""Issue #18: a hidden screen does not reload on a change; it reloads once when shown again after one, and not at
all when nothing it shows changed — also when the change came from another workstation (the ledger head moved)."""

from __future__ import annotations

from evidence_store.services.results import Changes
from tests.integration.builders import phone, receive


def _count_reloads(screen) -> list:
    seen = []
    original = screen.refresh

    def refresh(changes=None):
        seen.append(changes)
        original(changes)
    screen.refresh = refresh
    return seen


def _items_hidden_behind_home(main_window):
    """The clerk's window, its item list opened then left for «Trang chủ», and the list's reloads from now on."""
    window = main_window("thukho")
    items = window.navigate("items")
    window.navigate("home")
    return window, items, _count_reloads(items)


def test_a_hidden_screen_reloads_once_when_shown_after_changes(main_window, shell_world):
    db, world = shell_world
    window, items, seen = _items_hidden_behind_home(main_window)
    clerk = world.actor(db, "thukho")
    first = receive(db, clerk, [phone()])
    second = receive(db, clerk, [phone(name="Điện thoại Nokia 105")], case_number="126/2026/CSHS")
    window.ctx.signals.changes_applied.emit(first)
    window.ctx.signals.changes_applied.emit(second)
    assert seen == []  # hidden: nothing reloaded
    window.navigate("items")
    assert len(seen) == 1  # once for both changes
    assert set(seen[0].item_codes) == set(first.item_codes) | set(second.item_codes)
    assert items.model.rowCount() == 2  # what it shows is the new state
    window.navigate("home")
    window.navigate("items")
    assert len(seen) == 1  # shown again with nothing new: no reload


def test_the_item_view_does_not_reload_for_another_items_change(main_window, shell_world):
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    shown = receive(db, clerk, [phone()]).item_codes[0]
    window = main_window("thukho")
    view = window.navigate("item_view")
    view.show_item(shown)
    seen = _count_reloads(view)
    other = receive(db, clerk, [phone(name="Điện thoại Nokia 105")], case_number="126/2026/CSHS")
    window.ctx.signals.changes_applied.emit(other)  # in view, but another item: nothing it shows changed
    window.navigate("home")
    window.navigate("item_view")
    assert seen == []
    window.navigate("home")
    window.ctx.signals.changes_applied.emit(Changes(item_codes=(shown,)))
    assert seen == []
    window.navigate("item_view")
    assert [c.item_codes for c in seen] == [(shown,)]


def test_a_change_from_another_workstation_reloads_the_screen_when_shown(main_window, shell_world):
    """No signal here: another PC appended to the ledger. The screen remembers the head it showed."""
    db, world = shell_world
    window, items, seen = _items_hidden_behind_home(main_window)
    window.navigate("items")
    assert seen == []  # nothing happened
    window.navigate("home")
    receive(db, world.actor(db, "thukho"), [phone()])  # elsewhere: no changes_applied in this window
    window.navigate("items")
    assert seen == [None] and items.model.rowCount() == 1


def test_the_task_inbox_and_home_do_not_reload_at_every_visit(main_window, shell_world):
    """They used to reload whenever shown; now only on a new day or when something changed."""
    db, world = shell_world
    window = main_window("thukho")
    inbox, home = window.navigate("inbox"), window.navigate("home")
    loads = {"inbox": 0, "home": 0}
    inbox_reload, home_refresh = inbox.reload, home.refresh

    def count_inbox():
        loads["inbox"] += 1
        inbox_reload()

    def count_home(changes=None):
        loads["home"] += 1
        home_refresh(changes)
    inbox.reload, home.refresh = count_inbox, count_home
    for _round in range(3):
        window.navigate("inbox")
        window.navigate("home")
    assert loads == {"inbox": 0, "home": 0}
    receive(db, world.actor(db, "thukho"), [phone()])  # another workstation's intake: a task and a new card
    window.navigate("inbox")
    window.navigate("home")
    assert loads == {"inbox": 1, "home": 1}
