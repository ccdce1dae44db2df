"""Error sentences of records, seals, legal bases and deadlines (issue #12), merged into ``error_texts.MESSAGES``."""

from __future__ import annotations

from ..i18n import N_

RECORD_MESSAGES: dict[str, str] = {
    "end_time_required": N_("Cần nhập thời điểm kết thúc thực tế của biên bản {handover}"),
    "end_before_start": N_("Thời điểm kết thúc không được trước thời điểm bắt đầu (biên bản {handover})"),
    "end_in_future": N_("Thời điểm kết thúc không được ở tương lai (biên bản {handover})"),
    "record_void": N_("Biên bản {handover} không có hiệu lực: hành vi không được thực hiện ({reason})"),
    "slip_not_for_record": N_("Không lập {slip} cho biên bản {number}: {reason}"),
    "not_withdrawable": N_("Chỉ người đề xuất được rút đề xuất đang chờ phê duyệt (biên bản {handover})"),
    "not_approved_yet": N_("Biên bản {handover} chưa được phê duyệt, chưa thể ghi việc thực hiện"),
    "already_carried_out": N_("Biên bản {handover} đã ghi việc thực hiện"),
    "start_time_required": N_("Cần nhập thời điểm bắt đầu thực tế của việc xử lý (biên bản {handover})"),
    "place_required": N_("Cần ghi địa điểm thực hiện việc xử lý (biên bản {handover})"),
    "council_member_unknown": N_("Người được đánh dấu vắng mặt không thuộc Hội đồng tiêu hủy của biên bản {handover}"),
    "council_required_absent": N_("Không thể tiêu hủy khi vắng mặt {names}: Chủ tịch Hội đồng, đại diện cơ quan tài "
                                  "chính và Kiểm sát viên kiểm sát phải có mặt (Luật THADS Điều 125)"),
    "disposal_not_carried_out": N_("Việc xử lý theo biên bản {handover} chưa được thực hiện: ghi việc thực hiện "
                                   "(thời gian, địa điểm, người tham gia) trước khi ký, kết thúc biên bản"),
    "no_approved_disposal": N_("Vật chứng {code} không có quyết định xử lý đã được phê duyệt đang chờ thực hiện"),
    "disposal_awaiting_carry_out": N_("Vật chứng {code} đã được phê duyệt xử lý theo biên bản {handover}, "
                                      "đang chờ thực hiện"),
    # issue #12/#18 (domain.moves.HELD_FOR_DISPOSAL): the approved item stays for the act
    "held_for_approved_disposal": N_("Vật chứng {code} đã được phê duyệt xử lý theo biên bản {handover} và đang "
                                     "chờ thực hiện: không thể «{move}» trước khi thực hiện việc xử lý đã duyệt"),
    # one act at a time (issue #11; domain.moves.pending_act_refusal): the item is promised to one act only
    "release_awaiting_approval": N_("Vật chứng {code} đã có trong biên bản xuất kho {handover} đang chờ lãnh đạo "
                                    "duyệt xuất (NĐ 142/2024/NĐ-CP Điều 4): không lập biên bản xuất thứ hai"),
    "removal_disposal_proposed": N_("Vật chứng {code} đang có đề xuất xử lý {handover} chờ lãnh đạo phê duyệt "
                                    "(BLTTHS Điều 106): một vật chứng không thể cùng lúc dành cho hai việc — chờ "
                                    "phê duyệt hoặc rút đề xuất đó, rồi mới lập biên bản xuất kho"),
    "disposal_awaiting_removal": N_("Vật chứng {code} đã có trong biên bản {handover} đang chờ lãnh đạo duyệt xuất "
                                    "kho (NĐ 142/2024/NĐ-CP Điều 4): một vật chứng không thể cùng lúc dành cho hai "
                                    "việc — chờ lãnh đạo quyết định, hoặc rút biên bản đó, rồi mới đề xuất xử lý"),
    "act_before_approval": N_("Việc thực hiện ({act}) không được trước ngày phê duyệt / quyết định ({basis})"),
    "witness_cannot_refuse": N_("Người chứng kiến ({role}) ký xác nhận, không ghi từ chối hay điểm chỉ thay"),
    "read_aloud_required": N_("Cần xác nhận biên bản đã được đọc cho người tham gia nghe trước người chứng kiến"),
    "fingerprint_witness_required": N_("Cần ghi người chứng kiến việc đọc biên bản và điểm chỉ"),
    "witness_is_the_party": N_("Người chứng kiến ({name}) phải là người khác với người ký"),
    "unnamed_slots": N_("Biên bản {handover} còn ô chữ ký chưa ghi họ tên người ký: {roles}"),
    "keeper_required": N_("Cần ghi thủ kho tham gia giao nhận (biên bản {handover})"),
    "legal_basis_text_required": N_("Mỗi căn cứ pháp lý cần có mã và nội dung văn bản"),
    "legal_basis_acts_invalid": N_("Căn cứ {key}: loại biên bản áp dụng không hợp lệ"),
    "legal_basis_dates_invalid": N_("Căn cứ {key}: ngày hết hiệu lực trước ngày có hiệu lực"),
    "legal_basis_outcome_invalid": N_("Căn cứ {key}: hình thức xử lý không hợp lệ"),
    "legal_basis_source_required": N_("Căn cứ {key}: cần ghi nguồn đối chiếu của văn bản"),
    "seal_request_required": N_("Niêm phong / mở niêm phong chỉ thực hiện theo văn bản yêu cầu của cơ quan tiến hành tố tụng (NĐ 127/2017)"),
    "seal_request_not_procedural": N_("Văn bản {document} không do cơ quan tiến hành tố tụng ban hành ({agency})"),
    "seal_organiser_not_procedural": N_("{name} không phải người tiến hành tố tụng; việc niêm phong / mở niêm phong do người tiến hành tố tụng tổ chức, không do thủ kho một mình (NĐ 127/2017)"),
    "unknown_found_during": N_("Thời điểm phát hiện không hợp lệ: {value}"),
    "incident_witness_required": N_("Cần ghi người chứng kiến việc phát hiện niêm phong bị rách, mất khi kiểm tra, "
                                    "kiểm kê: biên bản sự cố có chữ ký của người chứng kiến (Điều 133 BLTTHS; Điều 11 "
                                    "Nghị định 142/2024/NĐ-CP)"),
    "holiday_invalid": N_("Ngày nghỉ không hợp lệ"),
    "legal_basis_duplicate_key": N_("Hai căn cứ pháp lý trùng mã"),
    # TT 01/2017/TT-BTP Điều 12: the monthly check of entrusted items names them by role (LEGAL-RULES R33)
    "check_accountant_required": N_("Cần ghi kế toán tham gia kiểm tra vật chứng giao bảo quản (Điều 12 Thông tư "
                                    "01/2017/TT-BTP)"),
    "check_head_required": N_("Cần ghi Thủ trưởng đơn vị tham gia kiểm tra vật chứng giao bảo quản (Điều 12 Thông "
                              "tư 01/2017/TT-BTP)"),
    # the papers of an intake (ND 142/2024 Điều 14; LEGAL-RULES R19)
    "giver_id_required": N_("Cần số căn cước (12 chữ số) của người giao {name} (Điều 14 Nghị định 142/2024/NĐ-CP)"),
    "giver_id_invalid": N_("Số căn cước của người giao {name} không hợp lệ ({value}): căn cước gồm đủ 12 chữ số, 3 chữ "
                           "số đầu là mã tỉnh, thành phố"),
    "giver_letter_required": N_("Cần số và ngày giấy giới thiệu của người giao {name} (Điều 14 Nghị định "
                                "142/2024/NĐ-CP)"),
    "giver_letter_after_act": N_("Giấy giới thiệu ngày {date} không thể sau ngày giao nhận {day}"),
    "seizure_record_required": N_("Cần số, ngày và cơ quan lập biên bản thu giữ ban đầu (Điều 14 Nghị định "
                                  "142/2024/NĐ-CP)"),
    "papers_case_file_unconfirmed": N_("Giấy tờ nhận vào kho phải được xác nhận là vật chứng, không phải tài liệu "
                                       "thuộc hồ sơ vụ án (tài liệu hồ sơ để trong hồ sơ, không nhập kho) (Điều 15 "
                                       "Nghị định 142/2024/NĐ-CP)"),
    # the seals looked at when items are received (ND 127/2017; ND 142/2024 Điều 11, 14): stated, never assumed
    "seal_condition_required": N_("Chưa xác nhận tình trạng niêm phong của vật chứng {code} «{name}» (niêm phong số "
                                  "{seal}): kiểm tra niêm phong rồi xác nhận nguyên vẹn, đúng số, hoặc ghi niêm "
                                  "phong bị rách, mất (Nghị định 127/2017/NĐ-CP; Điều 11 Nghị định 142/2024/NĐ-CP)"),
    "seal_condition_required_new": N_("Chưa xác nhận tình trạng niêm phong của «{name}» (niêm phong số {seal}): kiểm tra "
                                      "niêm phong rồi chọn nguyên vẹn, đúng số, hoặc rách, mất (Nghị định "
                                      "127/2017/NĐ-CP; Điều 11 Nghị định 142/2024/NĐ-CP)"),
    "seizure_record_after_act": N_("Biên bản thu giữ ban đầu ngày {date} không thể sau ngày nhập kho {day}"),
    # a seal found torn or missing outside a hand-over (BLTTHS Điều 90.3; ND 142/2024 Điều 11; domain.moves)
    "seal_report_not_sealed": N_("Vật chứng {code} không có niêm phong: không có niêm phong nào để báo rách, mất"),
    "seal_report_not_held": N_("Vật chứng {code} đang ở trạng thái «{state}»: chỉ báo niêm phong rách, mất đối với vật "
                               "chứng đang lưu kho hoặc đang giao bảo quản; niêm phong được kiểm tra khi nhận lại"),
    # TT 135/2018/TT-BTC Mẫu 02: the Kho bạc takes sealed packages only; the torn seal is kept (services.treasury_seals)
    "treasury_seal_broken": N_("Kho bạc chỉ nhận gói niêm phong nguyên vẹn: niêm phong của {codes} bị rách, mất nên "
                               "không gửi được. Đã lập biên bản sự cố số {incident} và báo cáo {agency}. Đề nghị cơ "
                               "quan thụ lý tổ chức niêm phong lại (biên bản niêm phong), rồi lập lại việc gửi Kho "
                               "bạc (TT 135/2018/TT-BTC, Mẫu 02; Điều 11 Nghị định 142/2024/NĐ-CP)"),
}
