"""What happens to a received item in the bulk demo, one event at a time, following domain.states:
moves, seals, temporary release and return, transfer of responsibility, deposit and recall, labels,
disposal. Each method appends one event whose ``set`` is replayed by services.verify."""

from __future__ import annotations

from datetime import datetime, timedelta
from json.encoder import encode_basestring as js

from ..domain import categories
from ..domain.milestones import APPEAL_FLOOR_DAYS
from . import bulk_vocab

IN, OUT, DEP = "in_storage", "out_temporary", "deposited"
S, LOC, SEALED, SEAL, HOLDER, RESP, DUE, REM, COUNT, LAST, CAT, CASE, FINAL, LABELS, QTY, COND = range(16)
STAGE_AGENCY = ("", "vks", "ta", "thads")
DOC_NUMBERS = {"release_order": "{n}/LXK-{short}", "transfer_decision": "{n}/QĐ-CGVC",
               "deposit_decision": "{n}/QĐ-GVC", "judgment": "{n}/{year}/HS-ST", "disposal_decision": "{n}/QĐ-XLVC",
               "intake_order": "{n}/LNK-NL-{short}", "sale_decision": "{n}/QĐ-BVC-{short}"}  # NL: nhập lại
OUTCOME_HOLDER = {"returned": "Chủ sở hữu hợp pháp", "confiscated": "Sở Tài chính Hà Nội", "destroyed": "",
                  "sold": "Trung tâm Dịch vụ đấu giá tài sản Hà Nội", "handed_to_specialist": "Chi cục Kiểm lâm Hà Nội"}
CONFISCATION_HOLDER = {"military_weapon": "Bộ Tư lệnh Thủ đô Hà Nội", "cash_vnd": "Kho bạc Nhà nước khu vực I",
                       "foreign_cash": "Kho bạc Nhà nước khu vực I"}
UNSEAL_REASONS = (js("Giám định"), js("Kiểm tra định kỳ"), js("Đối chất"))
_OUTCOMES = {c: sorted(s.value for s in cat.outcomes) for c, cat in categories.CATEGORIES.items()}
_SEALABLE = {c for c, cat in categories.CATEGORIES.items() if cat.sealable}
_DEPOSIT = {c for c, cat in categories.CATEGORIES.items() if cat.deposit_to is not None}
_EARLY_SALE = frozenset({"perishable"})  # Điều 106.3.c: the authority table's default


class Actions:
    """Mixed into bulk_sim.Simulation (which provides r, ref, st, day, today, event, buf, ...)."""

    def _step(self, j: int) -> None:
        s = self.st[j]
        item_id, state = self.first_item + j, s[S]
        s[REM] -= 1
        if state == IN:
            if s[LOC] is None:
                self._move(s, item_id)
            elif s[REM] == 0 and s[FINAL]:
                (self._transfer_out if self.rnd() < 0.1 else self._dispose)(s, item_id)
            else:
                x = self.rnd()
                if x < 0.26:
                    self._move(s, item_id)
                elif x < 0.50 and s[CAT] in _SEALABLE:
                    self._seal(s, item_id)
                elif x < 0.62:
                    self._release(j, s, item_id)
                elif x < 0.72 and self._stage(s) < 3:
                    self._transfer(s, item_id)
                elif x < 0.80 and s[CAT] in _DEPOSIT:
                    self._deposit(s, item_id)
                else:
                    self._label(s, item_id)
        elif state == OUT:
            self._return(j, s, item_id)
        elif state == DEP:
            (self._dispose if s[REM] == 0 and s[FINAL] else self._recall)(s, item_id)
        self._schedule(j, s)

    # --- places and documents ------------------------------------------------------------------------
    def _place(self, cat: str) -> int:
        ref = self.ref
        pool = ref.pools[ref.cat_kind[cat]]
        n = len(pool)
        start = int(self.rnd() * n)
        for t in range(min(n, 64)):
            idx = pool[(start + t) % n]
            cap = ref.loc_cap[idx]
            if cap is None or ref.occ[idx] < cap:
                break
        else:
            idx = pool[start]
        ref.occ[idx] += 1
        return idx

    def _leave(self, s) -> None:
        if s[LOC] is not None:
            self.ref.occ[s[LOC]] -= 1
            s[LOC] = None

    def _doc(self, s, kind: str, agency: int, key=None) -> tuple[int, str]:
        k = (s[CASE], kind, key)
        found = self.case_docs.get(k)
        if found is None:
            doc_id = self.next_id("documents")
            number = DOC_NUMBERS[kind].format(n=self.count("doc:" + kind), short=self.ref.short[agency],
                                              year=self.today.year)
            found = self.case_docs[k] = (doc_id, number)
            self.buf["documents"].append((doc_id, kind, number, self.today.isoformat(), agency, "Nguyễn Văn Sơn",
                                          "Phó Thủ trưởng", s[CASE] + self.ref.first_case, "",
                                          self.today.isoformat() + " 02:00:00.000000"))
        return found

    def _stage(self, s) -> int:
        return self.ref.stage_of.get(s[RESP], 0)

    def _holder(self, s) -> tuple[int, int]:
        """(case stage, the agency competent for orders at it): the investigating body, VKS, court, THADS."""
        cs = self.case_stage[s[CASE]]
        return cs, self.case_agency[s[CASE]] if cs == 0 else self.ref.agency[STAGE_AGENCY[cs]]

    def _advance(self, case: int, stage: int) -> None:
        """The case moves on by its milestones in legal order (domain/milestones.py): kết luận điều tra →
        cáo trạng → the VKS's evidence transfer, the judgment, its effect and the QĐ THA."""
        ref, day, m = self.ref, self.today, self._milestone
        if stage == 1:
            self.stage_doc[(case, 1)] = m(case, "investigation_conclusion", "investigation_conclusion",
                                          self.case_agency[case], day, 0, 1)
        elif stage == 2:
            self.stage_doc[(case, 2)] = m(case, "indictment", "indictment", ref.agency["vks"], day, 1, 2)
        else:  # TT 04/2023/TT-BTP Điều 10; BLTTHS Điều 260, 343; Luật THADS Điều 36.2 — dated back from today: the
            # judgment takes effect no sooner than the shortest appeal period after it is pronounced (BLTTHS Điều 333,
            # 337, 343), the QĐ THA after the effect; none before the indictment (the caller checks there is room)
            indicted = self.stage_day.get(case, day - timedelta(days=30))
            judged = min(max(indicted, day - timedelta(days=30)), day - timedelta(days=APPEAL_FLOOR_DAYS))
            effective = min(judged + timedelta(days=15), day)
            self.stage_doc[(case, 3)] = m(case, "evidence_transfer", "transfer_decision", ref.agency["vks"], indicted,
                                          2, 2)
            judgment = m(case, "first_instance_judgment", "judgment", ref.agency["ta"], judged, 2, 2)
            m(case, "judgment_effective", "judgment", ref.agency["ta"], effective, 2, 2, doc_id=judgment)
            self.stage_doc[(case, "tha")] = m(case, "enforcement_decision", "enforcement_decision",
                                              ref.agency["thads"], min(effective + timedelta(days=3), day), 2, 3)
        self.case_stage[case] = stage
        self.stage_day[case] = day

    def _judgment_can_have_taken_effect(self, case: int) -> bool:
        """A case indicted fewer days ago than the shortest appeal period has no judgment in force yet."""
        indicted = self.stage_day.get(case)
        return indicted is None or (self.today - indicted).days >= APPEAL_FLOOR_DAYS

    # --- inside the warehouse ------------------------------------------------------------------------------
    def _move(self, s, item_id: int) -> None:
        ref = self.ref
        prev = s[LOC]
        self._leave(s)
        s[LOC] = new = self._place(s[CAT])
        self.event(s, item_id, "move", '{"from":%s,"set":{"location_id":%d},"to_code":"%s"}' % (
            "null" if prev is None else ref.loc_id[prev], ref.loc_id[new], ref.loc_code[new]))

    def _seal(self, s, item_id: int) -> None:
        who = self.clerk_json + "," + self.pick(self.people)
        before = js(s[SEAL])
        if s[SEALED] and self.rnd() < 0.4:
            s[SEALED] = False
            self.event(s, item_id, "unseal", '{"participants":[%s],"previous_seal":%s,"reason":%s,'
                       '"set":{"sealed":false}}' % (who, before, self.pick(UNSEAL_REASONS)))
            return
        kind = "reseal" if s[SEALED] else "seal"
        s[SEALED], s[SEAL] = True, f"NP-{self.count('seal'):07d}"
        self.event(s, item_id, kind, '{"participants":[%s],"previous_seal":%s,"reason":"",'
                   '"set":{"seal_number":"%s","sealed":true}}' % (who, before, s[SEAL]))

    def _label(self, s, item_id: int) -> None:
        s[LABELS] += 1
        self.event(s, item_id, "label_printed", '{"copies":1,"copy":%d,"reprint":%d}' % (s[LABELS], s[LABELS] - 1))

    # --- movements -------------------------------------------------------------------------------------------
    def _release(self, j: int, s, item_id: int) -> None:
        """A tạm xuất as the services write it (services.release, services.release_approval): the clerk prepares
        it (release_prepared), the commander approves it and the item leaves (release_temporary, by him, naming
        both), on a complete phiếu tạm xuất record marked approved (ND 142/2024 Điều 4; LEGAL-RULES R22)."""
        ref = self.ref
        officer = self.pick(ref.officers)
        agency = ref.officer_agency[officer]
        holder = f"{ref.officer_name_of[officer]} ({ref.short[agency]})"
        due = (self.today + timedelta(days=self.pick((15, 30, 60)))).isoformat()
        cs, issuer = self._holder(s)
        doc, number = self._doc(s, "release_order", issuer, cs)
        purpose, seal_status = self.pick(bulk_vocab.RELEASE_PURPOSES), "intact" if s[SEALED] else "none"
        ho_id = self.next_id("handovers")
        ho_number = f"{self.count(f'bb:{self.today.year}')}/{self.today.year}/BB-GN"
        prepared = self.now()
        self.event(s, item_id, "release_prepared", '{"due_on":"%s","handover":%s,"order":%s,"prepared_by":"thukho",'
                   '"purpose":"%s"}' % (due, js(ho_number), js(number), purpose), doc, ho_id, prepared)
        approved = self.now()
        self._leave(s)
        s[S], s[HOLDER], s[DUE] = OUT, holder, due
        self.out_start[j] = self.today.isoformat()
        self.event(s, item_id, "release_temporary",
                   '{"approved_by":"lanhdao","handover":%s,"order":%s,"prepared_by":"thukho","purpose":"%s",'
                   '"receiver_agency_id":%d,"seal_status":"%s","set":{"due_back_on":"%s","holder":%s,'
                   '"location_id":null,"state":"out_temporary"},"transfer_decision":""}' % (
                       js(ho_number), js(number), purpose, agency, seal_status, s[DUE], js(holder)), doc, ho_id,
                   approved, boss=True)
        started = approved[:10] + " " + approved[11:26]
        ended = (datetime.fromisoformat(started) + timedelta(minutes=15)).isoformat(sep=" ")
        details = ('{"approved_at":"%s","approved_by":"lanhdao","approved_by_name":%s,"due_on":"%s",'
                   '"prepared_at":"%s","prepared_by":"thukho","purpose":"%s","purpose_note":""}' % (
                       approved[:26] + "+00:00", js(ref.boss_name), due, prepared[:26] + "+00:00", purpose))
        self.buf["handovers"].append((ho_id, ho_number, "release", started, ended, ref.address, doc, "",
                                      ref.clerk_person, officer, ref.wh_agency, agency, s[CASE] + ref.first_case,
                                      details, "", 2, "complete", ref.clerk_user, self.seq, "", "approved"))
        self.buf["handover_lines"].append((self.next_id("handover_lines"), ho_id, item_id, 1, s[QTY], s[COND],
                                           s[SEALED], s[SEAL], seal_status))
        for role, person, name in (("giver", ref.clerk_person, ref.clerk_name),
                                   ("receiver", officer, ref.officer_name_of[officer]),
                                   ("approver", ref.boss_person, ref.boss_name)):
            self.buf["signatures"].append((self.next_id("signatures"), ho_id, role, person, name, "signed_paper",
                                           None, "", "", ended))

    def _return(self, j: int, s, item_id: int) -> None:
        ref = self.ref
        self.out_start.pop(j, None)
        s[S], s[HOLDER], s[DUE] = IN, "", None
        s[LOC] = loc = self._place(s[CAT])
        seal, sealed_back = "", "intact" if s[SEALED] else "none"  # domain.lifecycle_rules.SEAL_STATES
        if s[CAT] in _SEALABLE:
            sealed_back = "resealed"
            s[SEALED], s[SEAL] = True, f"NP-{self.count('seal'):07d}"
            seal = '"seal_number":"%s","sealed":true,' % s[SEAL]
        self.event(s, item_id, "return", '{"seal_status":"%s","set":{"due_back_on":null,"holder":"","location_id":%d,'
                   '%s"state":"in_storage"},"to_code":"%s"}' % (sealed_back, ref.loc_id[loc],
                                                                 seal, ref.loc_code[loc]),
                   self._doc(s, "release_order", *reversed(self._holder(s)))[0])

    def _transfer(self, s, item_id: int) -> None:
        """To the body holding the case at its stage, on the milestone document that moved it there; the first
        item to go further moves the case on by its milestones (a transfer never skips the procuracy)."""
        ref = self.ref
        case, cs = s[CASE], self.case_stage[s[CASE]]
        if self._stage(s) < cs:
            stage = cs
        elif cs < 2 or (cs == 2 and self._judgment_can_have_taken_effect(case)):
            stage = cs + 1
            self._advance(case, stage)
        else:
            self._label(s, item_id)
            return
        old, new = s[RESP], ref.agency[STAGE_AGENCY[stage]]
        doc = self.stage_doc[(case, stage)]
        s[RESP] = new
        self.event(s, item_id, "transfer_responsibility",
                   '{"from_agency":%s,"from_agency_id":%d,"set":{"responsible_agency_id":%d},"to_agency":%s,'
                   '"to_agency_id":%d}' % (js(ref.short[old]), old, new, js(ref.short[new]), new), doc)

    def _deposit(self, s, item_id: int) -> None:
        ref = self.ref
        keeper = ref.agency[{categories.Keeper.TREASURY: "khobac", categories.Keeper.MILITARY: "quansu",
                             categories.Keeper.SPECIALISED: "chemlab"}[categories.CATEGORIES[s[CAT]].deposit_to]]
        doc = self._doc(s, "deposit_decision", *reversed(self._holder(s)))[0]
        # prepared by the clerk, carried out on the commander's approval (ND 142/2024 Điều 4; services.custody)
        self.event(s, item_id, "removal_prepared", '{"act":"deposit","keeper_agency_id":%d,"prepared_by":"thukho"}'
                   % keeper, doc)
        self._leave(s)
        s[S], s[HOLDER] = DEP, ref.agency_name[keeper]
        self.event(s, item_id, "deposit", '{"account":"","approved_by":"lanhdao","keeper_agency_id":%d,'
                   '"prepared_by":"thukho","set":{"holder":%s,"location_id":null,"state":"deposited"}}'
                   % (keeper, js(s[HOLDER])), doc, boss=True)

    def _recall(self, s, item_id: int) -> None:
        ref = self.ref
        s[S], s[HOLDER] = IN, ""
        s[LOC] = loc = self._place(s[CAT])
        self.event(s, item_id, "recall", '{"set":{"holder":"","location_id":%d,"state":"in_storage"},"to_code":"%s"}'
                   % (ref.loc_id[loc], ref.loc_code[loc]), self._doc(s, "intake_order", *reversed(self._holder(s)))[0])

    def _dispose(self, s, item_id: int) -> None:
        """BLTTHS Điều 106: after the judgment through THADS on its QĐ THA; before it only the 106.3 powers
        (perishables sold on the competent body's decision); the rest waits. Never from outside the warehouse."""
        cs, holder = self._holder(s)
        if s[S] != IN:
            self._recall(s, item_id)
            return
        if cs == 3:
            outcome = self.pick(_OUTCOMES[s[CAT]])
            doc = self.stage_doc[(s[CASE], "tha")]
        elif s[CAT] in _EARLY_SALE:
            outcome = "sold"
            doc = self._doc(s, "sale_decision", holder, cs)[0]
        else:
            self._label(s, item_id)
            return
        self._leave(s)
        holder = OUTCOME_HOLDER.get(outcome, "")
        if outcome == "confiscated":  # the receiver the category requires (Luật THADS Điều 124; ND 70/2013)
            holder = CONFISCATION_HOLDER.get(s[CAT], holder)
        s[S], s[HOLDER], s[DUE] = outcome, holder, None
        self.event(s, item_id, "dispose", '{"approved_by":"lanhdao","outcome":"%s","set":{"due_back_on":null,'
                   '"holder":%s,"location_id":null,"state":"%s"}}' % (outcome, js(s[HOLDER]), outcome), doc)

    def _transfer_out(self, s, item_id: int) -> None:
        """Physically to the THADS warehouse on the VKS's evidence-transfer decision (TT 04/2023/TT-BTP Điều 10)."""
        if self.case_stage[s[CASE]] < 3:
            self._dispose(s, item_id)
            return
        doc, thads = self.stage_doc[(s[CASE], 3)], self.ref.agency["thads"]
        # prepared, then approved by the commander before it leaves (ND 142/2024 Điều 4; services.transfer)
        self.event(s, item_id, "removal_prepared", '{"act":"transfer_out","prepared_by":"thukho","to_agency_id":%d}'
                   % thads, doc)
        self._leave(s)
        s[S], s[HOLDER], s[DUE] = "transferred_out", "Kho vật chứng Cục Thi hành án dân sự thành phố Hà Nội", None
        self.event(s, item_id, "transfer_out", '{"approved_by":"lanhdao","prepared_by":"thukho","set":{"due_back_on":'
                   'null,"holder":%s,"location_id":null,"state":"transferred_out"}}' % js(s[HOLDER]), doc, boss=True)
