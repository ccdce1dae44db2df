"""Error sentences of the unclaimed money and property acts (Luật Thi hành án dân sự; domain.unclaimed), merged into
``error_texts.MESSAGES``."""

from __future__ import annotations

from ..i18n import N_

UNCLAIMED_MESSAGES: dict[str, str] = {
    "savings_not_money": N_("Chỉ tiền mặt không có người nhận mới gửi tiết kiệm; loại vật chứng "
                            "«{category}» là tài sản: bán sau 3 tháng kể từ ngày thông báo"),
    "savings_no_notice": N_("Vật chứng chưa có thông báo trả lại đang mở thời hạn 15 ngày: ghi quyết định trả lại và "
                            "ngày thông báo cho người được nhận trước"),
    "savings_too_early": N_("Chưa hết 15 ngày kể từ ngày thông báo trả lại: người được nhận còn có thể đến nhận. "
                            "Được gửi tiết kiệm từ ngày {date}"),
    "savings_bank_required": N_("Cần ghi tên ngân hàng nhận tiền gửi tiết kiệm"),
    "savings_branch_required": N_("Cần ghi chi nhánh / phòng giao dịch của ngân hàng"),
    "savings_account_required": N_("Cần ghi số sổ tiết kiệm / số tài khoản tiền gửi"),
    "savings_amount_required": N_("Cần ghi số tiền gửi (lớn hơn 0)"),
    "savings_amount_mismatch": N_("Số tiền gửi ({amount}) khác tổng mệnh giá của vật chứng ({total}): số tiền giao "
                                  "ngân hàng phải đúng số tiền trong kho"),
    "savings_receiver_required": N_("Cần ghi người đại diện ngân hàng nhận tiền: họ tên, chức vụ, số căn cước "
                                    "(một người ký, không phải ngân hàng: BLTTHS Điều 133)"),
    "savings_keeper_required": N_("Cần ghi thủ kho giao tiền cho ngân hàng"),
    "savings_start_required": N_("Cần nhập thời điểm bắt đầu thực tế của việc giao tiền cho ngân hàng"),
    "savings_end_required": N_("Cần nhập thời điểm kết thúc thực tế của việc giao tiền cho ngân hàng"),
    "savings_start_in_future": N_("Thời điểm bắt đầu ở tương lai: chỉ ghi việc đã diễn ra"),
    "savings_end_before_start": N_("Thời điểm kết thúc không được trước thời điểm bắt đầu"),
    "savings_end_in_future": N_("Thời điểm kết thúc không được ở tương lai"),
    "savings_return_not_approved": N_("Quyết định trả lại {handover} chưa được lãnh đạo phê duyệt: chưa thể gửi tiết "
                                      "kiệm"),
    "savings_outcome": N_("Tiền đang gửi tiết kiệm chỉ được trả cho người được nhận hoặc sung quỹ nhà nước sau 5 năm, "
                          "không «{outcome}»"),
    "savings_confiscation_too_early": N_("Chưa hết 5 năm kể từ ngày bản án có hiệu lực: tiền gửi tiết kiệm còn chờ "
                                         "người được nhận. Được sung quỹ nhà nước từ ngày {date}"),
    "savings_confiscation_no_effect": N_("Chưa ghi ngày bản án có hiệu lực pháp luật: không tính được thời hạn 5 năm "
                                         "để sung quỹ nhà nước"),
    "unclaimed_sale_money": N_("Tiền không có người nhận không bán: gửi tiết kiệm sau 15 ngày"),
    "unclaimed_sale_no_notice": N_("Vật chứng chưa có thông báo trả lại đang mở thời hạn 3 tháng: không bán theo "
                                   "diện tài sản không có người nhận"),
    "unclaimed_sale_too_early": N_("Chưa hết 3 tháng kể từ ngày thông báo trả lại: người được nhận còn có thể đến "
                                   "nhận. Được bán từ ngày {date}"),
    "unclaimed_sale_bank_required": N_("Cần ghi ngân hàng và chi nhánh nơi gửi tiết kiệm tiền bán tài sản"),
}
