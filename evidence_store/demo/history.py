"""The later life of a demo case, in date order, through the lifecycle services: its milestones (khởi tố,
kết luận điều tra, cáo trạng, the VKS's evidence-transfer decision, bản án, hiệu lực, QĐ THA; some cases
suspended and resumed or dropped), deposits, entrustings and checks, temporary releases and returns,
transfers of responsibility, disposals by the competent body at each stage (proposed by the officer, approved
by the commander), incidents and corrections. Everything goes through the rules of issue #11."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from ..domain.categories import CATEGORIES
from ..services import acceptance, corrections, custody, incidents, milestones, queries, release, transfer
from ..services import commands
from ..services.commands import PersonInput
from ..services.context import UnitOfWork
from . import vocab
from .history_disposals import DisposalHistory

KEEPERS = {"treasury": "khobac", "military": "quansu", "specialised": "chemlab"}


# the warehouse unit's accountant, at every monthly check of entrusted items (TT 01/2017/TT-BTP Điều 12)
ACCOUNTANT = PersonInput(full_name="Hoàng Thị Mai", rank="Trung úy", position="Kế toán nghiệp vụ",
                         id_number="001190007788", gender="female")


class History(DisposalHistory):
    def __init__(self, gen) -> None:
        self.g = gen
        self.items: dict[str, dict] = {}
        self.lost: list[tuple[str, str]] = []  # (code, lost | damaged)
        self.pending: set[str] = set()  # items with a disposal proposal left pending: nothing else disposes them
        self.held_for_disposal: set[str] = set()  # approved, not carried out: not released nor transferred
        self.to_correct: list[str] = []  # corrected at the end of the build: a correction is dated when it is made

    def case(self, case_id: int, unit: str, rows, opened: date, age: int) -> None:
        mine = {code: {"cat": cat, "loc": loc, "state": "in_storage", "owner": owner, "owner_id": oid, "name": name}
                for code, cat, loc, owner, oid, name in rows}
        self.items.update(mine)
        g, rng = self.g, self.g.rng
        d = lambda n: opened + timedelta(days=n)  # noqa: E731
        self._deposit(mine, unit, d(3))
        if age > 8 and rng.random() < 0.4:
            self._entrust(mine, unit, d(5), age)
        if age > 12 and rng.random() < 0.45:
            self._release(mine, unit, d(10), rng.random() < 0.07 or g.once("overdue"))
        if age > 35:
            self._early_disposal(mine, unit, d(30))
        if age > 60 and (g.once("incident") or g.once("incident2") or g.once("incident3") or rng.random() < 0.01):
            self._incident(mine, d(50), age)
        if age > 40 and (g.once("correction") or rng.random() < 0.02):
            self._correction(mine)
        if age > 75 and (g.once("suspended") or rng.random() < 0.03):  # tạm đình chỉ, then phục hồi (Điều 229, 235)
            self._milestone(case_id, "suspension", g.doc("suspension_decision", "{n}/QĐ-TĐC-" + unit.upper(), unit,
                                                         d(60)))
            self._milestone(case_id, "resumption", g.doc("resumption_decision", "{n}/QĐ-PH-" + unit.upper(), unit,
                                                         d(75)))
        if age > 110 and (g.once("dismissed") or rng.random() < 0.06):  # đình chỉ at investigation (Điều 230)
            dismissal = g.doc("dismissal_decision", "{n}/QĐ-ĐC-" + unit.upper(), unit, d(90))
            self._milestone(case_id, "dismissal", dismissal)
            self._after_dismissal(mine, unit, d(100))
            return
        if age <= 150 or not self._transfer(case_id, mine, g.doc("investigation_conclusion", "{n}/KLĐT-" + unit.upper(),
                                                                 unit, d(120)), "vks", d(120)):
            return
        if age <= 270 or not self._transfer(case_id, mine, g.doc("indictment", "{n}/CT-VKS", "vks", d(240)), "ta",
                                            d(240)):
            return
        # TT 04/2023/TT-BTP Điều 10: the VKS's decision hands the evidence to THADS
        if not self._transfer(case_id, mine, g.doc("transfer_decision", "{n}/QĐ-CGVC-VKS", "vks", d(245)), "thads",
                              d(245)):
            return
        if age <= 400 or (age > 640 and g.once("thads_backlog")):
            return  # the oldest such case: THADS has held its items over a year, no judgment yet (TT 01/2017 Điều 13.2)
        judgment = g.doc("judgment", "{n}/{year}/HS-ST", "ta", d(330))
        self._milestone(case_id, "first_instance_judgment", judgment)
        if rng.random() < 0.2:  # kháng cáo: the appeal judgment takes effect when pronounced (Điều 343, 355)
            judgment = g.doc("appeal_judgment", "{n}/{year}/HS-PT", "ta", d(360))
            self._milestone(case_id, "appeal_judgment", judgment)
            self._milestone(case_id, "judgment_effective", judgment, d(360))
        else:  # no appeal within 15 days (Điều 333)
            self._milestone(case_id, "judgment_effective", judgment, d(346))
        enforcement = g.doc("enforcement_decision", "{n}/QĐ-THADS", "thads", d(370))
        self._milestone(case_id, "enforcement_decision", enforcement)
        if age > 430 and rng.random() < 0.85:
            self._final_disposal(mine, d(400), enforcement)

    # ---- workflows -----------------------------------------------------------------------------
    def _held(self, mine, states=("in_storage",), day: date | None = None) -> list[str]:
        """Items in those states, not in a pending proposal and — with ``day`` — with no act after that day: the
        workflows run one after another, not in date order, and an act cannot be dated before the item's previous
        act (domain.chronology.check_sequence; HANDS-ON 30)."""
        return [c for c, v in mine.items() if v["state"] in states and c not in self.pending
                and (day is None or v.get("last", date.min) <= day)]

    def _acted(self, codes, day: date) -> None:
        for code in codes:
            v = self.items[code]
            v["last"] = max(v.get("last", date.min), day)

    def _milestone(self, case_id, kind, doc, on=None) -> None:
        self.g.milestone(milestones.RecordMilestone(case_id, kind, doc,
                                                    occurred_on=min(on, self.g.today) if on else None))

    def _set(self, code: str, state: str) -> None:
        v = self.items[code]
        if v["state"] == "in_storage":
            self.g.vacate(v["loc"])
        v["state"] = state

    def _deposit(self, mine, unit, day) -> None:
        by_keeper: dict[str, list[str]] = {}
        for code in self._held(mine, day=day):
            keeper = CATEGORIES[mine[code]["cat"]].deposit_to
            if keeper is not None and self.g.rng.random() < 0.9:
                by_keeper.setdefault(keeper.value, []).append(code)
        for keeper, codes in by_keeper.items():
            agency = KEEPERS[keeper]
            cmd = commands.DepositItems(tuple(codes), self.g.w.agencies[agency],
                                 self.g.doc("deposit_decision", "{n}/QĐ-" + unit.upper(), unit, day),
                                 receiver=vocab.gendered(PersonInput(
                                     full_name=vocab.person_name(self.g.rng), position="Cán bộ tiếp nhận",
                                     agency_id=self.g.w.agencies[agency], letter_number=f"{self.g.next('ggt')}/GGT")),
                                 account="3949.0.1055000" if keeper == "treasury" else "", occurred_at=self.g.at(day),
                                 seal_states={c: "intact" for c in codes})  # the clerk looked at each seal
            self.g.call_out(self.g.clerk, custody.deposit_items, cmd)
            self._acted(codes, day)
            for code in codes:
                self._set(code, "deposited")

    def _entrust(self, mine, unit, day, age) -> None:
        # bulky items and vehicles; explosives (pháo nổ) never leave for a custodian (vocab.EXPLOSIVE_NAMES)
        codes = [c for c in self._held(mine, day=day) if mine[c]["cat"] in ("motorbike", "car", "goods")
                 and mine[c]["name"] not in vocab.EXPLOSIVE_NAMES][:3]
        if not codes:
            return
        owner = mine[codes[0]]
        kind = self.g.rng.choice(("owner", "commune", "rented_storage"))
        if kind == "owner" and not owner["owner"]:
            kind = "commune"
        who = (vocab.gendered(PersonInput(full_name=owner["owner"], id_number=owner["owner_id"], address="Hà Nội"))
               if kind == "owner" else vocab.gendered(PersonInput(
                   full_name=vocab.person_name(self.g.rng),
                   position="Cán bộ UBND phường" if kind == "commune" else "Chủ kho thuê",
                   address=f"Phường {self.g.rng.choice(vocab.WARDS)}, Hà Nội")))
        cmd = commands.EntrustItems(tuple(codes), who, kind, self.g.doc("entrust_decision", "{n}/QĐ-" + unit.upper(), unit, day),
                             occurred_at=self.g.at(day), seal_states={c: "intact" for c in codes})  # the clerk looked
        self.g.call_out(self.g.clerk, custody.entrust_items, cmd)
        self._acted(codes, day)
        for code in codes:
            self._set(code, "entrusted")
        for month in range(1, min(3, (age - 5) // 30) + 1):
            # TT 01/2017/TT-BTP Điều 12: kế toán, thủ kho (the clerk recording it), Thủ trưởng, the custodian —
            # persons, each in his own role (the custodian, from the entrusting record, is not named again)
            check = commands.CheckEntrusted(tuple(codes), "intact",
                                            accountant=replace(ACCOUNTANT, agency_id=self.g.w.agencies["pc10"]),
                                            head=PersonInput(id=self.g.w.persons["lanhdao"]),
                                            occurred_at=self.g.at(day + timedelta(days=30 * month)),
                                            seal_states={c: "intact" for c in codes})  # as found at the check
            self.g.call(self.g.clerk, custody.check_entrusted, check)
            self._acted(codes, day + timedelta(days=30 * month))
        if age > 120 and self.g.rng.random() < 0.25:
            self._recall(codes, unit, day + timedelta(days=100), who)

    def _recall(self, codes, unit, day, custodian: PersonInput) -> None:
        locs = [self.g.place(self.items[c]["cat"]) for c in codes]
        if not all(locs) or len(set(locs)) != 1:
            for loc in locs:
                self.g.vacate(loc)
            return
        cmd = commands.RecallItems(tuple(codes), self.g.doc("intake_order", "{n}/LNK-" + unit.upper(), unit, day), locs[0],
                            giver=custodian, occurred_at=self.g.at(day), seal_states={c: "intact" for c in codes})
        self.g.call(self.g.clerk, custody.recall_items, cmd)
        self._acted(codes, day)
        for code in codes:
            self.items[code].update(state="in_storage", loc=locs[0])

    def _release(self, mine, unit, day, overdue: bool) -> None:
        codes = [c for c in self._held(mine, day=day) if mine[c]["loc"]][:self.g.rng.randint(1, 2)]
        if not codes:
            return
        purpose = self.g.rng.choice(("examination", "examination", "valuation", "reconstruction"))
        due = day + timedelta(days=self.g.rng.randint(7, 21))
        examiner = PersonInput(full_name=vocab.person_name(self.g.rng), rank="Thiếu tá", position="Giám định viên",
                               agency_id=self.g.w.agencies["ca"], id_number=vocab.id_number(self.g.rng),
                               letter_number=f"{self.g.next('letter')}/GGT-PC09")  # ND 142/2024 Art 14
        examiner = vocab.gendered(examiner)
        cmd = commands.ReleaseItems(tuple(codes), self.g.doc("release_order", "{n}/LXK-" + unit.upper(), unit, day), purpose,
                             examiner, due, receiver_agency_id=self.g.w.agencies["ca"], occurred_at=self.g.at(day),
                             seal_states={c: "intact" for c in codes})  # the clerk looked at each seal as it left
        self.g.call_out(self.g.clerk, release.release_items, cmd)  # the commander approves, the items leave
        self._acted(codes, day)
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
            reseal = commands.Reseal(f"{self.g.next('seal'):06d}/NP-PC10", reason="Mở niêm phong để giám định",
                                     sealed_by=(examiner.full_name,), witnesses=("Nguyễn Thị Lan",))
        cmd = commands.ReturnItems(tuple(codes), loc, examiner, seal_intact=None if reseal else True, reseal=reseal,
                            condition="Nguyên trạng sau giám định", occurred_at=self.g.at(day))  # the clerk looked
        self.g.call(self.g.clerk, release.return_items, cmd)
        self._acted(codes, day)
        for code in codes:
            self.items[code]["state"] = "in_storage"
            self.g.free[loc] -= 1

    def _transfer(self, case_id, mine, decision, target, day) -> bool:
        held = [c for c, v in mine.items() if v["state"] in ("in_storage", "out_temporary", "deposited", "entrusted",
                                                               "lost_or_damaged") and v.get("last", date.min) <= day]
        if not held or self.held_for_disposal & set(held):  # the approved act comes first (issue #12)
            return False
        move_out = target == "thads" and all(mine[c]["state"] == "in_storage" for c in held) and not (
            self.pending & set(mine)) and (self.g.once("transferred_out") or self.g.rng.random() < 0.04)
        officer = self.g.rng.choice(self.g.officers[target])  # the new case officer receives (a person signs)
        # the outgoing agency (the decision's issuer: the investigating unit, then the VKS) gives, by one of its
        # officers — never the police investigator for a VKS → TA transfer (HANDS-ON 41); no draw from the rng
        origin = next((k for k, v in self.g.w.agencies.items() if v == decision.issuing_agency_id), "")
        givers = self.g.officers.get(origin) or []
        giver = PersonInput(id=givers[case_id % len(givers)]) if givers else None
        cmd = commands.TransferResponsibility(decision, self.g.w.agencies[target], case_id=case_id, giver=giver,
                                       receiver=PersonInput(id=officer), officer_id=officer, move_out=move_out,
                                       keeper=PersonInput(id=self.g.w.persons["thukho"]),
                                       occurred_at=self.g.at(day),
                                       # the demo storekeeper looks at each seal as the items leave: whole
                                       seal_states={c: "intact" for c in mine} if move_out else {})
        ch = self.g.call_out(self.g.clerk, transfer.transfer_responsibility, cmd)
        self._acted(held, day)
        if ch.extra.get("acceptance") == "pending":  # the receiving agency's seat accepts it the same day
            # the named receiver accepts when he has a seat, else the agency's clerk or officer on duty
            with UnitOfWork(self.g.db, self.g.seat_actors.get(officer, self.g.acceptors[target])) as uow:
                # never before the act it accepts was prepared (its items' removal_prepared events)
                acceptance.accept_handover(uow, ch.handover_number, officer_id=officer,
                                           occurred_at=max(cmd.occurred_at, self.g.at(day)))
        if move_out:
            for code in held:
                self._set(code, "transferred_out")
        return not move_out

    def _incident(self, mine, day, age) -> None:
        held = self._held(mine, day=day)
        if not held:
            return
        code = held[-1]
        # lost, damaged (a condition), lost again: one lost item is found later, the other stays lost
        kind = ("lost", "damaged", "lost")[len(self.lost)] if len(self.lost) < 3 else self.g.rng.choice(("lost", "damaged"))
        report = self.g.doc("incident_report", "{n}/BB-SC", "pc10", day)
        cmd = commands.RecordIncident((code,), kind, report, "Phát hiện khi kiểm kê định kỳ", occurred_at=self.g.at(day))
        self.g.call(self.g.clerk, incidents.record_incident, cmd)
        self._acted([code], day)
        if kind == "lost":  # "damaged" is a condition: the item stays where it is
            self._set(code, "lost_or_damaged")
        self.lost.append((code, kind))

    def _correction(self, mine) -> None:
        """A characteristic left out at intake, corrected today: after every act of the built history, so the
        item's timeline reads in ledger order (issue 17)."""
        self.to_correct.append(next(iter(mine)))

    def corrections(self) -> None:
        for code in self.to_correct:
            self._correct(code)

    def _correct(self, code: str) -> None:
        with UnitOfWork(self.g.db, self.g.clerk, write=False) as uow:
            item = queries.item_by_code(uow, code, events=None)
        cmd = commands.RecordCorrection(item.events[0].seq, {"characteristics": item.characteristics + "; màu "
                                                      + self.g.rng.choice(vocab.COLORS)}, "Ghi thiếu đặc điểm khi nhập kho")
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
        cmd = commands.RecordFound((code,), self.g.doc("incident_report", "{n}/BB-SC", "pc10", found_on), loc,
                            "Tìm thấy tại khu vực kho tạm", occurred_at=self.g.at(found_on))
        self.g.call(self.g.clerk, incidents.record_found, cmd)
        self.items[code].update(state="in_storage", loc=loc)
