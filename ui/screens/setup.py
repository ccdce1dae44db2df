"""First run: create the warehouse, its agency and the first administrator — or load the demo."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from evidence_store.demo import marker
from evidence_store.demo.base import DEMO_USERS
from evidence_store.domain.errors import DomainError
from evidence_store.i18n import _
from evidence_store.services import setup

from .. import dialogs, operations
from ..context import AppContext
from ..models.format import number_text
from ..widgets.form import Form, field_errors, line_edit
from ..widgets.submit_dialog import SubmitDialog

DEMO_ITEMS = 2000
# service field names → the form's keys
_FIELD_ALIASES = {"prefix": "code_prefix", "username": "admin_username", "password": "admin_password",
                  "setup": "warehouse_name"}


def load_demo(db, progress=None, cancelled=None):
    """The demo warehouse, marked half-built until it is complete (a cancel or a kill leaves the mark)."""
    return marker.build(db, DEMO_ITEMS, progress=progress, cancelled=cancelled)


def discard_half_built(ctx: AppContext, parent: QWidget | None = None) -> bool:
    """Wipe a half-built demo database and open it again empty (SQLite file or PostgreSQL tables)."""
    try:
        ctx.db = marker.wipe(ctx.db)
    except DomainError as error:
        dialogs.report(error, parent)
        return False
    return True


def demo_accounts_text() -> str:
    lines = [f"{name} / {pw}" for name, (pw, *_rest) in DEMO_USERS.items()]
    return _("Đã nạp dữ liệu mẫu. Các tài khoản thử:") + "\n" + "\n".join(lines)


class SetupDialog(SubmitDialog):
    """Thiết lập lần đầu. ``username`` is the login to offer next (admin, or the demo clerk)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Thiết lập lần đầu — Kho Vật Chứng"), parent, ok_text=_("Tạo kho"))
        self.username = ""
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        title = QLabel(_("Thiết lập kho vật chứng"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(title)
        intro = QLabel(_("Cơ sở dữ liệu chưa được thiết lập. Nhập thông tin kho và tài khoản quản trị đầu tiên, "
                         "hoặc nạp dữ liệu mẫu để dùng thử."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = self._build_form()
        self.form.submitted.connect(self.submit)
        layout.addWidget(self.form)
        layout.addWidget(self._buttons())
        self.form.focus_first()

    def _build_form(self) -> Form:
        f = Form()
        f.add("warehouse_name", _("Tên kho"), line_edit(_("Kho vật chứng Công an …")), required=True)
        prefix = f.add("code_prefix", _("Tiền tố mã (2 chữ)"), line_edit("VC"), required=True)
        prefix.setMaxLength(2)
        prefix.setToolTip(_("Hai phụ âm in hoa, không dùng D, W (an toàn với bộ gõ tiếng Việt)"))
        f.add("address", _("Địa chỉ kho"), line_edit())
        f.add("agency_name", _("Đơn vị quản lý kho"), line_edit(_("Phòng Cảnh sát bảo vệ và hỗ trợ tư pháp")),
              required=True)
        f.add("agency_short_name", _("Tên viết tắt"), line_edit("PC10"))
        f.add("parent_agency_name", _("Cơ quan cấp trên"), line_edit(_("Công an thành phố …")))
        f.add("admin_full_name", _("Họ tên quản trị viên"), line_edit(), required=True)
        f.add("admin_username", _("Tên đăng nhập quản trị"), line_edit("quantri"), required=True)
        # "Mật khẩu (nhập lại)": the required-field message reads "Cần nhập mật khẩu (nhập lại)", never
        # "Cần nhập nhập lại mật khẩu" (HANDS-ON 1)
        for key, label in (("admin_password", _("Mật khẩu")), ("again", _("Mật khẩu (nhập lại)"))):
            edit = f.add(key, label, QLineEdit(), required=True)
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        return f

    def _buttons(self) -> QDialogButtonBox:
        self.create_button = self.ok_button
        self.demo_button = self.buttons.addButton(_("Nạp dữ liệu mẫu"), QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Thoát"))
        self.demo_button.clicked.connect(self.load_demo)
        return self.buttons

    def on_error(self):
        return field_errors(self.form, _FIELD_ALIASES | {"invalid_prefix": "code_prefix"})

    def command(self) -> setup.FirstRun:
        v = self.form.values()
        return setup.FirstRun(v["warehouse_name"], v["code_prefix"].upper(), v["agency_name"],
                              v["agency_short_name"], v["parent_agency_name"], v["admin_username"],
                              v["admin_password"], v["admin_full_name"], v["address"])

    def submit(self) -> bool:
        if not self.form.check_required():
            return False
        if self.form.value("admin_password") != self.form.value("again"):
            self.form.set_error("again", _("Mật khẩu nhập lại không khớp"))
            return False
        return self.run(setup.first_run, self.command())

    create = submit  # «Tạo kho»: the name the shell's tests call

    def done_with(self, _changes) -> None:
        self.username = self.form.value("admin_username").lower()
        self.accept()

    def load_demo(self) -> bool:
        """Asks first: the demo fills this database with {n} invented items and test accounts (HANDS-ON 2)."""
        if not dialogs.confirm(_("Nạp dữ liệu mẫu vào cơ sở dữ liệu này? Sẽ tạo một kho thử với {n} vật chứng và "
                                  "các tài khoản thử; không dùng cho kho thật.", n=number_text(DEMO_ITEMS)), self,
                                yes=_("Nạp dữ liệu mẫu"), no=_("Quay lại")):
            return False
        self.setEnabled(False)
        operations.run_job(self.ctx, lambda progress, cancelled: load_demo(self.ctx.db, progress, cancelled),
                           parent=self,
                           label=_("Đang nạp dữ liệu mẫu…"), on_done=self._demo_done)
        return True

    def _demo_done(self, result: operations.Result) -> None:
        self.setEnabled(True)
        if not result.ok:  # cancelled or failed: never leave a half-built warehouse behind
            if discard_half_built(self.ctx, self) and isinstance(result.error, marker.DemoCancelled):
                dialogs.info(_("Đã hủy nạp dữ liệu mẫu; cơ sở dữ liệu vẫn trống."), self)
            return
        if result.ok:
            dialogs.info(demo_accounts_text(), self)
            self.username = "thukho"
            self.accept()
