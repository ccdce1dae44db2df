"""Exports to spreadsheets (typed XLSX, CSV) and imports of old registers. Qt-free."""
