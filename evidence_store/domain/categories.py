"""Evidence categories: units, category-specific fields, where each may be kept and which
disposal outcomes fit it (LEGAL.md D and E; DEMO-DATA.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..i18n import N_
from .errors import TransitionRefused, ValidationError
from .states import State


class LocationKind(StrEnum):
    WAREHOUSE = "warehouse"
    ZONE = "zone"
    RACK = "rack"
    SHELF = "shelf"
    BIN = "bin"
    VEHICLE_YARD = "vehicle_yard"
    SAFE = "safe"
    SECURE_ROOM = "secure_room"  # phòng kho ma túy / chất cấm
    COLD_STORE = "cold_store"


LOCATION_KIND_LABELS = {
    LocationKind.WAREHOUSE: N_("Kho"),
    LocationKind.ZONE: N_("Khu"),
    LocationKind.RACK: N_("Dãy / kệ"),
    LocationKind.SHELF: N_("Tầng"),
    LocationKind.BIN: N_("Ô"),
    LocationKind.VEHICLE_YARD: N_("Bãi xe"),
    LocationKind.SAFE: N_("Két sắt"),
    LocationKind.SECURE_ROOM: N_("Phòng bảo quản đặc biệt"),
    LocationKind.COLD_STORE: N_("Kho lạnh"),
}

ORDINARY = frozenset({LocationKind.ZONE, LocationKind.RACK, LocationKind.SHELF, LocationKind.BIN})


class Keeper(StrEnum):
    """Specialised keepers to which a category must be deposited (ND 142/2024 Art 15; BLTTHS Điều 90.1.b)."""

    TREASURY = "treasury"  # Kho bạc Nhà nước
    MILITARY = "military"  # Bộ CHQS tỉnh / Bộ Tư lệnh Thủ đô
    SPECIALISED = "specialised"  # poisons, radioactive, dangerous biological samples


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    units: tuple[str, ...]
    fields: tuple[str, ...] = ()
    locations: frozenset[LocationKind] = ORDINARY
    deposit_to: Keeper | None = None
    sealable: bool = True  # ND 127/2017: perishables, live animals are not sealed
    outcomes: frozenset[State] = field(default_factory=lambda: frozenset(
        {State.RETURNED, State.CONFISCATED, State.DESTROYED, State.SOLD}))


_ALL = frozenset({State.RETURNED, State.CONFISCATED, State.DESTROYED, State.SOLD, State.HANDED_TO_SPECIALIST})
_MONEY = frozenset({State.RETURNED, State.CONFISCATED})  # money cannot be destroyed or sold

CATEGORIES: dict[str, Category] = {c.code: c for c in [
    Category("phone", N_("Điện thoại di động"), ("chiếc",), ("brand", "model", "color", "imei", "sim")),
    Category("motorbike", N_("Xe mô tô"), ("chiếc",), ("brand", "plate", "frame_no", "engine_no", "color"),
             locations=frozenset({LocationKind.VEHICLE_YARD})),
    Category("car", N_("Ô tô"), ("chiếc",), ("brand", "plate", "frame_no", "engine_no", "color"),
             locations=frozenset({LocationKind.VEHICLE_YARD})),
    Category("cash_vnd", N_("Tiền Việt Nam"), ("tờ", "đồng"), ("denominations", "total_amount"),
             locations=frozenset({LocationKind.SAFE}), deposit_to=Keeper.TREASURY, outcomes=_MONEY),
    Category("foreign_cash", N_("Ngoại tệ"), ("tờ",), ("currency", "denominations", "total_amount"),
             locations=frozenset({LocationKind.SAFE}), deposit_to=Keeper.TREASURY, outcomes=_MONEY),
    Category("gold", N_("Vàng, bạc, đá quý"), ("chiếc", "chỉ", "lượng", "gam"), ("kind", "weight_g", "purity"),
             locations=frozenset({LocationKind.SAFE}), deposit_to=Keeper.TREASURY,
             outcomes=frozenset({State.RETURNED, State.CONFISCATED, State.SOLD})),
    Category("drugs", N_("Ma túy"), ("gói", "túi", "gam"), ("kind", "net_weight_g", "gross_weight_g", "examination"),
             # destroyed, never "confiscated into the budget" (BLTTHS Điều 106.2.a; LEGAL-RULES R9)
             locations=frozenset({LocationKind.SECURE_ROOM}), outcomes=frozenset({State.DESTROYED})),
    Category("military_weapon", N_("Vũ khí quân dụng, vật liệu nổ"), ("khẩu", "viên", "quả", "kg"), ("kind", "serial"),
             locations=frozenset({LocationKind.SECURE_ROOM}), deposit_to=Keeper.MILITARY,
             outcomes=frozenset({State.CONFISCATED, State.DESTROYED})),
    Category("weapon", N_("Vũ khí thô sơ, hung khí"), ("chiếc",), ("kind", "size"),
             outcomes=frozenset({State.CONFISCATED, State.DESTROYED, State.RETURNED})),
    Category("electronics", N_("Đồ điện tử, thiết bị lưu trữ"), ("chiếc",), ("brand", "model", "serial", "capacity")),
    Category("papers", N_("Giấy tờ"), ("tờ", "quyển"), ("kind", "number"), outcomes=_ALL - {State.SOLD}),
    Category("goods", N_("Hàng hóa, hàng cấm"), ("bao", "cây", "thùng", "chai", "kg"), ("kind", "brand")),
    Category("wildlife", N_("Động vật, sản phẩm động vật hoang dã"), ("con", "kg"), ("species", "weight_g"),
             locations=frozenset({LocationKind.COLD_STORE, LocationKind.SECURE_ROOM}),  # products are sealed (ND 127)
             outcomes=frozenset({State.HANDED_TO_SPECIALIST, State.CONFISCATED, State.DESTROYED})),
    # BLTTHS Điều 90.1.c: bacteria, body parts, tissue, blood samples are kept by a specialised body (LEGAL-RULES R4:
    # depositing one was refused as «not depositable»)
    Category("bio_sample", N_("Mẫu sinh học"), ("mẫu",), ("kind", "storage_condition"),
             locations=frozenset({LocationKind.COLD_STORE}), deposit_to=Keeper.SPECIALISED,
             outcomes=frozenset({State.DESTROYED, State.RETURNED})),
    Category("poison", N_("Chất độc, hóa chất"), ("kg", "lít", "chai"), ("kind",),
             locations=frozenset({LocationKind.SECURE_ROOM}), deposit_to=Keeper.SPECIALISED,
             outcomes=frozenset({State.DESTROYED, State.HANDED_TO_SPECIALIST})),
    Category("perishable", N_("Hàng mau hỏng"), ("kg", "thùng"), ("kind",),
             locations=frozenset({LocationKind.COLD_STORE}), sealable=False,
             outcomes=frozenset({State.SOLD, State.DESTROYED, State.RETURNED})),
    Category("other", N_("Đồ vật khác"), ("chiếc", "bộ", "cái", "kg"), ()),
]}

FIELD_LABELS = {
    "brand": N_("Nhãn hiệu"), "model": N_("Model"), "color": N_("Màu"), "imei": N_("IMEI"), "sim": N_("SIM"),
    "plate": N_("Biển số"), "frame_no": N_("Số khung"), "engine_no": N_("Số máy"),
    "denominations": N_("Mệnh giá × số tờ"), "total_amount": N_("Tổng số tiền"), "currency": N_("Loại tiền"),
    "kind": N_("Loại"), "weight_g": N_("Trọng lượng (gam)"), "purity": N_("Hàm lượng"),
    "net_weight_g": N_("Khối lượng tịnh (gam)"), "gross_weight_g": N_("Khối lượng cả bao bì (gam)"),
    "examination": N_("Kết luận giám định"), "serial": N_("Số serial / số hiệu"), "size": N_("Kích thước"),
    "capacity": N_("Dung lượng"), "number": N_("Số"), "species": N_("Loài"),
    "storage_condition": N_("Điều kiện bảo quản"),
}

# Fields searched as serial numbers.
SERIAL_FIELDS = ("imei", "serial", "plate", "frame_no", "engine_no", "number")


def category(code: str) -> Category:
    try:
        return CATEGORIES[code]
    except KeyError:
        raise ValidationError("unknown_category", field="category", category=code) from None


def location_refusal(cat: Category, kind: LocationKind | str) -> TransitionRefused | None:
    """Does this location fit this item? None, or why not (drugs outside the secure room; vehicles outside the
    yard) — the one answer the services (``check_location``) and the screens (shelving, return, intake) give."""
    if LocationKind(kind) in cat.locations:
        return None
    return TransitionRefused("wrong_location_kind", category=cat.code, kind=LocationKind(kind).value,
                             expected=suggested_location_kind(cat).value)


def location_fits(cat: Category, kind: LocationKind | str) -> bool:
    return location_refusal(cat, kind) is None


def check_location(cat: Category, kind: LocationKind) -> None:
    """Refuse a location of the wrong kind (``location_refusal``)."""
    refusal = location_refusal(cat, kind)
    if refusal is not None:
        raise refusal


def suggested_location_kind(cat: Category) -> LocationKind:
    order = [LocationKind.SECURE_ROOM, LocationKind.VEHICLE_YARD, LocationKind.SAFE, LocationKind.COLD_STORE,
             LocationKind.BIN, LocationKind.SHELF, LocationKind.RACK, LocationKind.ZONE]
    return next(k for k in order if k in cat.locations)


def check_outcome(cat: Category, outcome: State) -> None:
    """A disposal method must fit the category: cash cannot be destroyed (BLTTHS Điều 106.2)."""
    if outcome not in cat.outcomes:
        raise TransitionRefused("outcome_not_for_category", category=cat.code, outcome=outcome.value)


def deposit_required(cat: Category) -> Keeper | None:
    return cat.deposit_to


def seal_exemption(code: str, unit: str = "") -> str | None:
    """Why an item of this category need not be sealed (ND 127/2017 exempts only live animals and plants,
    perishables and the case file's papers), or None when it must be sealed before it is shelved."""
    if code == "perishable":
        return N_("hàng mau hỏng")
    if code == "papers":
        return N_("tài liệu trong hồ sơ vụ án")
    if code == "wildlife" and unit == "con":
        return N_("động vật sống")
    return None if CATEGORIES[code].sealable else N_("không niêm phong được")


def needs_seal(code: str, unit: str, sealed: bool) -> bool:
    """An item that must be sealed and is not (the screen says so and asks why)."""
    return not sealed and seal_exemption(code, unit) is None


def check_sealed_before_shelving(code: str, unit: str, sealed: bool, item_code: str, name: str) -> None:
    """ND 127/2017, BLTTHS Điều 90.1.a: an item that must be sealed goes on a shelf only sealed; it waits in the
    receiving area until a procedural officer seals it (the seal dialog)."""
    if needs_seal(code, unit, sealed) and item_code:
        raise TransitionRefused("must_seal_before_shelving", code=item_code, name=name)
    if needs_seal(code, unit, sealed):  # at intake: no code yet, the item stays in the receiving area
        raise ValidationError("must_seal_before_shelving_new", field="location", name=name)
