"""Dialogs of the Kiểm kê screen: planning an audit, the checks on a scanned high-risk item (seal number,
re-weighing, cash by denomination), resolving a discrepancy, signing the record, the zone schedule."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLabel, QSpinBox, QWidget

from evidence_store.describe import category_label
from evidence_store.domain import audit as audit_rules
from evidence_store.domain.categories import CATEGORIES, FIELD_LABELS
from evidence_store.domain.errors import DomainError
from evidence_store.i18n import _
from evidence_store.services import audit, audit_count, audit_plan
from evidence_store.services import audit_reconcile, audit_resolution
from evidence_store.services import queries
from evidence_store.services.commands import CloseAudit, PlanAudit, ResolveLine, ScanChecks, TeamMember

from .. import dialogs, operations
from ..context import AppContext
from ..models.format import number_text
from ..widgets.form import line_edit
from .lifecycle_forms import LifecycleDialog, add_document, document_input, lines_edit, lines_of
from .agency_pickers import load_agencies

TEAM_FIELDS = (("chair", "Trưởng ban kiểm kê"), ("keeper", "Thủ kho"), ("supervisor", "Kiểm sát viên giám sát"))


def location_combo(ctx: AppContext, placeholder: str) -> QComboBox:
    """Every active location, indented by depth (zones first under the warehouse)."""
    box = QComboBox()
    box.addItem(placeholder, "")
    result = operations.query(ctx, queries.location_tree)
    nodes = result.value if result.ok else []

    def walk(node, depth):
        box.addItem("    " * depth + f"{node.name} ({node.code})", node.code)
        for child in node.children:
            walk(child, depth + 1)
    for root in nodes:
        walk(root, 0)
    return box


def _percent(value: float, low: float, high: float, step: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(1)
    box.setSingleStep(step)
    box.setSuffix(" %")
    box.setValue(value)
    return box


def add_team(form, members=()) -> None:
    known = {m["role"]: m for m in members}
    for role, label in TEAM_FIELDS:
        m = known.get(role, {})
        form.add(f"team_{role}", _(label), line_edit(_("Họ tên"), m.get("name", "")), required=role != "supervisor")
        form.add(f"team_{role}_position", _("Chức vụ, đơn vị"),
                 line_edit("", ", ".join(x for x in (m.get("position", ""), m.get("agency", "")) if x)))
    others = lines_edit(_("Mỗi dòng một người: họ tên, chức vụ"))
    others.setPlainText("\n".join(", ".join(x for x in (m["name"], m.get("position", "")) if x)
                                  for m in members if m["role"] == "member"))
    form.add("team_members", _("Thành viên khác"), others)
    form.add("team_witnesses", _("Người chứng kiến"), lines_edit(_("Mỗi dòng một người: họ tên, chức vụ")))


def team_of(form) -> tuple[TeamMember, ...]:
    out = []
    for role, _label in TEAM_FIELDS:
        name = form.value(f"team_{role}")
        if name:
            out.append(TeamMember(role, name, form.value(f"team_{role}_position")))
    for key, role in (("team_members", "member"), ("team_witnesses", "witness")):
        for line in lines_of(form.widget(key)):
            name, _sep, position = line.partition(",")
            out.append(TeamMember(role, name.strip(), position.strip()))
    return tuple(out)


class PlanDialog(LifecycleDialog):
    """Mở đợt kiểm kê: the kind, the scope, the sample's confidence and margin, the team."""

    aliases = {"location_required": "location", "confidence_out_of_range": "confidence",
               "margin_out_of_range": "margin", "case_not_found": "case_number", "category_required": "category"}

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, zone_code: str = "") -> None:
        super().__init__(ctx, _("Mở đợt kiểm kê"), (), parent)
        self.note(_("Kiểm đếm mù: người kiểm đếm chỉ thấy những gì đã quét, không thấy danh sách sổ sách. "
                    "Danh sách cần kiểm được chốt khi mở đợt."))
        f = self.form
        kind = QComboBox()
        for k in audit_rules.AuditKind:
            kind.addItem(_(audit_rules.AUDIT_KIND_LABELS[k]), k.value)
        f.add("kind", _("Hình thức"), kind)
        f.add("location", _("Khu / vị trí"), location_combo(ctx, _("— Toàn kho —")))
        category = QComboBox()
        category.addItem(_("— Mọi loại —"), "")
        for code in CATEGORIES:
            category.addItem(category_label(code), code)
        f.add("category", _("Loại vật chứng"), category)
        f.add("case_number", _("Số vụ án"), line_edit(_("VD: 125/2026/CSHS")))
        f.add("high_risk", _("Nhóm rủi ro cao"), QCheckBox(_("Chỉ tiền, vàng bạc, ma túy, vũ khí")))
        f.add("confidence", _("Độ tin cậy"), _percent(95.0, 50.0, 99.9, 1.0))
        f.add("margin", _("Sai số cho phép"), _percent(3.0, 0.5, 20.0, 0.5))
        weight = QDoubleSpinBox()
        weight.setRange(1.0, 20.0)
        weight.setValue(3.0)
        f.add("weight", _("Hệ số ưu tiên rủi ro cao"), weight)
        f.add("seed", _("Số khởi tạo ngẫu nhiên"), line_edit(_("để trống: tự chọn; ghi lại để chọn lại đúng mẫu")))
        # what the plan will count, before it is opened: the sample size and the formula's inputs (#15)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setStyleSheet("background: #e8f0fe; border: 1px solid #90caf9; padding: 6px;")
        f.add_row(self.preview)
        f.add("reason", _("Lý do, kế hoạch"), line_edit(_("VD: Kiểm kê định kỳ quý IV; thay đổi thủ kho")))
        add_team(f)
        kind.currentIndexChanged.connect(self._kind_changed)
        for key, signal in (("location", "currentIndexChanged"), ("category", "currentIndexChanged"),
                            ("case_number", "textChanged"), ("high_risk", "toggled"),
                            ("confidence", "valueChanged"), ("margin", "valueChanged")):
            getattr(f.widget(key), signal).connect(self.update_preview)
        if zone_code:
            box = f.widget("location")
            box.setCurrentIndex(max(0, box.findData(zone_code)))
            kind.setCurrentIndex(kind.findData(audit_rules.AuditKind.ZONE.value))
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = audit_rules.AuditKind(self.form.value("kind"))
        sampled = kind in audit_rules.SAMPLED
        for key in ("confidence", "margin", "weight", "seed"):
            self.form.set_visible(key, sampled)
        self.form.set_visible("category", kind in (audit_rules.AuditKind.CATEGORY, audit_rules.AuditKind.SAMPLE_ITEMS))
        self.form.set_visible("case_number", kind is audit_rules.AuditKind.CASE)
        self.form.set_visible("high_risk", kind is audit_rules.AuditKind.SAMPLE_ITEMS)
        self.form.set_visible("location", kind is not audit_rules.AuditKind.CASE and kind is not audit_rules.AuditKind.CATEGORY)
        self.update_preview()

    def update_preview(self) -> None:
        """The population and the sample the plan would draw now, with Cochran's inputs."""
        cmd = self._scope_command()
        result = operations.query(self.ctx, audit_plan.plan_preview, cmd, on_error=lambda _e: True)
        if not result.ok:
            text = dialogs.text_of(result.error) if isinstance(result.error, DomainError) else str(result.error)
            self.preview.setText(_("Chưa tính được số cần kiểm: {reason}", reason=text))
            return
        p = result.value
        if p.kind not in audit_rules.SAMPLED:
            self.preview.setText(_("Sẽ kiểm <b>{n}</b> vật chứng (toàn bộ phạm vi, danh sách chốt khi mở đợt)",
                                   n=number_text(p.population)))
            return
        unit = _("vị trí đang chứa vật chứng") if p.kind == audit_rules.AuditKind.SAMPLE_LOCATIONS else _("vật chứng")
        self.preview.setText(_(
            "Cỡ mẫu: <b>{n}</b> trong {N} {unit}<br>"
            "Độ tin cậy {c} % (z = {z}), sai số ± {e} %, p = 0,5: n₀ = z²·p(1−p)/e² = {n0}; "
            "n = n₀ / (1 + (n₀ − 1)/N) = {n}, làm tròn lên",
            n=number_text(p.sample_size), N=number_text(p.population), unit=unit,
            c=number_text(round(p.confidence * 100, 1)), z=number_text(round(p.z, 3)),
            e=number_text(round(p.margin * 100, 1)), n0=number_text(round(p.n0, 1))))

    def _scope_command(self) -> PlanAudit:
        f = self.form
        visible = lambda key: f.widget(key).isVisibleTo(f)  # noqa: E731
        return PlanAudit(f.value("kind"), location_code=f.value("location") if visible("location") else "",
                         category=f.value("category") if visible("category") else "",
                         case_number=f.value("case_number") if visible("case_number") else "",
                         high_risk_only=bool(f.value("high_risk")) and visible("high_risk"),
                         confidence=f.value("confidence") / 100, margin=f.value("margin") / 100)

    def command(self) -> PlanAudit | None:
        f = self.form
        seed_text = f.value("seed")
        if seed_text and not seed_text.isdigit():
            f.set_error("seed", _("Số khởi tạo chỉ gồm chữ số"))
            return None
        visible = lambda key: f.widget(key).isVisibleTo(f)  # noqa: E731
        return PlanAudit(f.value("kind"), location_code=f.value("location") if visible("location") else "",
                         category=f.value("category") if visible("category") else "",
                         case_number=f.value("case_number") if visible("case_number") else "",
                         high_risk_only=bool(f.value("high_risk")) and visible("high_risk"),
                         confidence=f.value("confidence") / 100, margin=f.value("margin") / 100,
                         seed=int(seed_text) if seed_text else None, high_risk_weight=f.value("weight"),
                         reason=f.value("reason"), team=team_of(f))

    def submit(self) -> None:
        if not self.validate():
            return
        cmd = self.command()
        if cmd is not None:
            self.run(audit_plan.plan_audit, cmd)


class ChecksDialog(LifecycleDialog):
    """On the spot, for a scanned item: the seal number read (and whether it is intact), the count or the
    re-weighing. What the register says is not shown (blind)."""

    aliases = {"denominations_invalid": "denominations"}

    def __init__(self, ctx: AppContext, audit_number: str, answer: dict, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Kiểm tra tại chỗ"), (answer["code"],), parent)
        self.audit_number, self.answer = audit_number, answer
        self.note(_("«{name}» — ghi số niêm phong đọc trên vật chứng và kết quả cân, đếm lại.", name=answer["name"]))
        f = self.form
        f.add("seal_seen", _("Số niêm phong thực tế"), line_edit(_("đọc trên giấy niêm phong")),
              required=bool(answer.get("needs_seal")))
        intact = QCheckBox(_("Niêm phong nguyên vẹn"))
        intact.setChecked(True)
        f.add("seal_intact", _("Tình trạng niêm phong"), intact)
        f.add("quantity", _("Số lượng đếm được"), line_edit(answer.get("unit", "")))
        for name in ("denominations", "net_weight_g", "gross_weight_g", "weight_g"):
            hint = _("VD: 500000x20; 200000x5") if name == "denominations" else _("gam")
            f.add(name, _(FIELD_LABELS[name]), line_edit(hint))
            f.set_visible(name, name in (answer.get("needs_measure") or ()))
        f.widget("seal_seen").setFocus()  # the auditor types at once what he reads (seen under Xvfb: no focus)

    def submit(self) -> None:
        if not self.validate():
            return
        f = self.form
        measured = {k: f.value(k) for k in ("quantity", "denominations", "net_weight_g", "gross_weight_g", "weight_g")
                    if f.widget(k).isVisibleTo(f) and f.value(k)}
        self.run(audit_count.record_checks, ScanChecks(self.audit_number, self.answer["scan_id"],
                                             seal_seen=f.value("seal_seen") or None,
                                             seal_intact=bool(f.value("seal_intact")), measured=measured))


class ResolveDialog(LifecycleDialog):
    """Resolve one discrepancy by a recorded act (move, incident with its report, correction, explanation)."""

    aliases = {"report_required": "report_number", "reason_required": "note", "location_required": "location",
               "seal_seen_required": "seal_seen", "seal_seen_differs": "seal_seen"}

    def __init__(self, ctx: AppContext, audit_number: str, line, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Xử lý chênh lệch — dòng {line}", line=line.line_no), (line.code,), parent)
        self.audit_number, self.line = audit_number, line
        result = audit_rules.Result(line.result)
        self.note(f"<b>{_(audit_rules.RESULT_LABELS[result])}</b> — {line.name or line.code}")
        f = self.form
        how = QComboBox()
        for r in audit_rules.RESOLUTIONS_FOR[result]:
            how.addItem(_(audit_rules.RESOLUTION_LABELS[r]), r.value)
        f.add("resolution", _("Cách xử lý"), how)
        f.add("location", _("Vị trí"), location_combo(ctx, _("— Theo mặc định —")))
        add_document(f, "report", load_agencies(ctx), number_label=_("Số biên bản sự cố"),
                     number_hint=_("VD: 5/BB-SC"))
        f.add("seal_seen", _("Số niêm phong đọc được"), line_edit(_("VD: MT-01")))
        # the count or weighing done afterwards, for a cash / drug / gold line counted without it (issue 15)
        self.measures = (("denominations",) if line.category in audit_rules.CASH else audit_rules.WEIGHED.get(line.category, ()))
        for name in self.measures:
            hint = _("VD: 500000x20; 200000x5") if name == "denominations" else _("gam")
            f.add(name, _(FIELD_LABELS[name]), line_edit(hint))
        if self.measures:
            self.aliases = {**self.aliases, "measure_required": self.measures[0], "measure_differs": self.measures[0]}
        f.add("quantity", _("Số lượng đúng"), line_edit(str(line.details.get("measured", {}).get("quantity", ""))))
        f.add("note", _("Lý do / giải trình"), lines_edit(_("Ghi rõ căn cứ, người xác nhận")))
        how.currentIndexChanged.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        how = audit_rules.Resolution(self.form.value("resolution"))
        self.form.set_visible("location", how in (audit_rules.Resolution.MOVE, audit_rules.Resolution.ACCEPT_PLACE))
        for key in list(self.form.fields):
            if key.startswith("report_"):
                self.form.set_visible(key, how in (audit_rules.Resolution.INCIDENT_LOST, audit_rules.Resolution.INCIDENT_DAMAGED))
        self.form.set_visible("quantity", how is audit_rules.Resolution.CORRECTION)
        self.form.set_visible("seal_seen", how is audit_rules.Resolution.SEAL_CHECKED)
        for name in self.measures:
            self.form.set_visible(name, how is audit_rules.Resolution.MEASURE_CHECKED)

    def submit(self) -> None:
        f = self.form
        how = audit_rules.Resolution(f.value("resolution"))
        report = document_input(f, "report", "incident_report") if f.widget("report_number").isVisibleTo(f) else None
        values = {}
        if how is audit_rules.Resolution.CORRECTION:
            if not f.value("quantity"):
                f.set_error("quantity", _("Cần nhập số lượng đúng"))
                return
            values["quantity"] = f.value("quantity").replace(",", ".")
        if how is audit_rules.Resolution.SEAL_CHECKED:
            values["seal_seen"] = f.value("seal_seen")
        for name in self.measures:  # the count or weighing typed for a measure_checked resolution
            if f.widget(name).isVisibleTo(f) and f.value(name):
                values[name] = f.value(name)
        note = f.widget("note").toPlainText().strip()
        self.run(audit_resolution.resolve_line, ResolveLine(self.audit_number, self.line.line_no, how.value, note=note, report=report,
                                               values=values,
                                               location_code=f.value("location") if f.widget("location").isVisibleTo(f)
                                               else ""))


class CloseDialog(LifecycleDialog):
    """Kết thúc kiểm kê: the team that signs the record."""

    aliases = {"team_required": "team_chair"}

    def __init__(self, ctx: AppContext, detail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Kết thúc kiểm kê, ký biên bản {number}", number=detail.number), (), parent)
        self.number = detail.number
        self.note(_("Mọi chênh lệch đã được xử lý. Biên bản kiểm kê ghi thành phần dưới đây, tổng hợp kết quả và "
                    "cách xử lý từng chênh lệch; in ra để ký."))
        add_team(self.form, detail.team)
        self.form.add("remarks", _("Ý kiến của những người tham gia"), lines_edit(""))

    def submit(self) -> None:
        if not self.validate():
            return
        self.run(audit_reconcile.close_audit, CloseAudit(self.number, team_of(self.form),
                                            self.form.widget("remarks").toPlainText().strip()))


class ScheduleDialog(LifecycleDialog):
    """Lịch kiểm kê định kỳ of a zone."""

    aliases = {"interval_out_of_range": "interval"}

    def __init__(self, ctx: AppContext, zones, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Lịch kiểm kê định kỳ"), (), parent)
        box = QComboBox()
        for z in zones:
            box.addItem(f"{z.location_name} ({z.location_code})", z.location_code)
        self.form.add("zone", _("Khu"), box)
        days = QSpinBox()
        days.setRange(1, 3660)
        days.setValue(90)
        days.setSuffix(_(" ngày"))
        self.form.add("interval", _("Chu kỳ"), days)
        self.resize(560, 240)

    def submit(self) -> None:
        code, days = self.form.value("zone"), self.form.value("interval")
        self.run(lambda uow, _c: audit.set_schedule(uow, code, days), None)
