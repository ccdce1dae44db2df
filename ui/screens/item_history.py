"""The item's history widgets: the custody timeline (corrections nested under the event they
correct; the original stays visible), the documents it rests on, and its deadlines."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QListWidget, QTableWidget, QTableWidgetItem,
                               QTreeWidget, QTreeWidgetItem)

from evidence_store.describe import describe_event, document_label
from evidence_store.domain.deadlines import DEADLINE_LABELS, DeadlineKind
from evidence_store.i18n import N_, _

from ..models.format import URGENCY_COLORS, URGENCY_LABELS, date_text, datetime_text

CORRECTED = QColor("#8a6d00")


def deadline_label(kind: str) -> str:
    try:
        return _(DEADLINE_LABELS[DeadlineKind(kind)])
    except (KeyError, ValueError):
        return kind


def _move_text(e, places: dict | None) -> str:
    if e.kind != "move" or not places:
        return ""
    data = dict(e.data)
    to_id = (data.get("set") or {}).get("location_id")
    source = places.get(data.get("from")) or _("khu tiếp nhận (chưa xếp)")
    target = places.get(to_id) or data.get("to_code") or "—"
    return _("Chuyển vị trí: {source} → {target}", source=source, target=target)


class Timeline(QTreeWidget):
    HEADERS = ("#", N_("Thời gian"), N_("Diễn biến"), N_("Người thực hiện"), N_("Căn cứ"))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHeaderLabels([_(h) for h in self.HEADERS])
        self.setRootIsDecorated(True)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setStyleSheet("QTreeView::item { padding: 3px 0; }")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.header()
        header.setStretchLastSection(False)
        for col, width in enumerate((90, 130, 460, 120, 300)):
            self.setColumnWidth(col, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def show_events(self, events, places: dict | None = None) -> None:
        """Events by the time they happened, oldest first (a late entry of an older release no longer
        sits above a later return, HANDS-ON 30); moves name their places "from → to" (``places``: location
        id → name, HANDS-ON 31)."""
        self.clear()
        rows: dict[int, QTreeWidgetItem] = {}
        ordered = sorted((e for e in events if e.corrects_seq is None), key=lambda e: (e.occurred_at, e.seq))
        ordered += sorted((e for e in events if e.corrects_seq is not None), key=lambda e: e.seq)
        for e in ordered:
            text = _move_text(e, places) or describe_event(e)
            row = QTreeWidgetItem([f"#{e.seq}", datetime_text(e.occurred_at), text, e.username, _basis(e)])
            row.setToolTip(2, text)
            row.setToolTip(4, _basis(e))
            parent = rows.get(e.corrects_seq) if e.corrects_seq else None
            if parent is not None:
                parent.addChild(row)  # the correction sits right under what it corrects
                parent.setExpanded(True)
                for col in range(parent.columnCount()):
                    parent.setForeground(col, QBrush(CORRECTED))
                font = row.font(2)
                font.setItalic(True)
                row.setFont(2, font)
            else:
                self.addTopLevelItem(row)
            rows[e.seq] = row
        self.expandAll()

    def texts(self) -> list[str]:
        """Every line of the timeline's 'Diễn biến' column, top to bottom (tests, copying)."""
        out = []

        def walk(item):
            out.append(item.text(2))
            for i in range(item.childCount()):
                walk(item.child(i))
        for i in range(self.topLevelItemCount()):
            walk(self.topLevelItem(i))
        return out


def _basis(e) -> str:
    parts = []
    if e.document_kind:
        parts.append(document_label(e.document_kind, e.document_number))
    if e.handover_number:
        parts.append(_("BB {number}", number=e.handover_number))
    return " · ".join(parts)


class DocumentsList(QListWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setStyleSheet("QListView::item { padding: 3px; }")

    def show_events(self, events) -> None:
        self.clear()
        seen = set()
        for e in events:
            for key, text in ((("doc", e.document_kind, e.document_number),
                               document_label(e.document_kind, e.document_number) if e.document_kind else ""),
                              (("ho", e.handover_number), _("Biên bản giao nhận số {number}",
                                                            number=e.handover_number) if e.handover_number else "")):
                if text and key not in seen:
                    seen.add(key)
                    self.addItem(text)
        if not seen:
            self.addItem(_("Chưa có văn bản nào"))


class DeadlinesTable(QTableWidget):
    HEADERS = (N_("Thời hạn"), N_("Bắt đầu"), N_("Hạn"), N_("Còn lại"), N_("Tình trạng"),
               N_("Người / cơ quan chịu trách nhiệm"))

    def __init__(self, parent=None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels([_(h) for h in self.HEADERS])
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((300, 95, 95, 90, 140, 220)):
            self.setColumnWidth(col, width)

    def show_deadlines(self, deadlines) -> None:
        self.setRowCount(0)
        today = date.today()
        for d in deadlines:
            row = self.rowCount()
            self.insertRow(row)
            days = (d.due_on - today).days
            left = _("{n} ngày", n=days) if days >= 0 else _("quá {n} ngày", n=-days)
            cells = (deadline_label(d.kind), date_text(d.start_on), date_text(d.due_on), left,
                     _("Đã hoàn thành") if d.closed else _(URGENCY_LABELS.get(d.urgency, d.urgency)),
                     d.responsible or "")
            colour = None if d.closed else URGENCY_COLORS.get(d.urgency)
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if colour is not None:
                    cell.setBackground(colour)
                if d.urgency == "overdue" and not d.closed:
                    f = QFont(cell.font())
                    f.setBold(True)
                    cell.setFont(f)
                self.setItem(row, col, cell)
