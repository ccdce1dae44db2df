"""Xử lý vật chứng: propose a disposal for a batch scanned from the printed list, and — for
commanders — the proposals waiting for approval, approved or rejected by someone other than the
proposer (DESIGN §6); after approval the destruction record or the handover record is printed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter,
                               QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from evidence_store.describe import category_label, document_reference, state_label
from evidence_store.domain.permissions import allowed
from evidence_store.domain.records import APPROVAL_LABELS, RECORD_STATUS_LABELS
from evidence_store.domain.states import HELD_STATES, State
from evidence_store.i18n import C_, N_, _
from evidence_store.services import disposal, handovers, printing
from evidence_store.services.commands import DecideDisposal

from .. import dialogs, operations
from ..models.format import code_text, datetime_text, quantity_text
from ..scan_value import Scan, ScanKind, receives_scan
from ..widgets.scan_batch import ScanBatch
from .base import Screen
from .disposal_form import OUTCOME_TITLES, ProposalForm
from .result_bar import open_handover, preview

BATCH_COLUMNS = (N_("Mã vật chứng"), N_("Tên vật chứng"), N_("Loại"), N_("Số lượng"), N_("Vụ án"), N_("Trạng thái"))
def _outcome_title(outcome: str) -> str:
    """A proposal's outcome as the act proposed («Tiêu hủy (Hội đồng tiêu hủy)»), never as the state «Đã tiêu hủy»
    its items are not in yet (issue 17; HANDS-ON 45)."""
    title = OUTCOME_TITLES.get(State(outcome)) if outcome in State._value2member_map_ else None
    return _(title) if title else outcome


LIST_COLUMNS = (N_("Biên bản"), N_("Ngày đề xuất"), N_("Vụ án"), N_("Số vật chứng"), N_("Hình thức"),
                N_("Người đề xuất"), N_("Trạng thái"))
STATUS_LABELS = {str(k): v for k, v in APPROVAL_LABELS.items()}  # the approval, apart from the record status
TO_CARRY_OUT = "to_carry_out"  # approved, the act not recorded yet: the items are still in the warehouse
LIST_FILTERS = (("pending", STATUS_LABELS["pending"]), (TO_CARRY_OUT, N_("Đã duyệt, chờ thực hiện")),
                ("approved", STATUS_LABELS["approved"]), ("rejected", STATUS_LABELS["rejected"]),
                ("withdrawn", STATUS_LABELS["withdrawn"]))


def pending_disposals(uow, status: str = "pending", limit: int = 100) -> list:
    """Disposal handovers of one approval state (domain.records.Approval), newest first, with their details."""
    if status == TO_CARRY_OUT:
        rows = [r for r in handovers.list_handovers(uow, limit=5000)
                if r.kind == "disposal" and r.approval == "approved" and r.status == "draft"]
    else:
        rows = [r for r in handovers.list_handovers(uow, limit=5000) if r.kind == "disposal" and r.approval == status]
    return [(r, handovers.handover_detail(uow, r.number)) for r in rows[:limit]]


def _record_state(row) -> str:
    """'Đã phê duyệt · Dự thảo': the approval, then the record's own status."""
    approval = _(STATUS_LABELS[row.approval]) if row.approval in STATUS_LABELS else ""
    record = RECORD_STATUS_LABELS.get(row.status)
    return " · ".join(p for p in (approval, _(record) if record else row.status) if p)


def _awaits_carry_out(row) -> bool:
    return row.approval == "approved" and row.status == "draft"


class DisposalScreen(Screen):
    nav_title = N_("Xử lý")
    required_action = "record_disposal"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list = []
        self.can_approve = allowed(ctx.actor.roles, "approve_disposal")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._propose_tab(), C_("action", "Đề xuất xử lý"))
        self.tabs.addTab(self._list_tab(), _("Chờ phê duyệt"))
        layout.addWidget(self.tabs, 1)
        if self.can_approve:
            self.tabs.setCurrentIndex(1)
        self.reload()

    # -- proposing ------------------------------------------------------------------------------------
    def _propose_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        steps = QLabel(_("① Quét từng vật chứng trong danh sách đã in   ② Chọn hình thức xử lý và quyết định   "
                         "③ Gửi đề xuất — Lãnh đạo phê duyệt"))
        steps.setStyleSheet("font-size: 12pt;")
        steps.setWordWrap(True)
        self.list_button = QPushButton(_("In danh sách đề xuất…"))
        self.list_button.setToolTip(_("Danh sách vật chứng đủ điều kiện đề xuất xử lý, mỗi dòng một mã vạch để quét"))
        self.list_button.clicked.connect(self.print_candidates)
        head = QHBoxLayout()
        head.addWidget(steps, 1)
        head.addWidget(self.list_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(head)
        self.batch = ScanBatch(self.ctx, BATCH_COLUMNS, self._cells, refuse=self._refuse)
        self.proposal = ProposalForm(self.ctx, tab)
        self.batch.changed.connect(lambda: self.proposal.set_items(self.batch.details))
        self.propose_button = QPushButton(_("Gửi đề xuất xử lý"))
        self.propose_button.setStyleSheet("font-weight: bold; padding: 6px 18px;")
        self.propose_button.clicked.connect(self.propose)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.proposal, 1)
        right_layout.addWidget(self.propose_button, 0, Qt.AlignmentFlag.AlignRight)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.batch)
        splitter.addWidget(right)
        splitter.setSizes([560, 620])
        column.addWidget(splitter, 1)
        return tab

    def print_candidates(self):
        """The list step ① scans from (HANDS-ON 50)."""
        from ..print_actions import print_disposal_candidates
        return print_disposal_candidates(self.ctx, self)

    def _cells(self, d) -> list[str]:
        return [code_text(d.code), d.name, category_label(d.category), quantity_text(d.quantity, d.unit),
                d.case_number, state_label(d.state)]

    def _refuse(self, d) -> str | None:
        if State(d.state) not in HELD_STATES:
            return _("đang ở trạng thái «{state}», không còn do kho quản lý", state=state_label(d.state))
        # one act at a time (issue #11): what services.disposal refuses, said at the scan (after the code and name)
        if getattr(d, "awaiting_release", ""):  # promised to an act out waiting for the commander (ND 142 Điều 4)
            return _("đã có trong biên bản {number} đang chờ lãnh đạo duyệt xuất kho (NĐ 142/2024/NĐ-CP Điều 4) — chờ "
                     "lãnh đạo quyết định, hoặc rút biên bản đó, rồi mới đề xuất xử lý", number=d.awaiting_release)
        if getattr(d, "disposal_proposed", ""):
            return _("đang chờ phê duyệt xử lý theo biên bản {number}", number=d.disposal_proposed)
        return None

    def propose(self):
        if not self.batch.details:
            self.batch.refuse_message(_("Chưa quét vật chứng nào"))
            return None
        changes = self.proposal.propose(self.batch.codes())
        if changes is not None:
            n = len(self.batch.details)
            self.batch.clear()
            self.proposal.reset()  # the next proposal starts empty (issue 17)
            self.batch.indicator.setText(_("Đã gửi đề xuất xử lý {n} vật chứng — biên bản {number}, chờ phê duyệt",
                                           n=n, number=changes.handover_number))
            self.reload()
        return changes

    # -- the list: approve / reject / print -----------------------------------------------------------
    def _list_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        top = QHBoxLayout()
        self.status_box = QComboBox()
        for key, label in LIST_FILTERS:
            self.status_box.addItem(_(label), key)
        self.status_box.currentIndexChanged.connect(self.reload)
        top.addWidget(QLabel(_("Hiển thị:")))
        top.addWidget(self.status_box)
        top.addStretch(1)
        column.addLayout(top)
        self.table = QTableWidget(0, len(LIST_COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in LIST_COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_selected)
        column.addWidget(self.table, 2)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.detail.setStyleSheet("background: palette(base); border: 1px solid #ccc; padding: 8px;")
        column.addWidget(self.detail, 1)
        buttons = QHBoxLayout()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Lý do không phê duyệt"))
        self.approve_button = QPushButton(_("Phê duyệt"))
        self.approve_button.setStyleSheet("font-weight: bold; padding: 6px 18px;")
        self.approve_button.clicked.connect(self.approve)
        self.reject_button = QPushButton(_("Không phê duyệt"))
        self.reject_button.clicked.connect(self.reject)
        self.carry_out_button = QPushButton(_("Thực hiện xử lý…"))
        self.carry_out_button.setToolTip(_("Ghi thời gian, địa điểm và người tham gia việc xử lý đã được phê duyệt; "
                                           "chỉ khi đó vật chứng mới rời kho"))
        self.carry_out_button.clicked.connect(lambda: self.carry_out())
        self.view_button = QPushButton(_("Xem và ký biên bản"))
        self.view_button.clicked.connect(lambda: self.open_record())
        self.print_button = QPushButton(_("In biên bản"))
        self.print_button.clicked.connect(lambda: self.print_record())
        for w in (self.reason, self.reject_button, self.approve_button):
            w.setVisible(self.can_approve)
        buttons.addWidget(self.reason, 1)
        for w in (self.reject_button, self.approve_button, self.carry_out_button, self.view_button, self.print_button):
            buttons.addWidget(w)
        column.addLayout(buttons)
        return tab

    def reload(self, *_args) -> None:
        status = self.status_box.currentData()
        result = operations.query(self.ctx, pending_disposals, status, parent=self)
        self.rows = result.value if result.ok else []
        self.table.setRowCount(len(self.rows))
        for i, (row, detail) in enumerate(self.rows):
            outcome = detail.details.get("outcome", "")
            title = OUTCOME_TITLES.get(State(outcome)) if outcome in State._value2member_map_ else None
            cells = (row.number, datetime_text(row.started_at), row.case_number, str(row.item_count),
                     _(title) if title else outcome, row.giver or detail.created_by, _record_state(row))
            for col, text in enumerate(cells):
                self.table.setItem(i, col, QTableWidgetItem(text))
        pending = len(self.rows) if status == "pending" else None
        if pending is not None:
            self.tabs.setTabText(1, _("Chờ phê duyệt ({n})", n=pending))
        if self.rows:
            self.table.selectRow(0)
        self._show_selected()

    def selected(self):
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.rows[min(rows)] if rows and min(rows) < len(self.rows) else None

    def select_number(self, number: str) -> bool:
        for i, (row, _detail) in enumerate(self.rows):
            if row.number == number:
                self.table.selectRow(i)
                return True
        return False

    def _show_selected(self) -> None:
        chosen = self.selected()
        pending = chosen is not None and chosen[0].approval == "pending"
        for button in (self.approve_button, self.reject_button):
            button.setEnabled(pending)
        self.view_button.setEnabled(chosen is not None)
        self.carry_out_button.setEnabled(chosen is not None and _awaits_carry_out(chosen[0]))
        self.print_button.setEnabled(chosen is not None)
        if chosen is None:
            self.detail.setText(_("Không có đề xuất nào."))
            return
        _row, d = chosen
        docs = "; ".join(document_reference(doc.kind, doc.number, doc.issued_on, doc.issuer)
                         for doc in d.basis_documents)
        lines = "<br>".join(f"{ln.line_no}. {code_text(ln.item_code)} — {ln.item_name} "
                            f"({quantity_text(ln.quantity, ln.unit)})" for ln in d.lines[:12])
        extra = {k: v for k, v in d.details.items() if k in ("method", "supervisor", "recipient", "receiving_agency",
                                                              "holding_account", "buyer", "reason")}
        facts = "<br>".join(f"{_(FACT_LABELS[k])}: {v}" for k, v in extra.items() if v)
        members = ", ".join(d.details.get("council_members") or [])
        self.detail.setText(
            f"<b>{d.number}</b> — {_outcome_title(d.details.get('outcome', ''))} · {_('Vụ án')}: {d.case_number}<br>"
            f"{_('Căn cứ')}: {docs}<br>" + (f"{_('Hội đồng')}: {members}<br>" if members else "") +
            (facts + "<br>" if facts else "") + f"<br>{lines}")

    def approve(self):
        chosen = self.selected()
        if chosen is None or not dialogs.confirm(
                _("Phê duyệt đề xuất xử lý {number} («{outcome}»)? Vật chứng vẫn ở trong kho cho đến khi ghi "
                  "việc thực hiện xử lý.", number=chosen[0].number,
                  outcome=_outcome_title(chosen[1].details.get("outcome", ""))), self):
            return None
        number = chosen[0].number
        result = operations.perform(self.ctx, disposal.approve_disposal, DecideDisposal(number), parent=self)
        if not result.ok:
            return None
        self.reload()
        if allowed(self.ctx.actor.roles, "record_disposal") and dialogs.confirm(
                _("Đã phê duyệt {number}: chờ thực hiện. Ghi việc thực hiện xử lý ngay?", number=number), self):
            self.carry_out(number)
        return result.value

    def carry_out(self, number: str | None = None):
        """The approved disposal's act (ui/screens/disposal_carry_out.py), in a dialog left open beside the list;
        afterwards its record opens for signature in the register."""
        from .disposal_carry_out import CarryOutDialog
        chosen = self.selected()
        number = number or (chosen[0].number if chosen else None)
        if number is None:
            return None
        dialog = CarryOutDialog(self.ctx, number, self)
        dialog.accepted.connect(lambda n=number: self._carried_out(n))
        self.last_dialog = dialog
        dialog.show()
        return dialog

    def _carried_out(self, number: str) -> None:
        from .disposal_carry_out import carried_out_text
        self.reload()
        dialogs.info(carried_out_text(number), self)

    def reject(self):
        chosen = self.selected()
        if chosen is None:
            return None
        if not self.reason.text().strip():
            self.reason.setStyleSheet("border: 2px solid #c62828;")
            self.reason.setFocus()
            return None
        self.reason.setStyleSheet("")
        result = operations.perform(self.ctx, disposal.reject_disposal,
                                    DecideDisposal(chosen[0].number, reason=self.reason.text().strip()), parent=self)
        if result.ok:
            self.reason.clear()
            self.reload()
        return result.value if result.ok else None

    def print_record(self, number: str | None = None, outcome: str | None = None):
        chosen = self.selected()
        if number is None and chosen is not None:
            number, outcome = chosen[0].number, chosen[1].details.get("outcome", "")
        if number is None:
            return None
        if outcome == "destroyed":
            from evidence_store.services.printing_data import derived_number  # the paper's own number (issue #12)
            return preview(self.ctx, printing.destruction_pdf, number,
                           _("Biên bản tiêu hủy {number}", number=derived_number(number, "BB-TH")),
                           f"tieu-huy-{number}.pdf", self)
        return preview(self.ctx, printing.handover_pdf, number, _("Biên bản giao nhận {number}", number=number),
                       f"{number}.pdf", self)

    def open_record(self, number: str | None = None):
        chosen = self.selected()
        number = number or (chosen[0].number if chosen else None)
        return open_handover(self.ctx, number, self) if number else None

    # -- screen contract --------------------------------------------------------------------------------
    @receives_scan
    def handle_scan(self, scan: Scan) -> bool:
        if scan.kind is ScanKind.RECORD:
            number = str(scan)
            if not self.select_number(number):
                self.open_record(number)
            return True
        self.tabs.setCurrentIndex(0)
        self.batch.add(scan)
        return True

    def activated(self) -> None:
        self.reload()

    def refresh(self, changes=None) -> None:
        if changes is None or getattr(changes, "handover_number", None):
            self.reload()


FACT_LABELS = {"method": N_("Phương pháp"), "supervisor": N_("Kiểm sát viên"), "recipient": N_("Người nhận"),
               "receiving_agency": N_("Cơ quan nhận"), "holding_account": N_("Tài khoản tạm giữ"),
               "buyer": N_("Người mua"), "reason": N_("Lý do")}
