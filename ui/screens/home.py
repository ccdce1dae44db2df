"""Trang chủ: what waits for the warehouse today — intakes awaiting receipt, temporary releases due
or overdue, legal deadlines, items held ≥ 1 year, and the latest ledger activity."""

from __future__ import annotations


from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from evidence_store.domain.deadlines import DEADLINE_LABELS, DeadlineKind
from evidence_store.domain.permissions import allowed
from evidence_store.i18n import N_, _
from evidence_store.services import deadlines_service, handovers, queries, register, tasks

from .. import operations
from ..widgets.elided_button import ElidedButton
from ..models.format import URGENCY_COLORS, URGENCY_LABELS, code_text, date_text, datetime_text, number_text
from ..models.paged import Column
from ..widgets.export_button import ExportButton, ExportSource
from .base import Screen
from evidence_store.domain import chronology


def _deadline_kind(kind: str) -> str:
    return _(DEADLINE_LABELS[DeadlineKind(kind)]) if kind in DeadlineKind._value2member_map_ else kind


DEADLINE_EXPORT_COLUMNS = (
    Column(N_("Hạn"), lambda d: date_text(d.due_on), width=90, kind="date", cell=lambda d: d.due_on),
    Column(N_("Mức độ"), lambda d: _(URGENCY_LABELS.get(d.urgency, d.urgency)), width=110),
    Column(N_("Loại hạn"), lambda d: _deadline_kind(d.kind), width=260),
    Column(N_("Bắt đầu"), lambda d: date_text(d.start_on), width=90, kind="date", cell=lambda d: d.start_on),
    Column(N_("Mã"), lambda d: code_text(d.item_code), width=120),
    Column(N_("Vật chứng"), lambda d: d.item_name, width=240),
    Column(N_("Vụ án"), lambda d: d.case_number, width=120),
    Column(N_("Người / cơ quan chịu trách nhiệm"), lambda d: d.responsible or "", width=240),
)

HOME_DEADLINE_ROWS = 50  # the soonest; "Xem tất cả" shows the rest (issue #19: 1,000 rows at 100,000 items)
URGENCY_COLOURS = {"overdue": "#c62828", "due_today": "#ef6c00", "due_soon": "#f9a825", "ok": "#2e7d32"}
CARDS = (  # key, title, colour
    ("awaiting", N_("Chờ nhập kho"), "#1565c0"),
    ("temporary", N_("Tạm xuất đến hạn / quá hạn"), "#ef6c00"),
    ("legal", N_("Hạn luật định sắp đến"), "#c62828"),
    ("pending", N_("Tồn đọng từ 1 năm trở lên"), "#6a1b9a"),
)


class ClickableCard(QFrame):
    """A card that opens what it counts (HANDS-ON 7)."""

    clicked = Signal()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt)
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


def _card(title: str, colour: str) -> tuple[QFrame, QLabel]:
    frame = ClickableCard()
    frame.setCursor(Qt.CursorShape.PointingHandCursor)
    frame.setObjectName("card")
    frame.setStyleSheet(f"QFrame#card {{ border: 1px solid #d0d0d0; border-left: 6px solid {colour};"
                        " border-radius: 4px; background: palette(base); }")
    box = QVBoxLayout(frame)
    box.setContentsMargins(14, 10, 14, 10)
    number = QLabel("0")
    number.setStyleSheet(f"font-size: 24pt; font-weight: bold; color: {colour}; border: none;")
    caption = QLabel(title)
    caption.setWordWrap(True)
    caption.setStyleSheet("border: none;")
    box.addWidget(number)
    box.addWidget(caption)
    return frame, number


def _table(headers: list[str], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setAlternatingRowColors(True)
    return table


class _BulkFill:
    """Fill a table without re-measuring its columns after every cell (issue #19: with ResizeToContents, each
    setItem re-measured every row: 1,000 deadline rows took minutes at 100,000 items); the columns are
    measured once when the fill ends."""

    def __init__(self, table: QTableWidget) -> None:
        self.table = table
        self.header = table.horizontalHeader()

    def __enter__(self):
        self.modes = [self.header.sectionResizeMode(c) for c in range(self.header.count())]
        for c in range(self.header.count()):
            if self.modes[c] == QHeaderView.ResizeMode.ResizeToContents:
                self.header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
        self.table.setUpdatesEnabled(False)
        return self.table

    def __exit__(self, *exc) -> None:
        for c, mode in enumerate(self.modes):
            if mode == QHeaderView.ResizeMode.ResizeToContents:
                self.header.setSectionResizeMode(c, mode)
        self.table.setUpdatesEnabled(True)


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 12pt; font-weight: bold; margin-top: 8px;")
    return label


class HomeScreen(Screen):
    nav_title = N_("Trang chủ")

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.dashboard = None
        self.pending_count: int | None = None  # the ≥ 1-year card's figure once counted (_count_pending)
        self._loaded_on = None  # the day of the last load: the deadlines count in days
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        top = QHBoxLayout()
        hello = QLabel(_("Xin chào, {name}", name=ctx.actor.full_name or ctx.actor.username))
        hello.setStyleSheet("font-size: 15pt; font-weight: bold;")
        top.addWidget(hello, 1)
        for key, title, action in (("intake", _("Nhập kho (F2)"), "receive_items"),
                                   ("shelving", _("Xếp kệ (F3)"), "move_items"),
                                   ("release", _("Xuất kho"), "release_items"),
                                   ("disposal", _("Xử lý vật chứng"), "record_disposal")):
            if allowed(ctx.actor.roles, action):
                button = QPushButton(title)
                button.clicked.connect(lambda _c=False, k=key: self._go(k))
                top.addWidget(button)
        layout.addLayout(top)
        cards = QGridLayout()
        self.numbers: dict[str, QLabel] = {}
        self.cards: dict[str, QFrame] = {}
        for col, (key, title, colour) in enumerate(CARDS):
            frame, self.numbers[key] = _card(_(title), colour)
            frame.setToolTip(_("Bấm để xem danh sách"))
            frame.clicked.connect(lambda k=key: self.open_card(k))
            self.cards[key] = frame
            cards.addWidget(frame, 0, col)
        layout.addLayout(cards)
        self.approvals = QPushButton()
        self.approvals.setStyleSheet("text-align: left; padding: 8px; font-weight: bold; color: #6a1b9a;"
                                     " border: 1px solid #ce93d8; border-radius: 4px; background: #f3e5f5;")
        self.approvals.clicked.connect(lambda: self._go("disposal"))
        self.approvals.hide()
        layout.addWidget(self.approvals)
        # the task inbox and the unfinished records (issue 13): each line opens its list
        self.task_buttons: dict[str, ElidedButton] = {}
        tasks_row = QHBoxLayout()
        for key, colour in (("inbox", "#1565c0"), ("unfinished", "#ef6c00")):
            button = ElidedButton()
            button.setStyleSheet(f"text-align: left; padding: 8px; font-weight: bold; color: {colour};"
                                 f" border: 1px solid {colour}; border-radius: 4px; background: palette(base);")
            button.clicked.connect(lambda _c=False, k=key: self.open_tasks(k))
            button.hide()
            self.task_buttons[key] = button
            tasks_row.addWidget(button, 3 if key == "inbox" else 2)
        layout.addLayout(tasks_row)
        from .audit_home import AuditScheduleBanner
        self.audit_schedule = AuditScheduleBanner(ctx, self._go)
        layout.addWidget(self.audit_schedule)
        from .first_steps import FirstStepsPanel  # the administrator's first steps (HANDS-ON 3)
        self.first_steps = FirstStepsPanel(ctx, self._go)
        layout.addWidget(self.first_steps)
        head = QHBoxLayout()
        head.addWidget(_heading(_("Hạn cần xử lý")), 1)
        self.export_button = ExportButton(ctx, self.export_source, "thoi-han", self)
        head.addWidget(self.export_button)
        layout.addLayout(head)
        self.deadlines = _table([_("Hạn"), _("Mức độ"), _("Loại hạn"), _("Mã"), _("Vật chứng"), _("Vụ án"),
                                 _("Người / cơ quan chịu trách nhiệm")], 4)
        self.deadlines.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # "Xe mô tô … BKS 29X1-123.45": plate kept
        self.deadlines.setWordWrap(False)  # wrapped, each line was elided and the second cut: «… BKS …», plate lost
        # at 1366×768 the long deadline kinds ("Phải chuyển ngay Kho bạc / cơ quan chuyên trách (Điều 90 BLTTHS)")
        # and the agency names took the width the item's name needs: both get a fixed share (whole text in the
        # tooltip), the name the rest (issue 17)
        for col, width in ((2, 250), (6, 220)):
            self.deadlines.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.deadlines.setColumnWidth(col, width)
        layout.addWidget(self.deadlines, 3)
        self.show_all_deadlines = False
        self.more_deadlines = QPushButton()
        self.more_deadlines.setStyleSheet("text-align: left; border: none; color: #1565c0; padding: 2px;")
        self.more_deadlines.setCursor(Qt.CursorShape.PointingHandCursor)
        self.more_deadlines.clicked.connect(self.toggle_all_deadlines)
        self.more_deadlines.hide()
        layout.addWidget(self.more_deadlines)
        layout.addWidget(_heading(_("Hoạt động gần đây")))
        self.recent = _table([_("Thời gian"), _("Mã"), _("Nội dung"), _("Người thực hiện")], 2)
        layout.addWidget(self.recent, 2)
        for table in (self.deadlines, self.recent):  # a row opens its item (double-click or Enter)
            table.cellDoubleClicked.connect(lambda row, _col, t=table: self.open_row(t, row))
            table.setToolTip(_("Nhấp đúp để mở vật chứng"))
        self.refresh()

    def export_source(self) -> ExportSource:
        """Every open deadline, soonest first (the table shows those due within the warning days)."""
        return ExportSource(_("Thời hạn chưa hoàn thành"), _("mọi thời hạn đang mở"), DEADLINE_EXPORT_COLUMNS,
                            lambda uow: queries.deadlines(uow, open_only=True, limit=10_000_000),
                            lambda uow: len(queries.deadlines(uow, open_only=True, limit=10_000_000)))

    def _go(self, key: str):
        window = self.window()
        if hasattr(window, "navigate"):
            return window.navigate(key)
        return None

    def open_card(self, key: str):
        """Due releases, legal deadlines and the ≥ 1-year backlog (its reviews due: TT 01/2017 Điều 13.2) → the task
        inbox when there is one (issue 13), else the deadline table; awaiting intake, due releases → the item list
        filtered so (HANDS-ON 7)."""
        window = self.window()
        if key in ("temporary", "legal", "pending") and "inbox" in getattr(window, "screens", {}):
            inbox = window.navigate("inbox")  # the inbox showing just these deadlines (issue 13)
            if inbox is not None and hasattr(inbox, "show_only"):
                inbox.show_only(key)
            return inbox
        if key in ("legal", "pending"):
            self.deadlines.setFocus()
            if self.deadlines.rowCount():
                self.deadlines.selectRow(0)
            return None
        items = self._go("items")
        if items is not None and hasattr(items, "show_filtered"):
            items.show_filtered(state={"awaiting": "awaiting_intake", "temporary": "out_temporary"}[key])
        return items

    def open_row(self, table: QTableWidget, row: int) -> None:
        item = table.item(row, 3 if table is self.deadlines else 1)
        code = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        window = self.window()
        if code and hasattr(window, "open_code"):
            window.open_code(code)

    def activated(self) -> None:
        """Loaded when first shown and on a new day; a change reloads it through the main window, once, and only
        when it is in view or shown again (ui.screen_refresh) — not at every visit."""
        if self._loaded_on != chronology.today():
            self.refresh()

    def refresh(self, changes=None) -> None:
        self._loaded_on = chronology.today()
        self.first_steps.refresh()
        result = operations.query(self.ctx, deadlines_service.dashboard, backlog=False, parent=self)
        if not result.ok:
            return
        self.dashboard = d = result.value
        counts = {"awaiting": d.awaiting_intake, "temporary": len(d.temporary_due), "legal": len(d.legal_due)}
        for key, value in counts.items():
            self.numbers[key].setText(number_text(value))
        self._count_pending()
        self._fill_deadlines(d.temporary_due + d.legal_due)
        self._fill_recent(d.recent, d.recent_text)
        self._show_approvals()
        self.audit_schedule.refresh()
        self._show_tasks()

    def _count_pending(self) -> None:
        """The ≥ 1-year backlog scans every held item (~0.5 s at a million, issue #19): counted on a thread of its
        own so that the window is usable at once; until it comes the card shows "…" (or the previous figure on a
        refresh). Only the newest count is shown."""
        self._pending_asked = asked = getattr(self, "_pending_asked", 0) + 1
        if self.pending_count is None:
            self.numbers["pending"].setText("…")

        def done(result) -> None:
            if result.ok and asked == self._pending_asked:
                self.pending_count = result.value
                self.numbers["pending"].setText(number_text(result.value))

        operations.query_later(self.ctx, deadlines_service.pending_now, on_done=done, parent=self)

    def _show_tasks(self) -> None:
        if allowed(self.ctx.actor.roles, "read_tasks"):
            result = operations.query(self.ctx, tasks.inbox, parent=self)
            mine = result.value if result.ok else []
            counts: dict[str, int] = {}
            for t in mine:
                counts[t.kind] = counts.get(t.kind, 0) + 1
            # an act out waiting for approval first: its receiver waits at the counter (ND 142/2024 Điều 4), and a
            # long line is cut at its end (seen under Xvfb: «Duyệt xuất kho» lost behind «…»)
            order = sorted(counts, key=lambda k: k != "approve_release")
            parts = [f"{_(tasks.TASK_LABELS[k])}: {counts[k]}" for k in order]
            overdue = sum(1 for t in mine if t.overdue)
            # the overdue count first: a narrow window cuts the line's end ("…"), never what is late
            text = _("Việc cần làm: {n}", n=len(mine)) + (" · " + _("{n} quá hạn", n=overdue) if overdue else "")
            text += f" — {' · '.join(parts)}" if parts else ""
            self.task_buttons["inbox"].setText(text)
            self.task_buttons["inbox"].setVisible(True)
            self.task_count = len(mine)
        if allowed(self.ctx.actor.roles, "verify_ledger"):
            result = operations.query(self.ctx, register.count_records, register.RegisterQuery(unfinished=True),
                                      parent=self)
            n = result.value if result.ok else 0
            self.task_buttons["unfinished"].setText(_("Biên bản chưa hoàn tất: {n} — mở sổ biên bản", n=n))
            self.task_buttons["unfinished"].setVisible(True)

    def open_tasks(self, key: str):
        window = self.window()
        if not hasattr(window, "navigate"):
            return None
        if key == "inbox":
            inbox = window.navigate("inbox")
            if inbox is not None and hasattr(inbox, "show_only"):
                inbox.show_only(None)  # every task (a card may have left it filtered)
            return inbox
        screen = window.navigate("register")
        if screen is not None:
            screen.show_unfinished()
        return screen

    def _show_approvals(self) -> None:
        """Commanders see the disposal proposals waiting for their approval (DESIGN §6)."""
        if not allowed(self.ctx.actor.roles, "approve_disposal"):
            return
        result = operations.query(self.ctx, handovers.list_handovers, limit=5000, parent=self)
        pending = [h for h in result.value if h.kind == "disposal" and h.approval == "pending"] \
            if result.ok else []
        self.approvals.setText(_("{n} đề xuất xử lý vật chứng đang chờ phê duyệt — mở danh sách", n=len(pending)))
        self.approvals.setVisible(bool(pending))

    def _fill_deadlines(self, rows) -> None:
        """The soonest HOME_DEADLINE_ROWS due deadlines; "Xem tất cả" shows every one of them."""
        rows = sorted(rows, key=lambda r: r.due_on)
        self._due_rows = rows
        shown = rows if self.show_all_deadlines else rows[:HOME_DEADLINE_ROWS]
        with _BulkFill(self.deadlines):
            self._fill_deadline_rows(shown)
        if len(rows) > HOME_DEADLINE_ROWS:
            self.more_deadlines.setText(
                _("Chỉ xem {shown} hạn gần nhất", shown=number_text(HOME_DEADLINE_ROWS)) if self.show_all_deadlines
                else _("Đang xem {shown} hạn gần nhất trong {total} — xem tất cả",
                       shown=number_text(HOME_DEADLINE_ROWS), total=number_text(len(rows))))
        self.more_deadlines.setVisible(len(rows) > HOME_DEADLINE_ROWS)

    def toggle_all_deadlines(self) -> None:
        self.show_all_deadlines = not self.show_all_deadlines
        self._fill_deadlines(getattr(self, "_due_rows", []))

    def _fill_deadline_rows(self, rows) -> None:
        self.deadlines.setRowCount(len(rows))
        for i, r in enumerate(rows):
            colour = QColor(URGENCY_COLOURS.get(r.urgency, "#000000"))
            label = DEADLINE_LABELS.get(DeadlineKind(r.kind), r.kind) if r.kind in DeadlineKind._value2member_map_ \
                else r.kind
            cells = [date_text(r.due_on), _(URGENCY_LABELS.get(r.urgency, r.urgency)), _(label),
                     code_text(r.item_code), r.item_name, r.case_number, r.responsible or ""]
            background = URGENCY_COLORS.get(r.urgency)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if background is not None:
                    item.setBackground(background)
                if col == 3:
                    item.setData(Qt.ItemDataRole.UserRole, r.item_code)
                if col == 1:
                    item.setForeground(colour)
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.deadlines.setItem(i, col, item)

    def _fill_recent(self, events, texts) -> None:
        """Newest first by when it happened (not by ledger order: a late entry of an older event)."""
        pairs = sorted(zip(events, texts), key=lambda p: p[0].occurred_at, reverse=True)
        with _BulkFill(self.recent):
            self.recent.setRowCount(len(pairs))
            for i, (e, text) in enumerate(pairs):
                cells = [datetime_text(e.occurred_at), code_text(e.item_code), text, e.username]
                for col, value in enumerate(cells):
                    item = QTableWidgetItem(value)
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    if col == 1:
                        item.setData(Qt.ItemDataRole.UserRole, e.item_code)
                    self.recent.setItem(i, col, item)
