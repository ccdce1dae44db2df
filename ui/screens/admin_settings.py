"""Settings an administrator changes: the idle lock and backups, the legal switches (approval of releases), the
warehouse's time zone, label layouts and the agency header printed on records and labels."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget

from evidence_store.i18n import N_, _
from evidence_store.services import settings as app_settings
from evidence_store.services.results import Changes

from .. import dialogs, operations
from ..widgets.label_options import layout_name

NUMBERS = (("idle_lock_minutes", N_("Khóa màn hình sau (phút không thao tác)")),
           ("backup_keep", N_("Số bản sao lưu hằng ngày được giữ")),
           ("transfer_immediately_days", N_("Tiền, vàng, vũ khí phải chuyển Kho bạc / cơ quan chuyên trách sau (ngày)")))
# on / off legal settings, with the law's default (services.settings.SPECS)
SWITCHES = (("release_needs_approval", N_("Tạm xuất, chuyển kho, gửi và giao bảo quản chỉ có hiệu lực khi lãnh đạo kho "
                                           "(khác thủ kho) duyệt xuất — Điều 4 Nghị định 142/2024/NĐ-CP (mặc định: "
                                           "bật)")),
            ("thads_transfer_moves_out", N_("Chuyển giao cho Thi hành án dân sự kèm chuyển kho: vật chứng rời kho này "
                                            "sang kho THADS — NĐ 142/2024/NĐ-CP tách hệ thống kho (mặc định: bật; kho "
                                            "dùng chung: tắt)")))
ZONE_LABEL = N_("Múi giờ của kho (tên IANA; mọi thời điểm trên màn hình, dòng lệnh và giấy in theo múi giờ này)")
HEADER_FIELDS = (("parent_agency", N_("Cơ quan chủ quản")), ("issuing_unit", N_("Đơn vị ban hành")),
                 ("place_name", N_("Địa danh")), ("short_name", N_("Tên in trên nhãn")))


def save_all(uow, numbers: dict, print_settings: dict) -> Changes:
    """One save for the whole page (each setter commits its own value)."""
    from evidence_store.services.printing_data import save_print_settings
    for key, value in numbers.items():
        app_settings.set_setting(uow, key, value)
    save_print_settings(uow, print_settings)
    return Changes(extra={"settings": sorted(numbers)})


def _zone_names() -> list[str]:
    try:
        from zoneinfo import available_timezones
        return sorted(available_timezones())
    except Exception:  # noqa: BLE001 - no tz database: the default can still be typed
        return [app_settings.DEFAULTS["time_zone"]]


class SettingsTab(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        form = QFormLayout()
        self.numbers: dict[str, QSpinBox] = {}
        for key, label in NUMBERS:
            spec = app_settings.SPECS[key]
            box = QSpinBox()
            box.setRange(spec.minimum, spec.maximum)
            self.numbers[key] = box
            form.addRow(_(label), box)
        self.switches: dict[str, QCheckBox] = {}
        for key, label in SWITCHES:
            self.switches[key] = QCheckBox(_(label))
            form.addRow(self.switches[key])
        self.time_zone = QComboBox()  # the zones the tz database knows; another name may be typed (then checked)
        self.time_zone.setEditable(True)
        self.time_zone.addItems(_zone_names())
        form.addRow(_(ZONE_LABEL), self.time_zone)
        self.header: dict[str, QLineEdit] = {}
        for key, label in HEADER_FIELDS:
            self.header[key] = QLineEdit()
            form.addRow(_(label), self.header[key])
        self.item_layout, self.location_layout = QComboBox(), QComboBox()
        form.addRow(_("Khổ nhãn vật chứng"), self.item_layout)
        form.addRow(_("Khổ nhãn vị trí"), self.location_layout)
        save = QPushButton(_("Lưu cài đặt"))
        save.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(save)
        layout.addStretch(1)
        self.reload()

    def reload(self) -> None:
        from evidence_store.services.printing_data import load_print_settings
        with self.ctx.reader() as uow:
            values = app_settings.get_settings(uow)
            self.print_settings = load_print_settings(uow)
        for key, box in self.numbers.items():
            box.setValue(int(values[key]))
        for key, box in self.switches.items():
            box.setChecked(bool(values[key]))
        self.time_zone.setCurrentText(values["time_zone"])
        for key, edit in self.header.items():
            edit.setText(getattr(self.print_settings.header, key))
        for box, current in ((self.item_layout, self.print_settings.item_label_layout),
                             (self.location_layout, self.print_settings.location_label_layout)):
            box.clear()
            for name, layout in self.print_settings.label_layouts.items():
                box.addItem(layout_name(name, layout), name)  # as people call it, not "thermal-50x30" (HANDS-ON 8)
            box.setCurrentIndex(max(0, box.findData(current)))

    def save(self) -> None:
        from evidence_store.services.printing_data import load_print_settings
        with self.ctx.reader() as uow:  # the «Mẫu in» tab may have saved templates since this page loaded
            data = load_print_settings(uow).to_dict()
        data["header"] = {key: edit.text().strip() for key, edit in self.header.items()}
        data["item_label_layout"] = self.item_layout.currentData()
        data["location_label_layout"] = self.location_layout.currentData()
        numbers = {key: box.value() for key, box in self.numbers.items()}
        numbers |= {key: box.isChecked() for key, box in self.switches.items()}
        numbers["time_zone"] = self.time_zone.currentText().strip()
        if operations.perform(self.ctx, save_all, numbers, data, parent=self).ok:
            dialogs.info(_("Đã lưu cài đặt."), self)
