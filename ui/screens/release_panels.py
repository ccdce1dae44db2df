"""Xuất kho: scan the items, check each seal, choose the purpose — temporary (giám định, định giá,
xét xử, thực nghiệm điều tra…) with the receiver and a due date, or permanent (chuyển kho THADS,
gửi Kho bạc / Bộ CHQS, giao bảo quản) — and the release order (ND 142/2024 Art 14, 15)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from evidence_store.describe import state_label
from evidence_store.domain import chronology, lifecycle_rules
from evidence_store.domain import moves
from evidence_store.domain.categories import CATEGORIES
from evidence_store.error_texts import message
from evidence_store.domain.states import Doc, State
from evidence_store.i18n import N_, _
from evidence_store.services import custody, release, transfer
from evidence_store.services.commands import (DepositItems, EntrustItems, ReleaseItems,
                                                        TransferResponsibility)

from .. import operations
from ..models.format import code_text, date_text
from ..scan_value import Scan, ScanKind, receives_scan
from ..widgets.form import FORM_MAX_WIDTH, Form, date_edit, line_edit
from ..widgets.scan_batch import BatchPanelDialog, ScanBatch
from .lifecycle_forms import (scroll_form, split_table_and_form, add_document, case_line, check_document_date,
                              document_input, field_hook, set_document_visible, Prefiller)
from .person_fields import add_person, attach_person_picker, check_id_number, person_input
from .agency_pickers import AGENCY_CHARS, agency_combo, fill_agencies, load_agencies, select_data
from .result_bar import ResultBar

TEMPORARY = ("examination", "valuation", "trial", "reconstruction", "other")
PERMANENT = {"transfer_out": N_("Chuyển kho THADS (xuất hẳn)"), "deposit": N_("Gửi Kho bạc / Bộ CHQS / cơ sở chuyên ngành"),
             "entrust": N_("Giao bảo quản")}
# what was prepared, waiting for the commander (ND 142/2024 Điều 4; services.release_approval)
PENDING_RECORDS = {"temporary": N_("phiếu tạm xuất"), "transfer_out": N_("biên bản chuyển kho"),
                   "deposit": N_("biên bản gửi bảo quản"), "entrust": N_("biên bản giao bảo quản")}
MODE_ACTIONS = {"temporary": "release", "transfer_out": "transfer", "deposit": "deposit", "entrust": "entrust"}
# No «Loại» column: the name says what the item is, and at 1366 px the name, the place and the seal check need the
# room beside the form (issue 17)
COLUMNS = (N_("Mã vật chứng"), N_("Tên vật chứng"), N_("Vị trí"), N_("Niêm phong khi xuất"))
SEAL_COLUMN = len(COLUMNS) - 1
SEAL_MODES = ("temporary", "deposit", "entrust", "transfer_out")  # every act out: each seal looked at as it leaves (ND 142/2024 Điều 11, 14)
ALIASES = {"due_on": "due_on", "receiver": "receiver_name", "receiver_agency": "receiver_agency",
           "keeper": "keeper", "wrong_keeper": "keeper", "not_depositable": "keeper", "custodian": "receiver_name",
           "to_agency": "to_agency", "not_entrustable": "custodian_kind", "purpose": "purpose",
           "receiver_letter": "receiver_letter", "receiver_id": "receiver_id", "seal_states": "seal_confirm"}


UNCHECKED = N_("chưa kiểm tra")
ALL_INTACT = N_("Tất cả nguyên vẹn, đúng số")


def seal_combo(detail, states: dict) -> QWidget:
    """Each row's seal as the clerk finds it: «chưa kiểm tra» until he states it — nothing is assumed intact (ND
    127/2017; ND 142/2024 Điều 11, 14; issue #12). ``states``: code → intact | broken, a code absent unstated."""
    if not detail.sealed:
        label = QLabel(_(lifecycle_rules.SEAL_STATES["none"]))
        label.setStyleSheet("color: #777; padding-left: 6px;")
        return label
    box = QComboBox()
    box.setToolTip(_("Kiểm tra niêm phong {seal} trước khi giao", seal=detail.seal_number))
    box.addItem(f"{detail.seal_number} — {_(UNCHECKED)}", "")
    for key in ("intact", "broken"):
        box.addItem(f"{detail.seal_number} — {_(lifecycle_rules.SEAL_STATES[key])}", key)
    box.setCurrentIndex(box.findData(states.get(detail.code, "")))
    box.currentIndexChanged.connect(lambda _i, c=detail.code, b=box: _state(states, c, b.currentData()))
    return box


def _state(states: dict, code: str, state: str) -> None:
    if state:
        states[code] = state
    else:
        states.pop(code, None)


class ReleasePanel(QWidget):
    done = Signal(object)  # the service's Changes

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.seal_states: dict[str, str] = {}
        self._scanned: set[str] = set()  # the codes whose seal the confirmation covered
        self.agencies = load_agencies(ctx)
        from evidence_store.services import lookups
        info = operations.query(ctx, lookups.warehouse_info)
        self.home_agency_id = info.value.agency_id if info.ok and info.value else None
        self.batch = ScanBatch(ctx, COLUMNS, self._cells, refuse=self._refuse,
                               cell_widget=lambda d: seal_combo(d, self.seal_states))
        self.batch.changed.connect(self._batch_changed)
        self.form = Form()
        self.form.setMaximumWidth(FORM_MAX_WIDTH)
        self.case_label = case_line(self.form)
        self._build_form()
        attach_person_picker(ctx, self.form, "receiver")
        self.prefiller = Prefiller(ctx, self.form, "receiver", self.case_label)
        self.result = ResultBar(ctx, "out", self)
        self.save_button = QPushButton(_("Xuất kho (Ctrl+Enter)"))
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
        self._purpose_changed()

    def _build_form(self) -> None:
        f, agencies = self.form, self.agencies
        purpose = QComboBox()
        purpose.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        purpose.setMinimumContentsLength(AGENCY_CHARS)
        for key in TEMPORARY:
            purpose.addItem(_("Tạm xuất — {purpose}", purpose=_(lifecycle_rules.RELEASE_PURPOSES[key])), key)
        purpose.insertSeparator(purpose.count())
        for key, label in PERMANENT.items():
            purpose.addItem(_(label), key)
        self.purpose = f.add("purpose", _("Mục đích xuất"), purpose)
        f.add("purpose_note", _("Mục đích cụ thể"), line_edit(_("VD: đối chất tại hiện trường")))
        self.due_on = f.add("due_on", _("Hạn trả"), date_edit(chronology.today() + timedelta(days=14)))
        f.add("to_agency", _("Kho / cơ quan nhận *"), agency_combo(agencies, _("— Chọn cơ quan —"), {"enforcement"}))
        f.add("keeper", _("Cơ quan nhận bảo quản *"), agency_combo(agencies, _("— Chọn cơ quan —")))
        f.add("account", _("Tài khoản tạm giữ"), line_edit(_("Số tài khoản tạm giữ tại Kho bạc")))
        kind = QComboBox()
        for key, label in lifecycle_rules.CUSTODIAN_KINDS.items():
            kind.addItem(_(label), key)
        f.add("custodian_kind", _("Giao cho"), kind)
        add_person(f, "receiver", agencies, _("Người nhận"), address=True, letter=True)
        f.fields["receiver_agency"].label.setText(_("Cơ quan nhận *"))  # required for a temporary release
        f.fields["receiver_agency"].widget.currentIndexChanged.connect(lambda _i: self._letter_label())
        f.add("address", _("Nơi bảo quản"), line_edit())
        add_document(f, "order", agencies, number_label=_("Số lệnh xuất kho"), number_hint=_("VD: 15/LXK-PC02"))
        self.has_decision = f.add("has_decision", _("Quyết định chuyển giao"),
                                  QCheckBox(_("Có, kèm lệnh xuất kho")))
        add_document(f, "decision", agencies, number_label=_("Số QĐ chuyển giao"), required=False)
        self.has_decision.toggled.connect(self._purpose_changed)
        f.add("place", _("Địa điểm giao nhận"), line_edit())
        # one statement for every seal looked at and found whole (ui.widgets.seal_check's confirmation, short enough
        # for the form beside the batch at 1366 px); a torn one is stated on its row
        self.seal_confirm = f.add("seal_confirm", _("Đã kiểm tra niêm phong"), QCheckBox(_(ALL_INTACT)))
        self.seal_confirm.toggled.connect(self._confirm_seals)
        self.purpose.currentIndexChanged.connect(self._purpose_changed)
        f.widget("keeper").currentIndexChanged.connect(lambda _i: self._suggest_place())

    # -- what the purpose needs ------------------------------------------------------------------
    @property
    def mode(self) -> str:
        key = self.purpose.currentData()
        return "temporary" if key in TEMPORARY else key

    def _purpose_changed(self) -> None:
        f, mode = self.form, self.mode
        f.set_visible("purpose_note", self.purpose.currentData() == "other")
        f.set_visible("due_on", mode == "temporary")
        f.set_visible("to_agency", mode == "transfer_out")
        f.set_visible("keeper", mode == "deposit")
        f.set_visible("account", mode == "deposit" and self._has_money())
        f.set_visible("custodian_kind", mode == "entrust")
        f.set_visible("address", mode == "entrust")
        f.set_visible("receiver_address", mode == "entrust")
        f.set_visible("receiver_agency", mode not in ("entrust", "deposit"))  # a deposit: the keeper (HANDS-ON 53)
        set_document_visible(f, "order", mode != "transfer_out")
        f.set_visible("has_decision", mode == "temporary")
        set_document_visible(f, "decision", mode == "transfer_out" or (mode == "temporary" and
                                                                     self.has_decision.isChecked()))
        f.fields["decision_number"].label.setText(_("Số QĐ chuyển giao *"))
        f.fields["receiver_name"].label.setText(_("Người nhận bảo quản *") if mode == "entrust" else _("Người nhận *"))
        self.save_button.setText(_("Xuất kho (Ctrl+Enter)"))
        if hasattr(self, "prefiller"):
            self.prefiller.apply(self._known_receiver())
        self._letter_label()
        self._filter_keepers()
        self._suggest_place()
        # the seals are checked as they leave on a tạm xuất and on a deposit (HANDS-ON 53)
        self.batch.table.setColumnHidden(SEAL_COLUMN, not self._checks_seals())
        f.set_visible("seal_confirm", self._checks_seals() and bool(self._sealed()))

    def _suggest_place(self) -> None:
        """A deposit is handed over at the keeper's premises — cash at the Kho bạc, weapons at the Bộ CHQS (BLTTHS
        Điều 90.1.b, 133.1: the record states the real place): the place follows the chosen keeper (its address
        when the registry has it, else «Trụ sở …»; services.custody.keeper_place), unless the clerk typed another."""
        place = self.form.widget("place")
        suggested = ""
        if self.mode == "deposit":
            keeper = next((a for a in self.agencies if a.id == self.form.value("keeper")), None)
            suggested = custody.keeper_place(keeper) if keeper is not None else ""
        if place.text() in ("", getattr(self, "_suggested_place", "")):
            place.setText(suggested)
        self._suggested_place = suggested

    def letter_needed(self) -> bool:
        """A person receiving for another agency than the warehouse's shows its giấy giới thiệu (ND 142/2024
        Art 14; LEGAL-RULES R21)."""
        agency = self.form.value("receiver_agency")
        return self.mode == "temporary" and agency is not None and agency != self.home_agency_id

    def _letter_label(self) -> None:
        if not hasattr(self, "save_button"):
            return
        self.form.fields["receiver_letter"].label.setText(
            _("Giấy giới thiệu số *") if self.letter_needed() else _("Giấy giới thiệu số"))

    def _has_money(self) -> bool:
        return any(d.category in ("cash_vnd", "foreign_cash") for d in self.batch.details)

    def _filter_keepers(self) -> None:
        keepers = {CATEGORIES[d.category].deposit_to for d in self.batch.details if d.category in CATEGORIES}
        kinds = lifecycle_rules.KEEPER_AGENCY_KINDS[next(iter(keepers))] if len(keepers) == 1 and None not in keepers else None
        box = self.form.widget("keeper")
        fill_agencies(box, self.agencies, _("— Chọn cơ quan —"), kinds)
        if kinds is not None and box.count() == 2:
            box.setCurrentIndex(1)

    def _batch_changed(self) -> None:
        self.prefiller.load(self.batch.codes())
        codes = set(self.batch.codes())
        if codes - self._scanned:  # a new item: its seal is not looked at yet, the confirmation no longer covers it
            self.seal_confirm.blockSignals(True)
            self.seal_confirm.setChecked(False)
            self.seal_confirm.blockSignals(False)
        self._scanned = codes
        self._purpose_changed()

    # -- the seals --------------------------------------------------------------------------------
    def _checks_seals(self) -> bool:
        return self.mode in SEAL_MODES

    def _sealed(self) -> list:
        return [d for d in self.batch.details if d.sealed]

    def _confirm_seals(self, checked: bool) -> None:
        """One confirmation for the rows not stated one by one: ticked, they read «nguyên vẹn»; unticked, they go
        back to «chưa kiểm tra» (a row stated broken keeps it)."""
        for d in self._sealed():
            if checked and d.code not in self.seal_states:
                self.seal_states[d.code] = "intact"
            elif not checked and self.seal_states.get(d.code) == "intact":
                del self.seal_states[d.code]
        if checked:
            self.form.set_error("seal_confirm", "")
        self.batch.refill()

    def unchecked_seals(self) -> list:
        """The sealed items whose seal was not stated (ND 142/2024 Điều 11: each seal is looked at)."""
        return [d for d in self._sealed() if d.code not in self.seal_states] if self._checks_seals() else []

    def _known_receiver(self):
        """Who receives, as far as the records know (HANDS-ON 14, 53): for a temporary release the recipient of
        the agency's open request, else the case's officer, with that agency; for entrusting, the owner."""
        known, mode = self.prefiller.known, self.mode
        if mode == "temporary" and known.receiver is not None:
            return {"row": known.receiver, "agency": known.receiver_agency_id}
        if mode == "temporary" and known.receiver_agency_id is not None:
            return {"agency": known.receiver_agency_id}
        if mode == "entrust" and known.owner_name:
            return {"name": known.owner_name, "id": known.owner_id_number, "address": known.owner_address}
        return None

    # -- the batch --------------------------------------------------------------------------------
    def _cells(self, d) -> list[str]:
        return [code_text(d.code), d.name, d.location_name or _("(chưa xếp)")]

    def _refuse(self, d) -> str | None:
        if d.state != State.IN_STORAGE:
            return _("đang ở trạng thái «{state}», không xuất kho được", state=state_label(d.state))
        if getattr(d, "awaiting_release", ""):  # ND 142/2024 Điều 4: one release at a time, waiting for approval
            return _("đã có trong biên bản xuất kho {number} đang chờ lãnh đạo duyệt xuất", number=d.awaiting_release)
        if getattr(d, "disposal_proposed", ""):  # held for the decision on its disposal proposal (BLTTHS Điều 106)
            return _("đang có đề xuất xử lý {number} chờ lãnh đạo phê duyệt (BLTTHS Điều 106) — chờ phê duyệt hoặc rút "
                     "đề xuất đó, rồi mới xuất kho", number=d.disposal_proposed)
        # the domain's rule table: an item held for its approved disposal is not released nor transferred
        held = moves.disposal_refusal(moves.BY_KEY[MODE_ACTIONS.get(self.mode, "release")],
                                      getattr(d, "awaiting_disposal", ""), d.code)
        return message(held) if held is not None else None

    @receives_scan
    def handle_scan(self, scan: Scan) -> bool:
        if scan.kind in (ScanKind.RECORD, ScanKind.RECORD_QR):
            return False  # a record: the main window opens it
        self.batch.add(scan)
        return True

    # -- saving -----------------------------------------------------------------------------------
    def validate(self) -> bool:
        f, mode = self.form, self.mode
        ok = f.check_required()
        if not self.batch.details:
            self.batch.refuse_message(_("Chưa quét vật chứng nào"))
            ok = False
        if mode == "temporary":
            if f.value("due_on") < chronology.today():
                f.set_error("due_on", _("Hạn trả không được ở quá khứ"))
                ok = False
            if f.value("receiver_agency") is None:
                f.set_error("receiver_agency", _("Cần chọn cơ quan nhận"))
                ok = False
            if self.letter_needed() and not f.value("receiver_letter"):
                f.set_error("receiver_letter", _("Người nhận thuộc cơ quan khác: cần số giấy giới thiệu"))
                ok = False
        for key, needed in (("to_agency", mode == "transfer_out"), ("keeper", mode == "deposit"),
                            ("decision_number", mode == "transfer_out" or (
                                mode == "temporary" and self.has_decision.isChecked()))):
            if needed and f.value(key) in ("", None):
                f.set_error(key, _("Cần nhập {field}", field=f.fields[key].label.text().rstrip(" *").lower()))
                ok = False
        for prefix in ("order", "decision"):
            ok = check_document_date(f, prefix) and ok
        unchecked = self.unchecked_seals()
        if unchecked:  # refused here, by name, before the service refuses it (receipt_seals.stated_seals)
            f.set_error("seal_confirm", _("Chưa kiểm tra niêm phong: {items} — chọn tình trạng ở từng dòng hoặc đánh "
                                          "dấu «{confirm}»", confirm=_(ALL_INTACT), items=", ".join(
                                              f"{code_text(d.code)} ({d.seal_number})" for d in unchecked)))
            ok = False
        return check_id_number(f, "receiver", self.ctx) and ok

    def command(self):
        f, mode, codes = self.form, self.mode, self.batch.codes()
        order = document_input(f, "order", Doc.RELEASE_ORDER.value)
        decision = document_input(f, "decision", Doc.TRANSFER_DECISION.value) \
            if f.fields["decision_number"].widget.isVisibleTo(f) else None
        receiver = person_input(f, "receiver")
        if mode == "temporary":
            return release.release_items, ReleaseItems(
                codes, order, self.purpose.currentData(), receiver, f.value("due_on"),
                receiver_agency_id=f.value("receiver_agency"), transfer_decision=decision,
                purpose_note=f.value("purpose_note") if self.purpose.currentData() == "other" else "",
                seal_states=self._stated(codes), place=f.value("place"))
        if mode == "transfer_out":
            return transfer.transfer_responsibility, TransferResponsibility(
                decision, f.value("to_agency"), codes=codes, receiver=receiver, move_out=True, place=f.value("place"),
                seal_states=self._stated(codes))
        if mode == "deposit":
            if receiver is not None:  # he signs for the keeper: its agency, not the hidden "Cơ quan nhận"
                from dataclasses import replace
                receiver = replace(receiver, agency_id=f.value("keeper"))
            return custody.deposit_items, DepositItems(codes, f.value("keeper"), order, receiver=receiver,
                                                       account=f.value("account"), place=f.value("place"),
                                                       seal_states=self._stated(codes))
        return custody.entrust_items, EntrustItems(codes, receiver, f.value("custodian_kind"), order,
                                                   address=f.value("address"), place=f.value("place"),
                                                   seal_states=self._stated(codes))

    def _stated(self, codes) -> dict[str, str]:
        """What the clerk stated, nothing more: an unstated seal is refused by the service, never sent intact."""
        return {c: self.seal_states[c] for c in codes if c in self.seal_states}

    def save(self) -> bool:
        if not self.validate():
            return False
        fn, cmd = self.command()
        result = operations.perform(self.ctx, fn, cmd, parent=self, on_error=field_hook(self.form, ALIASES))
        if not result.ok:
            return False
        n = len(self.batch.details)
        self.batch.clear()
        self.seal_states.clear()
        self.seal_confirm.setChecked(False)  # the next release's seals are looked at again
        self.form.clear_texts()  # the next release names its own order and receiver (HANDS-ON 36)
        due = _(", hạn trả {date}", date=date_text(cmd.due_on)) if isinstance(cmd, ReleaseItems) else ""
        if result.value.extra.get("approval") == "pending":  # ND 142/2024 Điều 4: nothing leaves before approval
            record = _(PENDING_RECORDS.get(self.mode, PENDING_RECORDS["temporary"]))
            self.result.show_result(result.value, _("Đã lập {record} {n} vật chứng{due} — chờ lãnh đạo duyệt xuất; "
                                                    "vật chứng chưa rời khỏi kho", record=record, n=n, due=due))
            self.batch.indicator.setText(_("Đã lưu — phiếu {number} chờ duyệt xuất",
                                           number=result.value.handover_number or ""))
            self.done.emit(result.value)
            return True
        self.result.show_result(result.value, _("Đã xuất kho {n} vật chứng{due}", n=n, due=due))
        self.batch.indicator.setText(_("Đã lưu — biên bản {number}", number=result.value.handover_number or ""))
        self.done.emit(result.value)
        return True


class ReleaseDialog(BatchPanelDialog):
    """The release panel for the items chosen in the item view."""

    panel_class = ReleasePanel
    title = N_("Xuất kho vật chứng")
