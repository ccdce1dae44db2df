"""Messages of the authority rules (issue #11): competence, milestones, disposal powers, chronology.
Merged into :data:`evidence_store.error_texts.MESSAGES`."""

from __future__ import annotations

from ..i18n import N_

AUTHORITY_MESSAGES: dict[str, str] = {
    # competence of the issuing agency (domain/authority.py)
    "issuer_required": N_("{document_kind} số {number} chưa có cơ quan ban hành: hãy chọn cơ quan ban hành trong danh mục cơ quan"),
    "issuer_not_competent": N_("{document_kind} số {number} không thuộc thẩm quyền của {agency} ({kind}): ở giai đoạn «{context}» chỉ {allowed} được ban hành ({source})"),
    "document_not_in_context": N_("{document_kind} số {number} không được ban hành ở giai đoạn «{context}» (bảng thẩm quyền không có quy định)"),
    "document_of_other_case": N_("Văn bản số {number} thuộc vụ án {case}, không phải căn cứ của vụ án này"),
    "document_required": N_("Thiếu văn bản làm căn cứ"),
    "authority_table_invalid": N_("Bảng thẩm quyền không hợp lệ: {reason}"),
    "authority_source_required": N_("Mỗi quy tắc thẩm quyền phải ghi nguồn pháp lý (dòng {row})"),
    # milestones (domain/milestones.py)
    "unknown_milestone": N_("Loại mốc tố tụng không hợp lệ: {kind}"),
    "milestone_wrong_stage": N_("Không thể ghi mốc «{milestone}» khi vụ án đang ở giai đoạn «{stage}» ({source})"),
    "milestone_before_previous": N_("Mốc «{milestone}» không được ghi ngày trước mốc trước đó ({previous})"),
    "disposal_decision_before_dismissal": N_("Quyết định xử lý vật chứng ngày {date} có trước quyết định đình chỉ ngày "
                                             "{dismissed}: thẩm quyền xử lý vật chứng sau đình chỉ chỉ phát sinh từ "
                                             "quyết định đình chỉ (Điều 106.1 BLTTHS)"),
    "milestone_not_suspended": N_("Vụ án không bị tạm đình chỉ hoặc đình chỉ, không có gì để phục hồi ({source})"),
    "milestone_case_closed": N_("Vụ án đã bị đình chỉ: chỉ có thể ghi quyết định phục hồi ({source})"),
    "milestone_repeated": N_("Mốc «{milestone}» đã được ghi cho vụ án này"),
    "milestone_suspended": N_("Vụ án đang bị tạm đình chỉ: cần quyết định phục hồi trước khi ghi mốc «{milestone}» ({source})"),
    "milestone_needs_opening": N_("Chưa có quyết định khởi tố vụ án: không thể ghi mốc «{milestone}» ({source})"),
    "milestone_needs_judgment": N_("Chưa có bản án sơ thẩm được ghi cho vụ án: không thể ghi mốc «{milestone}» ({source})"),
    "judgment_effective_too_early": N_("Bản án / quyết định sơ thẩm tuyên ngày {judgment} chưa thể có hiệu lực pháp "
                                       "luật: thời hạn kháng cáo, kháng nghị (ít nhất {days} ngày) chưa hết — sớm "
                                       "nhất là ngày {earliest} ({source}, Điều 333, 337 BLTTHS)"),
    "milestone_needs_effective_judgment": N_("Bản án chưa có hiệu lực pháp luật: chưa thể ghi quyết định thi hành án ({source})"),
    "milestone_wrong_document": N_("Văn bản «{basis}» không phải căn cứ của mốc «{milestone}»"),
    "milestone_document_used": N_("Văn bản số {number} đã được dùng cho mốc «{milestone}»"),
    "milestone_not_found": N_("Không tìm thấy mốc tố tụng"),
    "milestone_confirm_other_agency": N_("Chỉ người của cơ quan ban hành văn bản mới xác nhận được mốc này"),
    "milestone_already_confirmed": N_("Mốc tố tụng này đã được xác nhận"),
    "pilot_reference_required": N_("Cần ghi văn bản đưa vụ án vào diện áp dụng thí điểm Nghị quyết 164/2024/QH15"),
    "demo_cancelled": N_("Đã hủy nạp dữ liệu mẫu"),
    "demo_half_built": N_("Cơ sở dữ liệu chứa dữ liệu mẫu dở dang của một lần chạy bị ngắt nhưng tài khoản {login} "
                          "không xóa được các bảng của nó (cần chủ sở hữu cơ sở dữ liệu): hãy chạy lại bằng tài khoản "
                          "chủ sở hữu, hoặc dùng một cơ sở dữ liệu PostgreSQL mới"),
    "case_stage_from_milestones": N_("Giai đoạn vụ án được xác định từ các mốc tố tụng (khởi tố, kết luận điều tra, cáo trạng, bản án...), không nhập tay"),
    # chronology (Điều 132, 133 BLTTHS)
    "act_before_basis": N_("Ngày thực hiện trước ngày của {document_kind} số {number} ({date}) là văn bản làm căn cứ"),
    "council_before_enforcement": N_("Quyết định thành lập Hội đồng tiêu hủy số {council} (ngày {council_date}) không "
                                     "được trước quyết định thi hành án ({date}) mà Hội đồng thực hiện — {source}"),
    "act_in_future": N_("Ngày thực hiện ({date}) ở tương lai"),
    "act_before_receipt": N_("Vật chứng {code} được nhập kho ngày {date}: không thể ghi thao tác trước ngày đó"),
    "act_before_previous_act": N_("Vật chứng {code} đã có thao tác «{previous_move}» lúc {date}: không thể ghi «{move}» "
                                  "vào ngày {day}, trước thao tác đó"),
    # disposal powers (Điều 106 BLTTHS; Luật THADS Điều 36, 124–126)
    "disposal_needs_dismissal_or_judgment": N_("Chưa có quyết định đình chỉ hoặc bản án có hiệu lực: trong khi giải quyết vụ án chỉ được trả lại tài sản, bán vật chứng mau hỏng, khó bảo quản hoặc giao động vật hoang dã cho cơ quan chuyên ngành (Điều 106.1, 106.3 BLTTHS)"),
    "sale_not_perishable": N_("Chỉ được bán vật chứng mau hỏng, khó bảo quản trước khi có bản án có hiệu lực hoặc quyết định đình chỉ («{category}» không thuộc loại này; Điều 106.3.c BLTTHS)"),
    "specialist_not_for_category": N_("Trong khi giải quyết vụ án chỉ giao động vật hoang dã, thực vật ngoại lai cho cơ quan chuyên ngành («{category}»; Điều 106.3.d BLTTHS)"),
    "specialist_needs_examination": N_("Chỉ giao động vật hoang dã cho cơ quan chuyên ngành sau khi có kết luận giám định: hãy ghi kết luận giám định (Điều 106.3.d BLTTHS)"),
    "disposal_needs_enforcement_decision": N_("Bản án đã có hiệu lực: vật chứng được xử lý qua cơ quan thi hành án dân sự theo quyết định thi hành án, «{basis}» không đủ ({source})"),
    "disposal_wrong_document": N_("Sau khi đình chỉ vụ án, căn cứ xử lý phải là quyết định xử lý vật chứng, không phải «{basis}» (Điều 106.1 BLTTHS)"),
    "disposal_document_not_for_outcome": N_("«{basis}» không là căn cứ cho hình thức xử lý «{outcome}»: quyết định bán chỉ cho việc bán, quyết định trả lại tài sản chỉ cho việc trả lại (Điều 106.3.c BLTTHS; Luật THADS Điều 124, 126)"),
    "disposal_not_dismissing_body": N_("Vụ án đã bị đình chỉ («{context}»): chỉ cơ quan đã đình chỉ vụ án ({agency}) mới quyết định xử lý vật chứng (Điều 106.1 BLTTHS)"),
    "disposal_not_in_warehouse": N_("Vật chứng {code} đang ở trạng thái «{state}», không ở trong kho: không thể xử lý từ kho"),
    "confiscation_wrong_receiver": N_("Vật chứng loại «{category}» bị tịch thu phải giao {expected_kind}, không giao {agency} ({source})"),
    "specialist_wrong_receiver": N_("Vật chứng phải giao một cơ sở chuyên ngành, không giao {agency} (Điều 106.3.d BLTTHS)"),
    "council_required": N_("Tiêu hủy vật chứng theo bản án cần quyết định thành lập Hội đồng tiêu hủy của Thủ trưởng cơ quan thi hành án dân sự ({source})"),
    "council_chair_required": N_("Hội đồng tiêu hủy phải do Chấp hành viên làm Chủ tịch ({source})"),
    "council_finance_required": N_("Hội đồng tiêu hủy phải có đại diện cơ quan tài chính cùng cấp ({source})"),
    "council_supervisor_required": N_("Việc tiêu hủy phải có Kiểm sát viên của Viện kiểm sát kiểm sát ({source})"),
    "category_outcomes_empty": N_("Loại vật chứng «{category}» phải có ít nhất một hình thức xử lý"),
    "money_not_destroyed": N_("Tiền («{category}») không được tiêu hủy hoặc bán: chỉ trả lại hoặc tịch thu nộp ngân sách nhà nước (Điều 106.2.b BLTTHS)"),
    "authorisation_without_owner": N_("Vật chứng {code} chưa ghi chủ sở hữu: không xác định được người ủy quyền của giấy ủy quyền số {number} (Điều 106.3 BLTTHS)"),
    "authorisation_several_owners": N_("Giấy ủy quyền số {number} chỉ thay mặt một chủ sở hữu, nhưng các vật chứng thuộc nhiều chủ sở hữu ({owners}): lập riêng việc trả lại cho từng chủ sở hữu"),
    "authorisation_not_from_owner": N_("Giấy ủy quyền số {number} do {signer} ký, không phải chủ sở hữu đã ghi của vật chứng ({owner}) (Điều 106.3 BLTTHS; Điều 138 BLDS)"),
    "authorisation_for_the_owner_himself": N_("Người nhận là chính chủ sở hữu {owner}: không cần giấy ủy quyền số {number}, hãy để trống ô giấy ủy quyền"),
    "return_not_owner": N_("Người nhận {recipient} không phải chủ sở hữu đã ghi của vật chứng {code} ({owner}): cần giấy ủy quyền hoặc quyết định ghi rõ người nhận (Điều 106.3 BLTTHS)"),
    # NQ 164/2024/QH15 pilot measures (domain/pilot.py)
    "pilot_case_not_flagged": N_("Vụ án chưa được đưa vào diện thí điểm: biện pháp «{measure}» chỉ áp dụng cho vụ án thuộc diện thí điểm đã ghi văn bản ({source})"),
    "pilot_before_effect": N_("Quyết định ngày {date} có trước ngày 01/01/2025 Nghị quyết 164/2024/QH15 có hiệu lực: không áp dụng biện pháp «{measure}» ({source})"),
    "pilot_not_during_proceedings": N_("Biện pháp «{measure}» chỉ áp dụng trong giai đoạn điều tra, truy tố, xét xử, trước khi bản án có hiệu lực; vụ án đang ở «{context}» ({source})"),
    "pilot_wrong_document": N_("Biện pháp «{measure}» phải có quyết định áp dụng biện pháp xử lý vật chứng, tài sản, không phải «{basis}» ({source})"),
    "pilot_wrong_issuer": N_("Quyết định áp dụng biện pháp «{measure}» phải do cơ quan đang thụ lý vụ án ở giai đoạn «{context}» ({allowed}) ban hành, không phải {agency} ({kind}) ({source})"),
    "pilot_item_under_106_3": N_("Vật chứng loại «{category}» (mau hỏng, khó bảo quản, động vật hoang dã) được xử lý theo Điều 106.3 BLTTHS, không áp dụng biện pháp «{measure}» ({source})"),
    "pilot_measure_needs_money": N_("Biện pháp «{measure}» chỉ áp dụng cho tiền, không cho vật chứng loại «{category}» ({source})"),
    "pilot_measure_not_for_money": N_("Biện pháp «{measure}» không áp dụng cho tiền («{category}»): tiền được trả lại bị hại hoặc gửi vào tài khoản tạm giữ ({source})"),
    "pilot_not_registered_property": N_("Tạm dừng giao dịch chỉ áp dụng cho tài sản phải đăng ký; loại «{category}» không thuộc danh mục tài sản đăng ký trong bảng thẩm quyền ({source})"),
    "pilot_measure_unknown": N_("Biện pháp thí điểm không hợp lệ: {measure} ({source})"),
    "pilot_measure_required": N_("Quyết định áp dụng biện pháp thí điểm: hãy chọn biện pháp (trả lại tiền cho bị hại hoặc bảo lãnh) cho hình thức «{outcome}» ({source})"),
    "pilot_outcome_not_a_measure": N_("Quyết định áp dụng biện pháp thí điểm không là căn cứ cho hình thức «{outcome}»: các biện pháp là trả lại tiền cho bị hại, bảo lãnh, bán hoặc chuyển nhượng, gửi tiền vào tài khoản tạm giữ, giao quản lý, sử dụng và tạm dừng giao dịch ({source})"),
    "pilot_measure_wrong_outcome": N_("Biện pháp «{measure}» không dẫn đến hình thức «{outcome}» ({source})"),
    "pilot_item_not_here": N_("Vật chứng {code} đang ở trạng thái «{state}»: không thể áp dụng biện pháp «{measure}»"),
    "pilot_already_suspended": N_("Vật chứng {code} đang bị tạm dừng giao dịch ({source})"),
    "pilot_not_suspended": N_("Vật chứng {code} không bị tạm dừng giao dịch"),
    "pilot_registry_required": N_("Cần ghi cơ quan đăng ký tài sản được thông báo tạm dừng giao dịch"),
    "pilot_guarantee_amount_required": N_("Bảo lãnh: cần ghi số tiền chủ sở hữu đã nộp, tương đương giá trị tài sản"),
    "pilot_guarantee_receipt_required": N_("Bảo lãnh: cần ghi tài khoản tạm giữ và chứng từ nộp tiền"),
    # transfers of responsibility (CQĐT → VKS → TA; VKS → THADS, TT 04/2023/TT-BTP Điều 10)
    "transfer_wrong_stage": N_("Không thể chuyển giao trách nhiệm cho {agency} khi vụ án đang ở giai đoạn «{stage}»: giai đoạn chỉ thay đổi theo mốc tố tụng"),
    "transfer_not_investigating_body": N_("{agency} không phải cơ quan điều tra hoặc cơ quan được giao nhiệm vụ điều tra"),
    "transfer_needs_evidence_transfer": N_("Cơ quan thi hành án dân sự chỉ nhận vật chứng theo quyết định chuyển giao vật chứng của Viện kiểm sát đã ghi cho vụ án (TT 04/2023/TT-BTP Điều 10)"),
}
