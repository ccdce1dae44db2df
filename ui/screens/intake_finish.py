"""Nhập kho wizard, steps 5–7: where each item goes (suggested by category, or scanned), the review
before committing, and the result with its printouts."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QTextBrowser, QWidget)

from evidence_store.describe import category_label, location_kind_label
from evidence_store.domain.categories import Keeper, LocationKind, category, location_fits, needs_seal, suggested_location_kind
from evidence_store.i18n import N_, _
from evidence_store.services import queries


from .. import operations
from ..models.format import code_text, number_text, place_text
from ..scan_feedback import Outcome, ScanIndicator
from ..scan_router import check
from ..scan_value import Scan, receives_scan
from .intake_steps import Step

# ND 142/2024 Điều 15 (LEGAL-RULES R24): asked at intake when papers are received (one line at 1366 wide)
PAPERS_CONFIRMATION = N_("Giấy tờ nhận là vật chứng, không phải tài liệu thuộc hồ sơ vụ án (Điều 15 Nghị định "
                         "142/2024/NĐ-CP)")

UNPLACED = N_("(Chưa xếp — khu tiếp nhận)")
UNSEALED_NOTICE = N_("«{name}»: chưa niêm phong — vật chứng phải được niêm phong trước khi xếp lên kệ (NĐ 127/2017). "
                     "Nhập vào khu tiếp nhận, niêm phong (màn hình vật chứng › Niêm phong) rồi xếp kệ.")
KEEPER_NOTICES = {
    Keeper.TREASURY: N_("«{name}»: tiền, vàng bạc, kim khí quý, đá quý phải gửi bảo quản tại Kho bạc Nhà nước "
                        "(NĐ 142/2024 Điều 15). Nhập kho tạm vào két, sau đó lập thủ tục gửi Kho bạc."),
    Keeper.MILITARY: N_("«{name}»: vũ khí quân dụng, vật liệu nổ phải gửi Bộ Chỉ huy quân sự tỉnh / Bộ Tư lệnh "
                        "Thủ đô bảo quản (NĐ 142/2024 Điều 15)."),
    Keeper.SPECIALISED: N_("«{name}»: chất độc, chất phóng xạ, mẫu sinh học nguy hiểm phải gửi cơ sở chuyên ngành "
                           "bảo quản (NĐ 142/2024 Điều 15)."),
}


def flatten(nodes, out=None) -> list:
    out = [] if out is None else out
    for node in nodes:
        out.append(node)
        flatten(node.children, out)
    return out


def has_room(node) -> bool:
    return node.capacity is None or node.occupancy < node.capacity


def whole_seal(item) -> bool:
    """Sealed, and the seal found whole: one found torn or missing no longer seals it (ND 127/2017)."""
    return item.sealed and item.seal_state != "broken"


class LocationStep(Step):
    title = N_("Vị trí")

    def __init__(self, ctx, indicator: ScanIndicator, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.indicator = indicator
        self.items = []
        self.nodes = []
        self.layout_.removeWidget(self.form)
        self.form.hide()
        self.add_note(_("Vị trí gợi ý theo loại vật chứng. Chọn lại trong danh sách, hoặc chọn dòng rồi quét mã "
                        "vị trí trên kệ."))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("STT"), _("Tên vật chứng"), _("Loại"), _("Vị trí")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.layout_.addWidget(self.table, 1)
        self.notices = QLabel()
        self.notices.setWordWrap(True)
        self.notices.setStyleSheet("background: #fff8e1; border: 1px solid #f9a825; padding: 8px;")
        self.layout_.addWidget(self.notices)

    def set_items(self, items) -> None:
        result = operations.query(self.ctx, queries.location_tree, parent=self)
        self.nodes = [n for n in flatten(result.value if result.ok else []) if n.kind != LocationKind.WAREHOUSE]
        self.items = list(items)
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            cells = [str(row + 1), item.name, category_label(item.category)]
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
            self.table.setCellWidget(row, 3, self._combo(item))
        self._show_notices()

    def enter(self) -> None:
        self.table.setFocus()
        if self.table.rowCount():
            self.table.selectRow(0)

    def _combo(self, item) -> QComboBox:
        cat = category(item.category)
        box = QComboBox()
        box.addItem(_(UNPLACED), "")
        if needs_seal(item.category, item.unit, whole_seal(item)):  # ND 127/2017: stays in the receiving area
            box.setEnabled(False)
            box.setToolTip(_(UNSEALED_NOTICE, name=item.name))
            return box
        for node in self.nodes:
            if location_fits(cat, node.kind):
                box.addItem(self._node_text(node), node.code)
        suggested = suggested_location_kind(cat)
        best = next((n for n in self.nodes if n.kind == suggested and has_room(n)), None)
        if best is not None:
            box.setCurrentIndex(box.findData(best.code))
        return box

    @staticmethod
    def _node_text(node) -> str:
        room = f"{node.occupancy}/{node.capacity}" if node.capacity else str(node.occupancy)
        return f"{node.name} — {code_text(node.code)} ({room})"

    def _show_notices(self) -> None:
        texts = [_(KEEPER_NOTICES[category(i.category).deposit_to], name=i.name) for i in self.items
                 if category(i.category).deposit_to in KEEPER_NOTICES]
        texts += [_(UNSEALED_NOTICE, name=i.name) for i in self.items if needs_seal(i.category, i.unit, whole_seal(i))]
        self.notices.setText("\n".join(texts))
        self.notices.setVisible(bool(texts))

    def combo(self, row: int) -> QComboBox:
        return self.table.cellWidget(row, 3)

    def location_codes(self) -> list[str]:
        return [self.combo(row).currentData() or "" for row in range(len(self.items))]

    def place_names(self) -> dict[str, str]:
        """Location code → "name (VT-…)" for the review and the last step (HANDS-ON 31)."""
        return {n.code: place_text(n.name, n.code) for n in self.nodes}

    @receives_scan
    def scan_location(self, scan: Scan) -> bool:
        """A scanned location goes to the selected rows (all rows when none is selected). Every scan
        gets the same banners and sounds as Xếp kệ (HANDS-ON 11): a bad check character, an unknown
        code, an item code instead of a place, a wrong kind of place, a full place."""
        self.indicator.show()
        refused_code = check(scan)
        if refused_code is not None:
            self.indicator.show_outcome(refused_code.outcome, code=code_text(refused_code.code))
            return True
        compact = str(scan)
        if not scan.is_location:
            self.indicator.show_outcome(Outcome.UNKNOWN, code=code_text(compact))
            self.indicator.setText(_("{code} là mã vật chứng: ở bước này hãy quét mã vị trí trên kệ",
                                     code=code_text(compact)))
            return True
        node = next((n for n in self.nodes if n.code == compact), None)
        if node is None:
            self.indicator.show_outcome(Outcome.UNKNOWN, code=code_text(compact))
            return True
        rows = sorted({i.row() for i in self.table.selectedIndexes()}) or list(range(len(self.items)))
        unsealed = [r for r in rows if needs_seal(self.items[r].category, self.items[r].unit,
                                                whole_seal(self.items[r]))]
        refused = [r for r in rows if not location_fits(category(self.items[r].category), node.kind)
                   and r not in unsealed]
        placed = [r for r in rows if r not in refused and r not in unsealed]
        for row in placed:
            self.combo(row).setCurrentIndex(self.combo(row).findData(node.code))
        if unsealed:
            self.indicator.show_outcome(Outcome.REFUSED, reason="")
            self.indicator.setText(_(UNSEALED_NOTICE, name=self.items[unsealed[0]].name))
        elif refused:
            kind = suggested_location_kind(category(self.items[refused[0]].category))
            self.indicator.show_outcome(Outcome.WRONG_PLACE, expected=location_kind_label(kind))
            self.indicator.setText(_("Sai vị trí: «{name}» phải để ở {expected}, không để ở {kind}",
                                     name=self.items[refused[0]].name, expected=location_kind_label(kind),
                                     kind=location_kind_label(node.kind)))
        elif node.capacity is not None and node.occupancy + len(placed) > node.capacity:
            self.indicator.show_outcome(Outcome.WRONG_PLACE, expected="")
            self.indicator.setText(_("Vị trí {code} đã đầy (sức chứa {capacity})", code=code_text(node.code),
                                     capacity=node.capacity))
        else:
            self.indicator.show_outcome(Outcome.FOUND)
            self.indicator.setText(_("Vị trí: {name} — {n} dòng", name=node.name, n=len(placed)))
        return True

    def validate(self) -> bool:
        return True


class ReviewStep(Step):
    title = N_("Kiểm tra")

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.layout_.removeWidget(self.form)
        self.form.hide()
        self.view = QTextBrowser()
        self.layout_.addWidget(self.view, 1)
        self.add_note(_("Kiểm tra lại thông tin. Bấm «Xác nhận nhập kho» (Ctrl+Enter) để lưu; chưa có gì được lưu "
                        "trước bước này."))
        # ND 142/2024 Điều 15 (LEGAL-RULES R24): the documents of the case file stay in the file; papers are received
        # only once the clerk confirms they are evidence. Shown only when a papers item is in the list.
        self.papers_check = QCheckBox(_(PAPERS_CONFIRMATION))
        self.papers_check.setStyleSheet("font-weight: bold;")
        self.papers_error = QLabel()
        self.papers_error.setWordWrap(True)
        self.papers_error.setStyleSheet("color: #c62828;")
        self.papers_check.toggled.connect(lambda _on: self.papers_error.hide())
        self.layout_.addWidget(self.papers_check)
        self.layout_.addWidget(self.papers_error)
        self.papers_check.hide()
        self.papers_error.hide()

    def enter(self) -> None:
        self.view.setFocus()

    def show_summary(self, facts: list[tuple[str, str]], items, locations: list[str],
                     names: dict[str, str] | None = None) -> None:
        names = names or {}
        self.papers_check.setVisible(any(i.category == "papers" for i in items))
        self.papers_error.hide()
        rows = "".join(f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>" for k, v in facts)
        lines = "".join(
            f"<tr><td>{n}</td><td>{escape(i.name)}</td><td>{escape(category_label(i.category))}</td>"
            f"<td align='right'>{number_text(i.quantity)} {escape(i.unit)}</td><td>{escape(i.seal_number)}</td>"
            f"<td>{escape(names.get(loc) or code_text(loc)) if loc else escape(_(UNPLACED))}</td></tr>"
            for n, (i, loc) in enumerate(zip(items, locations), start=1))
        head = "".join(f"<th align='left'>{escape(_(h))}</th>" for h in
                       (N_("STT"), N_("Tên vật chứng"), N_("Loại"), N_("Số lượng"), N_("Niêm phong"), N_("Vị trí")))
        self.view.setHtml(f"<table cellpadding='3'>{rows}</table><h3>{escape(_('Vật chứng'))} ({len(items)})</h3>"
                          f"<table cellpadding='4' border='1' cellspacing='0' width='100%'><tr>{head}</tr>{lines}"
                          "</table>")

    def papers_not_case_file(self) -> bool:
        return self.papers_check.isVisible() and self.papers_check.isChecked()

    def show_papers_refusal(self, text: str) -> None:
        self.papers_error.setText(text)
        self.papers_error.show()
        self.papers_check.setFocus()

    def validate(self) -> bool:
        return True


class DoneStep(Step):
    title = N_("In")

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.layout_.removeWidget(self.form)
        self.form.hide()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setStyleSheet("font-size: 12pt; color: #2e7d32; font-weight: bold;")
        self.layout_.addWidget(self.result_label)
        self.codes = QTableWidget(0, 3)
        self.codes.setHorizontalHeaderLabels([_("Mã vật chứng"), _("Tên vật chứng"), _("Vị trí")])
        self.codes.verticalHeader().hide()
        self.codes.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.codes.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.codes.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.layout_.addWidget(self.codes, 1)
        row = QHBoxLayout()
        self.print_labels = QPushButton(_("In nhãn…"))
        self.print_record = QPushButton(_("In biên bản…"))
        self.print_slip = QPushButton(_("In phiếu nhập kho…"))  # HANDS-ON 15
        self.new_intake = QPushButton(_("Nhập kho mới"))
        # the signatures step, as after a release (issue 13): giver, clerk and witnesses sign the record
        self.sign_record = QPushButton(_("Ký biên bản…"))
        self.sign_record.clicked.connect(self.open_signatures)
        self.handover_number = ""
        for button in (self.sign_record, self.print_labels, self.print_record, self.print_slip):
            button.setStyleSheet("font-weight: bold; padding: 6px 16px;")
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.new_intake)
        self.layout_.addLayout(row)

    def enter(self) -> None:
        self.print_labels.setFocus()

    def open_signatures(self):
        from .result_bar import open_handover
        if not self.handover_number:
            return None
        self.signatures = open_handover(self.ctx, self.handover_number, self)
        return self.signatures

    def show_result(self, changes, items, locations: list[str], names: dict[str, str] | None = None) -> None:
        names = names or {}
        self.handover_number = changes.handover_number or ""
        self.sign_record.setVisible(bool(self.handover_number))
        text = _("Đã nhập kho {n} vật chứng theo biên bản giao nhận số {number}.", n=len(changes.item_codes),
                 number=changes.handover_number)
        if changes.extra.get("seal_incident"):  # ND 142/2024 Điều 11: a seal found torn or missing, reported
            text += " " + _("Niêm phong rách, mất: đã lập biên bản sự cố số {number} và báo cáo cơ quan thụ lý.",
                            number=changes.extra["seal_incident"])
        self.result_label.setText(text)
        self.codes.setRowCount(len(changes.item_codes))
        for row, (code, item, loc) in enumerate(zip(changes.item_codes, items, locations)):
            for col, text in enumerate((code_text(code), item.name, (names.get(loc) or code_text(loc)) if loc else _(UNPLACED))):
                self.codes.setItem(row, col, QTableWidgetItem(text))
