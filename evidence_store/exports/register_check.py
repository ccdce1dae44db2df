"""Every row of a register checked before anything is written: typed values parsed the Vietnamese way
(1.250.000 · 12,35 · dd/mm/yyyy), codes and labels resolved (category, state, stage, location kind),
references looked up (locations with their kind and room left, agencies, cases), and one message per
faulty cell. Pure: the database's answers come in as ``Lookups``."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime

from ..describe import STAGE_LABELS
from ..domain import categories
from ..domain import codes
from ..domain.errors import DomainError
from ..domain.states import STATE_LABELS, State
from ..domain.text import fold as _fold
from ..domain.text import nfc as _nfc
from ..i18n import _
from ..error_texts import message
from .registers import Preset, Table, fields_of, mapping


# a register repeats its categories, units, agencies, states and case numbers on thousands of rows
nfc = lru_cache(maxsize=200_000)(_nfc)
fold = lru_cache(maxsize=200_000)(_fold)


@dataclass
class Lookups:
    """What the database knows, as plain dicts (built by services.register_import)."""

    agencies: dict[str, int] = field(default_factory=dict)  # folded short name / name → id
    locations: dict[str, tuple[int, str, int | None, int]] = field(default_factory=dict)  # code → id, kind, cap, occ
    location_names: dict[str, str] = field(default_factory=dict)  # folded name → code
    cases: dict[str, int] = field(default_factory=dict)  # number → id
    persons: set[tuple[str, str]] = field(default_factory=set)  # (folded name, id number)
    imported: set[str] = field(default_factory=set)  # row keys imported before


@dataclass
class RowResult:
    row_no: int  # the row number in the file
    values: dict
    errors: dict[str, str] = field(default_factory=dict)  # field key → message
    status: str = "ok"  # ok | error | imported (an earlier import has it) | repeat (same as an earlier row)
    key: str = ""
    raw: dict = field(default_factory=dict)  # field key → the cell as written in the file (shown in the preview)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass
class CheckResult:
    entity: str
    columns: dict[str, int]  # field key → column index
    headers: list[str]
    rows: list[RowResult]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(r.status for r in self.rows)
        return {"rows": len(self.rows), **{s: counts.get(s, 0) for s in ("ok", "error", "imported", "repeat")}}


class _Bad(Exception):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


# -- parsing cells -------------------------------------------------------------------------------------

def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))


_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def number(value) -> float | None:
    """1.250.000 → 1250000; 12,35 → 12.35; 2.5 → 2.5; numbers from XLSX as they are."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _Bad(_("không phải số"))
    if isinstance(value, (int, float)):
        return float(value)
    raw = re.sub(r"[\s\u00a0đ]|VNĐ|VND", "", str(value), flags=re.I)
    if not raw:
        return None
    if "," in raw and "." in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif "," in raw:
        raw = raw.replace(",", ".")
    elif _GROUPED.match(raw):
        raw = raw.replace(".", "")
    try:
        return float(raw)
    except ValueError:
        raise _Bad(_("«{value}» không phải số", value=str(value)[:40])) from None


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")


def day(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = str(value).strip().split(" ")[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise _Bad(_("«{value}» không phải ngày (dd/mm/yyyy)", value=str(value)[:40]))


_FOLDED: dict[tuple[int, str], dict[str, str]] = {}


def _choice(value: str, table: dict[str, str], what: str) -> str:
    """A code given as itself or by its label, in either language, diacritics-insensitive."""
    from ..i18n import language
    key = (id(table), language())
    folded = _FOLDED.get(key)
    if folded is None:
        folded = _FOLDED[key] = {}
        for code, label in table.items():
            for name in (label, _(label), code):
                folded.setdefault(fold(name), code)
    found = folded.get(fold(value))
    if found is None:
        raise _Bad(_("«{value}» không có trong danh mục", value=value[:60]))
    return found


CATEGORY_CHOICES = {code: c.label for code, c in categories.CATEGORIES.items()}
STATE_CHOICES = {s.value: label for s, label in STATE_LABELS.items()}
KIND_CHOICES = {k.value: label for k, label in categories.LOCATION_KIND_LABELS.items()}


def row_key(entity: str, values: dict) -> str:
    canon = json.dumps([entity, sorted(values.items())], ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


# -- checking ------------------------------------------------------------------------------------------

def check(table: Table, preset: Preset, lookups: Lookups, today: date) -> CheckResult:
    columns = mapping(table, preset)
    missing = [f for f in fields_of(preset.entity) if f.required and f.key not in columns]
    checker = _CHECKERS[preset.entity](lookups, today, preset)
    rows, seen = [], {}
    for raw in table.rows:
        row_no, cells = raw[0], raw[1:]
        cell = {k: (cells[i] if i < len(cells) else None) for k, i in columns.items()}
        result = RowResult(row_no, {}, raw={k: text(v) for k, v in cell.items() if v not in (None, "")})
        for f in missing:
            result.errors[f.key] = _("thiếu cột «{column}»", column=_(f.label))
        checker.check(cell, result)
        result.key = row_key(preset.entity, result.values)
        if result.errors:
            result.status = "error"
        elif result.key in lookups.imported:
            result.status = "imported"
        elif result.key in seen:
            result.status, result.errors["row"] = "repeat", _("trùng dòng {n}", n=seen[result.key])
        else:
            seen[result.key] = row_no
        rows.append(result)
    checker.finish([r for r in rows if r.ok])
    return CheckResult(preset.entity, columns, table.headers, rows)


class _Checker:
    def __init__(self, lookups: Lookups, today: date, preset: Preset) -> None:
        self.lk, self.today, self.preset = lookups, today, preset
        self.parser_list = list(self.parsers())

    def check(self, cell: dict, out: RowResult) -> None:
        for key, parse in self.parser_list:
            if key not in cell:  # a column the file does not have (a required one is reported apart)
                continue
            try:
                value = parse(cell[key])
            except _Bad as bad:
                out.errors[key] = bad.text
                continue
            except DomainError as exc:
                out.errors[key] = message(exc)
                continue
            if value not in (None, ""):
                out.values[key] = value
        try:
            self.rules(out.values, out.errors)
        except _Bad as bad:
            out.errors["row"] = bad.text

    def parsers(self):
        return ()

    def rules(self, values: dict, errors: dict) -> None:
        pass

    def finish(self, rows: list[RowResult]) -> None:
        pass

    def required(self, value):
        if text(value) == "":
            raise _Bad(_("cần có giá trị"))
        return text(value)

    def agency(self, value):
        name = text(value)
        if not name:
            return None
        found = self.lk.agencies.get(fold(name))
        if found is None:
            raise _Bad(_("không có cơ quan «{name}»", name=name[:60]))
        return found

    def past_day(self, value):
        d = day(value)
        if d is not None and d > self.today:
            raise _Bad(_("ngày {day} ở tương lai", day=d.strftime("%d/%m/%Y")))
        return d


class _Items(_Checker):
    def parsers(self):
        yield from (("name", self.required), ("category", lambda v: _choice(self.required(v), CATEGORY_CHOICES,
                                                                              _("Loại"))),
                    ("quantity", self.quantity), ("unit", text), ("characteristics", text), ("condition", text),
                    ("seal_number", text), ("owner_name", text), ("owner_id_number", self.digits),
                    ("location", self.location), ("case_number", self.required), ("offence", text),
                    ("agency", self.agency), ("state", lambda v: _choice(text(v), STATE_CHOICES, _("Trạng thái"))
                                                if text(v) else None),
                    ("received_on", self.past_day), ("order_number", text), ("order_date", self.past_day),
                    ("register_ref", text), ("legacy_code", text))
        for f in fields_of("items"):
            if f.key.startswith("attr:"):
                yield f.key, text

    def quantity(self, value):
        q = number(self.required(value) if value is None or value == "" else value)
        if q is None or not q > 0 or q > 1e12:
            raise _Bad(_("số lượng phải lớn hơn 0"))
        return q

    def digits(self, value):
        t = text(value)
        if t and not t.isdigit():
            raise _Bad(_("chỉ gồm chữ số"))
        return t

    def location(self, value):
        t = text(value)
        if not t:
            return None
        code = codes.clean(t)
        if code not in self.lk.locations:
            raise _Bad(_("không có vị trí {code}", code=t[:30]))
        return code

    def rules(self, v: dict, errors: dict) -> None:
        cat = categories.CATEGORIES.get(v.get("category", ""))
        if cat is None:
            return
        if "unit" not in v:
            v["unit"] = cat.units[0]
        for key in [k for k in v if k.startswith("attr:")]:
            if key[5:] not in cat.fields:
                errors[key] = _("loại «{category}» không có trường này", category=_(cat.label))
        if v.get("seal_number") and not cat.sealable:
            errors["seal_number"] = _("loại «{category}» không niêm phong", category=_(cat.label))
        state = v.get("state", State.IN_STORAGE.value)
        if v.get("location") and state == State.IN_STORAGE.value:
            _id, kind, _cap, _occ = self.lk.locations[v["location"]]
            if not categories.location_fits(cat, kind):
                errors["location"] = _("vị trí loại «{kind}» không hợp với loại vật chứng này",
                                       kind=_(categories.LOCATION_KIND_LABELS[categories.LocationKind(kind)]))
        if v.get("order_number") and not v.get("order_date"):
            errors["order_date"] = _("cần ngày của lệnh nhập kho")

    def finish(self, rows: list[RowResult]) -> None:
        """Room on each location for the rows that go onto it."""
        wanted = Counter(r.values["location"] for r in rows
                         if r.values.get("location") and r.values.get("state", "in_storage") == "in_storage")
        for code, n in wanted.items():
            _id, _kind, capacity, occupancy = self.lk.locations[code]
            if capacity is not None and occupancy + n > capacity:
                for r in rows:
                    if r.values.get("location") == code:
                        r.errors["location"] = _("vị trí {code} còn chỗ cho {room}, tệp đặt {n} vật chứng vào đó",
                                                 code=code, room=max(capacity - occupancy, 0), n=n)
                        r.status = "error"


class _Cases(_Checker):
    def parsers(self):
        return (("number", self.required), ("title", text), ("offence", text), ("agency", self.agency),
                ("stage", lambda v: _choice(text(v), STAGE_LABELS, _("Giai đoạn")) if text(v) else None),
                ("opened_on", self.past_day))

    def rules(self, v: dict, errors: dict) -> None:
        if v.get("number") in self.lk.cases:
            errors["number"] = _("vụ án {number} đã có", number=v["number"])


class _Persons(_Checker):
    def parsers(self):
        return (("full_name", self.required), ("rank", text), ("position", text), ("agency", self.agency),
                ("id_number", _Items.digits.__get__(self)), ("phone", text), ("address", text))

    def rules(self, v: dict, errors: dict) -> None:
        if (fold(v.get("full_name", "")), v.get("id_number", "")) in self.lk.persons and v.get("id_number"):
            errors["id_number"] = _("người này đã có")


class _Locations(_Checker):
    def parsers(self):
        return (("code", text), ("name", self.required),
                ("kind", lambda v: _choice(self.required(v), KIND_CHOICES, _("Loại vị trí"))),
                ("parent", text), ("capacity", self.capacity))

    def capacity(self, value):
        n = number(value)
        if n is None:
            return None
        if n <= 0 or not float(n).is_integer():
            raise _Bad(_("sức chứa phải là số nguyên dương"))
        return int(n)

    def rules(self, v: dict, errors: dict) -> None:
        code = codes.clean(v.get("code", ""))
        if code and code in self.lk.locations:
            errors["code"] = _("vị trí {code} đã có", code=v["code"])
        self.names = getattr(self, "names", set())
        parent = v.get("parent", "")
        if parent and codes.clean(parent) not in self.lk.locations and fold(parent) not in self.lk.location_names \
                and fold(parent) not in self.names:
            errors["parent"] = _("không có vị trí «{name}» (mã, hoặc tên ở dòng trước)", name=parent[:40])
        self.names.add(fold(v.get("name", "")))


_CHECKERS = {"items": _Items, "cases": _Cases, "persons": _Persons, "locations": _Locations}
