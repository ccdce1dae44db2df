"""Mốc tố tụng of a case and what they allow (issue #11), shown in the case view and the item view: the dated
milestones with their documents and issuers, the stage they give, the reason each disposal is not possible now
(in the domain's words), and a dialog to add a milestone with its issuer chosen from the agency registry."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QHeaderView,
                               QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from evidence_store.describe import agency_kinds_text, context_label, document_label, milestone_label, state_label
from evidence_store.domain import milestones as milestone_rules
from evidence_store.domain.permissions import allowed
from evidence_store.i18n import N_, _
from evidence_store.services import case_authority, milestones
from evidence_store.services.commands import DocumentInput, FileInput

from .. import operations
from ..models.format import date_text, stage_label
from ..widgets.form import Form, date_edit, line_edit
from ..widgets.submit_dialog import ERROR_STYLE, SubmitDialog
from .lifecycle_forms import field_hook
from .agency_pickers import load_agencies

COLUMNS = (N_("Ngày"), N_("Mốc tố tụng"), N_("Văn bản"), N_("Cơ quan ban hành"), N_("Giai đoạn sau mốc"),
           N_("Xác nhận mốc"))


def confirmation_text(m) -> str:
    """Who vouches for the milestone: the issuing agency's user, the paper's scan, or nobody yet."""
    if m.scan_filename:
        return _("Ghi từ bản giấy (bản chụp: {file})", file=m.scan_filename)
    if m.confirmed_at is not None:
        return _("Đã xác nhận: {user}", user=m.confirmed_by or "—")
    return _("Chờ cơ quan ban hành xác nhận")


class MilestonesTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)

    def show_rows(self, rows) -> None:
        self.setRowCount(len(rows))
        for r, m in enumerate(rows):
            values = (date_text(m.occurred_on), milestone_label(m.kind),
                      _("{document}, ngày {date}", document=document_label(m.document_kind, m.document_number),
                        date=date_text(m.document_date)),
                      m.issuer or "—", stage_label(m.stage_after), confirmation_text(m))
            for c, value in enumerate(values):
                self.setItem(r, c, QTableWidgetItem(value))

    def texts(self) -> list[list[str]]:
        return [[self.item(r, c).text() for c in range(self.columnCount())] for r in range(self.rowCount())]


def authority_html(info, item_reasons: dict | None = None, pilot_html: str = "") -> str:
    """The stage and, for each disposal outcome, whether it is possible now and why not (the domain's words)."""
    from evidence_store.domain.states import DISPOSAL_OUTCOMES
    parts = [_("Giai đoạn: <b>{stage}</b>", stage=context_label(info.context))]
    if info.suspended:
        parts.append(_("<b>đang tạm đình chỉ</b>"))
    if info.pilot:
        parts.append(_("áp dụng thí điểm NQ 164/2024/QH15"))
    lines = [" · ".join(parts)]
    reasons = item_reasons if item_reasons is not None else info.disposal
    for outcome in DISPOSAL_OUTCOMES:
        reason = reasons.get(outcome.value, "")
        label = state_label(outcome.value)
        lines.append(_("• {outcome}: {reason}", outcome=label, reason=reason) if reason
                     else _("• {outcome}: có thể đề xuất khi có quyết định của cơ quan có thẩm quyền", outcome=label))
    if pilot_html:
        lines.append(pilot_html)
    if info.next_milestones:
        lines.append(_("Mốc tiếp theo có thể ghi: {milestones}",
                       milestones=", ".join(milestone_label(k) for k in info.next_milestones)))
    return "<br>".join(lines)


def pilot_case_html(ctx, case_id: int, parent=None) -> str:
    """The NQ 164/2024/QH15 pilot for the case: its measures may be decided now, or why not (the domain's words)."""
    from evidence_store.error_texts import message
    from evidence_store.services import pilot
    result = operations.query(ctx, pilot.case_refusal, case_id, parent=parent)
    if not result.ok:
        return ""
    if result.value is None:
        return _("Biện pháp thí điểm NQ 164/2024/QH15: có thể áp dụng theo quyết định của cơ quan đang thụ lý vụ án "
                 "(chọn vật chứng để xem từng biện pháp)")
    return _("Biện pháp thí điểm NQ 164/2024/QH15: {reason}", reason=message(result.value))


class MilestonesPanel(QWidget):
    """The milestones of one case, what they allow, and (for case officers and clerks) "Thêm mốc tố tụng"."""

    changed = Signal()

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.case_id, self.info, self.dialog = ctx, None, None, None
        self.table = MilestonesTable()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.RichText)
        self.note.setStyleSheet("background: #e3f2fd; border-left: 4px solid #1565c0; padding: 6px;")
        self.add_button = QPushButton(_("Thêm mốc tố tụng…"))
        self.add_button.clicked.connect(self.open_add)
        roles = ctx.actor.roles if ctx.actor else ()
        self.add_button.setVisible(allowed(roles, "record_milestone"))
        # a user of the issuing agency confirms a milestone entered by someone else (issue 13)
        self.confirm_button = QPushButton(_("Xác nhận mốc đã chọn"))
        self.confirm_button.clicked.connect(lambda: self.confirm_selected())
        self.confirm_button.setVisible(allowed(roles, "record_milestone") and bool(ctx.actor and ctx.actor.agency_id))
        self.rows = []
        top = QHBoxLayout()
        top.addWidget(self.note, 1)
        top.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.confirm_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def show_case(self, case_id: int | None, item_reasons: dict | None = None) -> None:
        self.case_id = case_id
        if case_id is None:
            self.table.show_rows([])
            self.note.setText("")
            return
        rows = operations.query(self.ctx, milestones.list_milestones, case_id, parent=self)
        info = operations.query(self.ctx, case_authority.case_authority, case_id, parent=self)
        self.show_loaded(case_id, rows.value if rows.ok else [], info.value if info.ok else None, item_reasons)

    def show_loaded(self, case_id: int | None, rows: list, info, item_reasons: dict | None = None,
                    pilot_html: str | None = None) -> None:
        """The case's milestones and authority already read by the caller (the item view: one query). ``pilot_html``:
        the item's pilot measures (the item view); None → the case's own line (NQ 164/2024/QH15)."""
        self.case_id = case_id
        self.rows = rows
        self.table.show_rows(self.rows)
        self.info = info
        if pilot_html is None and case_id is not None:
            pilot_html = pilot_case_html(self.ctx, case_id, self)
        self.note.setText(authority_html(self.info, item_reasons, pilot_html or "") if self.info else "")
        self.add_button.setEnabled(bool(self.info and self.info.next_milestones))

    def select_milestone(self, milestone_id: int) -> bool:
        for i, m in enumerate(self.rows):
            if m.id == milestone_id:
                self.table.selectRow(i)
                return True
        return False

    def confirm_selected(self) -> bool:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if not rows:
            return False
        m = self.rows[min(rows)]
        done = operations.perform(self.ctx, milestones.confirm_milestone, m.id, parent=self)
        if done.ok:
            self.show_case(self.case_id)
            self.changed.emit()
        return done.ok

    def open_add(self) -> None:
        if self.case_id is None:
            return
        self.dialog = AddMilestoneDialog(self.ctx, self.case_id, self.info, self, recorded=self.rows)
        self.dialog.finished.connect(self._closed)
        self.dialog.show()

    def _closed(self, code: int) -> None:
        if code == QDialog.DialogCode.Accepted:
            self.show_case(self.case_id)
            self.changed.emit()
        self.dialog = None


M = milestone_rules.Milestone
MAIN_LINE = (M.OPENING, M.INVESTIGATION_CONCLUSION, M.INDICTMENT, M.FIRST_INSTANCE_JUDGMENT, M.JUDGMENT_EFFECTIVE,
             M.ENFORCEMENT_DECISION, M.EVIDENCE_TRANSFER)  # BLTTHS Điều 153, 232, 243, 260, 343; Luật THADS Điều 36


class AddMilestoneDialog(SubmitDialog):
    """Ghi mốc tố tụng: the milestone, its document (number, date, signer) and the issuing agency chosen from the
    registry; the issuers offered are those the competence table allows for that document now. A refusal goes under
    the field it concerns (``aliases``), else above the buttons; nothing typed is lost."""

    aliases = {"issuer_not_competent": "issuer", "issuer_required": "issuer", "document_not_in_context": "kind",
               "milestone_wrong_stage": "kind", "milestone_needs_opening": "kind", "milestone_suspended": "kind",
               "milestone_case_closed": "kind", "milestone_repeated": "kind", "milestone_needs_judgment": "kind",
               "milestone_needs_effective_judgment": "kind", "milestone_before_previous": "occurred_on",
               "judgment_effective_too_early": "occurred_on",
               "act_before_basis": "occurred_on", "act_in_future": "occurred_on", "document_date": "date",
               "document_number": "number", "document_date_future": "date", "milestone_scan_required": "scan",
               "empty_file": "scan", "file_too_large": "scan"}

    def __init__(self, ctx, case_id: int, info, parent: QWidget | None = None, recorded=()) -> None:
        super().__init__(ctx, _("Ghi mốc tố tụng"), parent, ok_text=_("Ghi mốc"))
        self.case_id, self.info = case_id, info
        self.recorded = tuple(recorded)  # the case's milestones already recorded (MilestoneView), oldest first
        self.agencies = load_agencies(ctx)
        self.form = f = Form()
        f.submitted.connect(self.submit)  # Enter in the filled form records it, as «Ghi mốc» does (issue 17)
        self.kind = f.add("kind", _("Mốc tố tụng"), QComboBox())
        possible = set(info.next_milestones) if info else set()
        for m in milestone_rules.Milestone:
            self.kind.addItem(milestone_label(m.value), m.value)
            row = self.kind.model().item(self.kind.count() - 1)
            row.setEnabled(m.value in possible)
        # the case's next step on its main line is offered first; «Tạm đình chỉ» (the first possible in the list)
        # was the default even after the judgment took effect (issue 17)
        done = {m.kind for m in self.recorded}
        main = next((m.value for m in MAIN_LINE if m.value in possible and m.value not in done), None)
        first = next((i for i in range(self.kind.count()) if self.kind.itemData(i) in possible), 0)
        self.kind.setCurrentIndex(self.kind.findData(main) if main else first)
        self.doc_kind = f.add("doc_kind", _("Loại văn bản"), QComboBox())
        f.add("number", _("Số văn bản"), line_edit(_("VD: 12/QĐ-KTVA")), required=True)
        f.add("date", _("Ngày ban hành"), date_edit())
        self.issuer = f.add("issuer", _("Cơ quan ban hành"), QComboBox(), required=True)
        f.add("signer", _("Người ký"), line_edit())
        f.add("signer_title", _("Chức vụ người ký"), line_edit(_("VD: Thủ trưởng")))
        f.add("occurred_on", _("Ngày của mốc"), date_edit())
        f.add("note", _("Ghi chú"), line_edit())
        # an issuing agency without a seat: the milestone is recorded from the paper, its scan attached (issue 13)
        self.scan: FileInput | None = None
        self.scan_button = QPushButton(_("Chọn bản chụp văn bản…"))
        self.scan_button.clicked.connect(lambda: self.choose_scan())
        f.add("scan", _("Bản chụp văn bản"), self.scan_button)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555")
        self.error_label.setStyleSheet(ERROR_STYLE + "; font-weight: bold;")
        self.error_label.hide()
        f.add_note(self.hint)  # under the issuer's field, wrapping at the fields' width
        layout = QVBoxLayout(self)
        layout.addWidget(f)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.doc_kind.currentIndexChanged.connect(self._doc_changed)
        self._kind_changed()
        self.setMinimumWidth(520)
        self.kind.setFocus()  # the keyboard starts at the first field, not at «Ghi mốc» (issue 17)

    def _kind_changed(self) -> None:
        kind = milestone_rules.Milestone(self.kind.currentData())
        self.doc_kind.blockSignals(True)
        self.doc_kind.clear()
        for d in sorted(milestone_rules.MILESTONE_DOCS[kind]):
            self.doc_kind.addItem(document_label(d.value), d.value)
        self.doc_kind.blockSignals(False)
        self.form.set_visible("occurred_on", kind is milestone_rules.Milestone.JUDGMENT_EFFECTIVE)
        judgment = self._judgment_taking_effect() if kind is milestone_rules.Milestone.JUDGMENT_EFFECTIVE else None
        if judgment is not None:
            # the judgment that takes effect is the last one recorded (BLTTHS Điều 343, 355): the appeal judgment
            # only when there was an appeal; listed first, it was offered for a first-instance judgment (issue 17)
            self.doc_kind.setCurrentIndex(max(0, self.doc_kind.findData(judgment.document_kind)))
        self._doc_changed()
        if judgment is not None:
            f = self.form
            f.widget("number").setText(judgment.document_number)
            if judgment.document_date:
                d = judgment.document_date
                f.widget("date").setDate(QDate(d.year, d.month, d.day))
            index = self.issuer.findData(judgment.issuer_id)
            if index > 0:
                self.issuer.setCurrentIndex(index)

    def _judgment_taking_effect(self):
        judgments = {milestone_rules.Milestone.FIRST_INSTANCE_JUDGMENT.value,
                     milestone_rules.Milestone.APPEAL_JUDGMENT.value}
        return next((m for m in reversed(self.recorded) if m.kind in judgments), None)

    def _doc_changed(self) -> None:
        """Issuers of the kinds the competence table allows for this document in the case's context."""
        doc = self.doc_kind.currentData()
        kinds = set(self.info.issuers.get(doc, ())) if self.info else set()
        self.issuer.clear()
        self.issuer.addItem(_("— Chọn cơ quan —"), None)
        for a in self.agencies:
            if not kinds or a.kind in kinds:
                self.issuer.addItem(a.name, a.id)
        if self.issuer.count() == 2:  # one competent issuer: chosen, not left at «— Chọn cơ quan —»
            self.issuer.setCurrentIndex(1)
        self.hint.setText(_("Cơ quan có thẩm quyền ban hành {document} ở giai đoạn «{stage}»: {kinds}",
                            document=document_label(doc or ""), stage=context_label(self.info.context)
                            if self.info else "—", kinds=agency_kinds_text(sorted(kinds))))
        self._fit_hint()

    def _fit_hint(self) -> None:
        """Every line of the hint shown: a layout gives a wrapping label the height of its first text only."""
        if self.hint.isVisible():  # laid out: its width is the fields'
            self.hint.setMinimumHeight(self.hint.heightForWidth(self.hint.width()))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        self._fit_hint()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        self._fit_hint()
        self.resize(self.width(), self.heightForWidth(self.width()))

    def choose_scan(self, path=None) -> bool:
        from pathlib import Path
        import mimetypes
        from .. import dialogs
        if path is None:
            files = dialogs.ask_open_files(_("Chọn bản chụp văn bản"), _("Ảnh hoặc PDF (*.png *.jpg *.jpeg *.pdf)"),
                                            self)
            if not files:
                return False
            path = files[0]
        path = Path(path)
        self.scan = FileInput(path.name, path.read_bytes(), mimetypes.guess_type(path.name)[0] or "")
        self.scan_button.setText(path.name)
        return True

    def on_error(self):
        return field_hook(self.form, self.aliases, self.error_label)

    def submit(self):
        f = self.form
        self.error_label.hide()
        if not f.check_required():
            return None
        kind = milestone_rules.Milestone(self.kind.currentData())
        doc = DocumentInput(self.doc_kind.currentData(), f.value("number"), f.value("date"), f.value("issuer"),
                            f.value("signer"), f.value("signer_title"))
        on = f.value("occurred_on") if kind is milestone_rules.Milestone.JUDGMENT_EFFECTIVE else None
        cmd = milestones.RecordMilestone(self.case_id, kind.value, doc, occurred_on=on, note=f.value("note"),
                                         scan=self.scan)
        return self.result_changes if self.run(milestones.record_milestone, cmd) else None
