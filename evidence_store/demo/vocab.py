"""Realistic Hà Nội vocabulary for the demo (shared domain/DEMO-DATA.md): offences, the items each
leaves in the warehouse, people, plates, IMEIs. Every function draws from the given Random."""

from __future__ import annotations

from datetime import timedelta
from random import Random

from ..formatting import number
from ..services.commands import NewItem

HANOI_UTC_OFFSET = timedelta(hours=7)  # Asia/Ho_Chi_Minh has no daylight saving

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thanh", "Quang", "Hữu", "Ngọc", "Thu", "Hoài")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Hương", "Lan", "Linh", "Long", "Mai", "Nam", "Nga",
         "Phương", "Quân", "Sơn", "Thảo", "Thắng", "Trang", "Tuấn", "Việt", "Yến")
RANKS = ("Thiếu úy", "Trung úy", "Thượng úy", "Đại úy", "Thiếu tá", "Trung tá")
WARDS = ("Hoàn Kiếm", "Ba Đình", "Cầu Giấy", "Đống Đa", "Hai Bà Trưng", "Hoàng Mai", "Long Biên", "Tây Hồ",
         "Thanh Xuân", "Hà Đông")
PHONES = (("Samsung", "Galaxy A52"), ("Samsung", "Galaxy S21"), ("Apple", "iPhone 12"), ("Apple", "iPhone 13 Pro"),
          ("Oppo", "Reno 8"), ("Xiaomi", "Redmi Note 11"), ("Vivo", "Y21"), ("Nokia", "105"))
COLORS = ("đen", "trắng", "xanh", "đỏ", "bạc", "vàng đồng", "xám")
MOTORBIKES = ("Honda Wave Alpha", "Honda Vision", "Yamaha Exciter", "Honda Air Blade", "Honda SH 125i", "Yamaha Sirius")
CARS = ("Toyota Vios", "Kia Morning", "Mazda CX-5", "Hyundai Accent", "Ford Ranger")
DENOMINATIONS = (500_000, 200_000, 100_000, 50_000)

# offence (BLHS 2015, as commonly cited; examples) → investigating unit key, typical item kinds
OFFENCES = (
    ("Trộm cắp tài sản (Điều 173 BLHS)", "pc02", ("phone", "motorbike", "laptop", "gold", "cash")),
    ("Cướp giật tài sản (Điều 171 BLHS)", "pc02", ("motorbike", "phone", "bag", "knife")),
    ("Cướp tài sản (Điều 168 BLHS)", "pc02", ("knife", "machete", "phone", "cash")),
    ("Lừa đảo chiếm đoạt tài sản (Điều 174 BLHS)", "pc03", ("phone", "laptop", "sim", "fake_papers", "cash")),
    ("Cố ý gây thương tích (Điều 134 BLHS)", "pc02", ("knife", "stick", "bloody_clothes", "camera")),
    ("Mua bán trái phép chất ma túy (Điều 251 BLHS)", "pc04", ("meth", "heroin", "scale", "phone", "cash", "motorbike")),
    ("Tàng trữ trái phép chất ma túy (Điều 249 BLHS)", "pc04", ("meth", "ecstasy", "cannabis", "phone")),
    ("Tổ chức sử dụng trái phép chất ma túy (Điều 255 BLHS)", "pc04", ("drug_tools", "speaker", "cash")),
    ("Tổ chức đánh bạc (Điều 322 BLHS)", "pc02", ("cash", "cards", "laptop", "phone")),
    ("Buôn lậu (Điều 188 BLHS)", "pc03", ("cigarettes", "liquor", "truck")),
    ("Vận chuyển hàng cấm (Điều 191 BLHS)", "pc03", ("fireworks", "cigarettes")),
    ("Vi phạm quy định về bảo vệ động vật nguy cấp, quý, hiếm (Điều 244 BLHS)", "pc03", ("ivory", "pangolin", "live_animal")),
    ("Tàng trữ, sử dụng trái phép vũ khí quân dụng (Điều 304 BLHS)", "pc02", ("k54", "bullets", "grenade")),
    ("Vi phạm quy định về an toàn thực phẩm (Điều 317 BLHS)", "pc03", ("frozen_meat", "poison_chemical")),
    ("Vi phạm quy định về tham gia giao thông đường bộ (Điều 260 BLHS)", "pc02", ("car", "motorbike", "licence")),
    ("Nhận hối lộ (Điều 354 BLHS)", "pc03", ("cash", "gold_bar", "savings_book", "laptop")),
)


def person_name(rng: Random) -> str:
    middle = rng.choice(MIDDLE)
    return f"{rng.choice(SURNAMES)} {middle} {rng.choice(GIVEN)}"


FEMALE_MIDDLE = ("Thị", "Thu")
MALE_MIDDLE = ("Văn", "Đức", "Quang", "Hữu", "Quốc")
FEMALE_GIVEN = ("Hà", "Hương", "Lan", "Linh", "Mai", "Nga", "Phương", "Thảo", "Trang", "Yến", "Hoa", "Châu")


def demo_gender(name: str) -> str:
    """The gender the demo gave a made-up name (every demo person has one, so records print "Ông" or "Bà"): by its
    middle name (Thị, Thu: a woman; Văn, Đức, Quang, Hữu, Quốc: a man), else by its given name. A name of fewer
    than three words is left unrecorded, and the records print "Ông/Bà"."""
    words = name.split()
    if len(words) < 3:
        return ""
    middle = words[1:-1]
    if any(w in FEMALE_MIDDLE for w in middle):
        return "female"
    if any(w in MALE_MIDDLE for w in middle):
        return "male"
    return "female" if words[-1] in FEMALE_GIVEN else "male"


def gendered(person):
    """The demo's PersonInput with the gender of its made-up name (the random draws stay as they were)."""
    from dataclasses import replace
    return replace(person, gender=demo_gender(person.full_name))


def id_number(rng: Random) -> str:
    """Căn cước: 12 digits (province code 001 = Hà Nội)."""
    return f"001{rng.randint(0, 1)}{rng.randint(70, 99):02d}{rng.randint(0, 999999):06d}"


def imei(rng: Random) -> str:
    body = "35" + "".join(str(rng.randint(0, 9)) for _ in range(12))
    total = 0
    for i, ch in enumerate(reversed(body)):  # Luhn check digit
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


def motorbike_plate(rng: Random) -> str:
    return f"29{rng.choice('BCDEFGHKLMNPSTUVXYZ')}{rng.randint(1, 9)}-{rng.randint(100, 999)}.{rng.randint(0, 99):02d}"


def car_plate(rng: Random) -> str:
    return f"{rng.choice(('29', '30'))}{rng.choice('ABCDEFGHK')}-{rng.randint(100, 999)}.{rng.randint(0, 99):02d}"


def _serial(rng: Random, prefix: str, n: int = 8) -> str:
    return prefix + "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def _money(rng: Random) -> tuple[str, int]:
    parts = {d: rng.randint(1, 40) for d in rng.sample(DENOMINATIONS, rng.randint(1, 3))}
    text = "; ".join(f"{d:,}".replace(",", ".") + f" đ × {n} tờ" for d, n in parts.items())
    return text, sum(d * n for d, n in parts.items())


def new_item(rng: Random, kind: str, owner: str, owner_id: str) -> NewItem:
    """One seized item of a typical kind, with its category-specific fields."""
    c = rng.choice(COLORS)
    own = dict(owner_name=owner, owner_id_number=owner_id)
    if kind == "phone":
        brand, model = rng.choice(PHONES)
        return NewItem("phone", f"Điện thoại di động {brand} {model}", 1, "chiếc", f"Màu {c}, đã qua sử dụng",
                       rng.choice(("Màn hình nứt góc", "Còn hoạt động", "Không lên nguồn")), attributes={
                           "brand": brand, "model": model, "color": c, "imei": imei(rng)}, **own)
    if kind in ("motorbike", "truck", "car"):
        return _vehicle(rng, kind, c, own)
    if kind in ("cash", "gold", "gold_bar"):
        return _valuable(rng, kind, own)
    return _simple(rng, kind, c, own)


def _vehicle(rng: Random, kind: str, c: str, own: dict) -> NewItem:
    if kind == "motorbike":
        brand, plate, cat = rng.choice(MOTORBIKES), motorbike_plate(rng), "motorbike"
        name = f"Xe mô tô {brand} BKS {plate}"
    else:
        brand = "Hyundai HD72 (ô tô tải)" if kind == "truck" else rng.choice(CARS)
        plate, cat = car_plate(rng), "car"
        name = f"Ô tô {brand} BKS {plate}"
    return NewItem(cat, name, 1, "chiếc", f"Màu sơn {c}", rng.choice(("Xe cũ, trầy xước", "Hoạt động bình thường")),
                   attributes={"brand": brand, "plate": plate, "color": c, "frame_no": _serial(rng, "RL", 11),
                               "engine_no": _serial(rng, "E", 9)}, **own)


def _valuable(rng: Random, kind: str, own: dict) -> NewItem:
    if kind == "cash":
        text, total = _money(rng)
        return NewItem("cash_vnd", "Tiền Việt Nam", total, "đồng", text, "Tiền thật (đã giám định)",
                       attributes={"denominations": text, "total_amount": str(total)}, **own)
    if kind == "gold_bar":
        return NewItem("gold", "Vàng miếng SJC 1 lượng", rng.randint(1, 5), "lượng", "Vàng miếng SJC, hộp nhựa",
                       "Nguyên vẹn", attributes={"kind": "vàng miếng SJC", "purity": "99,99%"}, **own)
    w = round(rng.uniform(1.5, 40), 2)
    return NewItem("gold", "Nhẫn vàng tròn trơn", rng.randint(1, 4), "chiếc", f"Tổng trọng lượng {number(w)} gam",
                   "Nguyên vẹn", attributes={"kind": "nhẫn tròn trơn", "weight_g": str(w), "purity": "9999"}, **own)


# kind → (category, name, unit, quantity range, characteristics, attribute builder)
SIMPLE = {
    "laptop": ("electronics", "Máy tính xách tay Dell Latitude", "chiếc", (1, 1), "Màu đen, có sạc"),
    "camera": ("electronics", "Đầu ghi camera Hikvision", "chiếc", (1, 1), "Ổ cứng 1TB"),
    "sim": ("electronics", "Sim điện thoại Viettel", "chiếc", (2, 30), "Sim rác chưa kích hoạt"),
    "speaker": ("electronics", "Loa kéo công suất lớn", "chiếc", (1, 2), "Loa đen, có micro"),
    "scale": ("electronics", "Cân điện tử mini", "chiếc", (1, 1), "Cân 0,01 gam"),
    "bag": ("other", "Túi xách nữ", "chiếc", (1, 1), "Da màu nâu"),
    "cards": ("other", "Bộ bài tây 52 lá", "bộ", (1, 6), "Đã qua sử dụng"),
    "drug_tools": ("other", "Dụng cụ sử dụng ma túy (bình, nỏ)", "bộ", (1, 5), "Thủy tinh, nhựa"),
    "knife": ("weapon", "Dao nhọn cán gỗ", "chiếc", (1, 2), "Dài 30 cm"),
    "machete": ("weapon", "Mã tấu", "chiếc", (1, 2), "Dài 60 cm, cán bọc vải"),
    "stick": ("weapon", "Gậy gỗ", "chiếc", (1, 2), "Dài 80 cm"),
    "bloody_clothes": ("bio_sample", "Áo phông dính máu", "mẫu", (1, 2), "Bảo quản lạnh"),
    "fake_papers": ("papers", "Căn cước công dân giả", "tờ", (1, 5), "Ảnh cắt dán"),
    "licence": ("papers", "Giấy phép lái xe hạng B2", "tờ", (1, 1), "Bản gốc"),
    "savings_book": ("papers", "Sổ tiết kiệm Vietcombank", "quyển", (1, 3), "Bản gốc"),
    "meth": ("drugs", "Ma túy đá (methamphetamine)", "gam", (1, 500), "Tinh thể trắng, túi nilon"),
    "heroin": ("drugs", "Heroin", "gam", (1, 300), "Bánh nén, bọc nilon"),
    "ecstasy": ("drugs", "Thuốc lắc (MDMA)", "gam", (1, 50), "Viên nén màu hồng"),
    "cannabis": ("drugs", "Cần sa khô", "gam", (10, 900), "Lá, thân khô"),
    "cigarettes": ("goods", "Thuốc lá điếu nhập lậu Esse", "cây", (10, 400), "Đóng thùng carton"),
    "liquor": ("goods", "Rượu ngoại Chivas 18", "chai", (6, 120), "Không tem nhập khẩu"),
    "fireworks": ("goods", "Pháo nổ", "kg", (2, 80), "Pháo dàn, pháo bánh"),
    "ivory": ("wildlife", "Ngà voi", "kg", (1, 30), "Ngà nguyên chiếc và chế tác"),
    "pangolin": ("wildlife", "Vảy tê tê", "kg", (1, 60), "Bao tải dứa"),
    "live_animal": ("wildlife", "Rùa hộp trán vàng (cá thể sống)", "con", (1, 10), "Còn sống"),
    "k54": ("military_weapon", "Súng ngắn K54", "khẩu", (1, 1), "Số hiệu bị mài"),
    "bullets": ("military_weapon", "Đạn K54", "viên", (3, 40), "Đạn thật"),
    "grenade": ("military_weapon", "Lựu đạn", "quả", (1, 2), "Còn kíp nổ"),
    "frozen_meat": ("perishable", "Nầm lợn đông lạnh không rõ nguồn gốc", "kg", (100, 3000), "Đóng thùng xốp"),
    "poison_chemical": ("poison", "Hóa chất tạo nạc Salbutamol", "kg", (1, 40), "Bột trắng, bao 25 kg"),
}

# explosives among the demo's goods: never entrusted to a custodian (an owner, a commune, a rented private warehouse)
# — explosives and weapons are kept by the military command, Bộ CHQS (ND 142/2024; BLTTHS Điều 90.1.b)
EXPLOSIVE_NAMES = frozenset({SIMPLE["fireworks"][1]})

FIELD_FOR = {"drugs": "kind", "goods": "kind", "wildlife": "species", "military_weapon": "kind", "poison": "kind",
             "perishable": "kind", "weapon": "kind", "papers": "kind", "bio_sample": "kind"}


def _simple(rng: Random, kind: str, c: str, own: dict) -> NewItem:
    cat, name, unit, (lo, hi), chars = SIMPLE[kind]
    qty = rng.randint(lo, hi) if unit != "gam" else round(rng.uniform(lo, hi), 2)
    attrs = {FIELD_FOR[cat]: name} if cat in FIELD_FOR else {}
    if cat == "electronics":
        attrs = {"serial": _serial(rng, "SN"), "brand": name.split()[-1]}
    if cat == "drugs":
        attrs |= {"net_weight_g": str(qty), "gross_weight_g": str(round(qty * 1.05 + 1, 2))}
    if cat == "military_weapon":
        attrs["serial"] = _serial(rng, "", 6)
    return NewItem(cat, name, qty, unit, chars, "Nguyên trạng khi thu giữ", attributes=attrs,
                   **(own if cat in ("papers", "electronics", "other") else {}))
