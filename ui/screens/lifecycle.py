"""The lifecycle dialogs the item view (and the batch screens) open: ``open_dialog(ctx, action, codes,
parent)`` for release | return | transfer | deposit | entrust | recall | check | dispose | incident |
found | correction | seal_broken. Each runs one service (evidence_store.services.*) and shows its refusals."""

from __future__ import annotations


from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from evidence_store.describe import category_label
from evidence_store.domain import chronology, lifecycle_rules
from evidence_store.domain.agencies import sector
from evidence_store.domain.categories import CATEGORIES
from evidence_store.domain.deadlines import add_months
from evidence_store.domain.moves import authorising_documents
from evidence_store.domain.states import Doc
from evidence_store.i18n import N_, _
from evidence_store.services import browse, custody, transfer
from evidence_store.services.commands import (CheckEntrusted, DepositItems, EntrustItems, RecallItems,
                                                        TransferResponsibility)

from .. import operations
from ..context import AppContext
from ..models.format import date_text, stage_label
from ..widgets.form import line_edit
from ..widgets.seal_check import SealCheck, sealed_of
from .act_done import RecordDone
from .lifecycle_forms import item_details  # noqa: F401  (re-exported)
from .lifecycle_forms import LifecycleDialog, add_document, check_document_date, document_input, lines_edit, lines_of
from .person_fields import add_person, attach_person_picker, check_id_number, person_input
from .transfer_seals import TransferSeals
from .agency_pickers import agency_combo, load_agencies, select_data

# The body that takes over at each stage, and the milestone document handing the case over (BLTTHS Điều 232,
# 243; TT 04/2023/TT-BTP Điều 10): a transfer never moves the stage by itself.
NEXT_AGENCY_KIND = {"investigation": "procuracy", "prosecution": "court", "trial": "enforcement"}
BASIS_FOR_TARGET = {"procuracy": Doc.INVESTIGATION_CONCLUSION, "court": Doc.INDICTMENT,
                    "enforcement": Doc.TRANSFER_DECISION}
BASIS_ISSUER_SECTOR = {"procuracy": "police", "court": "procuracy", "enforcement": "procuracy"}


class TransferDialog(RecordDone, LifecycleDialog):
    """Chuyển giao trách nhiệm: CQĐT → VKS → TA → THADS, for the whole case or some items."""

    done_text = N_("Đã chuyển giao {n} vật chứng")
    pending_text = N_("Đã lập biên bản chuyển giao, chuyển kho {n} vật chứng")
    aliases = {"same_agency": "to_agency", "wrong_basis": "decision_kind", "codes": "scope",
               "transfer_wrong_stage": "to_agency", "transfer_not_investigating_body": "to_agency",
               "transfer_needs_evidence_transfer": "decision_kind", "issuer_not_competent": "decision_issuer",
               "issuer_required": "decision_issuer", "milestone_wrong_stage": "decision_kind",
               "milestone_needs_opening": "decision_kind", "milestone_suspended": "decision_kind"}

    def __init__(self, ctx, codes, parent=None) -> None:
        super().__init__(ctx, _("Chuyển giao trách nhiệm vật chứng"), codes, parent)
        self.items = item_details(ctx, codes)
        first = self.items[0] if self.items else None
        self.all_agencies = load_agencies(ctx)
        agencies = [a for a in self.all_agencies if sector(a.kind) is not None]
        case = operations.query(ctx, browse.case_row, first.case_id).value if first else None
        if case is not None:
            self.note(_("Vụ án <b>{number}</b> — giai đoạn: <b>{stage}</b>; cơ quan đang thụ lý: <b>{agency}</b>",
                        number=case.number, stage=stage_label(case.stage), agency=case.handling_agency or "—"))
        f = self.form
        scope = QComboBox()
        if case is not None:
            scope.addItem(_("Cả vụ án {number} (mọi vật chứng còn giữ)", number=case.number), "case")
        scope.addItem(_("Chỉ {n} vật chứng đã chọn", n=len(self.codes)), "items")
        f.add("scope", _("Phạm vi"), scope)
        self.to_agency = f.add("to_agency", _("Chuyển giao cho"), agency_combo(agencies, _("— Chọn cơ quan —")),
                               required=True)
        add_document(f, "decision", load_agencies(ctx), number_label=_("Số quyết định / bản án"),
                     kinds=sorted(authorising_documents("transfer")), number_hint=_("VD: 20/QĐ-CSHS"))
        # a short label: the long one widened the label column until the fields were cut at 1366 px
        add_person(f, "giver", agencies, _("Đại diện cơ quan giao"), required=False, letter=True)
        f.widget("giver_name").setPlaceholderText(_("Để trống: người đại diện ghi tên khi ký"))
        add_person(f, "receiver", agencies, _("Người nhận bàn giao"), letter=True)
        self.note(_("Cơ quan nhận có tài khoản trong phần mềm: biên bản ở trạng thái «chờ tiếp nhận» cho đến khi "
                    "người của cơ quan đó tiếp nhận hoặc từ chối. Chưa có tài khoản: ghi người đại diện ký trên giấy "
                    "(họ tên, chức vụ, số CCCD, giấy giới thiệu)."))
        self.move_out = f.add("move_out", _("Chuyển kho"), QCheckBox(
            _("Chuyển sang kho THADS (vật chứng rời kho này, chỉ khi đang lưu kho)")))
        f.add("condition", _("Tình trạng khi bàn giao"), line_edit(_("Để trống nếu không thay đổi")))
        # each seal stated when the items move out (ND 142/2024 Điều 11, 14): ui.screens.transfer_seals
        self.seals = f.add("seal_states", _("Niêm phong"), TransferSeals(ctx, self.items, case.id if case else None))
        scope.currentIndexChanged.connect(self._show_seals)
        self.move_out.toggled.connect(self._show_seals)
        self.to_agency.currentIndexChanged.connect(self._agency_changed)
        self._agencies = {a.id: a for a in agencies}
        if case is not None:
            next_kind = NEXT_AGENCY_KIND.get(case.stage)
            target = next((a for a in agencies if a.kind == next_kind and a.parent_id is None), None)
            if target is not None:
                select_data(self.to_agency, target.id)
            if first.responsible_agency_id:
                select_data(f.widget("decision_issuer"), first.responsible_agency_id)
        self.case_id = first.case_id if first else None
        self.case = case
        self._agency_changed()
        self._show_seals()

    def _show_seals(self, *_args) -> None:
        moving = not self.form.widget("move_out").isHidden() and self.move_out.isChecked()
        self.form.set_visible("seal_states", self.seals.show_for(self.form.value("scope"), moving))

    def _agency_changed(self) -> None:
        """The basis document that fits the receiving body: the kết luận điều tra hands the case to the VKS, the
        cáo trạng to the court, the VKS's evidence-transfer decision to THADS; between investigating bodies a
        transfer decision."""
        agency = self._agencies.get(self.to_agency.currentData())
        target = sector(agency.kind).value if agency is not None and sector(agency.kind) else ""
        self.form.set_visible("move_out", target == "enforcement")
        # the administrator's setting proposes the physical move to the THADS warehouse (LEGAL-RULES R35), for items
        # still on their shelves (a move out leaves from the shelf only)
        self.move_out.setChecked(target == "enforcement" and self._moves_out_by_default())
        kind = BASIS_FOR_TARGET.get(target, Doc.TRANSFER_DECISION)
        select_data(self.form.widget("decision_kind"), kind.value)
        issuer_sector = BASIS_ISSUER_SECTOR.get(target)
        case = getattr(self, "case", None)
        if issuer_sector == "police" and case is not None:
            handling = next((a for a in self.all_agencies if a.name == case.handling_agency), None)
            if handling is not None:
                select_data(self.form.widget("decision_issuer"), handling.id)
        elif issuer_sector:
            issuer = next((a for a in self.all_agencies if sector(a.kind) and sector(a.kind).value == issuer_sector
                           and a.parent_id is None), None)
            if issuer is not None:
                select_data(self.form.widget("decision_issuer"), issuer.id)
        if agency is not None:
            select_data(self.form.widget("receiver_agency"), agency.id)
        self._show_seals()

    def _moves_out_by_default(self) -> bool:
        if not self.items or any(i.state != "in_storage" for i in self.items):
            return False
        if not hasattr(self, "_moves_out_setting"):
            from evidence_store.services import settings
            result = operations.query(self.ctx, settings.get_setting, "thads_transfer_moves_out")
            self._moves_out_setting = bool(result.value) if result.ok else False
        return self._moves_out_setting

    def submit(self) -> None:
        f = self.form
        if not (self.validate() and check_document_date(f, "decision")):
            return
        whole = f.value("scope") == "case"
        condition = f.value("condition")
        cmd = TransferResponsibility(
            document_input(f, "decision"), f.value("to_agency"), case_id=self.case_id if whole else None,
            codes=() if whole else self.codes, receiver=person_input(f, "receiver"), giver=person_input(f, "giver"),
            move_out=self.move_out.isVisible() and self.move_out.isChecked(),
            conditions={c: condition for c in self.codes} if condition else {}, seal_states=self.seals.states())
        self.run(transfer.transfer_responsibility, cmd)


def _keeper_kinds(items) -> frozenset | None:
    keepers = {CATEGORIES[i.category].deposit_to for i in items if i.category in CATEGORIES}
    if len(keepers) != 1 or None in keepers:
        return None
    return lifecycle_rules.KEEPER_AGENCY_KINDS[keepers.pop()]


class DepositDialog(RecordDone, LifecycleDialog):
    """Gửi Kho bạc (tiền, vàng), Bộ CHQS (vũ khí quân dụng), cơ sở chuyên ngành (chất độc)."""

    done_text = N_("Đã gửi bảo quản {n} vật chứng")
    pending_text = N_("Đã lập biên bản gửi bảo quản {n} vật chứng")
    aliases = {"wrong_keeper": "keeper", "not_depositable": "keeper", "wrong_basis": "decision_kind"}

    def __init__(self, ctx, codes, parent=None) -> None:
        super().__init__(ctx, _("Gửi bảo quản chuyên trách"), codes, parent)
        items = item_details(ctx, codes)
        agencies = load_agencies(ctx)
        kinds = _keeper_kinds(items)
        cats = ", ".join(sorted({category_label(i.category) for i in items}))
        if kinds is None:
            self.note(_("<span style='color:#b00020'>Loại vật chứng ({categories}) không thuộc diện gửi bảo quản "
                        "chuyên trách, hoặc các vật chứng phải gửi các nơi khác nhau.</span>", categories=cats))
        else:
            self.note(_("Loại vật chứng: {categories}. Chỉ hiện các cơ quan được nhận bảo quản loại này.",
                        categories=cats))
        f = self.form
        self.keeper = f.add("keeper", _("Cơ quan nhận bảo quản"), agency_combo(agencies, _("— Chọn cơ quan —"),
                                                                               kinds), required=True)
        add_document(f, "decision", agencies, number_label=_("Số quyết định / lệnh xuất kho"),
                     kinds=sorted(authorising_documents("deposit")))
        add_person(f, "receiver", agencies, _("Người nhận"), agency=False, letter=True)  # of the keeper (HANDS-ON 53)
        money = any(i.category in ("cash_vnd", "foreign_cash") for i in items)
        f.add("account", _("Tài khoản tạm giữ"), line_edit(_("Số tài khoản tạm giữ tại Kho bạc")))
        f.set_visible("account", money)
        f.add("place", _("Địa điểm giao nhận"), line_edit())
        # each seal looked at as the items are handed to the keeper (ND 127/2017; ND 142/2024 Điều 11): stated,
        # never assumed intact (issue #12)
        self.seals = SealCheck(sealed_of(items))
        if self.seals.broken:
            f.add("seal_states", _("Niêm phong"), self.seals)
        if self.keeper.count() == 2:
            self.keeper.setCurrentIndex(1)

    def submit(self) -> None:
        f = self.form
        if not (self.validate() and check_document_date(f, "decision")):
            return
        self.run(custody.deposit_items, DepositItems(self.codes, f.value("keeper"), document_input(f, "decision"),
                                                     receiver=person_input(f, "receiver"),
                                                     account=f.value("account"), place=f.value("place"),
                                                     seal_states=self.seals.states()))


class EntrustDialog(RecordDone, LifecycleDialog):
    """Giao bảo quản (xe, hàng cồng kềnh) cho chủ sở hữu / người quản lý / chính quyền địa phương."""

    done_text = N_("Đã giao bảo quản {n} vật chứng")
    pending_text = N_("Đã lập biên bản giao bảo quản {n} vật chứng")
    aliases = {"not_entrustable": "custodian_kind", "wrong_basis": "decision_kind"}

    def __init__(self, ctx, codes, parent=None) -> None:
        super().__init__(ctx, _("Giao bảo quản vật chứng"), codes, parent)
        agencies = load_agencies(ctx)
        self.note(_("Vật chứng giao bảo quản phải được kiểm tra hằng tháng (TT 01/2017/TT-BTP Điều 12). "
                    "Hạn kiểm tra đầu tiên: <b>{date}</b>.", date=date_text(add_months(chronology.today(), 1))))
        f = self.form
        kind = QComboBox()
        for key, label in lifecycle_rules.CUSTODIAN_KINDS.items():
            kind.addItem(_(label), key)
        f.add("custodian_kind", _("Giao cho"), kind)
        add_person(f, "custodian", agencies, _("Người nhận bảo quản"), agency=False, address=True)
        f.add("address", _("Nơi bảo quản"), line_edit(_("Địa chỉ nơi để vật chứng")))
        add_document(f, "decision", agencies, number_label=_("Số quyết định giao bảo quản"),
                     kinds=sorted(authorising_documents("entrust")))
        # each seal looked at as the items are handed over, never assumed (issue #12; ND 127/2017; ND 142/2024 Điều 11)
        self.seals = SealCheck(sealed_of(item_details(ctx, codes)))
        if self.seals.broken:
            f.add("seal_states", _("Niêm phong"), self.seals)

    def submit(self) -> None:
        f = self.form
        if not (self.validate() and check_id_number(f, "custodian") and check_document_date(f, "decision")):
            return
        self.run(custody.entrust_items, EntrustItems(self.codes, person_input(f, "custodian"), f.value("custodian_kind"),
                                                     document_input(f, "decision"), address=f.value("address"),
                                                     seal_states=self.seals.states()))


class RecallDialog(RecordDone, LifecycleDialog):
    """Nhập lại kho vật chứng đã gửi / giao bảo quản (lệnh nhập kho; quét vị trí)."""

    done_text = N_("Đã nhập lại kho {n} vật chứng")
    aliases = {"wrong_location_kind": "location", "location_not_found": "location"}

    def __init__(self, ctx, codes, parent=None) -> None:
        super().__init__(ctx, _("Nhập lại kho"), codes, parent)
        agencies = load_agencies(ctx)
        f = self.form
        f.add("location", _("Vị trí"), line_edit(_("Quét hoặc gõ mã vị trí")), required=True)
        add_document(f, "order", agencies, number_label=_("Số lệnh nhập kho"))
        add_person(f, "giver", agencies, _("Người giao lại"))
        f.add("condition", _("Tình trạng"), line_edit(_("Để trống nếu không thay đổi")))
        # the seals as the custodian hands the items back (ND 127/2017; ND 142/2024 Điều 11: torn → incident)
        self.seals = SealCheck(sealed_of(item_details(ctx, codes)), _("Kiểm tra niêm phong khi nhận lại"))
        if self.seals.broken:
            f.add("seal_states", _("Niêm phong"), self.seals)

    def handle_scan(self, scan) -> bool:
        return self.take_location(scan)

    def submit(self) -> None:
        f = self.form
        if not (self.validate() and check_document_date(f, "order")):
            return
        self.run(custody.recall_items, RecallItems(self.codes, document_input(f, "order", Doc.INTAKE_ORDER.value),
                                                   f.value("location"), giver=person_input(f, "giver"),
                                                   condition=f.value("condition"), seal_states=self.seals.states()))


class CheckDialog(LifecycleDialog):
    """Kiểm tra hằng tháng vật chứng giao bảo quản (TT 01/2017/TT-BTP Điều 12): kế toán, thủ kho, Thủ trưởng và người
    bảo quản, each by role — the storekeeper is the clerk recording it, the custodian the one on the entrusting
    record — and anyone else who took part."""

    aliases = {"accountant": "accountant_name", "head": "head_name"}

    def __init__(self, ctx, codes, parent=None) -> None:
        super().__init__(ctx, _("Kiểm tra vật chứng giao bảo quản"), codes, parent)
        agencies = load_agencies(ctx)
        f = self.form
        result = QComboBox()
        for key, label in lifecycle_rules.CHECK_RESULTS.items():
            result.addItem(_(label), key)
        f.add("result", _("Kết quả"), result)
        add_person(f, "accountant", agencies, _("Kế toán"))
        add_person(f, "head", agencies, _("Thủ trưởng đơn vị"))
        for prefix in ("accountant", "head"):
            attach_person_picker(ctx, f, prefix)
        self.participants = f.add("participants", _("Người tham gia khác"),
                                  lines_edit(_("Mỗi dòng một người: họ tên, chức vụ")))
        f.add("note", _("Ghi chú"), line_edit())
        f.add("condition", _("Tình trạng"), line_edit(_("Để trống nếu không thay đổi")))
        # TT 01/2017/TT-BTP Điều 12: the seals as found at the custodian's, stated by who looked
        self.seals = SealCheck(sealed_of(item_details(ctx, codes)), _("Kiểm tra niêm phong"))
        if self.seals.broken:
            f.add("seal_states", _("Niêm phong"), self.seals)

    def submit(self) -> None:
        f = self.form
        if not (self.validate() and check_id_number(f, "accountant") and check_id_number(f, "head")):
            return
        self.run(custody.check_entrusted, CheckEntrusted(self.codes, f.value("result"), f.value("note"),
                                                         lines_of(self.participants), f.value("condition"),
                                                         accountant=person_input(f, "accountant"),
                                                         head=person_input(f, "head"),
                                                         seal_states=self.seals.states()))


def _dialog_class(action: str):
    if action in ("release", "return"):
        from .release_panels import ReleaseDialog
        from .return_panel import ReturnDialog
        return ReleaseDialog if action == "release" else ReturnDialog
    if action == "dispose":
        from .disposal_form import ProposalDialog
        return ProposalDialog
    if action == "seal_broken":  # a seal found torn outside a hand-over (ND 142/2024 Điều 11)
        from .seal_report import SealReportDialog
        return SealReportDialog
    if action in ("incident", "found", "correction"):
        from . import lifecycle_events
        return {"incident": lifecycle_events.IncidentDialog, "found": lifecycle_events.FoundDialog, "correction": lifecycle_events.CorrectionDialog}[action]
    return {"transfer": TransferDialog, "deposit": DepositDialog, "entrust": EntrustDialog, "recall": RecallDialog,
            "check": CheckDialog}[action]


def open_dialog(ctx: AppContext, action: str, codes, parent: QWidget | None = None):
    """Open the dialog of ``action`` for the items ``codes`` (not modal: a scanned location must
    reach it); returns it so the caller can forward scans and watch ``finished``."""
    dialog = _dialog_class(action)(ctx, tuple(codes), parent)
    dialog.show()
    return dialog


ACTIONS = ("release", "return", "transfer", "deposit", "entrust", "recall", "check", "dispose", "incident", "found",
           "correction", "seal_broken")
