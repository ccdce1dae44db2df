"""Error sentences of records, seals, legal bases and deadlines (issue #12), merged into ``messages.MESSAGES``."""

from __future__ import annotations

from .i18n import N_

RECORD_MESSAGES: dict[str, str] = {
    "end_time_required": N_("Cần nhập thời điểm kết thúc thực tế của biên bản {handover}"),
    "end_before_start": N_("Thời điểm kết thúc không được trước thời điểm bắt đầu (biên bản {handover})"),
    "end_in_future": N_("Thời điểm kết thúc không được ở tương lai (biên bản {handover})"),
    "record_void": N_("Biên bản {handover} không có hiệu lực: hành vi không được thực hiện ({reason})"),
    "slip_not_for_record": N_("Không lập {slip} cho biên bản {number}: {reason}"),
    "not_withdrawable": N_("Chỉ người đề xuất được rút đề xuất đang chờ phê duyệt (biên bản {handover})"),
    "not_approved_yet": N_("Biên bản {handover} chưa được phê duyệt, chưa thể ghi việc thực hiện"),
    "already_carried_out": N_("Biên bản {handover} đã ghi việc thực hiện"),
    "act_before_approval": N_("Việc thực hiện ({act}) không được trước ngày phê duyệt / quyết định ({basis})"),
    "witness_cannot_refuse": N_("Người chứng kiến ({role}) ký xác nhận, không ghi từ chối hay điểm chỉ thay"),
    "read_aloud_required": N_("Cần xác nhận biên bản đã được đọc cho người tham gia nghe trước người chứng kiến"),
    "fingerprint_witness_required": N_("Cần ghi người chứng kiến việc đọc biên bản và điểm chỉ"),
    "witness_is_the_party": N_("Người chứng kiến ({name}) phải là người khác với người ký"),
    "unnamed_slots": N_("Biên bản {handover} còn ô chữ ký chưa ghi họ tên người ký: {roles}"),
    "keeper_required": N_("Cần ghi thủ kho tham gia giao nhận (biên bản {handover})"),
}
