"""Screens made faster for the scanner (issue #19) show exactly what a freshly built screen shows: the item
view reuses its field labels and action buttons from one scanned item to the next; the home screen lists
the soonest deadlines and shows every one on request."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from .lists_data import lists_db, lists_template, make_ctx  # noqa: F401 (fixtures)


def _code(ctx, name):
    from evidence_store.services.queries import ItemQuery, item_page
    with ctx.reader() as uow:
        return next(r.code for r in item_page(uow, ItemQuery(order="oldest"), 0, 50) if r.name == name)


def _seen(screen):
    """The texts of the field rows and the action buttons a user sees."""
    labels = [w.text() for w in screen.findChildren(QLabel) if w.isVisibleTo(screen) and w.text()]
    buttons = [(b.text(), b.isEnabled(), b.toolTip()) for b in screen.findChildren(QPushButton)
               if b.isVisibleTo(screen) and b.parent() is screen.actions.parentWidget()]
    return sorted(labels), sorted(buttons)


def test_item_view_scanned_again_shows_only_the_new_items_fields_and_actions(qtbot, make_ctx):
    from ui.screens.item_view import ItemViewScreen
    ctx = make_ctx("thukho")
    phone, cash = _code(ctx, "Điện thoại iPhone 12 Pro màu xanh"), _code(ctx, "Tiền Việt Nam đồng")
    reused = ItemViewScreen(ctx)
    qtbot.addWidget(reused)
    reused.resize(1366, 700)
    reused.show()
    assert reused.show_item(phone)
    phone_view = _seen(reused)
    assert "356789012345679" in phone_view[0]  # the phone's IMEI row
    assert reused.show_item(cash)
    fresh = ItemViewScreen(ctx)
    qtbot.addWidget(fresh)
    fresh.resize(1366, 700)
    fresh.show()
    assert fresh.show_item(cash)
    assert _seen(reused) == _seen(fresh)  # no IMEI left over, the cash amount shown, the same buttons
    assert "356789012345679" not in _seen(reused)[0] and "2.500.000" in _seen(reused)[0]
    assert {b for b in reused.findChildren(QPushButton) if b.isVisibleTo(reused)
            and b.parent() is reused.actions.parentWidget()} == {*reused.action_buttons.values(),
                                                                  *reused.unavailable_buttons.values()}
    # a reused button acts on the item shown now
    reused.action_buttons["move"].click()
    assert reused.dialog is not None and reused.dialog.code == cash
    reused.dialog.close()


def test_home_lists_the_soonest_deadlines_and_shows_every_one_on_request(qtbot, make_ctx, lists_db, monkeypatch):
    from tests.integration.builders import phone, receive
    from ui.screens import home
    db, world = lists_db
    for n in (1, 2):  # cash is handed to the treasury at once: each receipt opens a deadline due tomorrow
        receive(db, world.actor(db, "thukho"), [phone(category="cash_vnd", name="Tiền Việt Nam đồng", unit="đồng",
                                                      quantity=100000 * n, seal_number=f"NP-090{n}",
                                                      attributes={"total_amount": f"{100000 * n}"})],
                case_number=f"9{n}/2026/CSHS")
    monkeypatch.setattr(home, "HOME_DEADLINE_ROWS", 1)
    screen = home.HomeScreen(make_ctx("thukho"))
    qtbot.addWidget(screen)
    screen.show()
    due = sorted(screen.dashboard.temporary_due + screen.dashboard.legal_due, key=lambda d: d.due_on)
    assert len(due) == 3
    assert screen.deadlines.rowCount() == 1
    assert screen.deadlines.item(0, 0).text() == home.date_text(due[0].due_on)  # the soonest first
    assert screen.more_deadlines.isVisible()
    assert screen.more_deadlines.text() == f"Đang xem 1 hạn gần nhất trong {len(due)} — xem tất cả"
    qtbot.mouseClick(screen.more_deadlines, Qt.MouseButton.LeftButton)
    assert screen.deadlines.rowCount() == len(due)
    assert screen.more_deadlines.text() == "Chỉ xem 1 hạn gần nhất"
    screen.refresh()  # a refresh keeps what the user asked for
    assert screen.deadlines.rowCount() == len(due)
    qtbot.mouseClick(screen.more_deadlines, Qt.MouseButton.LeftButton)
    assert screen.deadlines.rowCount() == 1
