"""The framed line a scanning page shows the place it works at: a caption, the place in large bold type and, on
the right, a note (the count so far, the place's capacity). Shared by the audit counting page and shelving."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel


class PlaceBanner(QFrame):
    def __init__(self, caption: str, empty: str) -> None:
        super().__init__()
        self.setObjectName("place_banner")
        self.setStyleSheet("QFrame#place_banner { border: 1px solid #bbb; border-radius: 4px; "
                           "background: palette(base); }")
        row = QHBoxLayout(self)
        label = QLabel(caption)
        label.setStyleSheet("border: none;")
        self.place = QLabel(empty)  # the place scanned, or what to do before
        self.place.setStyleSheet("font-size: 14pt; font-weight: bold; border: none;")
        self.note = QLabel()
        self.note.setStyleSheet("border: none;")
        row.addWidget(label)
        row.addWidget(self.place, 1)
        row.addWidget(self.note)
