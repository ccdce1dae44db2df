"""One item: every field and category attribute, photos, state, location, holder, seal; the
custody timeline in plain Vietnamese with corrections beside what they correct; documents and
deadlines; the actions the user's role allows, those its state forbids now greyed with the reason
(domain.moves)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QFormLayout, QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QScrollArea, QSizePolicy,
                               QSplitter, QTabWidget, QVBoxLayout, QWidget)

from evidence_store.describe import state_label
from evidence_store.domain.categories import CATEGORIES
from evidence_store.domain.errors import PermissionDenied
from evidence_store.domain import moves as move_rules
from evidence_store.domain.permissions import allowed
from evidence_store.domain.states import TERMINAL, State
from evidence_store.error_texts import message
from evidence_store.i18n import C_, N_, _
from evidence_store.services import browse, queries
from evidence_store.services.dto import ItemDetail

from .. import operations
from ..models.format import code_text
from ..widgets.flow import FlowLayout
from ..widgets.menu_button import MenuButton
from . import lifecycle
from .base import Screen
from .item_actions import MoveDialog, SealDialog
from .item_history import DeadlinesTable, DocumentsList, Timeline
from .item_fields import clear_form, field_rows, fill_form, state_style
from .item_print_menu import fill_print_menu
from .unclaimed_sale import UNCLAIMED_KEYS, unclaimed_actions, unclaimed_dialog

THUMB = 120


class ItemViewScreen(Screen):
    nav_title = N_("Vật chứng")

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.item: ItemDetail | None = None
        self.dialog = None
        self.code_label = QLabel()
        self.code_label.setStyleSheet("font-size: 18pt; font-weight: bold")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_label = QLabel()
        # a release prepared for this item and waiting for approval (ND 142/2024 Điều 4): opened to approve or refuse
        # it (a commander) or to withdraw it (the clerk who prepared it)
        self.pending_release_button = QPushButton(_("Phiếu chờ duyệt xuất…"))
        self.pending_release_button.clicked.connect(self.open_pending_release)
        self.pending_release_button.hide()
        self.name_label = QLabel()
        self.name_label.setStyleSheet("font-size: 13pt")
        self.name_label.setWordWrap(True)
        self.case_label = QLabel()  # the case by its name, not just its number (HANDS-ON 14)
        self.case_label.setWordWrap(True)
        self.case_label.setStyleSheet("color: #37474f")
        self.back_button = QPushButton(_("← Quay lại"))
        self.back_button.setToolTip(_("Về màn hình trước (Alt+←)"))
        self.back_button.clicked.connect(self.go_back)
        self.print_button = MenuButton(_("In…"))
        self.print_menu = QMenu(self.print_button)
        self.print_menu.aboutToShow.connect(self._fill_print_menu)
        self.print_button.setMenu(self.print_menu)
        self.actions = FlowLayout()  # wraps at 1280 px instead of widening the window (HANDS-ON 95)
        self._button_pool: dict[str, QPushButton] = {}  # action key → its button, reused from item to item
        self._field_rows_left: list[tuple[QLabel, QLabel]] = []
        self._field_rows_right: list[tuple[QLabel, QLabel]] = []
        self.fields = QFormLayout()
        self.fields.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.fields_right = QFormLayout()
        self.fields_right.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.photos = QHBoxLayout()
        self.timeline = Timeline()
        self.documents = DocumentsList()
        self.deadlines = DeadlinesTable()
        self.tabs = QTabWidget()
        self.ledger_label = QLabel()
        self.ledger_label.setStyleSheet("color: #666")
        self._layout()

    def _layout(self) -> None:
        head = QHBoxLayout()
        head.addWidget(self.back_button)
        head.addWidget(self.code_label)
        head.addWidget(self.state_label)
        head.addWidget(self.pending_release_button)
        head.addStretch(1)
        head.addWidget(self.print_button)
        actions = QWidget()
        actions.setLayout(self.actions)
        body = QHBoxLayout()
        body.addLayout(self.fields, 3)
        body.addLayout(self.fields_right, 3)
        photo_box = QWidget()
        photo_box.setLayout(self.photos)
        scroll = QScrollArea()
        scroll.setWidget(photo_box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFixedHeight(THUMB + 24)
        scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.photo_scroll = scroll
        right = QVBoxLayout()
        right.addWidget(scroll)
        right.addStretch(1)
        body.addLayout(right, 2)
        docs = QWidget()
        docs_layout = QVBoxLayout(docs)
        docs_layout.addWidget(QLabel(_("Văn bản căn cứ và biên bản")))
        docs_layout.addWidget(self.documents, 1)
        docs_layout.addWidget(QLabel(_("Thời hạn")))
        docs_layout.addWidget(self.deadlines, 1)
        self.tabs.addTab(self.timeline, _("Diễn biến lưu giữ"))
        self.tabs.addTab(docs, _("Căn cứ và thời hạn"))
        from .case_milestones import MilestonesPanel
        self.milestones = MilestonesPanel(self.ctx)
        self.milestones.changed.connect(lambda: self.show_item(self.item.code) if self.item else None)
        self.tabs.addTab(self.milestones, _("Mốc tố tụng và thẩm quyền"))
        details = QWidget()
        details.setLayout(body)
        upper = QScrollArea()  # the fields scroll; the window no longer grows with them (HANDS-ON 95)
        upper.setWidget(details)
        upper.setWidgetResizable(True)
        upper.setFrameShape(QFrame.Shape.NoFrame)
        upper.setMinimumHeight(120)
        self.tabs.setMinimumHeight(140)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.name_label)
        layout.addWidget(self.case_label)
        layout.addWidget(actions)
        layout.addWidget(split, 1)
        layout.addWidget(self.ledger_label)

    # -- showing ----------------------------------------------------------------------------
    def show_item(self, code: str) -> bool:
        result = operations.query(self.ctx, queries.item_by_code, code, parent=self)
        if not result.ok:
            return False
        self.show_detail(result.value)
        return True

    def show_detail(self, item: ItemDetail) -> None:
        self.item = item
        self.code_label.setText(code_text(item.code))
        awaiting = getattr(item, "awaiting_disposal", "")
        pending = getattr(item, "awaiting_release", "")  # ND 142/2024 Điều 4: prepared, not out until approved
        self.state_label.setText(state_label(item.state) + (" · " + _("đã duyệt xử lý, chờ thực hiện ({number})",
                                                                      number=awaiting) if awaiting else "")
                                 + (" · " + _("đã lập biên bản xuất kho {number}, chờ lãnh đạo duyệt xuất",
                                              number=pending) if pending else "")
                                 + (" · " + _("đã đề xuất xử lý ({number}), chờ lãnh đạo phê duyệt",
                                              number=item.disposal_proposed)
                                    if getattr(item, "disposal_proposed", "") else "")
                                 + self._restriction_text(item))
        self.state_label.setStyleSheet(state_style(item.state))
        self.pending_release_button.setVisible(bool(pending))
        self.name_label.setText(item.name)
        case_name = getattr(item, "case_title", "") or item.case_offence
        self.case_label.setText(_("Vụ án {number}: {name}", number=item.case_number, name=case_name) if case_name
                                else _("Vụ án {number}", number=item.case_number))
        self._fill_fields(item)
        self._fill_photos(item)
        self.timeline.show_events(item.events, self._places())
        self.documents.show_events(item.events)
        self.deadlines.show_deadlines(item.deadlines)
        self.tabs.setTabText(0, _("Diễn biến lưu giữ ({n})", n=len(item.events)))
        self.ledger_label.setText(_("Sổ theo dõi: sự kiện cuối #{seq} · {hash}", seq=item.ledger_head_seq,
                                    hash=item.ledger_head_hash[:12]))
        self._fill_actions(item)
        self._show_authority(item)

    def _restriction_text(self, item: ItemDetail) -> str:
        """A suspension of transactions in force (NQ 164/2024/QH15): the item stays, restricted — said beside its
        state for every reader."""
        from evidence_store.services import pilot
        if State(item.state) in TERMINAL:
            return ""
        result = operations.query(self.ctx, pilot.item_restriction, item.code, parent=self)
        if not result.ok or not result.value:
            return ""
        r = result.value
        return " · " + _("tạm dừng giao dịch theo {decision} (NQ 164/2024/QH15), đã thông báo {registry}",
                         decision=r.get("decision", ""), registry=r.get("registry", ""))

    def _fill_fields(self, item: ItemDetail) -> None:
        """The item's fields in two columns; the rows' labels are made once and reused by the next item
        (issue #19: creating and styling new labels after every scan was a third of the view's time)."""
        rows = [(label, value) for label, value in field_rows(item) if value]
        split = next((i for i, (label, _v) in enumerate(rows) if label == N_("Niêm phong")), (len(rows) + 1) // 2)
        fill_form(self.fields, self._field_rows_left, rows[:split])
        fill_form(self.fields_right, self._field_rows_right, rows[split:])

    def _fill_photos(self, item: ItemDetail) -> None:
        clear_form(self.photos)
        photos = [p for p in item.photos if p.mime.startswith("image/")]
        self.photo_scroll.setVisible(bool(photos))
        for p in photos:
            result = operations.query(self.ctx, browse.attachment_content, p.id, parent=self)
            pixmap = QPixmap()
            if result.ok and pixmap.loadFromData(result.value):
                thumb = QLabel()
                thumb.setPixmap(pixmap.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                              Qt.TransformationMode.SmoothTransformation))
                thumb.setToolTip(p.filename)
                self.photos.addWidget(thumb)
        self.photos.addStretch(1)

    def _show_authority(self, item: ItemDetail) -> None:
        """The case's milestones and, for this item, why each disposal is not possible now (issue #11)."""
        from evidence_store.services import case_authority
        read = operations.query(self.ctx, case_authority.item_authority, item, parent=self)
        if read.ok:
            self.disposal_reasons, rows, info = read.value
            from .pilot_measures import options_text
            pilot_html = (_("Biện pháp thí điểm NQ 164/2024/QH15:") + "<br>" + options_text(self.pilot_options)
                          if getattr(self, "pilot_options", None) else None)
            self.milestones.show_loaded(item.case_id, rows, info, self.disposal_reasons, pilot_html)
        else:
            self.disposal_reasons = {}
            self.milestones.show_case(item.case_id, self.disposal_reasons)
        button = getattr(self, "action_buttons", {}).get("dispose")
        blocked = [r for r in self.disposal_reasons.values() if r]
        if button is not None:
            if blocked and len(blocked) == len(self.disposal_reasons):
                button.setEnabled(False)
                button.setToolTip(blocked[0])
            else:
                button.setToolTip("\n".join(blocked))

    def _places(self) -> dict:
        """Location id → name, for moves shown as "from → to" (read once per screen)."""
        if getattr(self, "_place_names", None) is None:
            result = operations.query(self.ctx, queries.location_tree, parent=self)
            names: dict = {}

            def walk(nodes):
                for n in nodes:
                    names[n.id] = n.name
                    walk(n.children)
            walk(result.value if result.ok else [])
            self._place_names = names
        return self._place_names

    # -- actions ----------------------------------------------------------------------------
    def moves(self, item: ItemDetail) -> list[move_rules.Availability]:
        """What the domain says this user may do to this item now, each with its reason when not (domain.moves)."""
        roles = self.ctx.actor.roles if self.ctx.actor else ()
        moves = move_rules.available_moves(State(item.state), roles, category=CATEGORIES.get(item.category),
                                           sealed=item.sealed, code=item.code, seal_number=item.seal_number or "",
                                           awaiting_disposal=getattr(item, "awaiting_disposal", ""),
                                           awaiting_release=getattr(item, "awaiting_release", ""),
                                           disposal_proposed=getattr(item, "disposal_proposed", ""))
        if getattr(item, "case_read_only", False):  # handed to another agency: greyed, with the service's reason
            moves = move_rules.denied(moves, PermissionDenied("case_read_only", action="*",
                                                              user=self.ctx.actor.username, case=item.case_number))
        return moves

    def available_actions(self, item: ItemDetail) -> list[tuple[str, str]]:
        """(key, label) of the actions shown: allowed by role, possible in this state."""
        return [(m.key, C_("action", m.label)) for m in self.moves(item) if m.ok]

    def _fill_actions(self, item: ItemDetail) -> None:
        """The possible actions as buttons; those the state forbids now greyed, with the domain's reason. One
        button per action, made the first time it is needed and reused for the next items (issue #19)."""
        self.action_buttons: dict[str, QPushButton] = {}
        self.unavailable_buttons: dict[str, QPushButton] = {}
        moves = [m for m in self.moves(item) if m.for_this_item]
        if any(m.ok for m in moves) or State(item.state) not in TERMINAL:  # a closed item: no greyed buttons
            for move in moves:
                button = self._action_button(move.key)
                button.setText(C_("action", move.label))
                button.setEnabled(move.ok)
                reason = "" if move.ok else message(move.reason)
                button.setToolTip(reason)
                button.setStatusTip(reason)
                button.setAccessibleDescription(reason)
                (self.action_buttons if move.ok else self.unavailable_buttons)[move.key] = button
        self._pilot_action(item)
        unclaimed_actions(self, item)  # Luật THADS Điều 126: money → savings, property → sale
        shown = [*self.action_buttons.values(), *self.unavailable_buttons.values()]
        current = [self.actions.itemAt(i).widget() for i in range(self.actions.count())]
        if current != shown:
            while self.actions.count():
                self.actions.takeAt(0)
            for button in shown:
                self.actions.addWidget(button)
            self.actions.invalidate()
        for button in self._button_pool.values():
            button.setVisible(button in shown)

    def open_pending_release(self, *, modal: bool = True):
        pending = getattr(self.item, "awaiting_release", "") if getattr(self, "item", None) else ""
        if not pending:
            return None
        from .release_approval import ReleaseApprovalDialog
        self.dialog = ReleaseApprovalDialog(self.ctx, pending, self)
        if modal:
            self.dialog.exec()
            self.show_item(self.item.code)
        return self.dialog

    def _pilot_action(self, item: ItemDetail) -> None:
        """«Biện pháp thí điểm NQ 164…» for a case officer or clerk who records disposals: enabled when a measure is
        possible for this item now, else greyed with the domain's reasons (NQ 164/2024/QH15; services.pilot)."""
        from .pilot_measures import load_options
        roles = self.ctx.actor.roles if self.ctx.actor else ()
        self.pilot_options = []
        if State(item.state) in TERMINAL or not allowed(roles, "record_disposal"):
            return
        self.pilot_options = load_options(self.ctx, item.code, self)
        if not self.pilot_options:
            return
        possible = [o for o in self.pilot_options if o.refusal is None]
        button = self._action_button("pilot")
        button.setText(_("Biện pháp thí điểm NQ 164…"))
        button.setEnabled(bool(possible))
        reasons = "\n".join(_("{measure}: {reason}", measure=_(o.label), reason=message(o.refusal))
                            for o in self.pilot_options if o.refusal is not None)
        button.setToolTip(reasons)
        button.setStatusTip(reasons.split("\n")[0] if reasons else "")
        button.setAccessibleDescription(reasons)
        (self.action_buttons if possible else self.unavailable_buttons)["pilot"] = button

    def _action_button(self, key: str) -> QPushButton:
        button = self._button_pool.get(key)
        if button is None:
            button = self._button_pool[key] = QPushButton()
            button.clicked.connect(lambda _checked=False, k=key: self.start_action(k))
        return button

    def start_action(self, key: str) -> None:
        code = self.item.code
        if key == "move":
            self.dialog = MoveDialog(self.ctx, code, self)
        elif key in ("seal", "unseal", "reseal"):
            self.dialog = SealDialog(self.ctx, code, key, self)
        elif key == "pilot":  # NQ 164/2024/QH15 measures (ui.screens.pilot_measures)
            from .pilot_measures import PilotMeasureDialog
            self.dialog = PilotMeasureDialog(self.ctx, self.item, self.pilot_options, self)
        elif key == "carry_out":  # the approved disposal's act: real times, place, council present
            from .disposal_carry_out import CarryOutDialog
            self.dialog = CarryOutDialog(self.ctx, self.item.awaiting_disposal, self)
        elif key in UNCLAIMED_KEYS:
            self.dialog = unclaimed_dialog(self.ctx, key, code, self)
        else:
            self.dialog = lifecycle.open_dialog(self.ctx, key, [code], self)
            if self.dialog is None:
                return
            self.dialog.finished.connect(self._dialog_closed)
            current = self.timeline.currentItem()
            if key == "correction" and current is not None and hasattr(self.dialog, "select_event"):
                self.dialog.select_event(int(current.text(0).lstrip("#") or 0))
            return
        self.dialog.finished.connect(self._dialog_closed)
        self.dialog.show()  # not modal: a scanned shelf code must reach it through handle_scan

    def _dialog_closed(self) -> None:
        self.dialog = None

    # -- back and printing ------------------------------------------------------------------
    def go_back(self) -> None:
        back = getattr(self.window(), "go_back", None)
        if back is not None:
            back()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt)
        if event.key() == Qt.Key.Key_Escape:
            self.go_back()
            return
        super().keyPressEvent(event)

    def _fill_print_menu(self) -> None:
        fill_print_menu(self.ctx, self, self.print_menu, self.item)

    # -- scans and refresh ------------------------------------------------------------------
    def handle_scan(self, scan) -> bool:
        """A scan fills the open move dialog (the shelf's code); otherwise the main window opens
        the scanned item here."""
        return self.dialog is not None and self.dialog.handle_scan(scan)

    def shows(self, changes) -> bool:
        """The item shown, or its case (a change naming no item: a milestone, a transfer)."""
        return self.item is not None and (changes is None or not changes.item_codes
                                          or self.item.code in changes.item_codes)

    def refresh(self, changes=None) -> None:
        if self.shows(changes):
            self.show_item(self.item.code)
