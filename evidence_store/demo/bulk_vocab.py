"""Vocabulary of the bulk demo generator (shared domain/DEMO-DATA.md; illustrative, not official):
offences with the items they typically leave, and one fast generator per item category.

Each generator takes a ``random.Random`` and a running number and returns
(name, quantity, unit, characteristics, condition, attributes); everything is NFC already."""

from __future__ import annotations

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thanh", "Quang", "Hữu", "Ngọc", "Thu", "Hoài")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Hương", "Lan", "Linh", "Long", "Mai", "Nam", "Nga",
         "Phương", "Quân", "Sơn", "Thảo", "Thắng", "Trang", "Tuấn", "Việt", "Yến")
RANKS = ("Thiếu úy", "Trung úy", "Thượng úy", "Đại úy", "Thiếu tá", "Trung tá", "Thượng tá")
POSITIONS = ("Điều tra viên", "Cán bộ điều tra", "Đội trưởng", "Phó Trưởng phòng")
COLORS = ("đen", "trắng", "xanh", "đỏ", "vàng đồng", "bạc", "xám", "hồng")
SCREENS = ("màn hình nứt góc trái", "màn hình nguyên vẹn", "vỡ mặt kính sau", "trầy xước nhẹ", "không lên nguồn")
CONDITIONS = ("Đã qua sử dụng", "Còn mới", "Hư hỏng một phần", "Bình thường")
SEALED_NOTE = ", đã niêm phong trong túi nilon có chữ ký các bên"
UNSEALED_NOTE = ", không niêm phong"

# offence (BLHS 2015, examples) → (category, weight) of the items it leaves
OFFENCES = [
    ("Trộm cắp tài sản (Điều 173 BLHS)", "CSHS", (("phone", 5), ("motorbike", 3), ("electronics", 2), ("gold", 1),
                                                 ("cash_vnd", 1))),
    ("Cướp giật tài sản (Điều 171 BLHS)", "CSHS", (("motorbike", 3), ("phone", 4), ("weapon", 1), ("other", 1))),
    ("Cướp tài sản (Điều 168 BLHS)", "CSHS", (("weapon", 2), ("military_weapon", 1), ("phone", 2), ("cash_vnd", 1))),
    ("Lừa đảo chiếm đoạt tài sản (Điều 174 BLHS)", "CSKT", (("phone", 4), ("electronics", 2), ("papers", 3),
                                                          ("cash_vnd", 1))),
    ("Cố ý gây thương tích (Điều 134 BLHS)", "CSHS", (("weapon", 3), ("bio_sample", 2), ("electronics", 1))),
    ("Mua bán trái phép chất ma túy (Điều 251 BLHS)", "CSMT", (("drugs", 5), ("phone", 2), ("cash_vnd", 1),
                                                             ("motorbike", 1), ("electronics", 1))),
    ("Tàng trữ trái phép chất ma túy (Điều 249 BLHS)", "CSMT", (("drugs", 4), ("phone", 1))),
    ("Đánh bạc (Điều 321 BLHS)", "CSHS", (("cash_vnd", 3), ("other", 2), ("phone", 3), ("electronics", 1))),
    ("Buôn lậu (Điều 188 BLHS)", "CSKT", (("goods", 5), ("car", 1), ("foreign_cash", 1))),
    ("Vi phạm quy định về bảo vệ động vật nguy cấp, quý, hiếm (Điều 244 BLHS)", "CSMT",
     (("wildlife", 4), ("phone", 1), ("car", 1))),
    ("Tàng trữ, sử dụng trái phép vũ khí quân dụng (Điều 304 BLHS)", "CSHS", (("military_weapon", 4), ("phone", 1))),
    ("Vi phạm quy định về tham gia giao thông đường bộ (Điều 260 BLHS)", "CSGT", (("car", 2), ("motorbike", 3),
                                                                               ("papers", 1))),
    ("Nhận hối lộ (Điều 354 BLHS)", "CSKT", (("cash_vnd", 3), ("gold", 2), ("papers", 2), ("electronics", 1))),
]
OFFENCE_WEIGHTS = (22, 10, 6, 12, 8, 12, 8, 6, 5, 2, 2, 5, 2)

PHONES = (("Samsung", ("Galaxy A52", "Galaxy S21", "Galaxy A32", "Galaxy Note 10")), ("Apple", ("iPhone 11", "iPhone 13 Pro", "iPhone XS")),
          ("Oppo", ("Reno8", "A57")), ("Xiaomi", ("Redmi Note 12", "Redmi 10")), ("Vivo", ("Y36",)), ("Nokia", ("105",)))
MOTORBIKES = ("Honda Wave Alpha", "Honda Vision", "Yamaha Exciter", "Honda Air Blade", "Honda SH", "Yamaha Sirius")
CARS = ("Toyota Vios", "Kia Morning", "Mazda CX-5", "Hyundai Accent", "Ford Ranger", "Toyota Hilux")
ELECTRONICS = (("Máy tính xách tay", "Dell", "Latitude 5420"), ("Máy tính xách tay", "Apple", "MacBook Air M1"),
               ("Máy tính bảng", "Samsung", "Galaxy Tab A8"), ("Ổ cứng di động", "WD", "Elements 1TB"),
               ("Cân điện tử", "Hòa Phát", "CĐT-500"), ("Camera", "Hikvision", "DS-2CE16"),
               ("Máy tính xách tay", "Asus", "VivoBook 15"))
WEAPONS = (("Dao nhọn", "dài 25 cm"), ("Mã tấu", "dài 60 cm"), ("Kiếm", "dài 80 cm"), ("Gậy sắt", "dài 70 cm"),
           ("Dao bầu", "dài 30 cm"))
MILITARY = (("Súng ngắn K54", "khẩu"), ("Đạn K54", "viên"), ("Lựu đạn", "quả"), ("Súng tự chế", "khẩu"))
DRUGS = (("Ma túy đá (methamphetamine)", "gam"), ("Heroin", "gói"), ("Cần sa khô", "gam"),
         ("Thuốc lắc (MDMA)", "viên"))
PAPERS = (("Căn cước công dân", "tờ"), ("Giấy đăng ký xe mô tô", "tờ"), ("Sổ tiết kiệm", "quyển"),
          ("Giấy phép lái xe", "tờ"), ("Hồ sơ vay vốn giả", "quyển"))
GOODS = (("Thuốc lá điếu nhập lậu Esse", "cây", "Esse"), ("Pháo nổ", "kg", ""), ("Rượu ngoại Chivas 18", "chai", "Chivas"),
         ("Thuốc lá điếu nhập lậu Jet", "thùng", "Jet"), ("Mỹ phẩm không rõ nguồn gốc", "thùng", ""))
WILDLIFE = (("Vảy tê tê", "kg"), ("Ngà voi", "kg"), ("Rùa biển", "con"))
BIO = (("Mẫu máu", "bảo quản lạnh 2–8 °C"), ("Quần áo dính máu", "bảo quản khô"), ("Mẫu tóc", "bảo quản khô"))
OTHERS = (("Túi xách nữ", "chiếc"), ("Bộ bài tây", "bộ"), ("Bát đĩa đánh bạc", "bộ"), ("Loa kéo", "cái"),
          ("Mũ bảo hiểm", "cái"))
DENOMS = (500_000, 200_000, 100_000, 50_000)


def _money(n: int) -> str:
    return f"{n:,}".replace(",", ".") + " đ"


def _digits(r, k: int) -> str:
    return str(r.randrange(10 ** (k - 1), 10 ** k))


def _plate(r, car: bool) -> str:
    return (f"{r.randrange(29, 34)}A-{r.randrange(100, 999)}.{r.randrange(10, 99)}" if car else
            f"{r.randrange(29, 34)}{r.choice('BCDEFGHKLMNPS')}{r.randrange(1, 9)}-{r.randrange(100, 999)}."
            f"{r.randrange(10, 99)}")


def phone(r, n):
    brand, models = r.choice(PHONES)
    model, color = r.choice(models), r.choice(COLORS)
    return (f"Điện thoại di động {brand} {model}", 1.0, "chiếc", f"Màu {color}, {r.choice(SCREENS)}",
            r.choice(CONDITIONS), {"brand": brand, "model": model, "color": color, "imei": _digits(r, 15),
                                   "sim": r.choice(("Viettel", "Vinaphone", "Mobifone", "không có SIM"))})


def motorbike(r, n):
    brand, color = r.choice(MOTORBIKES), r.choice(COLORS)
    return (f"Xe mô tô {brand}", 1.0, "chiếc", f"Xe màu {color}, có gương chiếu hậu", r.choice(CONDITIONS),
            {"brand": brand, "plate": _plate(r, False), "frame_no": "RLHJA" + _digits(r, 12),
             "engine_no": "JA39E" + _digits(r, 7), "color": color})


def car(r, n):
    brand, color = r.choice(CARS), r.choice(COLORS)
    return (f"Xe ô tô {brand}", 1.0, "chiếc", f"Xe màu {color}, 4 cửa", r.choice(CONDITIONS),
            {"brand": brand, "plate": _plate(r, True), "frame_no": "RL4B" + _digits(r, 13),
             "engine_no": "2NR" + _digits(r, 7), "color": color})


def cash_vnd(r, n):
    d, k = r.choice(DENOMS), r.randrange(1, 60)
    return ("Tiền Việt Nam", float(k), "tờ", f"Loại {_money(d)}, {k} tờ", "Bình thường",
            {"denominations": f"{_money(d)} × {k}", "total_amount": _money(d * k)})


def foreign_cash(r, n):
    cur, k = r.choice(("USD", "EUR")), r.randrange(1, 80)
    return (f"Ngoại tệ {cur}", float(k), "tờ", f"Loại 100 {cur}, {k} tờ", "Bình thường",
            {"currency": cur, "denominations": f"100 × {k}", "total_amount": f"{100 * k} {cur}"})


def gold(r, n):
    kind = r.choice(("Nhẫn vàng tròn trơn", "Vàng miếng SJC", "Dây chuyền vàng", "Lắc tay vàng"))
    w = round(r.uniform(1, 40), 2)
    return (kind, 1.0, "chiếc", f"Trọng lượng {str(w).replace('.', ',')} gam", "Bình thường",
            {"kind": kind, "weight_g": str(w), "purity": r.choice(("99,99%", "75%", "61%"))})


def drugs(r, n):
    kind, unit = r.choice(DRUGS)
    w = round(r.uniform(0.2, 500), 2)
    return (kind, w if unit == "gam" else float(r.randrange(1, 50)), unit, "Đựng trong túi nilon hàn kín",
            "Đã giám định", {"kind": kind, "net_weight_g": str(w), "gross_weight_g": str(round(w + 1.7, 2)),
                             "examination": f"Kết luận giám định số {r.randrange(100, 9999)}/KL-KTHS"})


def military_weapon(r, n):
    kind, unit = r.choice(MILITARY)
    return (kind, float(r.randrange(1, 20)) if unit != "khẩu" else 1.0, unit, "Kim loại, đã cũ",
            "Đã qua sử dụng", {"kind": kind, "serial": "K" + _digits(r, 6)})


def weapon(r, n):
    kind, size = r.choice(WEAPONS)
    return kind, 1.0, "chiếc", f"Kim loại, cán gỗ, {size}", "Có vết bẩn", {"kind": kind, "size": size}


def electronics(r, n):
    kind, brand, model = r.choice(ELECTRONICS)
    return (f"{kind} {brand} {model}", 1.0, "chiếc", f"Màu {r.choice(COLORS)}, kèm sạc", r.choice(CONDITIONS),
            {"brand": brand, "model": model, "serial": "SN" + _digits(r, 10),
             "capacity": r.choice(("256 GB", "512 GB", "1 TB"))})


def papers(r, n):
    kind, unit = r.choice(PAPERS)
    return kind, 1.0, unit, "Bản gốc", "Bình thường", {"kind": kind, "number": _digits(r, 12)}


def goods(r, n):
    kind, unit, brand = r.choice(GOODS)
    attrs = {"kind": kind, "brand": brand} if brand else {"kind": kind}
    return kind, float(r.randrange(1, 200)), unit, "Đóng thùng carton", "Nguyên đai nguyên kiện", attrs


def wildlife(r, n):
    kind, unit = r.choice(WILDLIFE)
    w = r.randrange(1, 300)
    return kind, float(w), unit, "Đựng trong bao tải", "Đã giám định loài", {"species": kind, "weight_g": str(w * 1000)}


def bio_sample(r, n):
    kind, cond = r.choice(BIO)
    return kind, 1.0, "mẫu", "Đựng trong ống nghiệm niêm phong", "Bình thường", {"kind": kind, "storage_condition": cond}


def other(r, n):
    kind, unit = r.choice(OTHERS)
    return kind, 1.0, unit, f"Màu {r.choice(COLORS)}", r.choice(CONDITIONS), {}


GENERATORS = {f.__name__: f for f in (phone, motorbike, car, cash_vnd, foreign_cash, gold, drugs, military_weapon,
                                      weapon, electronics, papers, goods, wildlife, bio_sample, other)}

RELEASE_PURPOSES = ("examination", "reconstruction", "valuation", "trial")  # domain.lifecycle_rules codes
SPECIALIST_HOLDERS = {"treasury": "Kho bạc Nhà nước khu vực I", "military": "Bộ Tư lệnh Thủ đô Hà Nội"}
WARDS = ("phường Hoàn Kiếm", "phường Ba Đình", "phường Cầu Giấy", "phường Đống Đa", "phường Hai Bà Trưng",
         "phường Hoàng Mai", "phường Long Biên", "phường Tây Hồ", "phường Thanh Xuân", "phường Hà Đông")
