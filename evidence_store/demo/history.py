"""The later life of a demo case, in date order, through the lifecycle services: deposits,
entrustings and checks, temporary releases and returns, transfers of responsibility, disposals
(proposed by the officer, approved by the commander), incidents and corrections."""

from __future__ import annotations

from datetime import date, timedelta

from ..domain.categories import CATEGORIES
from ..services import acceptance, corrections, custody, disposal, incidents, queries, release, transfer
from ..services import commands_lifecycle as C
from ..services.commands import PersonInput
from ..services.context import UnitOfWork
from . import vocab as V

KEEPERS = {"treasury": "khobac", "military": "quansu", "specialised": "chemlab"}
FINAL_OUTCOME = {"drugs": "destroyed", "military_weapon": "destroyed", "weapon": "destroyed", "poison": "destroyed",
                 "bio_sample": "destroyed", "other": "destroyed", "goods": "confiscated", "cash_vnd": "confiscated",
                 "foreign_cash": "confiscated", "gold": "confiscated", "phone": "returned", "electronics": "confiscated",
                 "motorbike": "confiscated", "car": "confiscated", "papers": "returned",
                 "wildlife": "handed_to_specialist", "perishable": "sold"}


PLACES = {"destroyed": "Khu xử lý chất thải Nam Sơn, xã Nam Sơn, huyện Sóc Sơn, Hà Nội",
          "returned": "Trụ sở Cơ quan Cảnh sát điều tra Công an thành phố Hà Nội",
          "confiscated": "Kho vật chứng Công an thành phố Hà Nội", "sold": "Kho vật chứng Công an thành phố Hà Nội",
          "handed_to_specialist": "Trung tâm Cứu hộ động vật hoang dã Hà Nội"}


RECEIVERS = {"confiscated": "Phạm Thu Trang", "handed_to_specialist": "Hoàng Văn Thái", "sold": "Đặng Quốc Việt"}
RECEIVER_POSITIONS = {"confiscated": "Chuyên viên Phòng Quản lý công sản", "handed_to_specialist": "Cán bộ tiếp nhận",
                      "sold": "Giám đốc, đại diện bên mua"}


class History:
    def __init__(self, gen) -> None:
        self.g = gen
        self.items: dict[str, dict] = {}
        self.lost: list[tuple[str, str]] = []  # (code, lost | damaged)

    def case(self, case_id: int, unit: str, rows, opened: date, age: int) -> None:
        mine = {code: {"cat": cat, "loc": loc, "state": "in_storage", "owner": owner, "owner_id": oid}
                for code, cat, loc, owner, oid in rows}
        self.items.update(mine)
        g, rng = self.g, self.g.rng
        d = lambda n: opened + timedelta(days=n)  # noqa: E731
        self._deposit(mine, unit, d(3))
        if age > 8 and rng.random() < 0.4:
            self._entrust(mine, unit, d(5), age)
        if age > 12 and rng.random() < 0.45:
            self._release(mine, unit, d(10), rng.random() < 0.07)
        if age > 35:
            self._early_disposal(mine, unit, d(30))
        if age > 60 and (g.once("incident") or g.once("incident2") or rng.random() < 0.01):
            self._incident(mine, d(50), age)
        if age > 40 and (g.once("correction") or rng.random() < 0.02):
            self._correction(mine)
        stages = [(150, 120, "transfer_decision", "{n}/QĐ-" + unit.upper(), unit, "vks"),
                  (270, 240, "transfer_decision", "{n}/QĐ-VKS", "vks", "ta"),
                  (400, 370, "judgment", "{n}/{year}/HS-ST", "ta", "thads")]
        for min_age, day, kind, fmt, issuer, target in stages:
            if age <= min_age or not self._transfer(case_id, mine, g.doc(kind, fmt, issuer, d(day)), target, d(day)):
                return
        if age > 430 and rng.random() < 0.85:
            self._final_disposal(mine, d(400))

    # ---- workflows -----------------------------------------------------------------------------
    def _held(self, mine, states=("in_storage",)) -> list[str]:
        return [c for c, v in mine.items() if v["state"] in states]

    def _set(self, code: str, state: str) -> None:
        v = self.items[code]
        if v["state"] == "in_storage":
            self.g.vacate(v["loc"])
        v["state"] = state

    def _deposit(self, mine, unit, day) -> None:
        by_keeper: dict[str, list[str]] = {}
        for code in self._held(mine):
            keeper = CATEGORIES[mine[code]["cat"]].deposit_to
            if keeper is not None and self.g.rng.random() < 0.9:
                by_keeper.setdefault(keeper.value, []).append(code)
        for keeper, codes in by_keeper.items():
            agency = KEEPERS[keeper]
            cmd = C.DepositItems(tuple(codes), self.g.w.agencies[agency],
                                 self.g.doc("deposit_decision", "{n}/QĐ-" + unit.upper(), unit, day),
                                 receiver=PersonInput(full_name=V.person_name(self.g.rng), position="Cán bộ tiếp nhận",
                                                      agency_id=self.g.w.agencies[agency],
                                                      letter_number=f"{self.g.next('ggt')}/GGT"),
                                 account="3949.0.1055000" if keeper == "treasury" else "", occurred_at=self.g.at(day))
            self.g.call(self.g.clerk, custody.deposit_items, cmd)
            for code in codes:
                self._set(code, "deposited")

    def _entrust(self, mine, unit, day, age) -> None:
        codes = [c for c in self._held(mine) if mine[c]["cat"] in ("motorbike", "car", "goods")][:3]
        if not codes:
            return
        owner = mine[codes[0]]
        kind = self.g.rng.choice(("owner", "commune", "rented_storage"))
        who = (PersonInput(full_name=owner["owner"], id_number=owner["owner_id"], address="Hà Nội")
               if kind == "owner" else PersonInput(full_name=V.person_name(self.g.rng),
                                                   position="Cán bộ UBND phường" if kind == "commune" else "Chủ kho thuê",
                                                   address=f"Phường {self.g.rng.choice(V.WARDS)}, Hà Nội"))
        cmd = C.EntrustItems(tuple(codes), who, kind, self.g.doc("entrust_decision", "{n}/QĐ-" + unit.upper(), unit, day),
                             occurred_at=self.g.at(day))
        self.g.call(self.g.clerk, custody.entrust_items, cmd)
        for code in codes:
            self._set(code, "entrusted")
        for month in range(1, min(3, (age - 5) // 30) + 1):
            check = C.CheckEntrusted(tuple(codes), "intact", participants=(
                "Kế toán nghiệp vụ", "Thủ kho Nguyễn Thị Lan", "Phó Trưởng phòng", who.full_name),
                occurred_at=self.g.at(day + timedelta(days=30 * month)))
            self.g.call(self.g.clerk, custody.check_entrusted, check)
        if age > 120 and self.g.rng.random() < 0.25:
            self._recall(codes, unit, day + timedelta(days=100), who)

    def _recall(self, codes, unit, day, custodian: PersonInput) -> None:
        locs = [self.g.place(self.items[c]["cat"]) for c in codes]
        if not all(locs) or len(set(locs)) != 1:
            for loc in locs:
                self.g.vacate(loc)
            return
        cmd = C.RecallItems(tuple(codes), self.g.doc("intake_order", "{n}/LNK-" + unit.upper(), unit, day), locs[0],
                            giver=custodian, occurred_at=self.g.at(day))
        self.g.call(self.g.clerk, custody.recall_items, cmd)
        for code in codes:
            self.items[code].update(state="in_storage", loc=locs[0])

    def _release(self, mine, unit, day, overdue: bool) -> None:
        codes = [c for c in self._held(mine) if mine[c]["loc"]][:self.g.rng.randint(1, 2)]
        if not codes:
            return
        purpose = self.g.rng.choice(("examination", "examination", "valuation", "reconstruction"))
        due = day + timedelta(days=self.g.rng.randint(7, 21))
        examiner = PersonInput(full_name=V.person_name(self.g.rng), rank="Thiếu tá", position="Giám định viên",
                               agency_id=self.g.w.agencies["ca"], id_number=V.id_number(self.g.rng))
        cmd = C.ReleaseItems(tuple(codes), self.g.doc("release_order", "{n}/LXK-" + unit.upper(), unit, day), purpose,
                             examiner, due, receiver_agency_id=self.g.w.agencies["ca"], occurred_at=self.g.at(day))
        self.g.call(self.g.clerk, release.release_items, cmd)
        locs = {c: mine[c]["loc"] for c in codes}
        for code in codes:
            self._set(code, "out_temporary")
        if overdue or due >= self.g.today:
            return
        self._return(codes, locs, examiner, due - timedelta(days=2))

    def _return(self, codes, locs, examiner, day) -> None:
        loc = locs[codes[0]]
        if len(set(locs.values())) != 1 or self.g.free.get(loc, 0) < len(codes):
            return
        sealed = [c for c in codes if CATEGORIES[self.items[c]["cat"]].sealable]
        reseal = None
        if sealed == codes and self.g.rng.random() < 0.5:
            reseal = C.Reseal(f"{self.g.next('seal'):06d}/NP-PC10", (examiner.full_name, "Nguyễn Thị Lan"),
                              "Mở niêm phong để giám định")
        cmd = C.ReturnItems(tuple(codes), loc, examiner, reseal=reseal, condition="Nguyên trạng sau giám định",
                            occurred_at=self.g.at(day))
        self.g.call(self.g.clerk, release.return_items, cmd)
        for code in codes:
            self.items[code]["state"] = "in_storage"
            self.g.free[loc] -= 1

    def _transfer(self, case_id, mine, decision, target, day) -> bool:
        held = [c for c, v in mine.items() if v["state"] in ("in_storage", "out_temporary", "deposited", "entrusted",
                                                               "lost_or_damaged")]
        if not held:
            return False
        move_out = target == "thads" and all(mine[c]["state"] == "in_storage" for c in held) and (
            self.g.once("transferred_out") or self.g.rng.random() < 0.04)
        if move_out:  # TTLT 05/2005 Điều 21.2.b: the procuracy's transfer decision moves the evidence
            decision = self.g.doc("transfer_decision", "{n}/QĐ-CGVC-VKS", "vks", day)
        officer = self.g.rng.choice(self.g.officers[target])  # the new case officer receives (a person signs)
        cmd = C.TransferResponsibility(decision, self.g.w.agencies[target], case_id=case_id,
                                       receiver=PersonInput(id=officer), officer_id=officer, move_out=move_out,
                                       keeper=PersonInput(id=self.g.w.persons["thukho"]),
                                       occurred_at=self.g.at(day))
        ch = self.g.call(self.g.clerk, transfer.transfer_responsibility, cmd)
        if ch.extra.get("acceptance") == "pending":  # the receiving agency's seat accepts it the same day
            # the named receiver accepts when he has a seat, else the agency's clerk or officer on duty
            with UnitOfWork(self.g.db, self.g.seat_actors.get(officer, self.g.acceptors[target])) as uow:
                acceptance.accept_handover(uow, ch.handover_number, officer_id=officer,
                                           occurred_at=self.g.at(day))
        if move_out:
            for code in held:
                self._set(code, "transferred_out")
        return not move_out

    def _early_disposal(self, mine, unit, day) -> None:
        """Điều 106.3 BLTTHS during investigation: sell perishables, hand wildlife over, return phones."""
        groups = {"sold": [c for c in self._held(mine) if mine[c]["cat"] == "perishable"],
                  "handed_to_specialist": [c for c in self._held(mine) if mine[c]["cat"] == "wildlife"],
                  "returned": [c for c in self._held(mine) if mine[c]["cat"] == "phone" and self.g.rng.random() < 0.2]}
        kinds = {"sold": ("sale_decision", "{n}/QĐ-BVC-"), "handed_to_specialist": ("disposal_decision", "{n}/QĐ-XLVC-"),
                 "returned": ("disposal_decision", "{n}/QĐ-XLVC-")}
        for outcome, codes in groups.items():
            if codes:
                kind, fmt = kinds[outcome]
                self._dispose(codes, outcome, self.g.doc(kind, fmt + unit.upper(), unit, day), day)

    def _final_disposal(self, mine, day) -> None:
        groups: dict[str, list[str]] = {}
        for code in self._held(mine, ("in_storage", "deposited", "entrusted")):
            groups.setdefault(FINAL_OUTCOME[mine[code]["cat"]], []).append(code)
        for outcome, codes in groups.items():
            decision = self.g.doc("enforcement_decision", "{n}/QĐ-THADS", "thads", day)
            self._dispose(codes, outcome, decision, day, council=outcome == "destroyed")

    def _dispose(self, codes, outcome, decision, day, council: bool = False) -> None:
        g = self.g
        first = self.items[codes[0]]
        extra = {}
        if outcome == "returned":
            extra = dict(recipient=PersonInput(full_name=first["owner"], id_number=first["owner_id"]),
                         receipt="Đã nhận đủ, không có ý kiến", notice_on=day)
        elif outcome in ("confiscated", "handed_to_specialist"):
            extra = dict(receiving_agency_id=g.w.agencies["taichinh" if outcome == "confiscated" else "specialist"],
                         examination="Kết luận giám định số 1234/KL-KTHS")
        elif outcome == "destroyed":
            extra = dict(council_decision=g.doc("council_decision", "{n}/QĐ-HĐTH", "thads" if council else "pc02", day),
                         council_members=("Chấp hành viên " + V.person_name(g.rng), "Đại diện Sở Tài chính " +
                                          V.person_name(g.rng)), supervisor="Kiểm sát viên Lê Thu Hà",
                         method="Đốt, đập vỡ tại lò đốt rác thải", witnesses=())
        elif outcome == "sold":
            extra = dict(proceeds=float(g.rng.randint(5, 200) * 1_000_000), holding_account="3949.0.1055000 KBNN KV I",
                         buyer="Công ty TNHH Thực phẩm Hà Nội")
        cmd = C.ProposeDisposal(tuple(codes), outcome, decision, occurred_at=g.at(day), **extra)
        ch = g.call(g.clerk, disposal.propose_disposal, cmd)
        if g.once("pending_disposal"):
            return
        if g.once("rejected_disposal"):
            g.call(g.boss, disposal.reject_disposal, C.DecideDisposal(ch.handover_number, "Cần bổ sung kết luận giám định",
                                                                      occurred_at=g.at(day + timedelta(days=2))))
            return
        g.call(g.boss, disposal.approve_disposal, C.DecideDisposal(ch.handover_number,
                                                                   occurred_at=g.at(day + timedelta(days=3))))
        if not g.once("approved_not_carried_out"):  # one approved disposal waits to be carried out
            start = g.at(day + timedelta(days=5))
            minutes = 40 + (len(codes) * 17 + len(ch.handover_number) * 7) % 110  # not from g.rng: keep its draws
            end = max(start, min(start + timedelta(minutes=minutes), g.latest))
            receiver = None
            if outcome in ("confiscated", "handed_to_specialist", "sold"):
                agency = {"confiscated": "taichinh", "handed_to_specialist": "specialist"}.get(outcome)
                receiver = PersonInput(full_name=RECEIVERS[outcome], position=RECEIVER_POSITIONS[outcome],
                                       agency_id=g.w.agencies[agency] if agency else None,
                                       id_number=f"0010{g.next('receiver_id'):08d}",
                                       letter_number=f"{g.next('ggt')}/GGT" if agency else "")
            g.call(g.officer, disposal.carry_out_disposal, C.CarryOutDisposal(
                ch.handover_number, start, end, PLACES.get(outcome, ""), keeper=PersonInput(id=g.w.persons["thukho"]),
                receiver=receiver))
        for code in codes:
            self._set(code, outcome)

    def _incident(self, mine, day, age) -> None:
        held = self._held(mine)
        if not held:
            return
        code = held[-1]
        kind = ("lost", "damaged")[len(self.lost)] if len(self.lost) < 2 else self.g.rng.choice(("lost", "damaged"))
        report = self.g.doc("incident_report", "{n}/BB-SC", "pc10", day)
        cmd = C.RecordIncident((code,), kind, report, "Phát hiện khi kiểm kê định kỳ", occurred_at=self.g.at(day))
        self.g.call(self.g.clerk, incidents.record_incident, cmd)
        self._set(code, "lost_or_damaged")
        self.lost.append((code, kind))

    def _correction(self, mine) -> None:
        code = next(iter(mine))
        with UnitOfWork(self.g.db, self.g.clerk, write=False) as uow:
            item = queries.item_by_code(uow, code, events=None)
        cmd = C.RecordCorrection(item.events[0].seq, {"characteristics": item.characteristics + "; màu "
                                                      + self.g.rng.choice(V.COLORS)}, "Ghi thiếu đặc điểm khi nhập kho")
        self.g.call(self.g.clerk, corrections.record_correction, cmd)

    def finish(self) -> None:
        """One lost item is found again (a later incident report)."""
        if len(self.lost) < 2:
            return
        code, kind = next(((c, k) for c, k in self.lost if k == "lost"), (None, None))
        loc = self.g.place(self.items[code]["cat"]) if code else ""
        if not loc:
            return
        found_on = self.g.today - timedelta(days=10)
        cmd = C.RecordFound((code,), self.g.doc("incident_report", "{n}/BB-SC", "pc10", found_on), loc,
                            "Tìm thấy tại khu vực kho tạm", occurred_at=self.g.at(found_on))
        self.g.call(self.g.clerk, incidents.record_found, cmd)
        self.items[code].update(state="in_storage", loc=loc)
