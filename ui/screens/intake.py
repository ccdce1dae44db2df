"""Nhập kho: receive a handover against an intake order (ND 142/2024 Art 14) in seven steps, finishable
with the keyboard and the scanner. Nothing is saved before the review step's confirmation; the service
saves everything or nothing, and a refused field is shown at the field."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QStackedWidget, QVBoxLayout,
                               QWidget)

from evidence_store.domain import codes
from evidence_store.domain.errors import DomainError
from evidence_store.i18n import N_, _
from evidence_store.services import intake
from evidence_store.services.commands import ReceiveItems

from .. import dialogs, operations, print_actions
from ..scan_feedback import ScanIndicator
from ..widgets.form import field_errors
from .base import Screen
from .intake_finish import DoneStep, LocationStep, ReviewStep
from .intake_items import ItemsStep
from .intake_steps import CaseStep, GiverStep, OrderStep, load_agencies

CASE, ORDER, GIVER, ITEMS, PLACE, REVIEW, DONE = range(7)
# service field → (step, form key): where a refusal is shown
FIELD_HOMES = {
    "case": (CASE, "case_number"), "case_number": (CASE, "case_number"),
    "order": (ORDER, "order_number"), "document_number": (ORDER, "order_number"),
    "document_date": (ORDER, "order_date"), "giver": (GIVER, "giver_name"),
    "seizure_number": (ORDER, "seizure_number"), "seizure_date": (ORDER, "seizure_date"),
    "seizure_issuer": (ORDER, "seizure_issuer"), "giver_id_number": (GIVER, "id_number"),
    "giver_letter": (GIVER, "letter_number"), "giver_letter_date": (GIVER, "letter_date"),
    "name": (ITEMS, "name"), "quantity": (ITEMS, "quantity"), "unit": (ITEMS, "unit"),
}


class IntakeScreen(Screen):
    nav_title = N_("Nhập kho")
    required_action = "receive_items"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.changes = None
        self.command: ReceiveItems | None = None
        self.indicator = ScanIndicator(self)
        self.indicator.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        self.header = QLabel()
        self.header.setWordWrap(True)
        layout.addWidget(self.header)
        layout.addWidget(self.indicator)
        self.stack = QStackedWidget()
        scroll = QScrollArea()  # a tall step scrolls: the window fits 1280×720 (HANDS-ON 95)
        scroll.setWidget(self.stack)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(scroll, 1)
        layout.addLayout(self._buttons())
        self._build_steps()
        self._keys = [self._key("Ctrl+Return", self.next), self._key("Ctrl+Enter", self.next),
                      self._key("Alt+Left", self.back)]
        self.go(CASE)

    def _build_steps(self) -> None:
        agencies = load_agencies(self.ctx)
        self.steps = [CaseStep(self.ctx, agencies), OrderStep(self.ctx, agencies), GiverStep(self.ctx, agencies),
                      ItemsStep(self.ctx), LocationStep(self.ctx, self.indicator), ReviewStep(self.ctx),
                      DoneStep(self.ctx)]
        for step in self.steps:
            self.stack.addWidget(step)
            step.submitted.connect(self.next)
        done = self.steps[DONE]
        done.print_labels.clicked.connect(self.print_labels)
        done.print_record.clicked.connect(self.print_record)
        done.print_slip.clicked.connect(self.print_slip)
        done.new_intake.clicked.connect(self.restart)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.cancel_button = QPushButton(_("Hủy phiếu"))
        self.cancel_button.clicked.connect(self.cancel)
        self.back_button = QPushButton(_("Quay lại"))
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton()
        self.next_button.setStyleSheet("font-weight: bold; padding: 6px 18px;")
        self.next_button.clicked.connect(self.next)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.back_button)
        row.addWidget(self.next_button)
        return row

    def _key(self, keys: str, slot) -> QShortcut:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.activated.connect(slot)
        return shortcut

    # -- moving between steps ------------------------------------------------------------------
    @property
    def index(self) -> int:
        return self.stack.currentIndex()

    def go(self, index: int) -> None:
        if index == PLACE:
            self.steps[PLACE].set_items(self.steps[ITEMS].items)
        if index == REVIEW:
            self._prepare_review()
        self.stack.setCurrentIndex(index)
        if index != PLACE:
            self.indicator.hide()
        self._show_header()
        self.back_button.setEnabled(0 < index < DONE)
        self.back_button.setVisible(index < DONE)
        self.next_button.setVisible(index < DONE)
        self.cancel_button.setVisible(index < DONE)
        self.next_button.setText(_("Xác nhận nhập kho (Ctrl+Enter)") if index == REVIEW else _("Tiếp tục (Enter)"))
        self.steps[index].enter()

    def _show_header(self) -> None:
        parts = []
        for i, step in enumerate(self.steps):
            text = f"{i + 1}. {_(step.title)}"
            parts.append(f"<b style='color:#1565c0'>{text}</b>" if i == self.index else
                         f"<span style='color:#777'>{text}</span>")
        self.header.setText("<span style='font-size:12pt'>" + " &nbsp;›&nbsp; ".join(parts) + "</span>")

    def next(self) -> None:
        if self.index == REVIEW:
            self.commit()
        elif self.index < REVIEW and self.steps[self.index].validate():
            self.go(self.index + 1)

    def back(self) -> None:
        if 0 < self.index < DONE:
            self.go(self.index - 1)

    def cancel(self) -> None:
        if self.has_unsaved() and not dialogs.confirm(_("Hủy phiếu nhập kho đang lập? Thông tin đã nhập sẽ mất."),
                                                       self, yes=_("Hủy phiếu"), no=_("Tiếp tục lập")):
            return
        self.restart()

    def has_unsaved(self) -> bool:
        return self.index < DONE and (bool(self.steps[ITEMS].items) or bool(self.steps[CASE].summary()))

    def restart(self) -> None:
        for step in self.steps:
            self.stack.removeWidget(step)
            step.deleteLater()
        self.changes, self.command = None, None
        self._build_steps()
        self.go(CASE)

    # -- committing ----------------------------------------------------------------------------
    def build_command(self) -> ReceiveItems:
        case_id, new_case = self.steps[CASE].case_input()
        locations = self.steps[PLACE].location_codes()
        items = tuple(replace(i, location_code=loc) for i, loc in zip(self.steps[ITEMS].items, locations))
        return ReceiveItems(order=self.steps[ORDER].document(), items=items, giver=self.steps[GIVER].person(),
                            case_id=case_id, new_case=new_case, seizure_record=self.steps[ORDER].seizure_record())

    def _prepare_review(self) -> None:
        case, order, giver = self.steps[CASE], self.steps[ORDER].form, self.steps[GIVER].form
        facts = [(_("Vụ án"), case.summary()),
                 (_("Lệnh nhập kho"), f"{order.value('order_number')} — {order.value('order_date'):%d/%m/%Y}"),
                 (_("Cơ quan ra lệnh"), order.widget("issuing_agency").currentText()),
                 (_("Người ký lệnh"), order.value("signer_name")),
                 (_("Biên bản thu giữ"), f"{order.value('seizure_number')} — {order.value('seizure_date'):%d/%m/%Y} — "
                                         f"{order.widget('seizure_issuer').currentText()}"),
                 (_("Người giao"), " ".join(filter(None, [giver.value("rank"), giver.value("giver_name")]))),
                 (_("Đơn vị"), giver.widget("giver_agency").currentText()),
                 (_("Số căn cước (CCCD)"), giver.value("id_number")),
                 (_("Giấy giới thiệu"), f"{giver.value('letter_number')} — {giver.value('letter_date'):%d/%m/%Y}")]
        self.steps[REVIEW].show_summary(facts, self.steps[ITEMS].items, self.steps[PLACE].location_codes(),
                                       self.steps[PLACE].place_names())

    def commit(self) -> bool:
        self.command = self.build_command()
        result = operations.perform(self.ctx, intake.receive_items, self.command, parent=self,
                                    on_error=self._at_field)
        if not result.ok:
            return False
        self.changes = result.value
        self.steps[DONE].show_result(self.changes, self.command.items, [i.location_code for i in self.command.items],
                                     self.steps[PLACE].place_names())
        self.go(DONE)
        return True

    def _at_field(self, error: DomainError) -> bool:
        """The step that holds the refused field comes forward; the refusal goes under that field through the one
        field-error path (ui.widgets.form.field_errors)."""
        field = error.params.get("field")
        home = FIELD_HOMES.get(field)
        if home is None:
            if error.code in ("wrong_location_kind", "location_full"):
                self.go(PLACE)
            return False
        step, key = home
        self.go(step)
        return field_errors(self.steps[step].form, {field: key})(error)

    # -- printing -----------------------------------------------------------------------------
    def print_labels(self):
        """Layout and copies chosen in a dialog (HANDS-ON 86), then the preview."""
        self.preview = print_actions.print_item_labels(self.ctx, self, list(self.changes.item_codes))
        return self.preview

    def print_record(self):
        self.preview = print_actions.print_handover(self.ctx, self, self.changes.handover_number, "intake")
        return self.preview

    def print_slip(self):
        self.preview = print_actions.print_slip(self.ctx, self, self.changes.handover_number, "in")
        return self.preview

    # -- scanning ------------------------------------------------------------------------------
    def handle_scan(self, scan) -> bool:
        if self.index == ITEMS:
            return self.steps[ITEMS].put_scanned_text(str(scan))
        if self.index == PLACE:  # every scan here is about a place: never leave the wizard for an item
            return self.steps[PLACE].scan_location(scan)
        return False
