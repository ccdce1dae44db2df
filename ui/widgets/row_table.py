"""A read-only table of a short list of rows already in memory (the register's latest 500 records, the inbox's
tasks, a report's overdue items): a PagedTableModel over the list, whole rows selected one at a time.

Issue #19 (resident memory with the main lists open ≤ 150 MB): a QTableWidget kept a C++ item and its Python
wrapper per cell, ~0.6 KB each (the register's 5,000 cells ≈ 3 MB); the model keeps only the rows and answers
the cells when they are painted. ``rowCount`` and ``currentRow`` answer as QTableWidget's did."""

from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from ..models.paged import Column, PagedTableModel


class RowTable(QTableView):
    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows_model = PagedTableModel(columns, parent=self)
        self.setModel(self.rows_model)
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def show_rows(self, rows: Sequence[Any]) -> None:
        self.rows_model.show_rows(rows)

    def rowCount(self) -> int:  # noqa: N802 (as QTableWidget)
        return self.rows_model.rowCount()

    def currentRow(self) -> int:  # noqa: N802 (as QTableWidget)
        return self.currentIndex().row()
