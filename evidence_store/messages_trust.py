"""Messages of issue #14 (actors, faults, limits), merged into messages.MESSAGES."""

from __future__ import annotations

from .i18n import N_

TRUST_MESSAGES: dict[str, str] = {
    # actors (services re-load the account in every transaction)
    "actor_unknown": N_("Tài khoản {user} không tồn tại trong cơ sở dữ liệu này; hãy đăng nhập lại"),
    "account_inactive": N_("Tài khoản {user} đã bị khóa; mọi thao tác bị từ chối"),
    "login_required": N_("Cần mật khẩu của tài khoản {user} (nhập khi được hỏi, hoặc biến môi trường EVIDENCE_STORE_PASSWORD, hoặc --password-file)"),
    "password_file_unreadable": N_("Không đọc được tệp mật khẩu {path}"),
}
