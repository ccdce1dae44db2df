"""Xếp kệ: scan a location, then scan items to put them there, and save the batch in one move
(storage.move_items). A wrong kind of location, a full location, an item that is not in storage and
a repeated scan are told apart by colour and sound at scan time; every refusal stays in the scan log
(a burst of scans does not overwrite one refusal with the next)."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from evidence_store.describe import category_label, location_kind_label, state_label
from evidence_store.domain.categories import category, location_fits, needs_seal, suggested_location_kind
from evidence_store.domain.errors import NotFound, TransitionRefused
from evidence_store.domain.states import State, check_in_warehouse
from evidence_store.i18n import N_, _
from evidence_store.services import queries, storage
from evidence_store.services.commands import MoveItems

from .. import dialogs, operations
from ..models.format import code_text
from ..scan_feedback import Outcome
from ..scan_value import Scan, ScanKind, receives_scan
from ..widgets.place_banner import PlaceBanner
from ..widgets.scan_batch import Refusal, ScanBatch
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
        self.to_seal = ""  # the last item refused because it must be sealed first (ND 127/2017)
        self.dialog = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        steps = QLabel(_("① Quét mã vị trí (kệ, ô, bãi xe…)   ② Quét từng vật chứng   ③ Lưu (Ctrl+Enter)"))
        steps.setStyleSheet("font-size: 12pt;")
        layout.addWidget(steps)
        layout.addWidget(self._target_panel())
        # the shared scan batch (ui.widgets.scan_batch): indicator, rows, Delete, "Làm lại"
        self.scan_batch = ScanBatch(ctx, COLUMNS, self._cells, refuse=self._refusal, confirm_clear=self._confirm_clear,
                                    parent=self)
        self.scan_batch.changed.connect(self._update_buttons)
        self.scan_batch.added.connect(self._added)
        self.scan_batch.refused.connect(self._log)
        self.indicator, self.table = self.scan_batch.indicator, self.scan_batch.table
        self.log = QListWidget()  # refusals of this round, newest first
        self.log.setMaximumHeight(90)
        self.log.setVisible(False)
        self.scan_batch.layout().insertWidget(2, self.log)  # under the rows, above the buttons
        layout.addWidget(self.scan_batch, 1)
        self._buttons(self.scan_batch.button_row)
        self._keys = [self._key("Ctrl+Return", self.save), self._key("Ctrl+Enter", self.save)]

    @property
    def batch(self) -> list:
        """The items of this round, in scan order (ItemDetail)."""
        return self.scan_batch.details

    def _target_panel(self) -> PlaceBanner:
        banner = PlaceBanner(_("Vị trí đích:"), _("chưa quét"))
        self.target_label, self.capacity_label = banner.place, banner.note
        return banner

    def _buttons(self, row: QHBoxLayout) -> None:
        """The batch's row (count, Delete, "Làm lại") with the seal button before and the save button after."""
        self.seal_button = QPushButton(_("Niêm phong vật chứng này…"))
        self.seal_button.setToolTip(_("Mở hộp niêm phong cho vật chứng vừa bị từ chối vì chưa niêm phong"))
        self.seal_button.clicked.connect(self.seal_refused)
        self.seal_button.setVisible(False)
        self.save_button = QPushButton(_("Lưu vị trí (Ctrl+Enter)"))
        self.save_button.setStyleSheet("font-weight: bold; padding: 6px 18px;")
        self.save_button.clicked.connect(self.save)
        row.insertWidget(1, self.seal_button)
        row.addWidget(self.save_button)
        self.count_label = self.scan_batch.count_label
        self._update_buttons()

    def _key(self, keys: str, slot) -> QShortcut:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.activated.connect(slot)
        return shortcut

    # -- scanning ------------------------------------------------------------------------------
    @receives_scan
    def handle_scan(self, scan: Scan) -> bool:
        """A shelf is the target, an item (its barcode or its label's QR) joins the round; a record goes to the
        main window, which opens it."""
        if scan.kind in (ScanKind.RECORD, ScanKind.RECORD_QR):
            return False
        if scan.is_location:
            self.set_target(str(scan))
        else:
            self.scan_batch.add(scan)  # a misread or malformed code: told by the batch, like every scan
        return True

    def set_target(self, code: str) -> bool:
        result = operations.query(self.ctx, queries.location_by_code, code, parent=self, on_error=_not_found)
        if not result.ok:
            self.indicator.show_outcome(Outcome.UNKNOWN, code=code_text(code))
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
        dropped = self.scan_batch.keep(self._fits)
        self.scan_batch.refill()  # "already here" depends on the target
        self._update_buttons()
        if dropped:
            self._wrong_place(dropped[0])
        else:
            self.indicator.show_outcome(Outcome.FOUND)
            self.indicator.setText(_("Vị trí đích: {name} — quét vật chứng", name=self.target.name))
        return True

    def add_item(self, code: str) -> Outcome:
        return self.scan_batch.add(code)

    def _refusal(self, detail) -> Refusal | None:
        """Why this item may not join the round: not in the warehouse, not sealed (ND 127/2017), or a place that
        does not fit it (domain.categories.location_refusal)."""
        code = detail.code
        try:
            check_in_warehouse("move", State(detail.state))
        except TransitionRefused:
            return Refusal(_("Không xếp được {code} «{name}»: vật chứng đang ở trạng thái «{state}», không ở trong kho",
                             code=code_text(code), name=detail.name, state=state_label(detail.state)))
        if needs_seal(detail.category, detail.unit, detail.sealed):  # ND 127/2017: sealed before it is shelved
            self.to_seal = detail.code
            self.seal_button.setVisible(True)
            return Refusal(_("Vật chứng {code} «{name}» phải được niêm phong trước khi xếp lên kệ (NĐ 127/2017). "
                             "Hãy niêm phong trước: bấm «Niêm phong vật chứng này…», rồi quét lại.",
                             code=code_text(code), name=detail.name))
        if not self._fits(detail):
            return Refusal(self._wrong_place_text(detail), Outcome.WRONG_PLACE, self._expected(detail))
        return None

    def _added(self, _detail) -> None:
        if self._over_capacity():
            self.indicator.show_outcome(Outcome.WRONG_PLACE, expected="")
            self.indicator.setText(_("Vị trí {code} đã đầy (sức chứa {capacity})", code=code_text(self.target.code),
                                     capacity=self.target.capacity))

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
        return self.target is None or location_fits(category(detail.category), self.target.kind)

    def _expected(self, detail) -> str:
        return location_kind_label(suggested_location_kind(category(detail.category)))

    def _wrong_place_text(self, detail) -> str:
        return _("Sai vị trí: «{name}» phải để ở {expected}, không để ở {kind}", name=detail.name,
                 expected=self._expected(detail), kind=location_kind_label(self.target.kind))

    def _wrong_place(self, detail) -> None:
        self.indicator.show_outcome(Outcome.WRONG_PLACE, expected=self._expected(detail))
        self.indicator.setText(self._wrong_place_text(detail))
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

    def _cells(self, d) -> tuple[str, ...]:
        here = self.target is not None and d.location_code == self.target.code
        return (code_text(d.code), d.name, category_label(d.category), d.location_name or _("(chưa xếp)"),
                _("Đã ở vị trí này") if here else "")

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(bool(self.batch) and self.target is not None)

    def remove_selected(self) -> None:
        self.scan_batch.remove_selected()

    def _confirm_clear(self, n: int) -> bool:
        return dialogs.confirm(_("Bỏ {n} vật chứng đã quét trong lượt này?", n=n), self)

    def clear(self) -> None:
        if not self.scan_batch.clear():
            return
        self.log.clear()
        self.log.setVisible(False)
        self.target = None
        self.target_label.setText(_("chưa quét"))
        self.capacity_label.clear()
        self._update_buttons()

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
        self.scan_batch.keep(lambda _d: False)
        self.set_target(self.target.code)
        self.indicator.setText(_("Đã lưu: {n} vật chứng ở {name}", n=moved, name=self.target.name))
        return True
