"""The desks of the four agencies in the GUI tests: each user's screens and inbox on one database, a signature
drawn on the pad, a record signed, a transfer between agencies."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPoint, Qt

from evidence_store.domain.states import Doc
from evidence_store.services.context import UnitOfWork
from ui.scan_feedback import ScanSounds
from ui.screens.inbox import InboxScreen
from ui.screens.item_view import ItemViewScreen
from ui.screens.register import RegisterScreen
from ui.screens.release import ReleaseScreen

from .lifecycle_helpers import (TODAY, ctx_for, fill_document, fill_person, qdate, received, release_for_examination,
                               select)

USERS = ("thukho", "canbo", "kiemsatvien", "thuky", "thamphan", "chaphanh", "lanhdao", "thutruong")


def draw_signature(pad, qtbot):
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(30, 40))
    for x in range(30, 200, 10):
        qtbot.mouseMove(pad, QPoint(x, 40 + (x % 30)))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(200, 60))


class Desk:
    """One inbox screen per user, built once; ``tasks(user)`` reloads and lists (kind, ref)."""

    def __init__(self, qtbot, db, world):
        self.qtbot, self.db, self.world = qtbot, db, world
        self.inboxes = {}

    def screen(self, cls, user):
        screen = cls(ctx_for(self.db, self.world, user))
        self.qtbot.addWidget(screen)
        for attr in ("batch",):
            if hasattr(screen, attr):
                getattr(screen, attr).indicator.sounds = ScanSounds(muted=True)
        return screen

    def inbox(self, user) -> InboxScreen:
        if user not in self.inboxes:
            self.inboxes[user] = self.screen(InboxScreen, user)
        self.inboxes[user].reload()
        return self.inboxes[user]

    def tasks(self, user) -> set:
        return {(t.kind, t.ref) for t in self.inbox(user).tasks}

    def only_in(self, task, users) -> None:
        """The task is in these users' inboxes and in nobody else's."""
        for user in USERS:
            assert (task in self.tasks(user)) == (user in users), (task, user, self.tasks(user))

    def open(self, user, kind, ref):
        inbox = self.inbox(user)
        row = inbox.row_of(kind, ref)
        assert row >= 0, (user, kind, ref, inbox.tasks)
        dialog = inbox.open_task(row, modal=False)
        self.qtbot.addWidget(dialog)
        return dialog


def prepared_release(desk, recorder, code=None):
    """The clerk prepares a giám định release of ``code`` (a freshly received item by default) at his release desk,
    not approved yet (ND 142/2024 Điều 4); returns (code, the release screen, the record's number)."""
    code = code or received(desk.db, desk.world)[0]
    releases = desk.screen(ReleaseScreen, "thukho")
    assert release_for_examination(releases.release_panel, desk.world, code, approve=False), recorder.messages
    return code, releases, releases.release_panel.result.number


def release_on_order(pick, world, number, recorder) -> str:
    """The request's pick dialog (all its items scanned) released on PC02's lệnh xuất kho ``number`` of yesterday;
    returns the release record's number."""
    pick.order_number.setText(number)
    pick.order_date.setDate(qdate(TODAY - timedelta(days=1)))
    select(pick.order_issuer, world.agencies["pc02"])
    pick.order_signer.setText("Phạm Quang Dũng")
    if pick.seals is not None:  # the clerk looked at each seal as he picked the items (issue #12)
        pick.seals.confirm.setChecked(True)
    assert pick.release() is not None, recorder.messages
    return pick.handover_number


def sign(dialog, qtbot, roles, recorder):
    for role in roles:
        assert dialog.select_slot(role), (role, [(s.role, s.status) for s in dialog.detail.signatures])
        if not dialog.signer.text().strip():  # a slot whose signer writes the name (the storekeeper on duty)
            dialog.signer.setText("Nguyễn Thị Lan")
        draw_signature(dialog.pad, qtbot)
        assert dialog.sign_selected(), recorder.messages


def record_dialog(desk, user, number):
    register = desk.screen(RegisterScreen, user)
    assert register.select_number(number), (user, number)
    dialog = register.open_record(number, modal=False)
    desk.qtbot.addWidget(dialog)
    return dialog


def transfer(desk, user, code, number, issuer, target, recorder, kind=Doc.TRANSFER_DECISION.value, receiver=None,
             day=None):
    """``receiver``: the demo user who receives for the other agency (named on the record, answers himself);
    ``day``: the decision's date (yesterday if not given)."""
    view = desk.screen(ItemViewScreen, user)
    view.show_item(code)
    view.start_action("transfer")
    dialog = view.dialog
    desk.qtbot.addWidget(dialog)
    select(dialog.to_agency, target)
    fill_document(dialog.form, "decision", number, issuer, kind, day=day)
    from evidence_store.db.models import Person
    with UnitOfWork(desk.db) as uow:
        person = uow.session.get(Person, desk.world.persons[receiver])
        name, id_number = person.full_name, person.id_number
    fill_person(dialog.form, "receiver", name, target, id_number=id_number)
    dialog.submit()
    assert dialog.result_changes is not None, (recorder.messages, dialog.error_label.text())
    assert dialog.result_changes.extra["acceptance"] == "pending"
    return dialog.result_changes.handover_number
