"""The item's history widgets: the custody timeline (corrections nested under the event they
correct; the original stays visible), the documents it rests on, and its deadlines."""

from __future__ import annotations


from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QListWidget, QTableWidget, QTableWidgetItem,
                               QTreeWidget, QTreeWidgetItem)

from evidence_store.domain.records import document_kind_name
from evidence_store.describe import describe_event, document_label
from evidence_store.domain.deadlines import DEADLINE_LABELS, DeadlineKind
from evidence_store.i18n import N_, _

from ..models.format import URGENCY_COLORS, URGENCY_LABELS, date_text, datetime_text
from evidence_store.domain import chronology

CORRECTED = QColor("#8a6d00")
BACKDATED = QColor("#b3261e")


def deadline_label(kind: str) -> str:
    try:
        return _(DEADLINE_LABELS[DeadlineKind(kind)])
    except (KeyError, ValueError):
        return kind


class Timeline(QTreeWidget):
    HEADERS = ("#", N_("Thời gian"), N_("Ghi sổ"), N_("Diễn biến"), N_("Người thực hiện"), N_("Căn cứ"))
    TEXT = 3  # the "Diễn biến" column

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
        for col, width in enumerate((70, 125, 90, 460, 120, 300)):
            self.setColumnWidth(col, width)
        header.setSectionResizeMode(self.TEXT, QHeaderView.ResizeMode.Stretch)

    def show_events(self, events, places: dict | None = None) -> None:
        """Events in ledger order, the legal order of the register (the stock card follows it too): "Thời gian"
        is when the act happened, "Ghi sổ" the day it was entered when that is another day; an entry dated
        before an act already in the ledger (a late entry, possible only before the chronology rule of
        HANDS-ON 30) is flagged in colour with both dates. Corrections sit under what they correct; moves
        name their places "from → to" (``places``: location id → name, HANDS-ON 31)."""
        self.clear()
        rows: dict[int, QTreeWidgetItem] = {}
        ordered = sorted(events, key=lambda e: e.seq)
        latest = None  # the latest act date among the entries above
        for e in ordered:
            text = describe_event(e, places)
            when, entered = datetime_text(e.occurred_at), datetime_text(e.recorded_at)
            late_day = date_text(e.recorded_at) if date_text(e.recorded_at) != date_text(e.occurred_at) else ""
            row = QTreeWidgetItem([f"#{e.seq}", when, late_day, text, e.username, _basis(e)])
            row.setToolTip(self.TEXT, text)
            row.setToolTip(5, _basis(e))
            row.setToolTip(2, _("Ghi sổ lúc {entered}", entered=entered))
            if e.corrects_seq is None and latest is not None and e.occurred_at < latest:
                row.setToolTip(1, _("Xảy ra {when}, trước diễn biến đã ghi sổ trước đó ({latest}); ghi sổ "
                                    "{entered}", when=when, latest=datetime_text(latest), entered=entered))
                row.setForeground(1, QBrush(BACKDATED))
                row.setForeground(2, QBrush(BACKDATED))
            if e.corrects_seq is None:
                latest = e.occurred_at if latest is None else max(latest, e.occurred_at)
            parent = rows.get(e.corrects_seq) if e.corrects_seq else None
            if parent is not None:
                parent.addChild(row)  # the correction sits right under what it corrects
                parent.setExpanded(True)
                for col in range(parent.columnCount()):
                    parent.setForeground(col, QBrush(CORRECTED))
                font = row.font(self.TEXT)
                font.setItalic(True)
                row.setFont(self.TEXT, font)
            else:
                self.addTopLevelItem(row)
            rows[e.seq] = row
        self.expandAll()

    def texts(self) -> list[str]:
        """Every line of the timeline's 'Diễn biến' column, top to bottom (tests, copying)."""
        out = []

        def walk(item):
            out.append(item.text(self.TEXT))
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
                              (("ho", e.handover_number), _("{document} số {number}",  # by its kind (issue #12)
                                                            document=_(document_kind_name(e.handover_number)),
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
        today = chronology.today()
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
