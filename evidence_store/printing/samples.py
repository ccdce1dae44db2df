"""Realistic Hà Nội sample records (DEMO-DATA.md): the printing tests, the sample images and the
"Mẫu in" editor's «Xem thử» preview use them (``render_sample``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from .audit import AuditLine, AuditRecord, render_audit
from .records import (BasisDocument, CaseRef, CustodyEvent, CustodyReport, DestructionRecord,
                                             HandoverRecord, ItemLabel, ItemLine, LedgerStamp, LocationLabel, Party,
                                             Person, StockBook, StockBookRow, StockCard, StockCardEntry, StockSlip,
                                             Verification)

def code(sequence: int, prefix: str = "VC") -> str:
    from ..domain.codes import make_code
    return make_code(prefix, 26, sequence).compact


HUNG = Person("Trần Văn Hùng", "male", "Đại úy", "Điều tra viên", "Phòng Cảnh sát hình sự", "001089012345")
LAN = Person("Nguyễn Thị Lan", "female", "Thượng úy", "Thủ kho", "Phòng Cảnh sát bảo vệ và hỗ trợ tư pháp",
             "001190004567")
SON = Person("Lê Quang Sơn", "male", "Trung úy", "Cán bộ bảo vệ kho")
DUNG = Person("Phạm Đức Dũng", "male", "Thượng tá", "Trưởng phòng", "Phòng Cảnh sát bảo vệ và hỗ trợ tư pháp")
STAMP = LedgerStamp("9f2c41d0a7b3" + "0" * 52, 48213, "a71e09bb5c4d" + "1" * 52)
CASE = CaseRef("45/2026", "Trộm cắp tài sản", "Điều 173 Bộ luật Hình sự")
INTAKE_ORDER = BasisDocument("intake_order", "12/LNK-PC02", date(2026, 2, 4),
                             "Cơ quan Cảnh sát điều tra Công an thành phố Hà Nội")

ITEMS = (
    ItemLine(code(123), "Điện thoại di động iPhone 13", "chiếc", 1, "màu xanh, IMEI 356789104512347",
             "vỡ màn hình", "004512", "intact", "", "Kệ A1-03"),
    ItemLine(code(124), "Xe mô tô Honda Wave Alpha", "chiếc", 1,
             "biển số 29B1-123.45, số khung RLHJA3912, số máy JA39E-123456", "trầy xước nhẹ", "004514",
             "intact", "Niêm phong yên xe", "Bãi xe B-12"),
    ItemLine(code(125), "Nhẫn vàng tròn trơn", "chỉ", Decimal("1"), "trọng lượng 3,75 gam, đựng trong phong bì",
             "", "004513", "intact", "Gửi Kho bạc", ""),
    ItemLine(code(126), "Ma túy đá (methamphetamine)", "gam", Decimal("12.35"), "cân tịnh cả bao bì",
             "", "004515", "intact", "", "Két K-01"),
)


def handover(kind: str = "intake", items=ITEMS, refused: bool = False) -> HandoverRecord:
    giver = Party("giver", HUNG, "không đồng ý với mô tả tình trạng xe" if refused else None,
                  "Lê Quang Sơn" if refused else "")
    return HandoverRecord(
        kind=kind, number="123/BB-GN", started_at=datetime(2026, 2, 5, 14, 30), ended_at=datetime(2026, 2, 5, 15, 10),
        place="Kho vật chứng Công an thành phố Hà Nội", case=CASE, basis_documents=(INTAKE_ORDER,),
        parties=(giver, Party("receiver", LAN), Party("witness", SON)), items=tuple(items), stamp=STAMP)


def long_items(n: int = 60, long_name: bool = False) -> tuple[ItemLine, ...]:
    name = "Điện thoại di động Samsung Galaxy A54 " + ("màu đen, ốp lưng silicon trong suốt, " * 60 if long_name else "")
    return tuple(ItemLine(code(200 + i), f"{name}số {i}", "chiếc", 1,
                          f"IMEI 35{i:013d}", "còn hoạt động", f"{5000 + i:06d}", "intact", "", "Kệ C2-01")
                 for i in range(1, n + 1))


def slip(direction: str = "in") -> StockSlip:
    return StockSlip(direction, "56/PNK" if direction == "in" else "21/PXK", datetime(2026, 2, 5, 15, 20),
                     "Kho vật chứng Công an thành phố Hà Nội", HUNG, ITEMS[:3],
                     (Party("keeper", LAN), Party("head", DUNG)), (INTAKE_ORDER,), CASE, "123/BB-GN",
                     "" if direction == "in" else "Trưng cầu giám định", STAMP)


def label(reprint: int = 0) -> ItemLabel:
    return ItemLabel(code(123), "Điện thoại iPhone 13, xanh", "45/2026", "004512", date(2026, 2, 5),
                     "Kệ A1-03", "a71e09bb5c4d" + "1" * 52, reprint)


def location() -> LocationLabel:
    from ..domain.codes import LOCATION_PREFIX
    return LocationLabel(code(45, LOCATION_PREFIX), "Kệ A1 - Tầng 3 - Ô 03", "bin", "Kho vật chứng Công an TP Hà Nội")


def stock_card() -> StockCard:
    entries = (
        StockCardEntry(datetime(2026, 2, 5, 15, 20), "56/PNK", "Nhập kho theo Lệnh 12/LNK-PC02", 1, 0,
                       "Nguyễn Thị Lan"),
        StockCardEntry(datetime(2026, 3, 2, 9, 0), "21/PXK", "Tạm xuất trưng cầu giám định", 0, 1, "Nguyễn Thị Lan",
                       recorded_at=datetime(2026, 3, 3, 8, 10)),
        StockCardEntry(datetime(2026, 3, 9, 10, 15), "61/PNK", "Nhập lại sau giám định, niêm phong lại số 004530",
                       1, 0, "Nguyễn Thị Lan"),
    )
    return StockCard("TK-0123", date(2026, 2, 5), "Kho vật chứng Công an thành phố Hà Nội", ITEMS[0], entries, CASE,
                     parties=(Party("keeper", LAN), Party("head", DUNG)), stamp=STAMP)


def stock_book(rows: int = 24) -> StockBook:
    names = [i.name for i in ITEMS]
    out = tuple(StockBookRow(datetime(2026, 2, 1 + i % 27, 8 + i % 9, 5 * (i % 12)), "in" if i % 3 else "out",
                             f"{40 + i}/{'PNK' if i % 3 else 'PXK'}", code(300 + i), names[i % 4], ITEMS[i % 4].unit,
                             ITEMS[i % 4].quantity, f"{30 + i % 7}/2026", "Đại úy Trần Văn Hùng, Phòng CSHS",
                             "Kệ A1-03") for i in range(rows))
    return StockBook("Kho vật chứng Công an thành phố Hà Nội", date(2026, 2, 1), date(2026, 2, 28), out,
                     datetime(2026, 3, 1, 8, 0), (Party("keeper", LAN), Party("head", DUNG)), STAMP)


def destruction() -> DestructionRecord:
    chair = Person("Vũ Minh Tuấn", "male", "", "Chấp hành viên", "Thi hành án dân sự thành phố Hà Nội")
    member = Person("Đỗ Thu Hương", "female", "", "Chuyên viên", "Sở Tài chính Hà Nội")
    vks = Person("Hoàng Thanh Hải", "male", "", "Kiểm sát viên", "Viện kiểm sát nhân dân thành phố Hà Nội")
    items = (ItemLine(code(410), "Dao nhọn cán gỗ", "chiếc", 2, "dài 30 cm", "gỉ sét", "003911", "intact"),
             ItemLine(code(411), "Pháo nổ tự chế", "kg", Decimal("4.5"), "đựng trong thùng carton", "", "003912",
                      "intact"))
    return DestructionRecord(
        "07/BB-TH", datetime(2026, 4, 10, 8, 30), datetime(2026, 4, 10, 11, 0), "Bãi tiêu hủy Nam Sơn, Sóc Sơn, Hà Nội",
        (Party("chair", chair), Party("member", member), Party("member", LAN), Party("supervisor", vks),
         Party("witness", SON)), items, "pháo ngâm nước rồi chôn lấp; dao cắt, đập biến dạng",
        (BasisDocument("judgment", "25/2026/HS-ST", date(2026, 3, 10), "Tòa án nhân dân thành phố Hà Nội"),
         BasisDocument("enforcement_decision", "12/QĐ-THADS", date(2026, 3, 25), "Thi hành án dân sự thành phố Hà Nội"),
         BasisDocument("council_decision", "31/QĐ-THADS", date(2026, 4, 2), "Thi hành án dân sự thành phố Hà Nội")),
        CaseRef("38/2026", "Tàng trữ hàng cấm", "Điều 191 Bộ luật Hình sự"),
        "toàn bộ vật chứng đã bị tiêu hủy, không còn khả năng sử dụng", stamp=STAMP)


def destruction_procedural() -> DestructionRecord:
    """A council set up by the investigating agency for a dismissed case (BLTTHS Điều 106): no QĐ THA."""
    pc04 = "Phòng Cảnh sát điều tra tội phạm về ma túy"
    chair = Person("Trần Văn Hùng", "male", "Trung tá", "Phó Trưởng phòng", pc04)
    vks = Person("Hoàng Thanh Hải", "male", "", "Kiểm sát viên", "Viện kiểm sát nhân dân thành phố Hà Nội")
    return replace(destruction(), number="39/BB-TH", parties=(Party("chair", chair), Party("supervisor", vks)),
                   basis_documents=(BasisDocument("disposal_decision", "3/QĐ-XLVC-PC04", date(2026, 4, 1), pc04),
                                    BasisDocument("council_decision", "1/QĐ-HĐTH", date(2026, 4, 3), pc04)))


def custody(ok: bool = True) -> CustodyReport:
    kinds = [("receive", "12/LNK-PC02", "Kệ A1-03"), ("seal", "123/BB-GN", "niêm phong số 004512"),
             ("label_printed", "", "in nhãn lần 1"), ("move", "", "Kệ A1-03 → Kệ B2-01"),
             ("release_temporary", "15/LXK-PC02", "trưng cầu giám định, hạn trả 09/03/2026"),
             ("return", "16/LNK-PC02", "niêm phong lại số 004530")]
    start = datetime(2026, 2, 5, 14, 30)
    events = tuple(CustodyEvent(48000 + i * 37, k, start + timedelta(days=i * 6), start + timedelta(days=i * 6, minutes=1),
                                "Nguyễn Thị Lan", f"{i:02x}" * 32, doc, "KHO-PC01", det)
                   for i, (k, doc, det) in enumerate(kinds))
    verification = Verification(ok, 48213, 48213, STAMP.head_hash, None if ok else 48074, "" if ok else "hash_mismatch")
    return CustodyReport(ITEMS[0], events, verification, datetime(2026, 3, 10, 9, 0), "BC-0123", CASE, "in_storage",
                         (Party("author", LAN), Party("head", DUNG)), STAMP)


def varied_items(n: int, k: int = 1) -> tuple[ItemLine, ...]:
    """n items whose rows differ in height (0–3 extra phrases), so page breaks fall at varied places."""
    return tuple(ItemLine(code(200 + i), f"Điện thoại di động Samsung Galaxy A54 số {i}", "chiếc", 1,
                          f"IMEI 35{i:013d}" + ", màu đen, ốp lưng" * ((i * k) % 4), "còn hoạt động",
                          f"{5000 + i:06d}", "intact", "", "Kệ C2-01") for i in range(1, n + 1))


def long_custody(n: int, k: int = 1, kinds: tuple[str, ...] = ()) -> CustodyReport:
    """A custody report of n events (row heights varied by k); kinds cycles through the given event kinds."""
    kinds = kinds or ("receive", "move", "seal", "label_printed", "release_temporary", "return", "entrusted_check",
                      "unseal")
    start = datetime(2026, 2, 5, 14, 30)
    events = tuple(CustodyEvent(48000 + i * 37, kinds[i % len(kinds)], start + timedelta(days=i),
                                start + timedelta(days=i, minutes=1), "Nguyễn Thị Lan", f"{i:02x}" * 32,
                                "15/LXK-PC02" if i % 3 == 0 else "", "KHO-PC01",
                                ("trưng cầu giám định, hạn trả 09/03/2026" if i % 2 else "Kệ A1-03 → Kệ B2-01")
                                + " thêm chi tiết" * ((i * k) % 5)) for i in range(n))
    base = custody()
    return CustodyReport(base.item, events, base.verification, base.generated_at, base.number, base.case, base.state,
                         base.parties, base.stamp)


# --- «Xem thử»: one sample page of a document template or a label layout ------------------------------

def statistics():
    """A quarter of a city warehouse's figures (the «Báo cáo thống kê định kỳ» template's preview)."""
    from . import report_records
    flow = (report_records.FlowRow(date(2026, 10, 1), 412, 301, 12), report_records.FlowRow(date(2026, 11, 1), 388, 250, 9),
            report_records.FlowRow(date(2026, 12, 1), 420, 198, 4))
    age = tuple(report_records.CountRow(k, label, n) for (k, label), n in zip(
        (("lt3m", "Dưới 3 tháng"), ("3to6m", "3 – 6 tháng"), ("6to12m", "6 – 12 tháng"), ("1to2y", "1 – 2 năm"),
         ("2to3y", "2 – 3 năm"), ("ge3y", "Từ 3 năm trở lên")), (1220, 980, 1410, 860, 402, 188)))
    return report_records.Report(
        "summary", "Báo cáo tổng hợp (Ban Chỉ đạo thành phố)", report_records.ReportFilter(date(2026, 10, 1), date(2026, 12, 31)),
        datetime(2027, 1, 3, 9, 15), date(2027, 1, 3), "Từ ngày 01/10/2026 đến ngày 31/12/2026",
        ("flow", "age", "backlog", "categories", "occupancy", "deadlines", "overdue"), flow=flow, age=age,
        backlog=(report_records.BacklogRow("PC02", "investigation", "Điều tra", 512), report_records.BacklogRow("TAND TP Hà Nội", "trial",
                                                                                     "Xét xử", 301),
                 report_records.BacklogRow("THADS TP Hà Nội", "enforcement", "Thi hành án", 637)),
        categories=(report_records.CountRow("phone", "Điện thoại di động", 1630), report_records.CountRow("motorbike", "Xe mô tô", 912),
                    report_records.CountRow("cash_vnd", "Tiền Việt Nam", 604), report_records.CountRow("drugs", "Ma túy", 377)),
        occupancy=(report_records.OccupancyRow("VT01000005X", "Ô A1-1-01", 40, 40), report_records.OccupancyRow("VT01000044T",
                                                                                       "Bãi xe số 1", 3000, 2411)),
        deadlines=(report_records.DeadlineRow("PC02", 88, 12, 20), report_records.DeadlineRow("THADS TP Hà Nội", 140, 31, 9)),
        overdue=(report_records.OverdueRow(code(231), "Điện thoại di động Samsung Galaxy A52", "45/2026", "Trần Văn Hùng — PC02",
                               "PC02", date(2026, 12, 20), 14),), overdue_total=1, held_total=5060)


def audit_record() -> AuditRecord:
    """For the template editor's «Xem thử» and the printing tests."""
    chair = Person("Phạm Đức Dũng", "male", "Thượng tá", "Trưởng phòng", "Phòng Cảnh sát bảo vệ và hỗ trợ tư pháp")
    vks = Person("Lê Thu Hà", "female", "", "Kiểm sát viên", "Viện kiểm sát nhân dân thành phố Hà Nội")
    lines = (
        AuditLine(2, code(124), "Điện thoại di động Samsung Galaxy A52", "chiếc", 1, "wrong_place",
                  "Ô A1-1-02 (VT-01-000011-P)", "Ô A1-2-01 (VT-01-000013-K)", "", "move", "", "#48210", "Nguyễn Thị Lan"),
        AuditLine(3, code(125), "Điện thoại di động iPhone 13", "chiếc", 1, "missing", "Ô A1-1-01 (VT-01-000010-M)",
                  "", "", "incident_lost", "Không tìm thấy khi kiểm kê", "5/BB-SC", "Nguyễn Thị Lan"),
        AuditLine(7, code(126), "Ma túy đá (methamphetamine)", "gói", 1, "seal_broken", "Phòng bảo quản ma túy",
                  "Phòng bảo quản ma túy", "niêm phong theo sổ MT-01, thực tế MT-02", "seal_incident",
                  "Niêm phong bị thay", "6/BB-SC", "Nguyễn Thị Lan"),  # a broken seal: a seal incident (#12)
    )
    totals = {"found": 412, "wrong_place": 1, "missing": 1, "seal_broken": 1, "absent_expected": 3}
    return AuditRecord("3/2026/BB-KK", "zone", "Khu A (VT-01-000002-H)", datetime(2026, 11, 20, 8, 30),
                       datetime(2026, 11, 20, 16, 45), "Kho vật chứng Công an thành phố Hà Nội",
                       (Party("chair", chair), Party("keeper", LAN), Party("supervisor", vks)), totals, lines,
                       reason="Kiểm kê định kỳ quý IV năm 2026", population=418, sample_size=418, stamp=STAMP)


def seal_paper():
    from .records import SealPaper
    request = BasisDocument("other", "12/YC-CSHS", date(2026, 2, 5), "Phòng Cảnh sát hình sự")
    return SealPaper("124/BB-GN", "000777/NP-PC02", datetime(2026, 2, 5, 15, 20),
                     "Kho vật chứng Công an thành phố Hà Nội", "Phòng Cảnh sát hình sự", "Công an thành phố Hà Nội",
                     (Party("organiser", HUNG), Party("witness", SON), Party("keeper", LAN)), ITEMS[:1], request,
                     CASE, STAMP)


def render_sample(key: str, settings) -> bytes:
    """PDF of the sample record for document template ``key`` ("handover.intake", "slip.in",
    "stock_card"…) or, for a label layout key, one sheet of sample labels, with ``settings``."""
    from . import (render_custody_report, render_destruction, render_handover, render_item_labels,
                   render_location_labels, render_stock_book, render_stock_card, render_stock_slip)
    if key in settings.label_layouts:
        sheet = settings.layout(key)
        if "location" in key:
            return render_location_labels([location()] * sheet.per_page, settings, key)
        return render_item_labels([label()] * sheet.per_page, settings, key, copies=1)
    if key == "handover.transfer_thads":
        return render_handover(replace(handover("transfer"), template=key), settings)
    if key in ("handover.entrust", "handover.deposit_treasury", "handover.savings"):
        return render_handover(replace(handover("deposit"), template=key), settings)
    if key.startswith("handover."):
        return render_handover(handover(key.split(".", 1)[1]), settings)
    if key.startswith("slip."):
        return render_stock_slip(slip(key.split(".", 1)[1]), settings)
    from . import render_statistics
    renderers = {"stock_card": (render_stock_card, stock_card), "stock_book": (render_stock_book, stock_book),
                 "destruction": (render_destruction, destruction), "custody_report": (render_custody_report, custody),
                 "destruction.procedural": (render_destruction, destruction_procedural),
                 "statistics_report": (render_statistics, statistics)}
    if key == "audit":
        return render_audit(audit_record(), settings)
    if key == "seal_paper":
        from . import render_seal_paper
        return render_seal_paper(seal_paper(), settings)
    render, sample = renderers[key]
    return render(sample(), settings)
