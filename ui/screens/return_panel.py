"""Nhận lại sau tạm xuất: scan the items back and the shelf they go to (a wrong kind of location is
refused), confirm the seal intact — or record the unsealing and resealing with its participants and
the new seal number (ND 127/2017 Điều 8, 11) — and the condition."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QPushButton, QVBoxLayout,
                               QWidget)

from evidence_store.describe import location_kind_label
from evidence_store.domain import moves
from evidence_store.domain.categories import category, location_fits, needs_seal, suggested_location_kind
from evidence_store.domain.errors import InvalidCode, NotFound
from evidence_store.domain.states import State
from evidence_store.error_texts import message
from evidence_store.i18n import N_, _
from evidence_store.services import queries, release
from evidence_store.services.commands import Reseal, ReturnItems

from .. import operations
from ..models.format import code_text, date_text
from ..scan_feedback import Outcome
from ..scan_value import Scan, receives_scan
from ..widgets.form import FORM_MAX_WIDTH, Form, line_edit
from ..widgets.scan_batch import BatchPanelDialog, ScanBatch
from .lifecycle_forms import Prefiller, case_line, field_hook, lines_edit, lines_of, scroll_form, split_table_and_form
from .person_fields import add_person, attach_person_picker, check_id_number, person_input
from .agency_pickers import load_agencies
from .result_bar import ResultBar

COLUMNS = (N_("Mã vật chứng"), N_("Tên vật chứng"), N_("Đang giữ"), N_("Hạn trả"), N_("Niêm phong"))
# under the label "Niêm phong khi nhận lại": the options do not repeat "niêm phong" (HANDS-ON 39)
# first, "not looked at yet": nothing is stated for the storekeeper — a sealed item's seal must be chosen (issue #12:
# no printed statement is invented; ND 127/2017; ND 142/2024 Điều 11)
SEAL_MODES = {"": N_("— Chưa kiểm tra —"), "intact": N_("Còn nguyên vẹn"), "broken": N_("Bị rách / hỏng"),
              "reseal": N_("Đã mở, niêm phong lại bằng số mới")}
SEAL_INTACT = {"intact": True, "broken": False}  # the statement sent; unstated or resealed: None
ALIASES = {"location": "location", "wrong_location_kind": "location", "location_not_found": "location",
           "location_inactive": "location", "seal_number": "new_seal", "participants": "participants",
           "reseal_witnesses": "reseal_witnesses",
           "giver": "giver_name", "category_not_sealable": "seal_mode", "seal_intact": "seal_mode"}


def _quiet(error) -> bool:
    return isinstance(error, (NotFound, InvalidCode))


class ReturnPanel(QWidget):
    done = Signal(object)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.location = None  # LocationNode
        self.batch = ScanBatch(ctx, COLUMNS, self._cells, refuse=self._refuse)
        self.form = Form()
        self.form.setMaximumWidth(FORM_MAX_WIDTH)
        f = self.form
        self.case_label = case_line(f)
        f.add("location", _("Vị trí cất lại"), line_edit(_("Quét mã vị trí (kệ, ô, bãi xe…)")), required=True)
        add_person(f, "giver", load_agencies(ctx), _("Người giao lại"))
        attach_person_picker(ctx, f, "giver")
        # the giver is, as a rule, who received the items on their temporary release (HANDS-ON 38)
        self.prefiller = Prefiller(ctx, f, "giver", self.case_label)
        self.batch.changed.connect(self._batch_changed)
        mode = QComboBox()
        for key, label in SEAL_MODES.items():
            mode.addItem(_(label), key)
        self.seal_mode = f.add("seal_mode", _("Niêm phong khi nhận lại"), mode)
        f.add("new_seal", _("Số niêm phong mới *"), line_edit(_("VD: 000124/NP-PC02")))
        # who sealed again and who witnessed it, each in their own field: the record names both parts (issue #12)
        self.participants = f.add("participants", _("Người mở và niêm phong lại *"),
                                  lines_edit(_("Mỗi dòng một người: họ tên, chức vụ")))
        self.witnesses = f.add("reseal_witnesses", _("Người chứng kiến niêm phong lại *"),
                               lines_edit(_("Mỗi dòng một người: họ tên, chức vụ")))
        f.add("reseal_reason", _("Lý do mở niêm phong"), line_edit())
        f.add("condition", _("Tình trạng khi nhận lại"), line_edit(_("Để trống nếu không thay đổi")))
        # ND 142/2024 Điều 11: damage found now is an incident reported to the case's agency (LEGAL-RULES R23)
        f.add("damage", _("Hư hỏng phát hiện khi nhận lại"), line_edit(_("Để trống nếu không có; có hư hỏng thì lập "
                                                                          "biên bản sự cố và báo cáo")))
        self.seal_mode.currentIndexChanged.connect(self._mode_changed)
        self.result = ResultBar(ctx, "in", self)
        self.save_button = QPushButton(_("Nhận lại vào kho (Ctrl+Enter)"))
        self.save_button.setStyleSheet("font-weight: bold; padding: 6px 18px;")
        self.save_button.clicked.connect(self.save)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        scroll = scroll_form(self.form)
        column.addWidget(scroll, 1)
        column.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        splitter = split_table_and_form(self.batch, right, scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.result)
        self._mode_changed()

    def _mode_changed(self) -> None:
        # a broken seal is replaced before the item goes back on a shelf (ND 127/2017): the new seal's fields show
        reseal = self.seal_mode.currentData() in ("reseal", "broken")
        for key in ("new_seal", "participants", "reseal_witnesses", "reseal_reason"):
            self.form.set_visible(key, reseal)
        broken = self.seal_mode.currentData() == "broken"  # nobody opened it on purpose: it is sealed again
        self.form.fields["participants"].label.setText(_("Người niêm phong lại *") if broken
                                                       else _("Người mở và niêm phong lại *"))
        self.form.fields["reseal_reason"].label.setText(_("Ghi chú niêm phong lại") if broken
                                                        else _("Lý do mở niêm phong"))
        # the example fits the case: a seal found torn is sealed again, not "opened for examination" (ND 127/2017)
        self.form.widget("reseal_reason").setPlaceholderText(
            _("VD: giấy niêm phong bị rách khi nhận lại") if broken
            else _("VD: mở niêm phong để giám định"))

    def _batch_changed(self) -> None:
        self.prefiller.load(self.batch.codes())
        known = self.prefiller.known
        self.prefiller.apply({"row": known.holder, "agency": known.holder_agency_id} if known.holder else None)

    # -- scanning ---------------------------------------------------------------------------------
    def _cells(self, d) -> list[str]:
        return [code_text(d.code), d.name, d.holder, date_text(d.due_back_on),
                d.seal_number if d.sealed else _("Chưa niêm phong")]

    def _fits(self, d, loc) -> bool:
        return loc is None or location_fits(category(d.category), loc.kind)

    def _refuse(self, d) -> str | None:
        refused = moves.refusal("return", State(d.state), code=d.code)  # the domain's rule table
        if refused is not None:
            return message(refused)
        if not self._fits(d, self.location):
            return _("phải để ở {expected}, không để ở {kind}",
                     expected=location_kind_label(suggested_location_kind(category(d.category))),
                     kind=location_kind_label(self.location.kind))
        return None

    @receives_scan
    def handle_scan(self, scan: Scan) -> bool:
        if scan.is_location:
            self.set_location(str(scan))
        else:
            self.batch.add(scan)
        return True

    def set_location(self, code: str) -> bool:
        result = operations.query(self.ctx, queries.location_by_code, code, parent=self, on_error=_quiet)
        if not result.ok:
            self.batch.indicator.show_outcome(Outcome.UNKNOWN, code=code)
            return False
        loc = result.value
        wrong = next((d for d in self.batch.details if not self._fits(d, loc)), None)
        if wrong is not None:
            expected = location_kind_label(suggested_location_kind(category(wrong.category)))
            self.batch.indicator.show_outcome(Outcome.WRONG_PLACE, expected=expected)
            self.batch.indicator.setText(_("Sai vị trí: «{name}» phải để ở {expected}, không để ở {kind}",
                                           name=wrong.name, expected=expected, kind=location_kind_label(loc.kind)))
            if self.location is None:  # a shelf scanned before stays; else the field says why it is empty
                self.form.set_error("location", _("Vị trí {code} không phù hợp với loại vật chứng",
                                                  code=code_text(loc.code)))
            return False
        self.location = loc
        self.form.set_error("location", "")
        self.form.widget("location").setText(code_text(loc.code))
        self.batch.indicator.show_outcome(Outcome.FOUND)
        self.batch.indicator.setText(_("Vị trí cất lại: {name} ({kind})", name=loc.name,
                                       kind=location_kind_label(loc.kind)))
        return True

    # -- saving -----------------------------------------------------------------------------------
    def validate(self) -> bool:
        f = self.form
        ok = f.check_required()
        if not self.batch.details:
            self.batch.refuse_message(_("Chưa quét vật chứng nào"))
            ok = False
        if not self.seal_mode.currentData() and any(d.sealed for d in self.batch.details):
            f.set_error("seal_mode", _("Chưa xác nhận tình trạng niêm phong khi nhận lại: kiểm tra niêm phong rồi "
                                       "chọn «Còn nguyên vẹn», «Bị rách / hỏng» hoặc «Đã mở, niêm phong lại»"))
            ok = False
        if self.seal_mode.currentData() == "reseal" or (self.seal_mode.currentData() == "broken" and any(
                needs_seal(d.category, d.unit, False) for d in self.batch.details)):
            if not f.value("new_seal"):
                f.set_error("new_seal", _("Cần nhập số niêm phong mới"))
                ok = False
            if not lines_of(self.participants):
                f.set_error("participants", _("Cần ghi người niêm phong lại")
                            if self.seal_mode.currentData() == "broken"
                            else _("Cần ghi người mở và niêm phong lại"))
                ok = False
            if not lines_of(self.witnesses):
                f.set_error("reseal_witnesses", _("Cần ghi người chứng kiến việc niêm phong lại"))
                ok = False
        return check_id_number(f, "giver", self.ctx) and ok

    def command(self) -> ReturnItems:
        f, mode = self.form, self.seal_mode.currentData()
        reseal = Reseal(f.value("new_seal"), reason=f.value("reseal_reason") or (
                            _("Niêm phong bị rách, hỏng khi nhận lại") if mode == "broken" else ""),
                        sealed_by=lines_of(self.participants), witnesses=lines_of(self.witnesses)) \
            if mode == "reseal" or (mode == "broken" and f.value("new_seal")) else None
        return ReturnItems(self.batch.codes(), f.value("location"), person_input(f, "giver"),
                           seal_intact=SEAL_INTACT.get(mode), reseal=reseal, condition=f.value("condition"),
                           damage=f.value("damage"))

    def save(self) -> bool:
        if not self.validate():
            return False
        cmd = self.command()
        result = operations.perform(self.ctx, release.return_items, cmd, parent=self,
                                    on_error=field_hook(self.form, ALIASES))
        if not result.ok:
            return False
        n = len(cmd.codes)
        self.batch.clear()
        self.form.widget("damage").clear()  # the damage belongs to these items: never carried to the next return
        self.seal_mode.setCurrentIndex(0)  # the next items' seals are looked at anew, never carried over
        self.result.show_result(result.value, _("Đã nhận lại {n} vật chứng vào kho", n=n))
        self.batch.indicator.setText(_("Đã lưu — biên bản {number}", number=result.value.handover_number or ""))
        self.done.emit(result.value)
        return True


class ReturnDialog(BatchPanelDialog):
    """The return panel for the items chosen in the item view."""

    panel_class = ReturnPanel
    title = N_("Nhận lại vật chứng tạm xuất")
