"""Messages of accounts and actors, database faults and connections, inputs and backups; merged into ``error_texts.MESSAGES``."""

from __future__ import annotations

from ..i18n import N_

SYSTEM_MESSAGES: dict[str, str] = {
    # actors (services re-load the account in every transaction)
    "actor_unknown": N_("Tài khoản {user} không tồn tại trong cơ sở dữ liệu này; hãy đăng nhập lại"),
    "account_inactive": N_("Tài khoản {user} đã bị khóa; mọi thao tác bị từ chối"),
    "login_required": N_("Cần mật khẩu của tài khoản {user} (nhập khi được hỏi, hoặc biến môi trường EVIDENCE_STORE_PASSWORD, hoặc --password-file)"),
    "password_file_unreadable": N_("Không đọc được tệp mật khẩu {path}"),
    # faults of the database file or server (db/faults.py)
    "database_not_found": N_("Không tìm thấy cơ sở dữ liệu {path} (kiểm tra lại đường dẫn; lệnh init tạo cơ sở dữ liệu mới)"),
    "database_empty_file": N_("Tệp {path} rỗng (0 byte), không phải cơ sở dữ liệu Kho Vật Chứng"),
    "database_wrong_kind": N_("Tệp {path} không phải cơ sở dữ liệu Kho Vật Chứng"),
    "database_not_app": N_("{path} không phải cơ sở dữ liệu Kho Vật Chứng (chưa có bảng dữ liệu); lệnh init tạo cơ sở dữ liệu mới"),
    "database_damaged": N_("Tệp cơ sở dữ liệu {path} bị hỏng ({reason}); hãy phục hồi từ bản sao lưu"),
    "database_readonly": N_("Cơ sở dữ liệu {path} chỉ đọc: được xem và kiểm tra, không ghi được"),
    "database_readonly_old": N_("Cơ sở dữ liệu chỉ đọc {path} ở phiên bản lược đồ cũ ({revision}) nên không nâng cấp được; hãy mở một bản sao ghi được"),
    "database_unreadable": N_("Không mở được {path}: {reason}"),
    "database_permission": N_("Không có quyền truy cập cơ sở dữ liệu {path}: {reason}"),
    "database_failed": N_("Không mở hoặc ghi được cơ sở dữ liệu ({kind}); chi tiết trong nhật ký chẩn đoán"),
    "file_error": N_("Không đọc hoặc ghi được tệp {path}: {reason}"),
    # PostgreSQL: logins of a shared workstation, the server, the network (db/faults.pg_connect_error)
    "account_deactivated": N_("Tài khoản {user} đã ngừng sử dụng; liên hệ quản trị viên để kích hoạt lại"),
    "login_not_an_account": N_("{user} không phải tài khoản người dùng của Kho Vật Chứng trên máy chủ này"),
    "login_role_protected": N_("Không dùng được tên {username}: đó là một vai trò của máy chủ cơ sở dữ liệu, không phải tài khoản người dùng"),
    "server_unreachable": N_("Không kết nối được máy chủ cơ sở dữ liệu {server}: máy chủ không chạy hoặc mạng không thông; hãy thử lại sau hoặc báo quản trị viên"),
    "server_refuses_host": N_("Máy chủ cơ sở dữ liệu {server} không cho phép máy này hoặc tài khoản này kết nối; báo quản trị viên"),
    "server_full": N_("Máy chủ cơ sở dữ liệu {server} đang quá tải (hết chỗ kết nối); hãy thử lại sau ít phút"),
    "server_starting": N_("Máy chủ cơ sở dữ liệu {server} đang khởi động hoặc đang dừng; hãy thử lại sau ít phút"),
    "database_missing": N_("Máy chủ {server} không có cơ sở dữ liệu {database}; kiểm tra tên cơ sở dữ liệu trong cài đặt của máy trạm"),
    "database_no_connect": N_("Tài khoản {user} chưa được phép kết nối cơ sở dữ liệu {database}; báo quản trị viên"),
    "database_no_grants": N_("Tài khoản đăng nhập chưa được cấp quyền trên cơ sở dữ liệu này (quản trị viên chạy pg-secure và pg-login); không có gì được ghi"),
    "statement_timeout": N_("Máy chủ cơ sở dữ liệu đã hủy thao tác vì chạy quá thời gian cho phép; không có gì được ghi, hãy thử lại"),
    "connection_lost": N_("Mất kết nối với máy chủ cơ sở dữ liệu giữa chừng; thao tác không được ghi (không có gì ghi dở), hãy thử lại"),
    # inputs
    "date_out_of_range": N_("Ngày {value} nằm ngoài khoảng cho phép ({min} – {max})"),
    "search_too_long": N_("Nội dung tìm kiếm quá dài (tối đa {max} ký tự)"),
    "pg_only": N_("Lệnh này chỉ dùng cho cơ sở dữ liệu PostgreSQL"),
    "login_failed_left": N_("Sai tên đăng nhập hoặc mật khẩu; còn {left} lần thử trước khi tài khoản bị tạm khóa {minutes} phút"),
    # backups
    "restore_cancelled": N_("Đã hủy khôi phục; cơ sở dữ liệu hiện tại được giữ nguyên"),
    "restore_not_confirmed": N_("Chưa phục hồi: cần xác nhận (gõ CO khi được hỏi, hoặc thêm --yes khi chạy không có bàn phím); cơ sở dữ liệu không thay đổi"),
    "backup_damaged": N_("Bản sao lưu {path} bị hỏng (không đọc được trọn vẹn); không có gì bị thay đổi"),
    "backup_unprotected": N_("Bản sao lưu {path} thiếu lớp bảo vệ của sổ theo dõi ({names}); không phục hồi"),
}
