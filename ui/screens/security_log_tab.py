"""The Sổ theo dõi screen's security-log tab (Nhật ký an ninh): logins, refusals, account and backup events in
words (their kinds, actions and reasons labelled)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget

from evidence_store.domain.permissions import ROLE_LABELS, Role
from evidence_store.i18n import N_, _
from evidence_store.services import user_admin, backup

from .. import operations
from ..models.format import datetime_text, number_text
from .ledger_admin import admin_table

SECURITY_KINDS = {
    "login": N_("Đăng nhập"),
    "logout": N_("Đăng xuất"),
    "login_failed": N_("Đăng nhập không thành công"),
    "login_refused_locked": N_("Từ chối đăng nhập (tài khoản đang khóa)"),
    "account_locked": N_("Khóa tài khoản do nhập sai nhiều lần"),
    "permission_denied": N_("Thao tác bị từ chối (không có quyền)"),
    "user_created": N_("Tạo người dùng"),
    "roles_changed": N_("Đổi vai trò"),
    "user_deactivated": N_("Ngừng sử dụng tài khoản"),
    "user_reactivated": N_("Kích hoạt lại tài khoản"),
    "user_unlocked": N_("Mở khóa tài khoản"),
    "password_changed": N_("Đổi mật khẩu"),
    "password_reset": N_("Đặt lại mật khẩu"),
    "setting_changed": N_("Thay đổi thiết lập"),
    "backup_created": N_("Sao lưu dữ liệu"),
    "database_restored": N_("Khôi phục dữ liệu từ bản sao lưu"),
}
DETAIL_KEYS = {"by": N_("bởi"), "action": N_("thao tác"), "reason": N_("lý do"), "roles": N_("vai trò"),
               "before": N_("trước"), "after": N_("sau"), "key": N_("thiết lập"), "file": N_("tệp"),
               "attempts": N_("lần thử"), "minutes": N_("số phút khóa"),
               "must_change_password": N_("phải đổi mật khẩu"), "events_dropped": N_("sự kiện bị bỏ"),
               "head_before": N_("đỉnh chuỗi trước"), "head_after": N_("đỉnh chuỗi sau"), "db_user": N_("vai trò đăng nhập máy chủ"),
               "via": N_("qua")}


def roles_text(roles) -> str:
    return ", ".join(_(ROLE_LABELS[Role(r)]) if r in Role._value2member_map_ else str(r) for r in roles)


def security_kind_label(kind: str) -> str:
    return _(SECURITY_KINDS[kind]) if kind in SECURITY_KINDS else kind


# the actions of the permission matrix (domain/permissions.py), as the security log names a refused one
ACTION_LABELS = {
    "accept_handover": N_("tiếp nhận biên bản giao"), "assign_officer": N_("phân công cán bộ thụ lý"),
    "prepare_request": N_("chuẩn bị vật chứng theo yêu cầu"), "read_tasks": N_("xem việc cần làm"),
    "request_items": N_("yêu cầu vật chứng"),
    "approve_disposal": N_("phê duyệt xử lý vật chứng"),
    "approve_release": N_("duyệt xuất kho (phiếu tạm xuất)"), "attach_file": N_("đính kèm tệp"),
    "backup": N_("sao lưu"), "check_entrusted": N_("kiểm tra vật chứng giao bảo quản"),
    "close_audit": N_("kết thúc kiểm kê"), "count_audit": N_("kiểm đếm"), "deposit_items": N_("gửi vật chứng"),
    "entrust_items": N_("giao bảo quản"), "explain_audit": N_("giải trình kiểm kê"),
    "import_registers": N_("nhập sổ cũ"), "manage_agencies": N_("quản lý cơ quan"),
    "manage_authority": N_("quản lý thẩm quyền"), "manage_cases": N_("quản lý vụ án"),
    "manage_documents": N_("quản lý văn bản"), "manage_locations": N_("quản lý vị trí kho"),
    "manage_settings": N_("thay đổi thiết lập"), "manage_users": N_("quản lý người dùng"),
    "move_items": N_("xếp kệ, chuyển vị trí"), "plan_audit": N_("lập kế hoạch kiểm kê"),
    "print_labels": N_("in nhãn vật chứng"), "print_location_labels": N_("in nhãn vị trí"),
    "read_all": N_("xem toàn bộ vật chứng"), "read_own_cases": N_("xem vật chứng vụ án của mình"),
    "read_item": N_("xem vật chứng"), "read_security_log": N_("xem nhật ký an ninh"),
    "receive_items": N_("nhập kho"), "record_correction": N_("đính chính"), "record_disposal": N_("đề xuất xử lý"),
    "record_incident": N_("ghi nhận sự cố"), "record_milestone": N_("ghi nhận mốc tố tụng"),
    "release_items": N_("xuất kho"), "resolve_audit": N_("xử lý chênh lệch kiểm kê"), "restore": N_("phục hồi"),
    "return_items": N_("trả lại vật chứng"), "seal_items": N_("niêm phong"), "sign_handover": N_("ký biên bản"),
    "transfer_responsibility": N_("chuyển giao trách nhiệm"), "verify_ledger": N_("kiểm tra sổ theo dõi"),
    "view_reports": N_("xem báo cáo"), "change_password": N_("đổi mật khẩu"),
}
# why a login failed or an action was refused (codes written by services/accounts.py and the services)
REASON_LABELS = {
    "permission_denied": N_("không có quyền"), "unknown_user": N_("không có tài khoản này"),
    "inactive": N_("tài khoản đã ngừng sử dụng"), "no_account": N_("không phải tài khoản người dùng"),
    "not_this_login": N_("khác vai trò đăng nhập máy chủ"), "account_inactive": N_("tài khoản đã ngừng sử dụng"),
    "actor_unknown": N_("tài khoản không tồn tại"), "password_change_required": N_("chưa đổi mật khẩu lần đầu"),
    "same_approver": N_("người phê duyệt trùng người đề xuất"),
    "milestone_confirm_other_agency": N_("xác nhận mốc của cơ quan khác"),
}


def detail_text(data: dict) -> str:
    parts = []
    for key, value in data.items():
        if value is False or value is None or value == "":
            continue
        if value is True:
            value = _("có")
        elif key == "action" and value in ACTION_LABELS:
            value = _(ACTION_LABELS[value])
        elif key == "reason" and value in REASON_LABELS:
            value = _(REASON_LABELS[value])
        elif key in ("roles", "before", "after"):
            value = roles_text(value if isinstance(value, (list, tuple)) else str(value).split(","))
        elif isinstance(value, (list, tuple)):
            value = ", ".join(map(str, value))
        label = _(DETAIL_KEYS[key]) if key in DETAIL_KEYS else key
        parts.append(f"{label}: {value}")
    return "; ".join(parts)


class SecurityLogTab(QWidget):
    """Nhật ký an ninh: logins, failures, lockouts, refusals, account and setting changes."""

    HEADERS = (N_("Thời điểm"), N_("Người dùng"), N_("Máy trạm"), N_("Sự kiện"), N_("Chi tiết"))
    LIMIT = 500

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entries = []
        self.kind_box = QComboBox()
        self.kind_box.addItem(_("Mọi loại sự kiện"), None)
        for kind, label in sorted(SECURITY_KINDS.items(), key=lambda kv: _(kv[1])):
            self.kind_box.addItem(_(label), kind)
        self.kind_box.currentIndexChanged.connect(self.reload)
        refresh = QPushButton(_("Làm mới"))
        refresh.clicked.connect(self.reload)
        self.count_label = QLabel()
        self.table = admin_table(self.HEADERS, (130, 110, 150, 280))
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Loại sự kiện:")))
        top.addWidget(self.kind_box)
        top.addWidget(refresh)
        top.addStretch(1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.reload()

    def reload(self) -> None:
        kind = self.kind_box.currentData()
        result = operations.query(self.ctx, user_admin.security_log, self.LIMIT, [kind] if kind else None, parent=self)
        self.entries = result.value if result.ok else []
        self.table.setRowCount(len(self.entries))
        for row, e in enumerate(self.entries):
            cells = (datetime_text(e.at), e.username, e.workstation, security_kind_label(e.kind), detail_text(e.data))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        self.count_label.setText(_("{n} mục gần nhất", n=number_text(len(self.entries))))
