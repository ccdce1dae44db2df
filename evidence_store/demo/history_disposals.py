"""The disposals of a demo case's later life: early (perishable, wildlife), after a dismissal, and the final one
by the competent body with the deposited items recalled first; proposed by the officer, approved by the commander
and carried out with the persons of the act. A mixin of demo.history.History."""

from __future__ import annotations

from datetime import timedelta

from ..domain.categories import CATEGORIES
from ..services import custody, disposal, disposal_carry_out
from ..services import commands
from ..services.commands import DocumentInput, PersonInput
from ..services.context import UnitOfWork
from . import vocab

RECEIVER = {"military_weapon": "quansu", "cash_vnd": "khobac", "foreign_cash": "khobac"}  # else Sở Tài chính

RETURNABLE = frozenset({"phone", "motorbike", "car", "papers", "electronics", "gold", "cash_vnd", "foreign_cash",
                        "goods", "other"})

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


class DisposalHistory:
    """History supplies ``g`` (the generator), ``items``, ``pending``, ``held_for_disposal``, ``_held``, ``_acted``
    and ``_set``."""

    def _early_disposal(self, mine, unit, day) -> None:
        """Điều 106.3 BLTTHS during investigation: sell perishables, hand wildlife over, return phones."""
        groups = {"sold": [c for c in self._held(mine, day=day) if mine[c]["cat"] == "perishable"],
                  "handed_to_specialist": [c for c in self._held(mine, day=day) if mine[c]["cat"] == "wildlife"],
                  "returned": [c for c in self._held(mine, day=day) if mine[c]["cat"] == "phone" and mine[c]["owner"]
                               and self.g.rng.random() < 0.2]}
        kinds = {"sold": ("sale_decision", "{n}/QĐ-BVC-"), "handed_to_specialist": ("disposal_decision", "{n}/QĐ-XLVC-"),
                 "returned": ("disposal_decision", "{n}/QĐ-XLVC-")}
        for outcome, codes in groups.items():
            if codes:
                kind, fmt = kinds[outcome]
                exam = None
                if outcome == "handed_to_specialist":  # Điều 106.3.d: right after the kết luận giám định
                    exam = self.g.doc("examination_conclusion", "{n}/KLGĐ-PC09", "pc09", day - timedelta(days=5))
                self._dispose(codes, outcome, self.g.doc(kind, fmt + unit.upper(), unit, day), day, examination=exam)

    def _after_dismissal(self, mine, unit, day) -> None:
        """Điều 106.1.a: the investigating body that dropped the case decides: return what is returnable to the
        owner, destroy the rest."""
        decision = self.g.doc("disposal_decision", "{n}/QĐ-XLVC-" + unit.upper(), unit, day)
        groups: dict[str, list[str]] = {}
        for code in self._held(mine, ("in_storage", "entrusted"), day=day):
            cat = mine[code]["cat"]
            outcome = "returned" if cat in RETURNABLE and mine[code]["owner"] else (
                "destroyed" if "destroyed" in {o.value for o in CATEGORIES[cat].outcomes} else None)
            if outcome:
                groups.setdefault(outcome, []).append(code)
        for outcome, codes in groups.items():
            if outcome == "returned":  # each owner receives their own items
                by_owner: dict[tuple, list[str]] = {}
                for code in codes:
                    by_owner.setdefault((mine[code]["owner"], mine[code]["owner_id"]), []).append(code)
                for group in by_owner.values():
                    self._dispose(group, outcome, decision, day)
            else:
                self._dispose(codes, outcome, decision, day, council_issuer=unit)

    def _final_disposal(self, mine, day, enforcement) -> None:
        """Luật THADS Điều 36.2, 124–126: through THADS on the QĐ THA."""
        self._recall_deposited(mine, day - timedelta(days=5))
        groups: dict[tuple, list[str]] = {}
        for code in self._held(mine, ("in_storage", "entrusted"), day=day):
            cat = mine[code]["cat"]
            outcome = FINAL_OUTCOME[cat]
            if outcome == "returned" and not mine[code]["owner"]:  # nobody to return it to: confiscated
                outcome = "confiscated"
            if cat == "cash_vnd" and mine[code]["owner"] and self.g.once("unclaimed_cash"):  # Luật THADS Điều 126
                self._unclaimed_savings(code, enforcement, day)  # returned, but the owner never comes
                continue
            key = (outcome, RECEIVER.get(cat, "taichinh") if outcome == "confiscated" else
                   (mine[code]["owner"], mine[code]["owner_id"]) if outcome == "returned" else "")
            groups.setdefault(key, []).append(code)
        for (outcome, receiver), codes in groups.items():
            self._dispose(codes, outcome, enforcement, day, council_issuer="thads", receiver=receiver)

    def _unclaimed_savings(self, code, decision, day) -> None:
        """One cash item's return to its owner, approved and notified — nobody comes: 25 days later THADS puts the
        money on a non-term savings deposit (Luật THADS Điều 126), the storekeeper handing it to the bank."""
        import json

        from ..domain.unclaimed import recorded_total
        from ..services import persistence, unclaimed
        from datetime import datetime, time

        from .vocab import HANOI_UTC_OFFSET
        g, owner = self.g, self.items[code]

        def at(d, hour):  # no draw from the generator: the rest of the demo stays as it was
            return min(datetime.combine(d, time(hour)) - HANOI_UTC_OFFSET, g.latest)
        ward = vocab.WARDS[int(owner["owner_id"][-3:]) % len(vocab.WARDS)]
        qd_tl = DocumentInput("return_decision", f"{g.next('return_decision')}/QĐ-TL", day - timedelta(days=1),
                              g.w.agencies["thads"], "Trần Quốc Bảo", "Thủ trưởng")
        ch = g.call(g.clerk, disposal.propose_disposal, commands.ProposeDisposal(
            (code,), "returned", decision, occurred_at=at(day, 15), notice_on=day, return_decision=qd_tl, recipient=vocab.gendered(PersonInput(
                full_name=owner["owner"], id_number=owner["owner_id"], address=f"Phường {ward}, Hà Nội"))))
        g.call(g.boss, disposal.approve_disposal, commands.DecideDisposal(ch.handover_number,
                                                                          occurred_at=at(day + timedelta(days=1), 9)))
        with UnitOfWork(g.db, g.clerk, write=False) as uow:
            item = persistence.item_by_code(uow.session, code, for_update=False)
            total = recorded_total(json.loads(item.attributes or "{}")) or int(item.quantity)
        start = at(day + timedelta(days=25), 9)
        g.call(g.clerk, unclaimed.deposit_savings, commands.DepositSavings(
            code, "Ngân hàng TMCP Ngoại thương Việt Nam", "Chi nhánh Hà Nội", f"0011.00{g.next('savings'):06d}", total,
            PersonInput(full_name="Lê Thị Ngân", position="Giao dịch viên", id_number="001192003344", gender="female"),
            start, start + timedelta(minutes=35), keeper=PersonInput(id=g.w.persons["thukho"]),
            seal_states={code: "intact"}))  # the demo storekeeper finds the seal whole as the money leaves
        self._acted((code,), day + timedelta(days=25))
        self._set(code, "savings")

    def _recall_deposited(self, mine, day) -> None:
        """Deposited cash comes back from the treasury before THADS disposes of it from the warehouse."""
        codes = [c for c in self._held(mine, ("deposited",), day=day) if mine[c]["cat"] in ("cash_vnd", "foreign_cash")]
        locs = [self.g.place(self.items[c]["cat"]) for c in codes]
        if not codes or not all(locs) or len(set(locs)) != 1:
            for loc in locs:
                self.g.vacate(loc)
            return
        giver = vocab.gendered(PersonInput(full_name=vocab.person_name(self.g.rng), position="Cán bộ Kho bạc",
                                       agency_id=self.g.w.agencies["khobac"], id_number=vocab.id_number(self.g.rng)))
        cmd = commands.RecallItems(tuple(codes), self.g.doc("intake_order", "{n}/LNK-THADS", "thads", day), locs[0],
                            giver=giver, occurred_at=self.g.at(day), seal_states={c: "intact" for c in codes})
        self.g.call(self.g.clerk, custody.recall_items, cmd)
        self._acted(codes, day)
        for code in codes:
            self.items[code].update(state="in_storage", loc=locs[0])

    def _dispose(self, codes, outcome, decision, day, council_issuer: str = "", receiver="", examination=None) -> None:
        g = self.g
        first = self.items[codes[0]]
        extra = {}
        if outcome == "returned":
            # the owner's address is printed on the return (LEGAL-RULES R24): one of the wards, from his card number
            # (no draw from the generator: the rest of the demo stays as it was)
            ward = vocab.WARDS[int(first["owner_id"][-3:]) % len(vocab.WARDS)]
            extra = dict(recipient=vocab.gendered(PersonInput(full_name=first["owner"], id_number=first["owner_id"],
                                                              address=f"Phường {ward}, Hà Nội")),
                         receipt="Đã nhận đủ, không có ý kiến", notice_on=day)
            if g.once("authorised_return"):  # a relative comes with the owner's giấy ủy quyền (Điều 106.3.a BLTTHS)
                wife = f"{first['owner'].split()[0]} Thị Hoa"
                extra["recipient"] = PersonInput(full_name=wife, id_number="001" + first["owner_id"][3:][::-1],
                                                 address="Hà Nội", gender="female")
                extra["authorisation"] = DocumentInput("authorisation", f"{g.next('guq')}/GUQ",
                                                       day - timedelta(days=2), signer_name=first["owner"],
                                                       summary=f"{first['owner']} ủy quyền cho {wife} nhận lại tài sản")
        elif outcome in ("confiscated", "handed_to_specialist"):
            key = (receiver or "taichinh") if outcome == "confiscated" else "specialist"
            extra = dict(receiving_agency_id=g.w.agencies[key], examination="Kết luận giám định số 1234/KL-KTHS",
                         examination_conclusion=examination)
        elif outcome == "destroyed":
            issuer = council_issuer or "thads"
            extra = dict(council_decision=g.doc("council_decision", "{n}/QĐ-HĐTH", issuer, day + timedelta(days=2)),
                         council_members=(vocab.person_name(g.rng) + ", Cán bộ kỹ thuật",),
                         supervisor="Lê Thu Hà", method="Đốt, đập vỡ tại lò đốt rác thải", witnesses=())
            if issuer == "thads":  # Luật THADS Điều 125: Chấp hành viên chairs, finance sits, VKS supervises
                extra |= dict(council_chair=vocab.person_name(g.rng), council_finance_agency_id=g.w.agencies["taichinh"],
                              council_finance_member=vocab.person_name(g.rng), supervisor_agency_id=g.w.agencies["vks"])
            day = day + timedelta(days=3)
        elif outcome == "sold":
            extra = dict(proceeds=float(g.rng.randint(5, 200) * 1_000_000), holding_account="3949.0.1055000 KBNN KV I",
                         buyer="Công ty TNHH Thực phẩm Hà Nội")
        cmd = commands.ProposeDisposal(tuple(codes), outcome, decision, occurred_at=g.at(day), **extra)
        ch = g.call(g.clerk, disposal.propose_disposal, cmd)
        if g.once("pending_disposal"):
            self.pending.update(codes)
            return
        if g.once("rejected_disposal"):
            g.call(g.boss, disposal.reject_disposal, commands.DecideDisposal(ch.handover_number, "Cần bổ sung kết luận giám định",
                                                                      occurred_at=g.at(day + timedelta(days=2))))
            return
        g.call(g.boss, disposal.approve_disposal, commands.DecideDisposal(ch.handover_number,
                                                                   occurred_at=g.at(day + timedelta(days=3))))
        if outcome == "destroyed" and g.once("approved_not_carried_out"):  # one approved destruction waits for
            self.pending.update(codes)  # its act: the items stay in the warehouse, in their state, until then
            self.held_for_disposal.update(codes)  # nor do they pass to another agency (domain.moves)
            return
        start = g.at(day + timedelta(days=5))
        minutes = 40 + (len(codes) * 17 + len(ch.handover_number) * 7) % 110  # not from g.rng: keep its draws
        end = max(start, min(start + timedelta(minutes=minutes), g.latest))
        receiver = None
        if outcome in ("confiscated", "handed_to_specialist", "sold"):
            agency = {"confiscated": "taichinh", "handed_to_specialist": "specialist"}.get(outcome)
            receiver = vocab.gendered(PersonInput(full_name=RECEIVERS[outcome], position=RECEIVER_POSITIONS[outcome],
                                              agency_id=g.w.agencies[agency] if agency else None,
                                              id_number=f"0010{g.next('receiver_id'):08d}",
                                              letter_number=f"{g.next('ggt')}/GGT" if agency else ""))
        absent = ()
        with UnitOfWork(g.db, g.clerk, write=False) as uow:
            form = disposal_carry_out.carry_out_form(uow, ch.handover_number)
        if outcome == "destroyed" and g.once("council_member_absent"):  # an ordinary member may be absent (Luật
            absent = tuple(c.slot_id for c in form.council if c.role == "member")[:1]  # THADS Điều 125: not the
            #                                                                            chair, finance or the VKS)
        g.call(g.clerk, disposal_carry_out.carry_out_disposal, commands.CarryOutDisposal(
            ch.handover_number, start, end, PLACES.get(outcome, ""), keeper=PersonInput(id=g.w.persons["thukho"]),
            receiver=receiver, absent_members=absent,
            seal_states={code: "intact" for code, _name, _seal in form.seals}))  # the clerk checked each seal
        self._acted(codes, day + timedelta(days=5))
        for code in codes:
            self._set(code, outcome)
