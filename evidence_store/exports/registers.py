"""Old registers in, as spreadsheets (issue #16): the fields each kind of register can carry, how a file's
columns map onto them (automatically by their Vietnamese headers, or by a saved preset), and reading the
rows of an XLSX or CSV file as typed values. Qt-free and database-free; validation is register_check.py,
the import itself services/register_import.py."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..domain.categories import FIELD_LABELS
from ..domain.errors import ValidationError
from ..domain.text import fold, nfc
from ..i18n import N_
from ..error_texts import register

MAX_ROWS = 500_000
HEADER_SCAN_ROWS = 25  # the header may sit under a title and the filters (our own exports: row 4)

register("import_file_unreadable", N_("Không đọc được tệp {name}: {reason}"))
register("import_file_kind", N_("Chỉ nhập được tệp .xlsx hoặc .csv: {name}"))
register("import_file_too_big", N_("Tệp có quá {limit} dòng"))
register("import_no_header", N_("Không tìm thấy dòng tiêu đề cột trong tệp (cần các cột như «{columns}»)"))
register("import_unknown_entity", N_("Loại dữ liệu không nhập được: {entity}"))
register("import_unknown_preset", N_("Không có mẫu nhập «{name}»"))
register("import_column_missing", N_("Tệp không có cột «{column}» mà mẫu nhập cần cho «{target}»"))


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # Vietnamese msgid
    required: bool = False
    aliases: tuple[str, ...] = ()  # folded header texts recognised for this field, besides the label


def _attr_fields() -> tuple[Field, ...]:
    """The category-specific fields (IMEI, biển số, số khung…) as columns ``attr:<name>``."""
    return tuple(Field(f"attr:{name}", label) for name, label in FIELD_LABELS.items() if name not in ("kind", "number"))


ENTITIES: dict[str, tuple[str, tuple[Field, ...]]] = {
    "items": (N_("Vật chứng"), (
        Field("legacy_code", N_("Mã vật chứng"), aliases=("ma cu", "ma vat chung cu", "ma so", "so hieu")),
        Field("name", N_("Tên vật chứng"), True, ("ten", "ten tai san", "ten do vat", "ten vat chung, tai san")),
        Field("category", N_("Loại"), True, ("loai vat chung", "phan loai", "nhom")),
        Field("quantity", N_("Số lượng"), True, ("sl",)),
        Field("unit", N_("Đơn vị tính"), aliases=("dvt", "don vi")),
        Field("characteristics", N_("Đặc điểm"), aliases=("mo ta", "dac diem, mo ta")),
        Field("condition", N_("Tình trạng"), aliases=("hien trang", "tinh trang khi nhap")),
        Field("seal_number", N_("Số niêm phong"), aliases=("niem phong",)),
        Field("owner_name", N_("Chủ sở hữu"), aliases=("nguoi so huu", "chu tai san")),
        Field("owner_id_number", N_("Số giấy tờ chủ sở hữu"), aliases=("cccd chu so huu",)),
        Field("location", N_("Vị trí"), aliases=("ma vi tri", "noi de", "vi tri luu kho")),
        Field("case_number", N_("Vụ án"), True, ("so vu an", "so vu viec", "vu an, vu viec")),
        Field("offence", N_("Tội danh")),
        Field("agency", N_("Cơ quan thụ lý"), aliases=("don vi thu ly", "co quan")),
        Field("state", N_("Trạng thái"), aliases=("tinh trang xu ly",)),
        Field("received_on", N_("Ngày nhập"), aliases=("ngay nhap kho", "ngay tiep nhan")),
        Field("order_number", N_("Số lệnh nhập kho"), aliases=("lenh nhap kho", "so lenh", "lenh nhap kho so")),
        Field("order_date", N_("Ngày lệnh nhập kho"), aliases=("ngay lenh",)),
        Field("register_ref", N_("Số sổ, trang"), aliases=("so so", "so theo doi", "trang so")),
    ) + _attr_fields()),
    "cases": (N_("Vụ án"), (
        Field("number", N_("Số vụ án"), True, ("vu an", "so vu viec")),
        Field("title", N_("Tên vụ án"), aliases=("ten vu viec",)),
        Field("offence", N_("Tội danh")),
        Field("agency", N_("Cơ quan thụ lý"), aliases=("don vi thu ly", "co quan")),
        Field("stage", N_("Giai đoạn")),
        Field("opened_on", N_("Ngày khởi tố"), aliases=("ngay khoi to vu an",)),
    )),
    "persons": (N_("Người"), (
        Field("full_name", N_("Họ và tên"), True, ("ho ten", "ten")),
        Field("rank", N_("Cấp bậc")),
        Field("position", N_("Chức vụ")),
        Field("agency", N_("Cơ quan"), aliases=("don vi", "co quan cong tac")),
        Field("id_number", N_("Số căn cước"), aliases=("cccd", "so cccd", "so cmnd", "can cuoc")),
        Field("phone", N_("Số điện thoại"), aliases=("dien thoai",)),
        Field("address", N_("Địa chỉ"), aliases=("noi o",)),
    )),
    "locations": (N_("Vị trí kho"), (
        Field("code", N_("Mã vị trí")),
        Field("name", N_("Tên vị trí"), True, ("ten", "vi tri")),
        Field("kind", N_("Loại vị trí"), True, ("loai",)),
        Field("parent", N_("Thuộc vị trí"), aliases=("vi tri cha", "ma vi tri cha", "thuoc")),
        Field("capacity", N_("Sức chứa")),
    )),
}


@dataclass(frozen=True)
class Preset:
    """A column mapping: the entity, and for each field the header of the file's column (empty: guessed
    from the headers). ``register_ref``: the old register's reference, the basis of rows without an
    intake order ("nhập từ sổ cũ")."""

    name: str
    entity: str = "items"
    columns: dict[str, str] = field(default_factory=dict)
    register_ref: str = ""
    builtin: bool = False

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("builtin")
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Preset":
        return cls(str(data["name"]), str(data.get("entity", "items")),
                   {str(k): str(v) for k, v in (data.get("columns") or {}).items()}, str(data.get("register_ref", "")))


BUILTIN_PRESETS = {p.name: p for p in (
    Preset("vat-chung", "items", builtin=True),  # the app's own item list export, or any list with its headers
    Preset("so-cu", "items", register_ref="Sổ theo dõi vật chứng cũ", builtin=True),
    Preset("vu-an", "cases", builtin=True),
    Preset("nguoi", "persons", builtin=True),
    Preset("vi-tri", "locations", builtin=True),
)}


def fields_of(entity: str) -> tuple[Field, ...]:
    if entity not in ENTITIES:
        raise ValidationError("import_unknown_entity", field="entity", entity=entity)
    return ENTITIES[entity][1]


@dataclass
class Table:
    """A register read from a file: its header texts, where they were, and the data rows (typed cells)."""

    name: str
    headers: list[str]
    header_row: int  # 1-based row number of the header in the file
    rows: list[tuple]  # (file row number, cells…)
    sha256: str = ""


def read_table(path: str | Path, entity: str, content: bytes | None = None) -> Table:
    """The first sheet of an .xlsx (or a .csv in UTF-8 / Windows-1258, separated by ; , or tab)."""
    import hashlib
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValidationError("import_file_kind", field="file", name=path.name)
    try:
        data = content if content is not None else path.read_bytes()
        raw = _xlsx_rows(data) if suffix == ".xlsx" else _csv_rows(data)
        table = _with_header(path.name, raw, entity)
    except (OSError, ValueError, KeyError, UnicodeError, csv.Error) as exc:
        raise ValidationError("import_file_unreadable", field="file", name=path.name,
                              reason=str(exc)[:200] or type(exc).__name__) from None
    except Exception as exc:  # zipfile.BadZipFile and openpyxl's own errors for a damaged workbook
        if type(exc).__module__.split(".")[0] in ("zipfile", "openpyxl", "xml", "python_calamine"):
            raise ValidationError("import_file_unreadable", field="file", name=path.name,
                                  reason=type(exc).__name__) from None
        raise
    table.sha256 = hashlib.sha256(data).hexdigest()
    return table


def _xlsx_rows(data: bytes):
    """calamine (Rust) reads 100,000 rows in a few seconds, openpyxl in about a minute: calamine when
    installed, openpyxl otherwise."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        yield from _openpyxl_rows(data)
        return
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    if sheet.total_height > MAX_ROWS + HEADER_SCAN_ROWS:
        raise _TooBig
    for n, row in enumerate(sheet.to_python(skip_empty_area=False), start=1):
        yield n, row


def _openpyxl_rows(data: bytes):
    from openpyxl import load_workbook
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        for n, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if n > MAX_ROWS + HEADER_SCAN_ROWS:
                raise _TooBig
            yield n, row
    finally:
        book.close()


def _csv_rows(data: bytes):
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if n > MAX_ROWS + HEADER_SCAN_ROWS:
            raise _TooBig
        yield n, tuple(row)


class _TooBig(Exception):
    pass


def _known_headers(entity: str) -> set[str]:
    out = set()
    for f in fields_of(entity):
        out.add(fold(f.label))
        out.update(f.aliases)
    return out


def _with_header(name: str, raw, entity: str) -> Table:
    known = _known_headers(entity)
    head: list[str] | None = None
    header_row = 0
    rows: list[tuple] = []
    try:
        for n, cells in raw:
            if head is None:
                texts = [nfc(str(c)) if c is not None else "" for c in cells]
                if sum(1 for t in texts if fold(t) in known) >= 2:
                    head, header_row = texts, n
                elif n >= HEADER_SCAN_ROWS:
                    break
                continue
            if any(c not in (None, "") and str(c).strip() for c in cells):
                rows.append((n,) + tuple(cells))
    except _TooBig:
        raise ValidationError("import_file_too_big", field="file", limit=MAX_ROWS) from None
    if head is None:
        labels = [f.label for f in fields_of(entity) if f.required]
        raise ValidationError("import_no_header", field="file", columns="», «".join(labels))
    return Table(name, head, header_row, rows)


def mapping(table: Table, preset: Preset) -> dict[str, int]:
    """field key → column index: the preset's columns first, then every other field by its header."""
    folded = [fold(h) for h in table.headers]
    out: dict[str, int] = {}
    fields = fields_of(preset.entity)
    by_key = {f.key: f for f in fields}
    for key, header in preset.columns.items():
        if key not in by_key or not header:
            continue
        if fold(header) not in folded:
            raise ValidationError("import_column_missing", field="preset", column=header, target=by_key[key].label)
        out[key] = folded.index(fold(header))
    taken = set(out.values())
    for f in fields:
        if f.key in out:
            continue
        for i, h in enumerate(folded):
            if i not in taken and (h == fold(f.label) or h in f.aliases):
                out[f.key] = i
                taken.add(i)
                break
    return out
