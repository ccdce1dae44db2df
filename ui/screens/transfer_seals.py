"""The seals of the transfer dialog (ui.screens.lifecycle.TransferDialog; services.transfer_seals). Moving the items
out to the enforcement warehouse, the storekeeper looks at each seal and states it — the tick is required, nothing
is assumed (ND 127/2017; ND 142/2024 Điều 11, 14). A transfer on the shelf looks at no seal: left unticked the record
prints each number as the register has it, never «nguyên vẹn»; ticked, it prints what was stated."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from evidence_store.domain.states import TERMINAL
from evidence_store.i18n import _
from evidence_store.services import queries

from .. import operations
from ..widgets.seal_check import SealCheck, sealed_of


class TransferSeals(QWidget):
    """One SealCheck for the items picked, one for the whole case's items still held; ``show_for(scope, move_out)``
    shows the one the transfer will list; ``states()`` → code → intact | broken for what was stated."""

    def __init__(self, ctx, items, case_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checks = {"items": SealCheck(sealed_of(items))}
        if case_id is not None:
            self.checks["case"] = SealCheck(sealed_of(_case_items(ctx, case_id)))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        for check in self.checks.values():
            column.addWidget(check)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555")
        column.addWidget(self.hint)
        self.scope = "items"

    def show_for(self, scope: str, move_out: bool) -> bool:
        """Show the check of ``scope``; False when no item of it is sealed (the row can be hidden)."""
        self.scope = scope if scope in self.checks else "items"
        for key, check in self.checks.items():
            check.setVisible(key == self.scope)
        self.hint.setText(_("Vật chứng chuyển sang kho thi hành án: phải kiểm tra từng niêm phong khi giao.")
                          if move_out else
                          _("Vật chứng không rời vị trí: không đánh dấu thì biên bản ghi số niêm phong theo sổ kho; "
                            "đánh dấu nếu đã kiểm tra niêm phong."))
        return bool(self.checks[self.scope].broken)

    def states(self) -> dict[str, str]:
        return self.checks[self.scope].states()


def _case_items(ctx, case_id: int):
    """The case's items still held (what a whole-case transfer lists)."""
    result = operations.query(ctx, queries.item_page, queries.ItemQuery(case_id=case_id, order="code"), 0,
                              queries.MAX_PAGE)
    if not result.ok:
        return []
    return [r for r in result.value if r.state not in {t.value for t in TERMINAL}]
