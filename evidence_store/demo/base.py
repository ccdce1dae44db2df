"""The demo warehouse's fixed structure: agencies, the warehouse and its locations, officers, and
one user per role. Names are illustrative (shared domain/DEMO-DATA.md)."""

from __future__ import annotations

import json

from dataclasses import dataclass, field

from sqlalchemy import select

from ..db.models import Person, User
from ..domain.categories import LocationKind
from ..domain.permissions import Role
from ..services import accounts, setup
from ..services.context import Actor, UnitOfWork
from . import vocab

# username → (password, role, full name, rank, position, agency key)
DEMO_USERS = {
    "thukho": ("ThuKho@2026", Role.CLERK, "Nguyễn Thị Lan", "Thượng úy", "Thủ kho", "pc10"),
    "canbo": ("CanBo@2026", Role.OFFICER, "Trần Đức Hùng", "Đại úy", "Điều tra viên", "pc02"),
    "lanhdao": ("LanhDao@2026", Role.COMMANDER, "Phạm Quang Dũng", "Thượng tá", "Trưởng phòng", "pc10"),
    "kiemsat": ("KiemSat@2026", Role.SUPERVISOR, "Lê Thu Hà", "", "Kiểm sát viên", "vks"),
    "quantri": ("QuanTri@2026", Role.ADMIN, "Vũ Minh Tuấn", "Trung úy", "Cán bộ quản trị hệ thống", "pc10"),
    # seats of the other agencies (issue 13): each sees its own cases and tasks
    "kiemsatvien": ("KiemSatVien@2026", Role.PROCURATOR, "Đỗ Minh Châu", "", "Kiểm sát viên", "vks"),
    "thamphan": ("ThamPhan@2026", Role.JUDGE, "Ngô Thị Thanh Bình", "", "Thẩm phán", "ta"),
    "thuky": ("ThuKy@2026", Role.COURT_CLERK, "Lý Quốc Khánh", "", "Thư ký Tòa án", "ta"),
    "chaphanh": ("ChapHanh@2026", Role.ENFORCER, "Bùi Thanh Sơn", "", "Chấp hành viên", "thads"),
    "thukhothads": ("ThuKhoThads@2026", Role.ENFORCEMENT_CLERK, "Đinh Thị Hoa", "", "Thủ kho THADS", "thads"),
    "thutruong": ("ThuTruong@2026", Role.LEADER, "Hoàng Văn Thắng", "Đại tá", "Phó Thủ trưởng CQĐT", "pc02"),
}

AGENCIES = [  # key, name, short name, kind, parent key (kinds: domain/agencies.py)
    ("ca", "Công an thành phố Hà Nội", "CATP Hà Nội", "police", None),
    ("pc10", "Phòng Cảnh sát bảo vệ và hỗ trợ tư pháp", "PC10", "police", "ca"),  # the warehouse: not a CQĐT
    # investigating units of the Cơ quan Cảnh sát điều tra (Luật Tổ chức CQĐTHS Điều 19)
    ("pc02", "Phòng Cảnh sát hình sự", "PC02", "investigating_body", "ca"),
    ("pc04", "Phòng Cảnh sát điều tra tội phạm về ma túy", "PC04", "investigating_body", "ca"),
    ("pc03", "Phòng Cảnh sát kinh tế", "PC03", "investigating_body", "ca"),
    ("cqdt", "Cơ quan Cảnh sát điều tra Công an thành phố Hà Nội", "CQCSĐT", "investigating_body", "ca"),
    ("hoankiem", "Công an phường Hoàn Kiếm", "CA P. Hoàn Kiếm", "police", "ca"),
    ("caugiay", "Công an phường Cầu Giấy", "CA P. Cầu Giấy", "police", "ca"),
    ("vks", "Viện kiểm sát nhân dân thành phố Hà Nội", "VKSND TP Hà Nội", "procuracy", None),
    ("ta", "Tòa án nhân dân thành phố Hà Nội", "TAND TP Hà Nội", "court", None),
    ("thads", "Thi hành án dân sự thành phố Hà Nội", "THADS TP Hà Nội", "enforcement", None),
    ("khobac", "Kho bạc Nhà nước khu vực I", "KBNN KV I", "treasury", None),
    ("quansu", "Bộ Tư lệnh Thủ đô Hà Nội", "BTL Thủ đô", "military", None),
    ("taichinh", "Sở Tài chính Hà Nội", "Sở Tài chính", "finance", None),
    # bodies assigned investigative tasks (BLTTHS Điều 35) and other investigating bodies (Điều 34)
    ("haiquan", "Chi cục Hải quan khu vực I", "Hải quan KV I", "customs", None),
    ("kiemlam", "Chi cục Kiểm lâm Hà Nội", "Kiểm lâm Hà Nội", "forest_ranger", None),
    ("cqdtqd", "Cơ quan điều tra hình sự Bộ Tư lệnh Thủ đô Hà Nội", "CQĐT BTL Thủ đô", "military_investigating_body",
     None),
    ("cqdtvks", "Cơ quan điều tra Viện kiểm sát nhân dân tối cao", "CQĐT VKSNDTC", "procuracy_investigating_body",
     None),
    ("specialist", "Trung tâm Cứu hộ động vật hoang dã Hà Nội", "TT Cứu hộ ĐVHD", "specialised", None),
    ("chemlab", "Trung tâm Kỹ thuật hóa chất (cơ sở chuyên ngành)", "TT Kỹ thuật hóa chất", "specialised", None),
    ("pc09", "Phòng Kỹ thuật hình sự Công an thành phố Hà Nội", "PC09", "police", "ca"),
]


@dataclass
class World:
    agencies: dict[str, int] = field(default_factory=dict)
    warehouse_id: int = 0
    locations: dict[str, str] = field(default_factory=dict)  # key → location code
    users: dict[str, int] = field(default_factory=dict)
    persons: dict[str, int] = field(default_factory=dict)

    def actor(self, db, username: str) -> Actor:
        with UnitOfWork(db, write=False) as uow:
            return accounts.actor_for(uow.session.scalars(select(User).where(User.username == username)).one())


def _locations(uow, wh: int, root_id: int, out: dict[str, str]) -> None:
    def add(key, parent, name, kind, capacity=None):
        loc = setup.add_location(uow, wh, parent, name, kind, capacity=capacity, check=False)
        out[key] = loc.code
        return loc.id

    for zone in "AB":
        z = add(f"zone_{zone}", root_id, f"Khu {zone}", LocationKind.ZONE)
        for rack in (1, 2):
            r = add(f"rack_{zone}{rack}", z, f"Dãy {zone}{rack}", LocationKind.RACK)
            for shelf in (1, 2, 3):
                s = add(f"shelf_{zone}{rack}{shelf}", r, f"Kệ {zone}{rack}-T{shelf}", LocationKind.SHELF)
                for b in (1, 2):
                    add(f"bin_{zone}{rack}{shelf}{b}", s, f"Ô {zone}{rack}-{shelf}-{b:02d}", LocationKind.BIN, 40)
    add("secure", root_id, "Phòng bảo quản ma túy, chất cấm", LocationKind.SECURE_ROOM, 500)
    add("safe", root_id, "Két sắt tiền, tài sản quý", LocationKind.SAFE, 200)
    add("cold", root_id, "Kho lạnh mẫu sinh học", LocationKind.COLD_STORE, 200)
    add("yard", root_id, "Bãi xe số 1", LocationKind.VEHICLE_YARD, 3000)


def build_base(db) -> World:
    """Create agencies, the warehouse with its location tree, officers and one user per role."""
    w = World()
    with UnitOfWork(db) as uow:
        admin_pw, *_ = DEMO_USERS["quantri"]
        setup.first_run(uow, setup.FirstRun(
            "Kho vật chứng Công an thành phố Hà Nội", "VC", "Phòng Cảnh sát bảo vệ và hỗ trợ tư pháp", "PC10",
            "Công an thành phố Hà Nội", "quantri", admin_pw, "Vũ Minh Tuấn", "Số 7 Thiền Quang, Hà Nội"))
    with UnitOfWork(db) as uow:
        from ..db.models import Agency, Location, Warehouse
        existing = {a.name: a.id for a in uow.session.scalars(select(Agency))}
        ids: dict[str, int] = {}
        for key, name, short, kind, parent in AGENCIES:
            if name in existing:
                ids[key] = existing[name]
                uow.session.get(Agency, ids[key]).short_name = short
            else:
                ids[key] = setup.add_agency(uow, name, kind, short_name=short, parent_id=ids.get(parent),
                                            check=False).id
        w.agencies = ids
        wh = uow.session.scalars(select(Warehouse)).first()
        w.warehouse_id = wh.id
        root = uow.session.scalars(select(Location).where(Location.parent_id.is_(None))).first()
        w.locations["root"] = root.code
        _locations(uow, wh.id, root.id, w.locations)
        for username, (pw, role, name, rank, position, agency_key) in DEMO_USERS.items():
            if username == "quantri":
                user = uow.session.scalars(select(User).where(User.username == "quantri")).one()
                w.users[username], w.persons[username] = user.id, user.person_id
                uow.session.get(Person, user.person_id).rank = rank
                uow.session.get(Person, user.person_id).gender = vocab.demo_gender(name)
                continue
            p = Person(full_name=name, rank=rank, position=position, agency_id=ids[agency_key], is_officer=True,
                       id_number=f"0010{len(w.persons) + 85}012345"[:12], gender=vocab.demo_gender(name))
            uow.session.add(p)
            uow.session.flush()
            w.persons[username] = p.id
            w.users[username] = accounts.create_user(uow, username, pw, [role], person_id=p.id,
                                                     agency_id=ids[agency_key], must_change_password=False,
                                                     check_permission=False)
        # the demo is Hà Nội's shared city warehouse: a transfer to THADS moves the responsibility, the item stays on
        # its shelf unless the clerk ticks the move (LEGAL-RULES R35; the setting's default elsewhere is the move)
        from ..db.models import Setting
        uow.session.add(Setting(key="thads_transfer_moves_out", value=json.dumps(False)))
        uow.commit()
    return w
