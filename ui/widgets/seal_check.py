"""Kiểm tra niêm phong khi giao nhận: the storekeeper looks at each seal as items change hands and states it — one
confirmation «nguyên vẹn, đúng số» for those found whole, or an item marked torn / missing (ND 127/2017; ND 142/2024
Điều 11: an incident is opened and reported). Nothing is assumed: unticked, no state is sent and the service
refuses a sealed item whose seal nobody stated (issue #12: no printed statement is invented)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from evidence_store.i18n import N_, _

from ..models.format import code_text

CONFIRM = N_("Đã kiểm tra niêm phong: nguyên vẹn, đúng số")
HINT = N_("Niêm phong rách, mất: lập biên bản sự cố và báo cáo cơ quan đang thụ lý.")


class SealCheck(QGroupBox):
    """``seals``: (code, name, seal number) of each sealed item handed over. ``states()`` → code → intact | broken
    for what the user stated; a code absent was not stated."""

    def __init__(self, seals: Sequence[tuple[str, str, str]], title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(title or _("Kiểm tra niêm phong khi giao"), parent)
        self.confirm = QCheckBox(_(CONFIRM))
        self.broken: dict[str, QCheckBox] = {}
        column = QVBoxLayout(self)
        column.addWidget(self.confirm)
        for code, name, seal in seals:
            # the label code and the seal number are what the clerk reads on the package; the name is in the
            # tooltip: a check box does not wrap, and the box must fit a dialog at 1366×768
            box = QCheckBox(_("Rách, mất, bóc mở: {code} ({seal})", code=code_text(code), seal=seal))
            box.setToolTip(name)
            self.broken[code] = box
            column.addWidget(box)
        hint = QLabel(_(HINT))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555")
        column.addWidget(hint)

    def states(self) -> dict[str, str]:
        """code → broken for an item marked, intact for the others once the confirmation is ticked; unstated
        otherwise (the service refuses)."""
        out = {code: "broken" for code, box in self.broken.items() if box.isChecked()}
        if self.confirm.isChecked():
            out |= {code: "intact" for code in self.broken if code not in out}
        return out


def sealed_of(details) -> tuple[tuple[str, str, str], ...]:
    """(code, name, seal) of the sealed items among item details (services.queries ItemDetail-like rows)."""
    return tuple((d.code, d.name, d.seal_number) for d in details if getattr(d, "sealed", False))
