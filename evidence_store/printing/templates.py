"""Configurable templates: a warehouse matches its own paper without code (DESIGN §5 Printing).

The official annex layouts of the warehouse forms were not found (domain/FORMS.md §0), so every
text a form prints around the data — header lines, form code, titles, legal bases, signature
columns, closing text, copies — lives here with defaults, and round-trips through JSON
(``to_dict`` / ``from_dict``) for the settings table and the GUI editor.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from ..i18n import N_, _
from ..domain.records import record_symbol

LAW_BASES_CUSTODY = (
    "Căn cứ Điều 90, Điều 133 Bộ luật Tố tụng hình sự năm 2015; Nghị định số 142/2024/NĐ-CP "
    "ngày 30/10/2024 của Chính phủ quy định về quản lý kho vật chứng và tài liệu, đồ vật;"
)
LAW_BASES_DESTRUCTION = (
    "Căn cứ Điều 106 Bộ luật Tố tụng hình sự năm 2015; Điều 125 Luật Thi hành án dân sự; "
    "Điều 33 Nghị định số 62/2015/NĐ-CP ngày 18/7/2015 của Chính phủ;"
)
LAW_BASES_AUDIT = (
    "Căn cứ Điều 90 Bộ luật Tố tụng hình sự năm 2015; Nghị định số 142/2024/NĐ-CP ngày 30/10/2024 của "
    "Chính phủ quy định về quản lý kho vật chứng và tài liệu, đồ vật; kế hoạch kiểm kê của đơn vị;"
)
AUDIT_CLOSING = (
    "Việc kiểm kê kết thúc hồi {end_time} {end_day}; biên bản đã đọc lại cho những người có tên trên cùng nghe, "
    "công nhận đúng và ký tên dưới đây. Biên bản được lập thành {copies} bản: {distribution}."
)
HANDOVER_CLOSING = (
    "Biên bản kết thúc hồi {end_time} {end_day}; đã đọc lại cho những người có tên trên cùng nghe, "
    "công nhận đúng và ký tên dưới đây. Biên bản được lập thành {copies} bản: {distribution}."
)
HANDOVER_KINDS = ("intake", "release", "return", "transfer", "deposit", "disposal", "seal", "unseal", "incident",
                  "check")


@dataclass(frozen=True)
class AgencyHeader:
    parent_agency: str  # cơ quan chủ quản, printed upper case (ND 30/2020 Phụ lục I)
    issuing_unit: str  # bold; "\n" forces a line break
    place_name: str  # địa danh: "Hà Nội"
    short_name: str  # on labels: "KHO VẬT CHỨNG CA TP HÀ NỘI"


@dataclass(frozen=True)
class SignatureColumn:
    role: str  # matches Party.role
    title: str  # "BÊN GIAO"
    note: str = "(Ký, ghi rõ họ tên)"
    optional: bool = False  # dropped when the record has nobody in this role


@dataclass(frozen=True)
class DocumentTemplate:
    title: str
    subtitle: str = ""
    form_code: str = ""  # "Mẫu số 155 (TT 119/2021/TT-BCA)"; printed top right when set
    number_suffix: str = ""  # informative: "BB-GN"
    legal_bases: tuple[str, ...] = ()
    signature_columns: tuple[SignatureColumn, ...] = ()
    closing_text: str = ""  # placeholders: {end_time} {end_day} {copies} {distribution}
    copies: int = 4
    distribution: str = ""


@dataclass(frozen=True)
class LabelLayout:
    page_width_mm: float
    page_height_mm: float
    label_width_mm: float
    label_height_mm: float
    columns: int = 1
    rows: int = 1
    margin_top_mm: float = 0.0
    margin_left_mm: float = 0.0
    gap_x_mm: float = 0.0
    gap_y_mm: float = 0.0
    dpi: int = 203  # the printer's resolution: barcodes are snapped to its dots (203 thermal, 300 office)
    printable_margin_mm: float = 0.0  # nothing is drawn nearer the page edge (office printers: about 5 mm)

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


def _col(role: str, title: str, optional: bool = False) -> SignatureColumn:
    return SignatureColumn(role, _(title), _("(Ký, ghi rõ họ tên)"), optional)


def _handover_templates() -> dict[str, DocumentTemplate]:
    subtitles = {
        "intake": "Giao nhận vật chứng, tài liệu, đồ vật (nhập kho)",
        "release": "Giao nhận vật chứng, tài liệu, đồ vật (xuất kho)",
        "return": "Giao nhận vật chứng, tài liệu, đồ vật (nhập lại kho sau tạm xuất)",
        "transfer": "Giao nhận vật chứng, tài liệu, đồ vật (chuyển giao trách nhiệm quản lý)",
        "deposit": "Giao nhận vật chứng, tài liệu, đồ vật (gửi bảo quản chuyên trách)",
        "disposal": "Giao nhận vật chứng, tài liệu, đồ vật (thi hành quyết định xử lý vật chứng)",
    }
    columns = (_col("giver", "BÊN GIAO"), _col("witness", "NGƯỜI CHỨNG KIẾN", True),
               _col("receiver", "BÊN NHẬN"), _col("head", "THỦ TRƯỞNG ĐƠN VỊ", True))
    out = {
        f"handover.{kind}": DocumentTemplate(
            title=_("BIÊN BẢN"), subtitle=_(subtitle), number_suffix=record_symbol(kind),
            legal_bases=(_(LAW_BASES_CUSTODY),), signature_columns=columns,
            closing_text=_(HANDOVER_CLOSING), copies=4,
            distribution=_("bên giao 01 bản, bên nhận 01 bản, 01 bản lưu hồ sơ vụ án, 01 bản lưu kho"))
        for kind, subtitle in subtitles.items()
    }
    # Vật chứng handed to civil judgment enforcement: four copies, one each for the giver, the THADS agency, its
    # accounting and the enforcement file (TT 04/2023/TT-BTP Điều 10; LEGAL-RULES R28).
    out["handover.transfer_thads"] = replace(
        out["handover.transfer"], subtitle=_("Giao nhận vật chứng, tài sản (chuyển giao cho cơ quan thi hành án "
                                             "dân sự)"),
        distribution=_("bên giao 01 bản, cơ quan thi hành án dân sự 01 bản, bộ phận kế toán của cơ quan thi hành "
                       "án dân sự 01 bản, 01 bản lưu hồ sơ thi hành án"))
    # Giao bảo quản to the owner, a custodian or the commune (ND 142/2024 Art 15; TT 01/2017/TT-BTP Điều 12): its own
    # title, not the specialised keepers' deposit (HANDS-ON 51)
    out["handover.entrust"] = replace(
        out["handover.deposit"], subtitle=_("Giao nhận vật chứng, tài liệu, đồ vật (giao bảo quản)"),
        distribution=_("bên giao 01 bản, người nhận bảo quản 01 bản, 01 bản lưu hồ sơ vụ án, 01 bản lưu kho"))
    # A deposit with the Kho bạc Nhà nước: its own form, Mẫu số 02 of TT 135/2018/TT-BTC "Biên bản bàn giao, tiếp
    # nhận để bảo quản" (FORMS.md §3.3; LEGAL-RULES R25), signed for the Kho bạc by its Ban Quản lý kho
    out["handover.deposit_treasury"] = replace(
        out["handover.deposit"], subtitle=_("Bàn giao, tiếp nhận để bảo quản"),
        form_code=_("Mẫu số 02 (TT 135/2018/TT-BTC)"),
        signature_columns=(_col("giver", "ĐẠI DIỆN BÊN GIAO"), _col("witness", "NGƯỜI CHỨNG KIẾN", True),
                           _col("receiver", "ĐẠI DIỆN KHO BẠC NHÀ NƯỚC"), _col("head", "THỦ TRƯỞNG ĐƠN VỊ", True)),
        distribution=_("bên giao 01 bản, Kho bạc Nhà nước 01 bản, 01 bản lưu hồ sơ vụ án, 01 bản lưu kho"))
    # Unclaimed money put on a non-term savings deposit by THADS (Luật THADS Điều 126): the chấp hành viên makes the
    # record, the storekeeper gives the money, a person receives it for the bank
    out["handover.savings"] = replace(
        out["handover.deposit"], subtitle=_("Giao nhận tiền gửi tiết kiệm không kỳ hạn (tiền không có người nhận)"),
        signature_columns=(_col("maker", "CHẤP HÀNH VIÊN", True), _col("giver", "THỦ KHO"),
                           _col("receiver", "ĐẠI DIỆN NGÂN HÀNG"), _col("witness", "NGƯỜI CHỨNG KIẾN", True)),
        distribution=_("cơ quan thi hành án dân sự 01 bản, ngân hàng 01 bản, 01 bản lưu hồ sơ thi hành án, 01 bản "
                       "lưu kho"))
    return out


def _seal_templates() -> dict[str, DocumentTemplate]:
    """Biên bản niêm phong / mở niêm phong (ND 127/2017; BLTTHS Điều 90.1.a). TT 119/2021/TT-BCA numbers them
    Mẫu 150 and 151, whose fields were not read (FORMS.md §3.2): no form code is printed until verified."""
    columns = (_col("organiser", "NGƯỜI TỔ CHỨC"), _col("witness", "NGƯỜI CHỨNG KIẾN"),
               _col("keeper", "THỦ KHO", True), _col("participant", "NGƯỜI THAM GIA", True))
    out = {}
    for kind, subtitle in (("seal", "Niêm phong vật chứng, tài liệu, đồ vật"),
                           ("unseal", "Mở niêm phong vật chứng, tài liệu, đồ vật")):
        out[f"handover.{kind}"] = DocumentTemplate(
            title=_("BIÊN BẢN"), subtitle=_(subtitle), number_suffix=record_symbol(kind),
            legal_bases=(_(LAW_BASES_CUSTODY),), signature_columns=columns, closing_text=_(HANDOVER_CLOSING),
            copies=3, distribution=_("01 bản lưu hồ sơ vụ án, 01 bản cơ quan yêu cầu, 01 bản lưu kho"))
    out["seal_paper"] = DocumentTemplate(
        title=_("GIẤY NIÊM PHONG"), subtitle=_("Vật chứng, tài liệu, đồ vật"), number_suffix="NP", copies=1,
        legal_bases=(_("Căn cứ Điều 90 Bộ luật Tố tụng hình sự năm 2015; Điều 3 Nghị định số 127/2017/NĐ-CP ngày "
                       "16/11/2017 của Chính phủ quy định việc niêm phong, mở niêm phong vật chứng."),),
        signature_columns=(_col("organiser", "NGƯỜI TỔ CHỨC NIÊM PHONG"), _col("witness", "NGƯỜI CHỨNG KIẾN"),
                           _col("participant", "NGƯỜI THAM GIA", True), _col("keeper", "THỦ KHO", True)))
    out["handover.check"] = DocumentTemplate(  # TT 01/2017/TT-BTP Điều 12: the monthly check of entrusted items
        title=_("BIÊN BẢN"), subtitle=_("Kiểm tra định kỳ vật chứng giao bảo quản"),
        number_suffix=record_symbol("check"),
        legal_bases=(_(LAW_BASES_CUSTODY),), closing_text=_(HANDOVER_CLOSING), copies=3,
        # the four the circular names, each in a column of his own, then anyone else who took part (R33); a record
        # made before the accountant was asked for prints no empty column for him
        signature_columns=(_col("custodian", "NGƯỜI NHẬN BẢO QUẢN"), _col("keeper", "THỦ KHO"),
                           _col("accountant", "KẾ TOÁN", True), _col("head", "THỦ TRƯỞNG ĐƠN VỊ", True),
                           _col("participant", "NGƯỜI THAM GIA KIỂM TRA", True)),
        distribution=_("01 bản lưu hồ sơ vụ án, 01 bản người nhận bảo quản, 01 bản lưu kho"))
    out["handover.incident"] = DocumentTemplate(
        title=_("BIÊN BẢN"), subtitle=_("Sự cố niêm phong vật chứng (báo cáo cơ quan đang thụ lý)"),
        number_suffix=record_symbol("incident"), legal_bases=(_(LAW_BASES_CUSTODY),), closing_text=_(HANDOVER_CLOSING),
        copies=3,
        signature_columns=(_col("maker", "NGƯỜI LẬP BIÊN BẢN"), _col("witness", "NGƯỜI CHỨNG KIẾN", True),
                           _col("head", "THỦ TRƯỞNG ĐƠN VỊ", True)),
        distribution=_("01 bản gửi cơ quan đang thụ lý, 01 bản lưu hồ sơ vụ án, 01 bản lưu kho"))
    return out


def _register_templates() -> dict[str, DocumentTemplate]:
    keeper_head = (_col("keeper", "THỦ KHO"), _col("head", "THỦ TRƯỞNG ĐƠN VỊ"))
    return {
        "slip.in": DocumentTemplate(
            _("PHIẾU NHẬP KHO"), _("Vật chứng, tài liệu, đồ vật"), number_suffix="PNK", copies=3,
            signature_columns=(_col("counterpart", "NGƯỜI GIAO"),) + keeper_head),
        "slip.out": DocumentTemplate(
            _("PHIẾU XUẤT KHO"), _("Vật chứng, tài liệu, đồ vật"), number_suffix="PXK", copies=3,
            signature_columns=(_col("counterpart", "NGƯỜI NHẬN"),) + keeper_head),
        "stock_card": DocumentTemplate(
            _("THẺ KHO"), _("Vật chứng, tài liệu, đồ vật"), number_suffix="TK", copies=1,
            signature_columns=keeper_head),
        "stock_book": DocumentTemplate(
            _("SỔ THEO DÕI NHẬP – XUẤT KHO"), _("Vật chứng, tài liệu, đồ vật"), copies=1,
            signature_columns=(_col("keeper", "NGƯỜI GHI SỔ"), _col("head", "THỦ TRƯỞNG ĐƠN VỊ"))),
        "destruction": DocumentTemplate(
            _("BIÊN BẢN"), _("Tiêu hủy vật chứng, tài sản"), number_suffix="BB-TH",
            legal_bases=(_(LAW_BASES_DESTRUCTION),), closing_text=_(HANDOVER_CLOSING), copies=4,
            distribution=_("01 bản lưu hồ sơ thi hành án, 01 bản gửi Viện kiểm sát, 01 bản gửi cơ quan tài chính, "
                           "01 bản lưu kho"),
            signature_columns=(_col("chair", "CHỦ TỊCH HỘI ĐỒNG"), _col("member", "THÀNH VIÊN HỘI ĐỒNG"),
                               _col("supervisor", "KIỂM SÁT VIÊN"), _col("witness", "NGƯỜI CHỨNG KIẾN", True),
                               # the storekeeper hands the items over, the commander approved it (issue #12)
                               _col("giver", "BÊN GIAO", True), _col("keeper", "THỦ KHO", True),
                               _col("head", "THỦ TRƯỞNG ĐƠN VỊ", True))),
        # a destruction decided by a procedural body (BLTTHS Điều 106, e.g. a case dismissed at the police stage):
        # the record goes into the case file and to the supervising VKS — no enforcement file, no financial agency
        # (issue #12: demo 39/2024 listed both); a council of a chair alone has no member column to sign
        "destruction.procedural": DocumentTemplate(
            _("BIÊN BẢN"), _("Tiêu hủy vật chứng, tài sản"), number_suffix="BB-TH",
            legal_bases=(_(LAW_BASES_DESTRUCTION),), closing_text=_(HANDOVER_CLOSING), copies=3,
            distribution=_("01 bản lưu hồ sơ vụ án, 01 bản gửi Viện kiểm sát, 01 bản lưu kho"),
            signature_columns=(_col("chair", "CHỦ TỊCH HỘI ĐỒNG"), _col("member", "THÀNH VIÊN HỘI ĐỒNG", True),
                               _col("supervisor", "KIỂM SÁT VIÊN"), _col("witness", "NGƯỜI CHỨNG KIẾN", True),
                               _col("giver", "BÊN GIAO", True), _col("keeper", "THỦ KHO", True),
                               _col("head", "THỦ TRƯỞNG ĐƠN VỊ", True))),
        "audit": DocumentTemplate(
            _("BIÊN BẢN"), _("Kiểm kê vật chứng, tài liệu, đồ vật"), number_suffix="BB-KK",
            legal_bases=(_(LAW_BASES_AUDIT),), closing_text=_(AUDIT_CLOSING), copies=3,
            distribution=_("01 bản lưu kho, 01 bản gửi Thủ trưởng đơn vị, 01 bản gửi Viện kiểm sát"),
            signature_columns=(_col("chair", "TRƯỞNG BAN KIỂM KÊ"), _col("keeper", "THỦ KHO"),
                               _col("supervisor", "KIỂM SÁT VIÊN", True), _col("member", "THÀNH VIÊN", True),
                               _col("witness", "NGƯỜI CHỨNG KIẾN", True), _col("head", "THỦ TRƯỞNG ĐƠN VỊ", True))),
        "custody_report": DocumentTemplate(
            _("BÁO CÁO"), _("Quá trình quản lý, bảo quản vật chứng"), number_suffix="BC", copies=1,
            signature_columns=(_col("author", "NGƯỜI LẬP BÁO CÁO"), _col("head", "THỦ TRƯỞNG ĐƠN VỊ", True))),
        "statistics_report": DocumentTemplate(
            _("BÁO CÁO"), _("Thống kê tiếp nhận, quản lý, xử lý vật chứng"), number_suffix="BC", copies=1,
            signature_columns=(_col("author", "NGƯỜI LẬP BÁO CÁO"), _col("head", "THỦ TRƯỞNG ĐƠN VỊ"))),
    }


def default_label_layouts() -> dict[str, LabelLayout]:
    return {
        "thermal-50x30": LabelLayout(50, 30, 50, 30),
        # 3×8 on A4, 70×37 mm, no gaps (common "24 per sheet")
        "a4-3x8": LabelLayout(210, 297, 70, 37, 3, 8, margin_top_mm=0.5, dpi=300, printable_margin_mm=5),
        # 2×7 on A4, 99.1×38.1 mm (common "14 per sheet", e.g. L7163 geometry)
        "a4-2x7": LabelLayout(210, 297, 99.1, 38.1, 2, 7, margin_top_mm=15.15, margin_left_mm=4.65, gap_x_mm=2.5,
                              dpi=300, printable_margin_mm=5),
        "location-100x50": LabelLayout(100, 50, 100, 50),
        "a4-location-2x5": LabelLayout(210, 297, 100, 50, 2, 5, margin_top_mm=23.5, margin_left_mm=5, gap_x_mm=0,
                                       dpi=300, printable_margin_mm=5),
    }


DOCUMENT_NAMES = {  # the editor's names of the templates, in its order
    "handover.intake": N_("Biên bản giao nhận – nhập kho"),
    "handover.release": N_("Biên bản giao nhận – xuất kho"),
    "handover.return": N_("Biên bản giao nhận – nhập lại sau tạm xuất"),
    "handover.transfer": N_("Biên bản giao nhận – chuyển giao trách nhiệm"),
    "handover.transfer_thads": N_("Biên bản giao nhận – chuyển giao cho thi hành án dân sự"),
    "handover.deposit": N_("Biên bản giao nhận – gửi bảo quản chuyên trách"),
    "handover.entrust": N_("Biên bản giao nhận – giao bảo quản"),
    "handover.deposit_treasury": N_("Biên bản bàn giao, tiếp nhận để bảo quản – Kho bạc (Mẫu 02, TT 135/2018)"),
    "handover.savings": N_("Biên bản giao nhận tiền gửi tiết kiệm (tiền không có người nhận)"),
    "handover.disposal": N_("Biên bản giao nhận – thi hành quyết định xử lý"),
    "handover.seal": N_("Biên bản niêm phong"),
    "handover.unseal": N_("Biên bản mở niêm phong"),
    "handover.incident": N_("Biên bản sự cố niêm phong"),
    "seal_paper": N_("Giấy niêm phong"),
    "handover.check": N_("Biên bản kiểm tra định kỳ vật chứng giao bảo quản"),
    "slip.in": N_("Phiếu nhập kho"),
    "slip.out": N_("Phiếu xuất kho"),
    "stock_card": N_("Thẻ kho"),
    "stock_book": N_("Sổ theo dõi nhập – xuất kho"),
    "destruction": N_("Biên bản tiêu hủy"),
    "destruction.procedural": N_("Biên bản tiêu hủy – theo quyết định của cơ quan tố tụng"),
    "audit": N_("Biên bản kiểm kê"),
    "custody_report": N_("Báo cáo quá trình quản lý vật chứng"),
    "statistics_report": N_("Báo cáo thống kê định kỳ"),
}


def default_documents() -> dict[str, DocumentTemplate]:
    return {**_handover_templates(), **_seal_templates(), **_register_templates()}


def default_header() -> AgencyHeader:
    return AgencyHeader(_("CÔNG AN THÀNH PHỐ HÀ NỘI"), _("PHÒNG CẢNH SÁT BẢO VỆ\nVÀ HỖ TRỢ TƯ PHÁP"),
                        _("Hà Nội"), _("KHO VẬT CHỨNG CA TP HÀ NỘI"))


@dataclass(frozen=True)
class PrintSettings:
    header: AgencyHeader = field(default_factory=default_header)
    documents: dict[str, DocumentTemplate] = field(default_factory=default_documents)
    label_layouts: dict[str, LabelLayout] = field(default_factory=default_label_layouts)
    item_label_layout: str = "thermal-50x30"
    location_label_layout: str = "location-100x50"
    label_copies: int = 1
    logo_path: str = ""  # legacy: an emblem file on this workstation (``logo_data`` wins)
    logo_data: str = ""  # base64 PNG/JPEG stored with the settings, printed above the agency block

    def document(self, key: str) -> DocumentTemplate:
        return self.documents.get(key) or default_documents()[key]

    def layout(self, key: str) -> LabelLayout:
        return self.label_layouts.get(key) or default_label_layouts()[key]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able (lists instead of tuples)."""
        return _jsonable(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PrintSettings":
        """Values given override the defaults; missing keys keep them; unknown keys are ignored."""
        base = cls()
        documents = dict(base.documents)
        for key, value in (data.get("documents") or {}).items():
            documents[key] = _merge(DocumentTemplate, documents.get(key), value)
        layouts = dict(base.label_layouts)
        for key, value in (data.get("label_layouts") or {}).items():
            layouts[key] = _merge(LabelLayout, layouts.get(key), value)
        scalars = {f.name: data[f.name] for f in fields(cls)
                   if f.name in data and f.name not in ("header", "documents", "label_layouts")}
        header = _merge(AgencyHeader, base.header, data.get("header") or {})
        return replace(base, header=header, documents=documents, label_layouts=layouts, **scalars)


def _merge(kind: type, current: Any, values: dict[str, Any]) -> Any:
    known = {f.name for f in fields(kind)}
    clean = {k: v for k, v in values.items() if k in known}
    if "legal_bases" in clean:
        clean["legal_bases"] = tuple(clean["legal_bases"])
    if "signature_columns" in clean:
        clean["signature_columns"] = tuple(_merge(SignatureColumn, None, c) if isinstance(c, dict) else c
                                           for c in clean["signature_columns"])
    return replace(current, **clean) if current is not None else kind(**clean)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value
