"""Choose how to print item labels: the sheet layout and the number of copies (HANDS-ON 86: the GUI
printed only the default layout, one copy). The choices come from the print settings."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget

from evidence_store.i18n import N_, _
from evidence_store.printing.templates import LabelLayout, PrintSettings

LAYOUT_NAMES = {
    "thermal-50x30": N_("Máy in nhiệt, nhãn 50×30 mm"),
    "a4-3x8": N_("Giấy A4, 24 nhãn (3×8, 70×37 mm)"),
    "a4-2x7": N_("Giấy A4, 14 nhãn (2×7, 99,1×38,1 mm)"),
    "location-100x50": N_("Máy in nhiệt, nhãn 100×50 mm"),
    "a4-location-2x5": N_("Giấy A4, 10 nhãn vị trí (2×5, 100×50 mm)"),
}


def layout_name(key: str, layout: LabelLayout | None = None) -> str:
    """The layout as people call it; a layout added in the settings shows its sizes."""
    if key in LAYOUT_NAMES:
        return _(LAYOUT_NAMES[key])
    if layout is None:
        return key
    return _("{key} ({w:g}×{h:g} mm, {n} nhãn/trang)", key=key, w=layout.label_width_mm, h=layout.label_height_mm,
             n=layout.per_page)


def item_layouts(settings: PrintSettings) -> list[str]:
    """Layouts whose labels fit an item label (location layouts are larger: not for items)."""
    return [k for k, v in settings.label_layouts.items() if not k.startswith(("location", "a4-location"))
            and v.label_height_mm <= 45]


class LabelPrintDialog(QDialog):
    def __init__(self, settings: PrintSettings, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("In nhãn vật chứng"))
        form = QFormLayout(self)
        self.layout_box = QComboBox()
        for key in item_layouts(settings):
            self.layout_box.addItem(layout_name(key, settings.label_layouts[key]), key)
        self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(settings.item_label_layout)))
        self.dpi = QComboBox()
        for dpi, text in ((203, _("203 dpi (máy in nhiệt thông dụng)")), (300, _("300 dpi")), (600, _("600 dpi"))):
            self.dpi.addItem(text, dpi)
        self.layout_box.currentIndexChanged.connect(lambda _i: self._default_dpi(settings))
        self._default_dpi(settings)
        self.copies = QSpinBox()
        self.copies.setRange(1, 20)
        self.copies.setValue(max(1, settings.label_copies))
        form.addRow(_("Số vật chứng"), _count_label(count))
        form.addRow(_("Khổ nhãn"), self.layout_box)
        form.addRow(_("Độ phân giải máy in"), self.dpi)
        form.addRow(_("Số bản mỗi vật chứng"), self.copies)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Xem trước và in"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Hủy"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _default_dpi(self, settings: PrintSettings) -> None:
        key = self.layout_box.currentData()
        if key in settings.label_layouts:
            self.dpi.setCurrentIndex(max(0, self.dpi.findData(settings.label_layouts[key].dpi)))

    @property
    def choice(self) -> tuple[str, int, int]:
        """(layout, copies, printer dpi): the barcodes are snapped to that printer's dots."""
        return self.layout_box.currentData(), self.copies.value(), self.dpi.currentData()


def _count_label(count: int):
    from PySide6.QtWidgets import QLabel
    return QLabel(str(count))
