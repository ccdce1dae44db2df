"""Accepting or refusing a two-sided act from its record (issue 13): the receiving agency's user accepts, and for a
transfer of responsibility names the case's new «Người thụ lý» among the agency's officers (issue 17). A mixin of
ui.screens.handover.HandoverDialog, which supplies ``ctx``, ``number``, ``detail`` and ``_perform``."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton

from evidence_store.domain.permissions import allowed
from evidence_store.i18n import _
from evidence_store.services import acceptance, responsibility

from .. import dialogs, operations

LATER = "later"  # the officer box's «Để lãnh đạo phân công sau»


class HandoverAcceptance:
    def _acceptance_row(self, row: QHBoxLayout) -> None:
        """The receiving agency's user accepts or refuses from here (two-sided acts, issue 13)."""
        self.officer_label = QLabel(_("Người thụ lý:"))  # the box alone showed a bare name beside «Tiếp nhận»
        self.officer_box = QComboBox()
        self.officer_box.setToolTip(_("Người thụ lý của cơ quan nhận"))
        self.officer_label.setBuddy(self.officer_box)
        self.accept_button = QPushButton(_("Tiếp nhận"))
        self.accept_button.setStyleSheet("font-weight: bold; padding: 6px 18px; color: #2e7d32;")
        self.accept_button.clicked.connect(self.accept_offer)
        self.refuse_offer_button = QPushButton(_("Từ chối tiếp nhận…"))
        self.refuse_offer_button.clicked.connect(self.refuse_offer)
        for widget in (self.officer_label, self.officer_box, self.accept_button, self.refuse_offer_button):
            widget.hide()
            row.addWidget(widget)

    def _show_acceptance(self, d) -> None:
        mine = d.acceptance == "pending" and self.ctx.actor.agency_id is not None \
            and self.ctx.actor.agency_id == d.answering_agency_id and allowed(self.ctx.actor.roles, "accept_handover")
        for widget in (self.accept_button, self.refuse_offer_button):
            widget.setVisible(mine)
        giving_back = d.kind == "return"  # the one who gave the items back confirms (issue 13)
        self.accept_button.setText(_("Xác nhận đã giao trả") if giving_back else _("Tiếp nhận"))
        self.refuse_offer_button.setText(_("Không xác nhận…") if giving_back else _("Từ chối tiếp nhận…"))
        for widget in (self.officer_label, self.officer_box):
            widget.setVisible(mine and d.kind == "transfer")
        if mine and d.kind == "transfer" and self.officer_box.count() == 0:
            self._fill_officers(d)

    def _fill_officers(self, d) -> None:
        """The receiving agency's officers, never its clerk: a thư ký Tòa án or a thủ kho THADS who accepts is
        not the case's «người thụ lý» (issue 17; BLTTHS Điều 44, 47: the head of the agency assigns the judge,
        procurator or enforcer). Proposed: the accepting officer himself, else the officer the offer named, else
        the agency's only officer; otherwise nobody, and the user must choose — an officer, or, when the agency's
        leader has a seat, to leave the assignment to him."""
        self.officer_box.addItem(_("— chọn người thụ lý —"), None)
        result = operations.query(self.ctx, responsibility.officers_of, d.receiver_agency_id, parent=self)
        officers = result.value if result.ok else []
        for person_id, label in officers:
            self.officer_box.addItem(label, person_id)
        me = self.officer_box.findData(self.ctx.actor.person_id) if self.ctx.actor.person_id else -1
        # the leader assigns later (Vụ án › Phân công người thụ lý); with no officer seated, nobody can be chosen
        if me < 0 and (not officers or self._leader_can_assign(d)):
            self.officer_box.addItem(_("Để lãnh đạo phân công sau"), LATER)
        named = self.officer_box.findData((d.details or {}).get("officer_id")) if (d.details or {}).get(
            "officer_id") else -1
        only = 1 if len(officers) == 1 else -1
        self.officer_box.setCurrentIndex(next((i for i in (me, named, only) if i >= 0), 0))

    def _leader_can_assign(self, d) -> bool:
        """Only an agency whose leader has a seat can leave the choice for later: otherwise nobody could record
        the assignment, and the clerk enters the officer named in the head's phân công (BLTTHS Điều 44, 45)."""
        result = operations.query(self.ctx, responsibility.agency_has_leader, d.receiver_agency_id, parent=self)
        return bool(result.ok and result.value)

    def chosen_officer(self):
        """(ok, officer id or None): the officer chosen for a transfer, read from the box whether or not it is
        on screen (it was sent only while visible, so a choice made before the dialog showed was lost)."""
        if self.detail is None or self.detail.kind != "transfer" or self.officer_box.count() == 0:
            return True, None
        value = self.officer_box.currentData()
        if value is None:
            return False, None
        return True, (None if value == LATER else value)

    def accept_offer(self) -> bool:
        ok, officer = self.chosen_officer()
        if not ok:
            text = _("Chọn người thụ lý của cơ quan nhận, hoặc «Để lãnh đạo phân công sau», rồi bấm «Tiếp nhận».") \
                if self.officer_box.findData(LATER) >= 0 else _(
                    "Chọn người thụ lý của cơ quan nhận theo quyết định phân công của thủ trưởng, rồi bấm «Tiếp nhận».")
            dialogs.warn(text, self, _("Chưa chọn người thụ lý"))
            self.officer_box.setFocus()
            return False
        return self._perform(acceptance.accept_handover, self.number, officer)

    def refuse_offer(self, reason: str | None = None) -> bool:
        if reason is None:
            from PySide6.QtWidgets import QInputDialog
            reason, ok = QInputDialog.getText(self, _("Từ chối tiếp nhận"), _("Lý do từ chối tiếp nhận:"))
            if not ok:
                return False
        return self._perform(acceptance.refuse_handover, self.number, reason)
