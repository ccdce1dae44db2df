"""Xếp kệ: scan a location, then scan items to put them there, and save the batch in one move
(storage.move_items). A wrong kind of location, a full location, an item that is not in storage and
a repeated scan are told apart by colour and sound at scan time; every refusal stays in the scan log
(a burst of scans does not overwrite one refusal with the next)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QHeaderView, QLabel, QListWidget, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from evidence_store.describe import category_label, location_kind_label, state_label
from evidence_store.domain.categories import LocationKind, category, needs_seal, suggested_location_kind
from evidence_store.domain.errors import NotFound, TransitionRefused
from evidence_store.domain.states import State, check_in_warehouse
from evidence_store.i18n import N_, _
from evidence_store.services import queries, storage
from evidence_store.services.commands import MoveItems

from .. import dialogs, operations
from ..models.format import code_text
from ..scan_feedback import Outcome, ScanIndicator
from ..scan_router import check
from ..scan_value import ScanKind, read_scan
from .base import Screen

COLUMNS = (N_("Mã vật chứng"), N_("Tên vật chứng"), N_("Loại"), N_("Vị trí hiện tại"), N_("Ghi chú"))


def _not_found(error) -> bool:
    return isinstance(error, NotFound)


class ShelvingScreen(Screen):
    nav_title = N_("Xếp kệ")
    required_action = "move_items"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.target = None  # LocationNode
        self.batch: list = []  # ItemDetail, in scan order
        self.to_seal = ""  # the last item refused because it must be sealed first (ND 127/2017)
        self.dialog = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        steps = QLabel(_("① Quét mã vị trí (kệ, ô, bãi xe…)   ② Quét từng vật chứng   ③ Lưu (Ctrl+Enter)"))
        steps.setStyleSheet("font-size: 12pt;")
        layout.addWidget(steps)
        layout.addWidget(self._target_panel())
        self.indicator = ScanIndicator(self)
        self.indicator.setMinimumHeight(44)
        self.indicator.setText(_("Sẵn sàng quét"))
        layout.addWidget(self.indicator)
        self.table = self._table()
        layout.addWidget(self.table, 1)
        self.log = QListWidget()  # refusals of this round, newest first
        self.log.setMaximumHeight(90)
        self.log.setVisible(False)
        layout.addWidget(self.log)
        layout.addLayout(self._buttons())
        self._keys = [self._key("Ctrl+Return", self.save), self._key("Ctrl+Enter", self.save)]

    def _target_panel(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("target")
        frame.setStyleSheet("QFrame#target { border: 1px solid #bbb; border-radius: 4px; background: palette(base); }")
        row = QHBoxLayout(frame)
        caption = QLabel(_("Vị trí đích:"))
        caption.setStyleSheet("border: none;")
        self.target_label = QLabel(_("chưa quét"))
        self.target_label.setStyleSheet("font-size: 14pt; font-weight: bold; border: none;")
        self.capacity_label = QLabel()
        self.capacity_label.setStyleSheet("border: none;")
        row.addWidget(caption)
        row.addWidget(self.target_label, 1)
        row.addWidget(self.capacity_label)
        return frame

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, len(COLUMNS))
        table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        remove = QShortcut(QKeySequence(Qt.Key.Key_Delete), table)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_selected)
        return table

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.count_label = QLabel()
        remove = QPushButton(_("Bỏ dòng đã chọn (Delete)"))
        remove.clicked.connect(self.remove_selected)
        self.seal_button = QPushButton(_("Niêm phong vật chứng này…"))
        self.seal_button.setToolTip(_("Mở hộp niêm phong cho vật chứng vừa bị từ chối vì chưa niêm phong"))
        self.seal_button.clicked.connect(self.seal_refused)
        self.seal_button.setVisible(False)
        clear = QPushButton(_("Làm lại"))
        clear.clicked.connect(self.clear)
        self.save_button = QPushButton(_("Lưu vị trí (Ctrl+Enter)"))
        self.save_button.setStyleSheet("font-weight: bold; padding: 6px 18px;")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.count_label, 1)
        for button in (self.seal_button, remove, clear, self.save_button):
            row.addWidget(button)
        self._update_buttons()
        return row

    def _key(self, keys: str, slot) -> QShortcut:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.activated.connect(slot)
        return shortcut

    # -- scanning ------------------------------------------------------------------------------
    def handle_scan(self, code: str) -> bool:
        scan = read_scan(code)
        if scan.kind in (ScanKind.RECORD, ScanKind.RECORD_QR):
            return False  # a record: the main window opens it
        refused = check(scan)
        if refused is not None:
            self.indicator.show_outcome(refused.outcome, code=refused.code)
        elif scan.is_location:
            self.set_target(str(scan))
        else:
            self.add_item(str(scan))
        return True

    def set_target(self, code: str) -> bool:
        result = operations.query(self.ctx, queries.location_by_code, code, parent=self, on_error=_not_found)
        if not result.ok:
            self.indicator.show_outcome(Outcome.UNKNOWN, code=code)
            self._log(self.indicator.text())
            return False
        node = result.value
        inner = operations.query(self.ctx, queries.location_child_count, code, parent=self, on_error=_not_found)
        if inner.ok and inner.value:  # a zone or a rack: items go on its shelves and cells
            self._refuse(_("«{name}» chứa {n} vị trí con: hãy quét mã ô hoặc kệ cụ thể", name=node.name,
                           n=inner.value))
            return False
        if (self.batch and self.target is not None and node.code != self.target.code
                and not dialogs.confirm(_("Đổi vị trí đích từ «{old}» sang «{new}» cho {n} vật chứng đã quét?",
                                           old=self.target.name, new=node.name, n=len(self.batch)), self)):
            self.indicator.setText(_("Giữ vị trí đích: {name}", name=self.target.name))
            return False
        self.target = node
        self._show_target()
        dropped = [d for d in self.batch if not self._fits(d)]
        self.batch = [d for d in self.batch if self._fits(d)]
        self._fill_table()
        if dropped:
            self._wrong_place(dropped[0])
        else:
            self.indicator.show_outcome(Outcome.FOUND)
            self.indicator.setText(_("Vị trí đích: {name} — quét vật chứng", name=self.target.name))
        return True

    def add_item(self, code: str) -> Outcome:
        if any(d.code == code for d in self.batch):
            self.indicator.show_outcome(Outcome.DUPLICATE)
            return Outcome.DUPLICATE
        result = operations.query(self.ctx, queries.item_by_code, code, events=1, parent=self, on_error=_not_found)
        if not result.ok:
            self.indicator.show_outcome(Outcome.UNKNOWN, code=code_text(code))
            self._log(self.indicator.text())
            return Outcome.UNKNOWN
        detail = result.value
        try:
            check_in_warehouse("move", State(detail.state))
        except TransitionRefused:
            self._refuse(_("Không xếp được {code} «{name}»: vật chứng đang ở trạng thái «{state}», không ở trong kho",
                           code=code_text(code), name=detail.name, state=state_label(detail.state)))
            return Outcome.REFUSED
        if needs_seal(detail.category, detail.unit, detail.sealed):  # ND 127/2017: sealed before it is shelved
            self._refuse(_("Vật chứng {code} «{name}» phải được niêm phong trước khi xếp lên kệ (NĐ 127/2017). "
                           "Hãy niêm phong trước: bấm «Niêm phong vật chứng này…», rồi quét lại.",
                           code=code_text(code), name=detail.name))
            self.to_seal = detail.code
            self.seal_button.setVisible(True)
            return Outcome.REFUSED
        if self.target is not None and not self._fits(detail):
            self._wrong_place(detail)
            return Outcome.WRONG_PLACE
        self.batch.append(detail)
        self._fill_table()
        if self._over_capacity():
            self.indicator.show_outcome(Outcome.WRONG_PLACE, expected="")
            self.indicator.setText(_("Vị trí {code} đã đầy (sức chứa {capacity})", code=code_text(self.target.code),
                                     capacity=self.target.capacity))
        else:
            self.indicator.show_outcome(Outcome.FOUND)
            self.indicator.setText(f"{_('Đã tìm thấy')}: {code_text(code)} — {detail.name}")
        return Outcome.FOUND

    def seal_refused(self) -> bool:
        """The seal dialog (ND 127/2017: a procedural body's request, its officer, a witness) for the item just
        refused; once sealed, the item joins this round."""
        from .item_actions import SealDialog
        if not self.to_seal:
            return False
        self.dialog = SealDialog(self.ctx, self.to_seal, "seal", self)
        self.dialog.finished.connect(self._seal_closed)
        self.dialog.show()
        return True

    def _seal_closed(self, result: int) -> None:
        self.dialog = None
        if result != 1 or not self.to_seal:  # QDialog.Accepted
            return
        code, self.to_seal = self.to_seal, ""
        self.seal_button.setVisible(False)
        self.add_item(code)

    def _refuse(self, text: str) -> None:
        self.indicator.show_outcome(Outcome.REFUSED, reason=text)
        self.indicator.setText(text)
        self._log(text)

    def _log(self, text: str) -> None:
        self.log.insertItem(0, text)
        self.log.setVisible(True)

    def _fits(self, detail) -> bool:
        return self.target is None or LocationKind(self.target.kind) in category(detail.category).locations

    def _wrong_place(self, detail) -> None:
        kind = suggested_location_kind(category(detail.category))
        self.indicator.show_outcome(Outcome.WRONG_PLACE, expected=location_kind_label(kind))
        self.indicator.setText(_("Sai vị trí: «{name}» phải để ở {expected}, không để ở {kind}", name=detail.name,
                                 expected=location_kind_label(kind), kind=location_kind_label(self.target.kind)))
        self._log(self.indicator.text())

    def _arriving(self) -> int:
        return sum(1 for d in self.batch if d.location_code != self.target.code)

    def _over_capacity(self) -> bool:
        t = self.target
        return t is not None and t.capacity is not None and t.occupancy + self._arriving() > t.capacity

    # -- showing ------------------------------------------------------------------------------
    def _show_target(self) -> None:
        t = self.target
        self.target_label.setText(f"{t.name}  ·  {code_text(t.code)}  ·  {location_kind_label(t.kind)}")
        room = _("Đang chứa {n}/{capacity}", n=t.occupancy, capacity=t.capacity) if t.capacity else \
            _("Đang chứa {n}", n=t.occupancy)
        self.capacity_label.setText(room)

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.batch))
        for row, d in enumerate(self.batch):
            here = self.target is not None and d.location_code == self.target.code
            note = _("Đã ở vị trí này") if here else ""
            cells = (code_text(d.code), d.name, category_label(d.category),
                     d.location_name or _("(chưa xếp)"), note)
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.count_label.setText(_("{n} vật chứng trong lượt này", n=len(self.batch)))
        self.save_button.setEnabled(bool(self.batch) and self.target is not None)

    def remove_selected(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        self.batch = [d for i, d in enumerate(self.batch) if i not in rows]
        self._fill_table()

    def clear(self) -> None:
        if self.batch and not dialogs.confirm(_("Bỏ {n} vật chứng đã quét trong lượt này?", n=len(self.batch)), self):
            return
        self.log.clear()
        self.log.setVisible(False)
        self.batch, self.target = [], None
        self.target_label.setText(_("chưa quét"))
        self.capacity_label.clear()
        self._fill_table()

    # -- work kept across a language switch --------------------------------------------------
    def has_unsaved(self) -> bool:
        return bool(self.batch)

    def work_state(self) -> tuple[str, tuple[str, ...]] | None:
        if self.target is None and not self.batch:
            return None
        return (self.target.code if self.target else "", tuple(d.code for d in self.batch))

    def restore_work(self, state: tuple[str, tuple[str, ...]]) -> None:
        target, codes = state
        if target:
            self.set_target(target)
        for code in codes:
            self.add_item(code)

    # -- saving -------------------------------------------------------------------------------
    def save(self) -> bool:
        if not self.batch or self.target is None:
            return False
        over = self._over_capacity()
        if over and not dialogs.confirm(_("Vị trí {code} sẽ vượt sức chứa ({capacity}). Vẫn xếp?",
                                           code=code_text(self.target.code), capacity=self.target.capacity), self):
            return False
        command = MoveItems(tuple(d.code for d in self.batch), self.target.code, allow_over_capacity=over)
        result = operations.perform(self.ctx, storage.move_items, command, parent=self)
        if not result.ok:
            return False
        moved = len(self.batch)
        self.batch = []
        self.set_target(self.target.code)
        self.indicator.setText(_("Đã lưu: {n} vật chứng ở {name}", n=moved, name=self.target.name))
        return True
