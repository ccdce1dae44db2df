"""Domain error codes → sentences in the user's language (the one error boundary's vocabulary,
shared by the GUI and the command line)."""

from __future__ import annotations

from ..domain.errors import DomainError
from ..i18n import N_, _

MESSAGES: dict[str, str] = {
    # codes and lookups
    "malformed_code": N_("Mã không hợp lệ: {code}"),
    "bad_check_character": N_("Mã không hợp lệ (sai ký tự kiểm tra): {code}"),
    "invalid_prefix": N_("Tiền tố mã không hợp lệ: {prefix} (hai chữ cái phụ âm, không dùng D, W)"),
    "sequence_out_of_range": N_("Số thứ tự mã vượt giới hạn: {sequence}"),
    "item_not_found": N_("Không tìm thấy vật chứng có mã {code}"),
    "location_not_found": N_("Không tìm thấy vị trí {code}"),
    "case_not_found": N_("Không tìm thấy vụ án"),
    "document_not_found": N_("Không tìm thấy văn bản"),
    "person_not_found": N_("Không tìm thấy người"),
    "warehouse_not_found": N_("Chưa có kho nào được thiết lập"),
    "handover_not_found": N_("Không tìm thấy biên bản {number}"),
    "not_found": N_("Không tìm thấy"),
    # lifecycle
    "transition_refused": N_("Không thể thực hiện «{move}» khi vật chứng đang ở trạng thái «{state}»"),
    "case_items_awaiting_intake": N_("Vụ án còn {count} vật chứng chờ nhập kho ({codes}): nhận chúng vào kho trước "
                                     "khi chuyển giao cả vụ án, hoặc chỉ chuyển giao vật chứng đã nhập kho"),
    "item_disposed": N_("Vật chứng đã được xử lý xong (trạng thái «{state}»), không thể thực hiện thêm"),
    "basis_required": N_("Thiếu văn bản làm căn cứ (lệnh / quyết định) cho thao tác «{move}»"),
    "wrong_basis": N_("Văn bản «{basis}» không phải căn cứ hợp lệ cho thao tác «{move}»"),
    "invalid_outcome": N_("Hình thức xử lý không hợp lệ: {outcome}"),
    "not_in_storage": N_("Vật chứng không ở trong kho (trạng thái «{state}»)"),
    "wrong_location_kind": N_("Vị trí loại «{kind}» không phù hợp với loại vật chứng «{category}»"),
    "outcome_not_for_category": N_("Hình thức «{outcome}» không áp dụng cho loại vật chứng «{category}»"),
    "category_not_sealable": N_("Loại vật chứng «{category}» không niêm phong (NĐ 127/2017)"),
    "already_sealed": N_("Vật chứng {code} đang được niêm phong số {seal}"),
    "not_sealed": N_("Vật chứng {code} chưa được niêm phong"),
    "must_seal_before_shelving": N_("Vật chứng {code} «{name}» phải được niêm phong trước khi xếp lên kệ "
                                    "(NĐ 127/2017): hãy niêm phong trước (Niêm phong vật chứng), rồi xếp kệ"),
    "must_seal_before_shelving_new": N_("Vật chứng «{name}» phải được niêm phong trước khi xếp lên kệ (NĐ 127/2017): "
                                        "nhập vào khu tiếp nhận (chưa xếp), niêm phong rồi xếp kệ"),
    "location_full": N_("Vị trí {code} đã đầy (sức chứa {capacity})"),
    "location_inactive": N_("Vị trí {code} đã ngừng sử dụng"),
    "duplicate_in_batch": N_("Vật chứng {code} đã có trong danh sách"),
    "due_date_past": N_("Hạn trả không được ở quá khứ"),
    # validation
    "no_items": N_("Chưa có vật chứng nào trong danh sách"),
    "too_many_items": N_("Một biên bản chỉ được tối đa {limit} vật chứng"),
    "unknown_category": N_("Loại vật chứng không hợp lệ: {category}"),
    "item_name_required": N_("Cần nhập tên vật chứng"),
    "quantity_positive": N_("Số lượng phải lớn hơn 0 (đã nhập: {value})"),
    "quantity_invalid": N_("Số lượng không hợp lệ: {value}"),
    "unit_required": N_("Cần nhập đơn vị tính"),
    "seal_number_required": N_("Cần nhập số niêm phong"),
    "participants_required": N_("Cần ghi người tham gia"),
    "unknown_attribute": N_("Thuộc tính không thuộc loại vật chứng này: {names}"),
    "unknown_document_kind": N_("Loại văn bản không hợp lệ: {kind}"),
    "document_number_required": N_("Cần nhập số văn bản"),
    "document_date_required": N_("Cần nhập ngày văn bản"),
    "document_date_future": N_("Ngày văn bản không được ở tương lai ({date})"),
    "person_name_required": N_("Cần nhập họ tên"),
    "gender_invalid": N_("Giới tính không hợp lệ: {value}"),
    "id_number_digits": N_("Số giấy tờ tùy thân chỉ gồm chữ số: {value}"),
    "case_required": N_("Cần chọn hoặc tạo vụ án"),
    "case_number_required": N_("Cần nhập số vụ án"),
    "case_number_exists": N_("Số vụ án {number} đã tồn tại"),
    "empty_file": N_("Tệp {filename} rỗng"),
    "file_too_large": N_("Tệp {filename} quá lớn"),
    "field_required": N_("Cần nhập thông tin bắt buộc"),
    "capacity_positive": N_("Sức chứa phải lớn hơn 0"),
    "unknown_agency_kind": N_("Loại cơ quan không hợp lệ: {kind}"),
    "capacity_below_occupancy": N_("Vị trí {code} đang chứa {occupancy} vật chứng: sức chứa không được nhỏ hơn"),
    "location_not_empty": N_("Vị trí {code} còn {occupancy} vật chứng, không thể ngừng sử dụng"),
    "prefix_reserved": N_("Tiền tố {prefix} dành cho mã vị trí / biên bản, hãy chọn tiền tố khác"),
    "already_initialised": N_("Cơ sở dữ liệu đã được thiết lập"),
    "unknown_seal_action": N_("Thao tác niêm phong không hợp lệ"),
    # lifecycle workflows (release, transfer, custody, disposal, incidents, corrections, handovers)
    "unknown_release_purpose": N_("Mục đích xuất kho không hợp lệ: {purpose}"),
    "due_date_required": N_("Cần nhập hạn trả"),
    "unknown_seal_state": N_("Tình trạng niêm phong không hợp lệ: {state}"),
    "location_required": N_("Cần quét hoặc chọn vị trí cất giữ"),
    "person_required": N_("Cần ghi người giao / người nhận"),
    "agency_not_found": N_("Không tìm thấy cơ quan"),
    "not_depositable": N_("Loại vật chứng «{category}» không thuộc diện gửi cơ quan chuyên trách"),
    "wrong_keeper": N_("Loại vật chứng «{category}» phải gửi cơ quan bảo quản chuyên trách phù hợp, không gửi cơ quan loại «{kind}»"),
    "treasury_one_case": N_("Kho bạc nhận mỗi gói niêm phong của một vụ án: vật chứng {codes} thuộc {n} vụ án khác "
                            "nhau — lập biên bản gửi riêng cho từng vụ án (TT 135/2018/TT-BTC, Mẫu 02)"),
    "treasury_unsealed": N_("Kho bạc chỉ nhận tiền, vàng bạc, đá quý đã niêm phong: {codes} chưa niêm phong hoặc niêm "
                            "phong không nguyên vẹn — niêm phong lại trước khi gửi (TT 135/2018/TT-BTC, Mẫu 02)"),
    "treasury_account_required": N_("Cần ghi số tài khoản tạm giữ tại Kho bạc Nhà nước để gửi tiền (Điều 15 Nghị "
                                    "định 142/2024/NĐ-CP)"),
    "not_entrustable": N_("Loại vật chứng «{category}» không được giao bảo quản ngoài kho"),
    "not_sealable": N_("Loại vật chứng «{category}» không niêm phong"),
    "unknown_custodian_kind": N_("Loại người nhận bảo quản không hợp lệ: {kind}"),
    "unknown_check_result": N_("Kết quả kiểm tra không hợp lệ: {result}"),
    "same_agency": N_("Vụ án đã do {agency} thụ lý"),
    "items_of_several_cases": N_("Các vật chứng thuộc nhiều vụ án khác nhau"),
    "item_not_in_case": N_("Vật chứng {code} không thuộc vụ án này"),
    "wrong_authority": N_("Quyết định xử lý vật chứng ở giai đoạn «{stage}» không thuộc thẩm quyền của cơ quan loại «{agency}» (Điều 106 BLTTHS)"),
    "wrong_receiving_agency": N_("Vật chứng tịch thu phải giao cơ quan tài chính, không giao {agency}"),
    "disposal_details_missing": N_("Thiếu thông tin bắt buộc cho hình thức xử lý: {missing}"),
    "disposal_pending": N_("Vật chứng {code} đang chờ phê duyệt xử lý theo biên bản {handover}"),
    "recipient_identity_required": N_("Cần ghi số giấy tờ tùy thân của người nhận lại tài sản"),
    "same_approver": N_("Người phê duyệt phải khác người đề xuất xử lý (biên bản {handover})"),
    "not_pending_approval": N_("Biên bản {handover} không ở trạng thái chờ phê duyệt"),
    "reason_required": N_("Cần ghi lý do"),
    "unknown_incident_kind": N_("Loại sự cố không hợp lệ: {kind}"),
    "description_required": N_("Cần mô tả sự việc"),
    "event_not_found": N_("Không tìm thấy sự kiện #{seq} của vật chứng"),
    "no_corrections": N_("Chưa có nội dung đính chính"),
    "field_not_correctable": N_("Không thể đính chính trường «{name}»; trạng thái và vị trí chỉ thay đổi qua nghiệp vụ"),
    "signature_not_png": N_("Chữ ký phải là ảnh PNG"),
    "refusal_witness_required": N_("Cần ghi người chứng kiến việc từ chối ký"),
    "unsigned_slots": N_("Biên bản {handover} còn người chưa ký: {roles}"),
    "handover_closed": N_("Biên bản {handover} đã đóng hoặc chưa được phê duyệt ({status})"),
    "signature_slot_not_found": N_("Không tìm thấy ô chữ ký"),
    "slot_already_signed": N_("Ô chữ ký đã được ký hoặc ghi từ chối"),
    "unknown_attachment_kind": N_("Loại tệp đính kèm không hợp lệ: {kind}"),
    "attachment_target_required": N_("Cần chọn vật chứng hoặc biên bản để đính kèm"),
    "copies_out_of_range": N_("Số bản in phải từ 1 đến {limit}"),
    # accounts
    "login_failed": N_("Sai tên đăng nhập hoặc mật khẩu"),
    "account_locked": N_("Tài khoản tạm khóa do đăng nhập sai nhiều lần, thử lại sau {minutes} phút"),
    "password_too_short": N_("Mật khẩu phải có ít nhất {min} ký tự"),
    "password_too_simple": N_("Mật khẩu phải gồm cả chữ và số"),
    "password_unchanged": N_("Mật khẩu mới phải khác mật khẩu cũ"),
    "old_password_wrong": N_("Mật khẩu hiện tại không đúng"),
    "username_invalid": N_("Tên đăng nhập chỉ gồm chữ, số, dấu chấm và gạch dưới"),
    "username_exists": N_("Tên đăng nhập {username} đã tồn tại"),
    "roles_required": N_("Cần chọn ít nhất một vai trò"),
    "permission_denied": N_("Tài khoản {user} không có quyền thực hiện thao tác này"),
    "password_too_long": N_("Mật khẩu không được dài quá {max} ký tự"),
    "password_invalid_characters": N_("Mật khẩu chứa ký tự không hợp lệ"),
    "password_is_username": N_("Mật khẩu không được trùng tên đăng nhập"),
    "password_change_required": N_("Bạn cần đổi mật khẩu trước khi tiếp tục"),
    "unknown_role": N_("Vai trò không hợp lệ: {role}"),
    "user_not_found": N_("Không tìm thấy tài khoản"),
    "last_admin": N_("Phải còn ít nhất một tài khoản quản trị đang hoạt động"),
    "cannot_deactivate_self": N_("Không thể tự khóa tài khoản đang đăng nhập"),
    "cannot_change_own_roles": N_("Không tự thay đổi vai trò của chính mình: một quản trị viên khác thực hiện việc này"),
    "admin_role_alone": N_("Vai trò Quản trị không đi cùng vai trò nghiệp vụ: quản trị hệ thống không có quyền "
                           "lưu giữ vật chứng"),
    "passwords_differ": N_("Hai lần nhập mật khẩu không khớp"),
    "unknown_setting": N_("Thiết lập không hợp lệ: {key}"),
    "setting_out_of_range": N_("Giá trị của «{key}» phải từ {min} đến {max}"),
    "setting_not_switch": N_("Giá trị của «{key}» phải là bật hoặc tắt"),
    "time_zone_unknown": N_("Không có múi giờ «{zone}»: nhập tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh"),
    # system
    "busy": N_("Cơ sở dữ liệu đang bận, vui lòng thử lại"),
    "append_only": N_("Sổ theo dõi chỉ được ghi thêm, không được sửa hoặc xóa ({table})"),
    "database_newer": N_("Cơ sở dữ liệu được tạo bởi phiên bản mới hơn của phần mềm ({revision}); hãy cập nhật phần mềm"),
    "backup_invalid": N_("Bản sao lưu không hợp lệ hoặc sổ theo dõi bị sai lệch: {reason}"),
    "text_too_long": N_("Nội dung trường «{field}» quá dài (tối đa {max} ký tự)"),
    "text_invalid_characters": N_("Nội dung trường «{field}» chứa ký tự không hợp lệ"),
    "database_unreachable": N_("Không kết nối được cơ sở dữ liệu {url}: {reason}"),
    # copying a database (cli_copy, services/copy.py)
    "copy_failed": N_("Sao chép bảng {table} thất bại, cơ sở dữ liệu đích không bị thay đổi: {reason}"),
    "copy_same_database": N_("Nguồn và đích là cùng một cơ sở dữ liệu ({url})"),
    "copy_target_not_empty": N_("Cơ sở dữ liệu đích {url} không trống (bảng {table} đã có dữ liệu); chỉ sao chép vào cơ sở dữ liệu mới"),
    "copy_source_not_current": N_("Cơ sở dữ liệu nguồn {url} ở phiên bản lược đồ {revision}, cần {head}; hãy chạy lệnh init với nguồn trước"),
    "backup_postgres": N_("Cơ sở dữ liệu PostgreSQL được sao lưu bằng công cụ pg_dump của máy chủ (ví dụ: pg_dump -Fc -f kho.dump TÊN_CSDL)"),
    "restore_postgres": N_("Cơ sở dữ liệu PostgreSQL được phục hồi bằng công cụ pg_restore của máy chủ"),
    "backup_not_found": N_("Không tìm thấy tệp sao lưu {path}"),
    "backup_not_database": N_("Tệp {path} không phải bản sao lưu cơ sở dữ liệu Kho Vật Chứng"),
    "backup_failed": N_("Sao lưu không thành công: {reason}"),
    "backup_onto_database": N_("Không được ghi bản sao lưu đè lên chính cơ sở dữ liệu đang dùng"),
    "restore_failed": N_("Không phục hồi được (hãy đóng phần mềm trên mọi máy rồi thử lại): {reason}"),
}


from .authority import AUTHORITY_MESSAGES  # noqa: E402 (competence, milestones, disposal powers)

MESSAGES.update(AUTHORITY_MESSAGES)

from .system import SYSTEM_MESSAGES  # noqa: E402 (accounts, database faults, inputs, backups)

MESSAGES.update(SYSTEM_MESSAGES)

from .records import RECORD_MESSAGES  # noqa: E402 (records, seals, legal bases, deadlines)

MESSAGES.update(RECORD_MESSAGES)

from .unclaimed import UNCLAIMED_MESSAGES  # noqa: E402 (unclaimed money and property: Luật THADS Điều 126)

MESSAGES.update(UNCLAIMED_MESSAGES)


def message(error: DomainError) -> str:
    template = MESSAGES.get(error.code)
    if template is None:
        return _("Lỗi: {code}", code=error.code)
    from ..describe import code_words
    params = {name: code_words(name, value) for name, value in error.params.items()}
    try:
        return _(template, **params)
    except (KeyError, IndexError):
        return _(template.split("{")[0].strip() or error.code)


def register(code: str, template: str) -> None:
    """Service modules add their messages here at import time."""
    MESSAGES.setdefault(code, template)
