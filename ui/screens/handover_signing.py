"""Signing a hand-over record on screen: the signature pad, signers added or redone, signed on paper, a refusal
to sign or a fingerprint with its witness (BLTTHS Điều 133). A mixin of ui.screens.handover.HandoverDialog."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout)

from evidence_store.domain.records import SIGNABLE
from evidence_store.domain.records import SLOT_ROLE_LABELS as ROLE_LABELS  # who each slot is, in words
from evidence_store.i18n import _
from evidence_store.services import handovers, signers
from evidence_store.services.commands import FileInput, PersonInput
from evidence_store.services.commands import (AddSigner, RedoSignature, RefuseSignature, SignByFingerprint, SignOnPaper,
                                              SignOnScreen)
from evidence_store.services.signers import ADDABLE_ROLES

from .. import dialogs


class HandoverSigning:
    """The signing row and the signer row of the dialog; HandoverDialog supplies ``ctx``, ``number``, ``pad``,
    ``signer``, ``witness``, ``reason``, ``selected_slot`` and ``_perform``."""

    def _signing(self) -> QHBoxLayout:
        row = QHBoxLayout()
        screen = QGroupBox(_("Ký trên màn hình"))
        box = QVBoxLayout(screen)
        box.addWidget(self.pad, 1)
        line = QHBoxLayout()
        line.addWidget(self.signer, 1)
        # never the dialog's default button: the record opened with Enter wiping the drawn signature (issue 17)
        self.clear_button = QPushButton(_("Xóa chữ ký"))
        self.clear_button.setAutoDefault(False)
        self.clear_button.setToolTip(_("Xóa nét ký trên bảng để ký lại"))
        self.clear_button.clicked.connect(self.pad.clear)
        self.sign_button = QPushButton(_("Ký vào ô đã chọn"))
        self.sign_button.clicked.connect(self.sign_selected)
        line.addWidget(self.clear_button)
        line.addWidget(self.sign_button)
        box.addLayout(line)
        self.sign_hint = QLabel()  # why signing is off for the selected slot
        self.sign_hint.setWordWrap(True)
        self.sign_hint.setStyleSheet("color: #6d4c41;")
        self.sign_hint.hide()
        box.addWidget(self.sign_hint)
        self.pad.changed.connect(self._update_actions)
        other = QGroupBox(_("Ký trên giấy / từ chối ký"))
        grid = QGridLayout(other)
        self.paper_button = QPushButton(_("Đã ký trên giấy — đính kèm bản quét…"))
        self.paper_button.clicked.connect(self.mark_paper)
        grid.addWidget(QLabel(_("Các ô chưa ký được đánh dấu đã ký trên giấy; bản quét được lưu kèm mã SHA-256.")),
                       0, 0, 1, 2)
        grid.addWidget(self.paper_button, 1, 0, 1, 2)
        grid.addWidget(QLabel(_("Từ chối ký (Điều 133 BLTTHS):")), 2, 0, 1, 2)
        grid.addWidget(self.reason, 3, 0, 1, 2)
        grid.addWidget(self.witness, 4, 0, 1, 2)
        self.refuse_button = QPushButton(_("Ghi nhận từ chối ký"))
        self.refuse_button.clicked.connect(self.refuse_selected)
        grid.addWidget(self.refuse_button, 5, 1)
        self.fingerprint_button = QPushButton(_("Không biết chữ: đã đọc to, điểm chỉ…"))
        self.fingerprint_button.setToolTip(_("Điều 133 BLTTHS: biên bản được đọc cho người không biết chữ nghe trước "
                                             "người chứng kiến (ghi ở ô trên); người đó điểm chỉ, người chứng kiến ký"))
        self.fingerprint_button.clicked.connect(self.fingerprint_selected)
        grid.addWidget(self.fingerprint_button, 5, 0)
        grid.setRowStretch(6, 1)
        for label in other.findChildren(QLabel):
            label.setWordWrap(True)
        row.addWidget(screen, 3)
        row.addWidget(other, 2)
        return row

    def _signers(self) -> QGroupBox:
        """A witness or the unit's leader added, a signed slot done again — while the record is not complete
        (BLTTHS Điều 133; HANDS-ON 55, 56: services.signers)."""
        box = QGroupBox(_("Thêm người ký, ký lại (trước khi hoàn tất)"))
        row = QHBoxLayout(box)
        self.add_role = QComboBox()
        for role in ADDABLE_ROLES:
            self.add_role.addItem(_(ROLE_LABELS[role]), role)
        self.add_name = QLineEdit()
        self.add_name.setPlaceholderText(_("Họ tên"))
        self.add_position = QLineEdit()
        self.add_position.setPlaceholderText(_("Chức vụ"))
        self.add_id = QLineEdit()
        self.add_id.setPlaceholderText(_("Số CCCD"))
        self.add_button = QPushButton(_("Thêm người ký"))
        self.add_button.clicked.connect(self.add_signer)
        self.redo_reason = QLineEdit()
        self.redo_reason.setPlaceholderText(_("Lý do ký lại ô đã chọn"))
        self.redo_button = QPushButton(_("Ký lại ô đã chọn"))
        self.redo_button.setToolTip(_("Ô đã ký, từ chối hoặc điểm chỉ được mở lại để ký lại; ô cũ vẫn được lưu và "
                                      "ghi vào sổ theo dõi cùng lý do"))
        self.redo_button.clicked.connect(self.redo_selected)
        for widget, stretch in ((self.add_role, 0), (self.add_name, 2), (self.add_position, 1), (self.add_id, 1),
                                (self.add_button, 0), (self.redo_reason, 2), (self.redo_button, 0)):
            row.addWidget(widget, stretch)
        return box

    def _update_actions(self) -> None:
        """Each signing action on only where it can succeed, and the reason said where it cannot: «Ký vào ô đã
        chọn» answered a signed slot with an error box (issue 17). A signed slot is done again with «Ký lại ô đã
        chọn» (services.signers, HANDS-ON 56)."""
        d = getattr(self, "detail", None)
        if d is None:
            return
        slot = self.selected_slot()
        closed = self._closed(d)
        pending = slot is not None and slot.status == "pending"
        if closed:
            why = (_("Biên bản đang chờ lãnh đạo duyệt: chưa ký được") if d.approval == "pending"
                   else _("Biên bản đã hoàn tất hoặc đã hủy: không ký thêm"))
        elif slot is None:
            why = _("Chọn ô chữ ký cần ký trong bảng trên")
        elif not pending:
            why = _("Ô của {name} đã ký hoặc đã ghi nhận ({state}). Chọn ô chưa ký, hoặc dùng «Ký lại ô đã chọn» "
                    "nếu cần ký lại", name=slot.person_name or _(ROLE_LABELS.get(slot.role, slot.role)),
                    state=_(self.sign_state_label(slot.status)))
        else:
            why = ""
        self.pad.setEnabled(d.status in SIGNABLE)  # awaiting approval: drawing waits for it, the pad stays usable
        self.clear_button.setEnabled(not closed and not self.pad.is_empty())
        for button in (self.sign_button, self.refuse_button, self.fingerprint_button):
            button.setEnabled(not closed and pending)
            button.setToolTip(why)
        self.redo_button.setEnabled(not closed and slot is not None and not pending)
        self.paper_button.setEnabled(not closed and any(s.status == "pending" for s in d.signatures))
        self.sign_hint.setText(why)
        self.sign_hint.setVisible(bool(why))
        if not closed and pending:
            self.sign_button.setDefault(True)  # Enter signs the selected slot
        else:
            self.sign_button.setDefault(False)

    def add_signer(self) -> bool:
        name = self.add_name.text().strip()
        if not name:
            dialogs.warn(_("Nhập họ tên người ký cần thêm"), self)
            return False
        person = PersonInput(full_name=name, position=self.add_position.text().strip(),
                             id_number=self.add_id.text().strip())
        ok = self._perform(signers.add_signer, AddSigner(self.number, self.add_role.currentData(), person))
        if ok:
            for edit in (self.add_name, self.add_position, self.add_id):
                edit.clear()
        return ok

    def redo_selected(self) -> bool:
        slot = self.selected_slot()
        if slot is None or slot.status == "pending":
            dialogs.warn(_("Chọn ô đã ký, đã từ chối hoặc đã điểm chỉ cần ký lại"), self)
            return False
        ok = self._perform(signers.redo_signature, RedoSignature(self.number, slot.id, self.redo_reason.text()))
        if ok:
            self.redo_reason.clear()
        return ok

    def sign_selected(self) -> bool:
        slot = self.selected_slot()
        if slot is None:
            dialogs.warn(_("Chọn ô chữ ký cần ký"), self)
            return False
        if self.pad.is_empty():
            dialogs.warn(_("Chưa có chữ ký trên bảng ký"), self)
            return False
        return self._perform(handovers.sign_on_screen, SignOnScreen(self.number, slot.id, self.pad.to_png(),
                                                                    self.signer.text().strip()))

    def mark_paper(self) -> bool:
        files = dialogs.ask_open_files(_("Chọn bản quét biên bản đã ký"), _("Ảnh hoặc PDF (*.png *.jpg *.jpeg *.pdf)"),
                                        self)
        if not files:
            return False
        path = Path(files[0])
        scan = FileInput(path.name, path.read_bytes(), mimetypes.guess_type(path.name)[0] or "")
        return self._perform(handovers.mark_signed_on_paper, SignOnPaper(self.number, scan))

    def refuse_selected(self) -> bool:
        slot = self.selected_slot()
        if slot is None:
            dialogs.warn(_("Chọn ô chữ ký của người từ chối ký"), self)
            return False
        ok = self._perform(handovers.refuse_signature, RefuseSignature(self.number, slot.id, self.reason.text(),
                                                                       self.witness.text()))
        if ok:
            self.reason.clear()
            self.witness.clear()
        return ok

    def fingerprint_selected(self) -> bool:
        """The selected participant cannot read: the record was read aloud before the witness typed above."""
        slot = self.selected_slot()
        if slot is None:
            dialogs.warn(_("Chọn ô chữ ký của người điểm chỉ"), self)
            return False
        if not dialogs.confirm(_("Biên bản đã được đọc to cho {name} nghe trước người chứng kiến {witness}?",
                                  name=slot.person_name, witness=self.witness.text().strip() or "…"), self):
            return False
        cmd = SignByFingerprint(self.number, slot.id, PersonInput(full_name=self.witness.text().strip()),
                                read_aloud=True)
        ok = self._perform(handovers.sign_by_fingerprint, cmd)
        if ok:
            self.witness.clear()
        return ok
