"""Thực hiện xử lý vật chứng: an approved disposal is carried out — its real start and end, the place where it
happened and, for a destruction, the council members present (BLTTHS Điều 106.1, 133.1; Luật THADS Điều 125;
ND 62/2015 Điều 33). Only then do the items leave the warehouse; the record opens for signature in the register.
Reached from the item view (an item whose disposal is approved) and from the Xử lý screen (the approved list)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QCheckBox, QDateTimeEdit, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from evidence_store.describe import state_label
from evidence_store.domain.states import State
from evidence_store.formatting import from_wall_time, now_in_zone
from evidence_store.i18n import N_, _
from evidence_store.services import disposal_carry_out
from evidence_store.services.commands import PersonInput
from evidence_store.services.commands import CarryOutDisposal

from .. import operations
from ..context import AppContext
from ..models.format import code_text, datetime_text
from ..qt_translations import localize
from ..widgets.form import Form, datetime_edit, field_errors
from ..widgets.seal_check import SealCheck
from ..widgets.submit_dialog import SubmitDialog

# a refusal about the council is shown under the list of members present
COUNCIL_FIELD = {"council": "absent_members", "council_finance_member": "absent_members",
                 "council_required_absent": "absent_members"}
ROLE_LABELS = {"chair": N_("Chủ tịch Hội đồng"), "finance": N_("Đại diện cơ quan tài chính"),
               "member": N_("Thành viên"), "supervisor": N_("Kiểm sát viên kiểm sát")}


class EndTimeEdit(QDateTimeEdit):
    """«Kết thúc hồi»: blank until the user enters the act's real end — never the start time proposed for him
    (BLTTHS Điều 133.1; LEGAL-RULES R12, HANDS-ON 44: every record ended the minute it began). Focused while blank,
    it offers the start's day and time to edit from; left unchanged, it is blank again."""

    BLANK = QDateTime(QDate(2000, 1, 1), QTime(0, 0))

    def __init__(self, start: QDateTimeEdit) -> None:
        super().__init__()
        self.start = start
        self.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.setCalendarPopup(True)
        localize(self)  # its calendar in the interface language, as every date field (widgets.form)
        self.setMinimumDateTime(self.BLANK)
        self.setSpecialValueText(_("— chưa nhập —"))
        self.setDateTime(self.BLANK)
        self._entered = False
        self.dateTimeChanged.connect(self._changed)

    def entered(self) -> bool:
        return self._entered and self.dateTime() != self.BLANK

    def _changed(self, _value) -> None:
        if not self.signalsBlocked():
            self._entered = self.dateTime() != self.BLANK

    def _set_quietly(self, value: QDateTime) -> None:
        self.blockSignals(True)
        self.setDateTime(value)
        self.blockSignals(False)

    def _offer_start(self) -> None:
        """Blank and about to be edited (focus, a key, a click on the calendar): the start to edit from."""
        if self.dateTime() == self.BLANK:
            self._set_quietly(self.start.dateTime())
            self.setSelectedSection(QDateTimeEdit.Section.HourSection)

    def focusInEvent(self, event) -> None:  # noqa: N802 (Qt)
        self._offer_start()
        super().focusInEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt)
        self._offer_start()
        super().keyPressEvent(event)
        if event.text().isdigit() or event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._entered = True  # typed, even the very minute offered: entered by the user

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt)
        self._offer_start()
        super().mousePressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().focusOutEvent(event)
        if not self.entered() and not (self.calendarWidget() and self.calendarWidget().isVisible()):
            self._set_quietly(self.BLANK)


def _aware(edit: QDateTimeEdit) -> datetime:
    """The wall time typed (Hà Nội time), as an aware time: the service stores UTC."""
    q = edit.dateTime()
    d, t = q.date(), q.time()
    return from_wall_time(datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second()))


class CarryOutDialog(SubmitDialog):
    """One approved disposal's act. ``submit`` calls ``disposal_carry_out.carry_out_disposal``; a refusal is shown
    under the field it concerns (or above the buttons), and nothing typed is lost."""

    def __init__(self, ctx: AppContext, number: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Thực hiện xử lý vật chứng — biên bản {number}", number=number), parent,
                         ok_text=_("Ghi việc thực hiện"))
        self.number = number
        self.setMinimumWidth(680)
        result = operations.query(ctx, disposal_carry_out.carry_out_form, number, parent=self)
        self.info = result.value if result.ok else None
        layout = QVBoxLayout(self)
        self.form = Form()
        self.form.submitted.connect(self.submit)  # Enter in a field records the act, as the OK button does
        self.presence: dict[int, QCheckBox] = {}
        if self.info is not None:
            layout.addWidget(self._heading())
            self._fields(layout)
        layout.addWidget(self.form)
        layout.addWidget(self.error_label)
        self.ok_button.setEnabled(self.info is not None)
        layout.addWidget(self.buttons)

    # -- building -------------------------------------------------------------------------------------
    def _heading(self) -> QLabel:
        f = self.info
        items = "<br>".join(f"{code_text(code)} — {name}" for code, name in f.items[:8])
        if len(f.items) > 8:
            items += "<br>" + _("… và {n} vật chứng khác", n=len(f.items) - 8)
        approved = _("Đã phê duyệt lúc {when} ({who})", when=datetime_text(f.approved_at), who=f.approved_by) \
            if f.approved_at else ""
        from .disposal_form import OUTCOME_TITLES  # the act to carry out, not «Đã tiêu hủy» (issue 17)
        title = OUTCOME_TITLES.get(State(f.outcome)) if f.outcome in State._value2member_map_ else None
        label = QLabel(_("<b>Biên bản {number}</b> — {outcome} · Vụ án: {case}<br>{approved}<br>{items}",
                         number=f.number, outcome=_(title) if title else state_label(f.outcome),
                         case=f.case_number, approved=approved, items=items))
        self.heading = label
        label.setWordWrap(True)
        return label

    def _fields(self, layout) -> None:
        # to the minute: the end offered from the start carries no hidden seconds past "now" (end_in_future)
        now = now_in_zone().replace(second=0, microsecond=0)
        self.started = datetime_edit(now)
        self.started.setToolTip(_("Thời điểm bắt đầu thực tế (Điều 133 BLTTHS), không trước lúc phê duyệt"))
        self.ended = EndTimeEdit(self.started)
        self.ended.setToolTip(_("Thời điểm kết thúc thực tế: nhập khi việc xử lý đã xong, không lấy theo giờ bắt "
                                "đầu (Điều 133 BLTTHS)"))
        self.place = QLineEdit(self.info.place)
        self.place.setPlaceholderText(_("VD: Lò đốt rác thải Nam Sơn, Sóc Sơn, Hà Nội"))
        self.form.add("started_at", _("Bắt đầu hồi"), self.started)
        self.form.add("ended_at", _("Kết thúc hồi"), self.ended)
        self.form.add("place", _("Địa điểm thực hiện"), self.place)
        if self.info.council:
            group = QGroupBox(_("Thành viên Hội đồng có mặt"))
            column = QVBoxLayout(group)
            for slot in self.info.council:
                text = f"{slot.name} — {_(ROLE_LABELS.get(slot.role, slot.role))}"
                if slot.required:
                    text += " " + _("(bắt buộc có mặt)")
                box = QCheckBox(text)
                box.setChecked(True)
                self.presence[slot.slot_id] = box
                column.addWidget(box)
            hint = QLabel(_("Bỏ chọn người vắng mặt: biên bản chỉ ghi và lấy chữ ký người có mặt."))
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555")
            column.addWidget(hint)
            self.form.add("absent_members", _("Hội đồng tiêu hủy"), group)
        self.receiver_name = QLineEdit()
        self.receiver_position = QLineEdit()
        self.receiver_id = QLineEdit()
        self.receiver_letter = QLineEdit()
        if self.info.needs_receiver:
            self.receiver_position.setPlaceholderText(_("VD: Cán bộ Phòng Quản lý công sản"))
            self.form.add("receiver", _("Người nhận (họ tên)"), self.receiver_name)
            self.form.add("receiver_position", _("Chức vụ người nhận"), self.receiver_position)
            self.form.add("receiver_id", _("Số CCCD người nhận"), self.receiver_id)
            self.form.add("receiver_letter", _("Giấy giới thiệu số"), self.receiver_letter)
        self.seals = SealCheck(self.info.seals)
        self.seal_confirm, self.seal_broken = self.seals.confirm, self.seals.broken
        if self.info.seals:
            self.form.add("seal_states", _("Niêm phong"), self.seals)
        self.keeper_name = QLineEdit()
        if not self.info.keeper_named and "clerk" not in self.ctx.actor.roles:
            self.keeper_name.setPlaceholderText(_("Thủ kho giao vật chứng"))
            self.form.add("keeper", _("Thủ kho"), self.keeper_name)

    def seal_states(self) -> dict[str, str]:
        """Each seal checked as the items leave (ND 127/2017; ND 142/2024 Điều 11): ui.widgets.seal_check."""
        return self.seals.states()

    # -- acting ---------------------------------------------------------------------------------------
    def absent(self) -> tuple[int, ...]:
        return tuple(slot_id for slot_id, box in self.presence.items() if not box.isChecked())

    def command(self) -> CarryOutDisposal:
        receiver = PersonInput(full_name=self.receiver_name.text().strip(),
                               position=self.receiver_position.text().strip(),
                               id_number=self.receiver_id.text().strip(),
                               letter_number=self.receiver_letter.text().strip()) \
            if self.receiver_name.text().strip() else None
        keeper = PersonInput(full_name=self.keeper_name.text().strip(), position="Thủ kho") \
            if self.keeper_name.text().strip() else None
        return CarryOutDisposal(self.number, _aware(self.started), _aware(self.ended), self.place.text().strip(),
                                keeper=keeper, receiver=receiver, absent_members=self.absent(),
                                seal_states=self.seal_states())

    def error_texts(self) -> dict[str, str]:
        """The refusals shown now: field → text ("" for the one above the buttons)."""
        out = {key: self.form.error(key) for key in self.form.fields if self.form.error(key)}
        if self.error_label.text():
            out[""] = self.error_label.text()
        return out

    def on_error(self):
        """Under its field when the refusal names one shown here, else above the buttons."""
        return field_errors(self.form, COUNCIL_FIELD, self.error_label)

    def submit(self):
        if self.info is None:
            return None
        self.form.clear_errors()
        self.error_label.clear()
        if not self.place.text().strip():  # Điều 133.1: the place of the act
            self.form.set_error("place", _("Cần ghi địa điểm thực hiện việc xử lý"))
            self.place.setFocus()
            return None
        if not self.ended.entered():  # Điều 133.1: the real end, entered by the user (R12)
            self.form.set_error("ended_at", _("Cần nhập giờ kết thúc thực tế của việc xử lý"))
            self.ended.setFocus()
            return None
        return self.result_changes if self.run(disposal_carry_out.carry_out_disposal, self.command()) else None


def carried_out_text(number: str) -> str:
    """What the screens say after a carry-out: the record waits for its signatures in the register."""
    return _("Đã ghi việc thực hiện {number}: vật chứng đã rời kho; biên bản mở để ký (Sổ biên bản)", number=number)

