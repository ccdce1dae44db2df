"""Việc cần làm: the task inbox (issue 13) — records to sign or finish, acts to accept, requests to prepare,
deadlines due, disposal proposals to decide, releases to approve; mine or my agency's (leaders and clerks), escalations marked. Each
row opens where the work is done; the day's digest prints or exports."""

from __future__ import annotations


from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from evidence_store.i18n import N_, _
from evidence_store.services import tasks

from .. import dialogs, operations
from ..models.format import code_text, date_text, number_text
from ..models.paged import Column
from ..widgets.row_table import RowTable
from .base import Screen
from evidence_store.domain import chronology


UNCLAIMED_ACTS = {"unclaimed_money": "savings", "unclaimed_property": "unclaimed_sale"}  # deadline → its act


def _ref(t: tasks.Task) -> str:
    return code_text(t.ref) if t.item_code else t.ref


def _note(t: tasks.Task) -> str:
    notes = ([_("Quá hạn")] if t.overdue else []) + ([_("Báo lãnh đạo")] if t.escalated else [])
    return " · ".join(notes)


def _overdue_red(t: tasks.Task):
    return QColor("#c62828") if t.overdue else None


COLUMNS = tuple(Column(header, value, foreground=_overdue_red) for header, value in (
    (N_("Việc"), lambda t: _(tasks.TASK_LABELS[t.kind])), (N_("Số / mã"), _ref),
    (N_("Vụ án"), lambda t: t.case_number), (N_("Nội dung"), lambda t: t.text),
    (N_("Hạn"), lambda t: date_text(t.due_on)), (N_("Ghi chú"), _note)))
# the home screen's deadline cards open their part of the inbox (the same deadlines, due or overdue)
FILTERS = (("temporary", N_("Tạm xuất đến hạn / quá hạn")), ("legal", N_("Hạn luật định sắp đến")),
           ("pending", N_("Tồn đọng từ 1 năm trở lên")))


def matches(t: tasks.Task, what: str | None) -> bool:
    if not what:
        return True
    if what == "temporary":
        return t.kind == "deadline" and t.deadline_kind == "temporary_return"
    if what == "legal":
        return t.kind == "deadline" and t.deadline_kind != "temporary_return"
    if what == "pending":  # the home card's count: reviews due (TT 01/2017 Điều 13.2; services.pending_review)
        return t.kind == "deadline" and t.deadline_kind == "pending_review" and t.due_on is not None \
            and t.due_on <= chronology.today()
    return t.kind == what


class InboxScreen(Screen):
    nav_title = N_("Việc cần làm")
    required_action = "read_tasks"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.tasks: list[tasks.Task] = []
        self.whose = QComboBox()
        self.whose.addItem(_("Việc của tôi"), False)
        if tasks.can_view_agency(ctx.actor):
            self.whose.addItem(_("Việc của cả cơ quan"), True)
        self.whose.currentIndexChanged.connect(self.reload)
        self.what = QComboBox()
        self.what.addItem(_("Mọi loại việc"), None)
        for key, label in tasks.TASK_LABELS.items():
            self.what.addItem(_(label), key)
        for key, label in FILTERS:
            self.what.addItem(_(label), key)
        self.what.currentIndexChanged.connect(self.reload)
        self.table = RowTable(COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self.open_task(index.row()))
        # Enter on a row opens it, as a double-click does (a keyboard user had to Tab to «Mở việc đã chọn»)
        self.table.installEventFilter(self)
        self.summary = QLabel()
        open_button = QPushButton(_("Mở việc đã chọn"))
        open_button.clicked.connect(lambda: self.open_task(self.table.currentRow()))
        pdf = QPushButton(_("In bảng tổng hợp ngày…"))
        pdf.clicked.connect(self.print_digest)
        csv_button = QPushButton(_("Xuất CSV…"))
        csv_button.clicked.connect(self.export_digest)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        title = QLabel(_("Việc cần làm"))
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        top.addWidget(title, 1)
        top.addWidget(self.what)
        top.addWidget(self.whose)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        for b in (open_button, pdf, csv_button):
            bottom.addWidget(b)
        layout.addLayout(bottom)
        self.reload()

    @property
    def agency(self) -> bool:
        return bool(self.whose.currentData())

    def reload(self) -> None:
        self._loaded_on = chronology.today()
        result = operations.query(self.ctx, tasks.inbox, agency=self.agency, parent=self)
        self.tasks = [t for t in (result.value if result.ok else []) if matches(t, self.what.currentData())]
        self.table.show_rows(self.tasks)
        counts: dict[str, int] = {}
        for t in self.tasks:
            counts[t.kind] = counts.get(t.kind, 0) + 1
        self.summary.setText(" · ".join(f"{_(tasks.TASK_LABELS[k])}: {number_text(n)}" for k, n in counts.items())
                             or _("Không có việc nào đang chờ."))

    def show_only(self, what: str | None) -> None:
        """One kind of task (or a home card's deadlines: "temporary", "legal"); None: every task. Opened from the
        home screen, the keyboard lands on the first task (it stayed on the hidden card, then fell on the filter,
        where the next arrow key changed the filter; issue 17)."""
        index = self.what.findData(what) if what else 0
        self.what.setCurrentIndex(max(0, index))
        self.reload()
        if self.table.rowCount():
            self.table.selectRow(0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt)
        if obj is self.table and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.currentRow() >= 0:
            self.open_task(self.table.currentRow())
            return True
        return super().eventFilter(obj, event)

    def refs(self, kind: str | None = None) -> list[str]:
        return [t.ref for t in self.tasks if kind is None or t.kind == kind]

    def row_of(self, kind: str, ref: str) -> int:
        return next((i for i, t in enumerate(self.tasks) if t.kind == kind and t.ref == ref), -1)

    def open_task(self, row: int, *, modal: bool = True):
        """Open where the task is done: the record (sign, finish, accept), the pick list, the item, the disposal."""
        if not 0 <= row < len(self.tasks):
            return None
        t = self.tasks[row]
        window = self.window()
        if t.kind in ("sign", "finish", "accept"):
            from .handover import HandoverDialog
            dialog = HandoverDialog(self.ctx, t.ref, self)
            self.last_dialog = dialog
            if modal:
                dialog.exec()
                self.reload()
            return dialog
        if t.kind == "prepare":
            from .requests import PickDialog
            dialog = PickDialog(self.ctx, t.ref, self)
            self.last_dialog = dialog
            if modal:
                dialog.exec()
                self.reload()
            return dialog
        if t.kind == "deadline" and t.deadline_kind in UNCLAIMED_ACTS:  # Luật THADS Điều 126: the act itself
            from .unclaimed_sale import unclaimed_dialog
            dialog = unclaimed_dialog(self.ctx, UNCLAIMED_ACTS[t.deadline_kind], t.ref, self)
            self.last_dialog = dialog
            if modal:
                dialog.exec()
                self.reload()
            return dialog
        if t.kind == "deadline" and t.item_code and hasattr(window, "open_code"):
            window.open_code(t.ref)
            return None
        if t.kind == "deadline" and hasattr(window, "navigate"):  # a case's deadline: the case, on «Thời hạn»
            from evidence_store.services import browse
            found = operations.query(self.ctx, browse.case_id_by_number, t.case_number, parent=self)
            screen = window.navigate("cases")
            if found.ok and found.value and screen is not None:
                screen.show_case(found.value)
                screen.tabs.setCurrentWidget(screen.deadlines)
            return screen
        if t.kind == "confirm" and hasattr(window, "navigate"):  # the case's milestones, the one to confirm selected
            from evidence_store.services import browse
            found = operations.query(self.ctx, browse.case_id_by_number, t.case_number, parent=self)
            screen = window.navigate("cases")
            if found.ok and found.value and screen is not None:
                screen.show_case(found.value)
                screen.tabs.setCurrentWidget(screen.milestones)
                screen.milestones.select_milestone(int(t.ref.lstrip("#")))
            return screen
        if t.kind == "assign" and hasattr(window, "navigate"):  # the case, «Phân công người thụ lý…» ready
            from evidence_store.services import browse
            found = operations.query(self.ctx, browse.case_id_by_number, t.ref, parent=self)
            screen = window.navigate("cases")
            if found.ok and found.value and screen is not None:
                screen.show_case(found.value)
                screen.assign_button.setFocus()
            return screen
        if t.kind == "carry_out":  # the approved disposal's act: times, place, council present
            from .disposal_carry_out import CarryOutDialog
            dialog = CarryOutDialog(self.ctx, t.ref, self)
            self.last_dialog = dialog
            if modal:
                dialog.exec()
                self.reload()
            return dialog
        if t.kind == "approve_release":  # the prepared release: approve (the items leave) or refuse with a reason
            from .release_approval import ReleaseApprovalDialog
            dialog = ReleaseApprovalDialog(self.ctx, t.ref, self)
            self.last_dialog = dialog
            if modal:
                dialog.exec()
                self.reload()
            return dialog
        if t.kind == "decide" and hasattr(window, "navigate"):
            screen = window.navigate("disposal")
            if screen is not None and hasattr(screen, "select_number"):
                screen.select_number(t.ref)
            return screen
        return None

    def print_digest(self):
        from .result_bar import preview
        return preview(self.ctx, lambda uow, _n: tasks.digest_pdf(uow, agency=self.agency), "digest",
                       _("Bảng tổng hợp công việc"), "viec-can-lam.pdf", self)

    def export_digest(self) -> bool:
        path = dialogs.ask_save_path(_("Lưu bảng tổng hợp công việc"), "viec-can-lam.csv", _("CSV (*.csv)"), self)
        if not path:
            return False
        result = operations.query(self.ctx, tasks.digest_csv, agency=self.agency, parent=self)
        if not result.ok:
            return False
        from pathlib import Path
        Path(path).write_bytes(result.value)
        dialogs.info(_("Đã lưu {path}", path=path), self)
        return True

    def activated(self) -> None:
        """Loaded when built and again on a new day (what is overdue changes with the date); a change reloads it
        through the main window, when it is shown again and only if something changed (ui.screen_refresh)."""
        if getattr(self, "_loaded_on", None) != chronology.today():
            self.reload()

    def refresh(self, changes=None) -> None:
        self.reload()
