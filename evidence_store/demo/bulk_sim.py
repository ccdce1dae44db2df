"""The bulk demo's simulation: cases arrive day by day, their items are received (biên bản giao nhận +
one ``receive`` event each) and then live a history that follows domain.states (moves, seals, temporary
release and return, transfer of responsibility, deposit and recall, labels, disposal).

Each event is written as its exact canonical line in domain.ledger's form (header + "\\n" + data); the hash
chain and the ledger rows are made from those lines on a second process (demo/bulk_chain.py). Payloads are
built from templates (self-checked against ``ledger.dump_data``) because json.dumps per event is too slow
at ten million events. Rows are buffered and handed to ``sink(table, rows)`` (``custody_events``: the lines).
A handover's ``ledger_hash`` is left empty here and filled from the ledger afterwards (demo/bulk.py)."""

from __future__ import annotations

import json
import random
from bisect import bisect
from itertools import accumulate
from datetime import date, datetime, timedelta
from json.encoder import encode_basestring as js  # json.dumps(str, ensure_ascii=False), in C

from ..domain import categories
from ..domain import codes
from ..domain import ledger
from ..domain.text import fold, sort_key
from . import bulk_vocab
from .bulk_actions import Actions

IN, OUT, DEP = "in_storage", "out_temporary", "deposited"
S, LOC, SEALED, SEAL, HOLDER, RESP, DUE, REM, COUNT, LAST, CAT, CASE, FINAL, LABELS, QTY, COND = range(16)
STAGES = ("investigation", "prosecution", "trial", "enforcement")
SUFFIX_AGENCY = {"CSHS": "pc02", "CSMT": "pc04", "CSKT": "pc03", "CSGT": "cqdt"}
STAGE_AGENCY = ("", "vks", "ta", "thads")
STAGES_ALL = ("investigation", "prosecution", "trial", "enforcement")
MILESTONE_SUFFIX = {"case_opening": "QĐ-KTVA", "investigation_conclusion": "KLĐT", "indictment": "CT",
                    "transfer_decision": "QĐ-CGVC", "judgment": "HS-ST", "enforcement_decision": "QĐ-THA"}
_HMS = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]
_FOLD: dict[str, str] = {}
_LIVE = frozenset((IN, OUT, DEP))
# json.dumps builds an encoder per call when given options; one each, made once, writes the same bytes
_ATTRIBUTES_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode  # as the services store attributes
_DATA_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode  # dump_data
# the weighted draws as random.choices makes them (cumulated weights, one random() each), cumulated once
_OFFENCES = (bulk_vocab.OFFENCES, list(accumulate(bulk_vocab.OFFENCE_WEIGHTS)))
_CATEGORIES = {id(cats): ([c for c, _ in cats], list(accumulate(w for _, w in cats))) for _o, _s, cats in
               bulk_vocab.OFFENCES}


def folded(text: str) -> str:
    out = _FOLD.get(text)
    if out is None:
        out = text.lower() if text.isascii() else fold(text)
        if len(_FOLD) < 200_000:
            _FOLD[text] = out
    return out


class Simulation(Actions):
    def __init__(self, ref, n_items: int, k: int, seed: int, sink, progress=None, start=date(2023, 1, 2),
                 end=date(2026, 11, 27)):
        self.ref, self.n, self.k, self.sink, self.progress = ref, n_items, max(1, k), sink, progress
        self.r = random.Random(seed)
        self.pick = lambda seq: seq[int(self.rnd() * len(seq))]
        self.start, self.days = start, (end - start).days
        self.step = max(1, min(600, int(36_000 * self.days / max(1, n_items * self.k))))
        self.seq = 0
        self.ids = dict(ref.next_ids)  # table → next id
        self.ws = js(ref.workstation)
        self.tail = "," + str(ref.clerk_user) + "," + self.ws + ","
        self.boss_tail = "," + str(ref.boss_user) + "," + self.ws + ","  # the commander approving an act out
        self.st: list = []
        self.sched = [[] for _ in range(self.days + 1)]
        self.buf = {t: [] for t in ("items", "custody_events", "cases", "documents", "handovers", "handover_lines",
                                    "signatures", "item_final", "deadlines", "case_milestones")}
        self.case_docs: dict = {}
        self.case_stage: list = []
        self.stage_day: dict = {}  # case → the day it reached its current stage (kết luận điều tra, cáo trạng)
        self.case_agency: list = []  # the investigating body that opened each case (issue #11)
        self.stage_doc: dict = {}  # (case, stage or "tha") → the milestone document moving the case there
        self.doc_numbers: dict = {}
        self.code_seq: dict[int, int] = {}
        self.counters: dict[str, int] = {}
        self.clerk_json = js(ref.clerk_name)
        self.people = [js(p) for p in ref.officer_names]
        self.checked = 0
        self.user = ref.clerk_user
        self.events = self.buf["custody_events"]
        self.rnd = self.r.random
        self.first_item = ref.first_item
        self.out_start: dict[int, str] = {}

    # --- ids, time, the chain ----------------------------------------------------------------------
    def next_id(self, table: str) -> int:
        v = self.ids[table]
        self.ids[table] = v + 1
        return v

    def count(self, key: str) -> int:
        v = self.counters.get(key, 0) + 1
        self.counters[key] = v
        return v

    def _set_day(self, day: int) -> None:
        self.day, self.today = day, self.start + timedelta(days=day)
        self.prefix, self.t = self.today.isoformat() + "T", 1800 + self.r.randrange(600)  # 07:30 Hà Nội

    def now(self) -> str:
        self.t = t = self.t + self.step
        return self.prefix + _HMS[t if t < 86_400 else 86_399] + ".%06dZ" % (self.seq * 7919 % 1_000_000)

    def event(self, s, item_id: int, kind: str, data: str, doc=None, ho=None, occurred=None, boss=False) -> None:
        """One ledger event by the clerk (``boss``: by the commander, who approves an act out)."""
        self.seq = seq = self.seq + 1
        self.t = t = self.t + self.step
        rec = self.prefix + _HMS[t if t < 86_400 else 86_399] + ".%06dZ" % (seq * 7919 % 1_000_000)
        occ = occurred or rec
        head = '[%d,%d,"%s","%s","%s"%s%s,%s,null]\n' % (seq, item_id, kind, occ, rec,
                                                       self.boss_tail if boss else self.tail,
                                                       "null" if doc is None else doc,
                                                       "null" if ho is None else ho)
        self.events.append(head + data)
        if seq < 3000 or not seq % 250_000:
            self._self_check(seq, item_id, kind, occ, rec, doc, ho, data, head,
                             self.ref.boss_user if boss else self.user)
        s[COUNT] += 1
        s[LAST] = seq

    def _self_check(self, seq, item_id, kind, occ, rec, doc, ho, data, head, user) -> None:
        self.checked += 1
        canon = ledger.canonical(seq, item_id, kind, occ, rec, user, self.ref.workstation, doc, ho, None, data)
        assert canon == (head + data).encode(), (head, canon)
        assert ledger.dump_data(json.loads(data)) == data, data

    # --- the day loop --------------------------------------------------------------------------------
    def run(self) -> None:
        made, next_report = 0, 0
        for day in range(self.days + 1):
            self._set_day(day)
            target = self.n if day == self.days else min(self.n, (day + 1) * self.n // (self.days + 1))
            while made < target:  # whole cases: a day may run ahead of its share, the next days catch up
                made += self._intake(min(self.n - made, self._case_size()))
            bucket, self.sched[day] = self.sched[day], None
            for j in bucket:
                self._step(j)
            if len(self.events) >= 50_000:  # the writer process starts early and ends soon after
                self.flush()
            if self.progress and made >= next_report:
                self.progress("ledger", made, self.n)
                next_report = made + max(1, self.n // 50)
        self.flush()

    def flush(self) -> None:
        for table, rows in self.buf.items():
            if rows:
                self.sink(table, rows)
                self.buf[table] = []
        self.events = self.buf["custody_events"]

    def _draw(self, population, cum_weights):
        """``random.choices(population, weights)[0]``, the same draw from the same one random()."""
        return population[bisect(cum_weights, self.rnd() * (cum_weights[-1] + 0.0), 0, len(population) - 1)]

    def _case_size(self) -> int:
        return max(1, min(25, int(self.r.expovariate(1 / 8)) + 1))

    def _schedule(self, j: int, s) -> None:
        left = self.days - self.day
        rem = s[REM]
        if rem <= 0 or left <= 0 or s[S] not in _LIVE:
            self._finish(j, s)
            return
        gap = int(left / rem * (0.3 + 1.4 * self.rnd())) or 1
        self.sched[self.day + gap if gap < left else self.days].append(j)

    def _milestone(self, case: int, kind: str, doc_kind: str, agency: int, day: date | None = None,
                   before: int = 0, after: int = 0, doc_id: int | None = None) -> int:
        """A case milestone (services/milestones.py) on its document (a new one, or ``doc_id``), with its
        item-less ledger event."""
        day = day or self.today
        case_id = case + self.ref.first_case
        if doc_id is None:
            doc_id = self.next_id("documents")
            number = f"{self.count('doc:' + doc_kind)}/{MILESTONE_SUFFIX[doc_kind]}-{self.ref.short[agency]}"
            self.doc_numbers[doc_id] = number
            self.buf["documents"].append((doc_id, doc_kind, number, day.isoformat(), agency, "Nguyễn Văn Sơn",
                                          "Thủ trưởng", case_id, "", self.today.isoformat() + " 02:00:00.000000"))
        number = self.doc_numbers[doc_id]
        stage_before, stage_after = STAGES_ALL[before], STAGES_ALL[after]
        data = _DATA_JSON({"case_id": case_id, "milestone": kind, "on": day.isoformat(), "document": number,
                           "issuer": self.ref.agency_name[agency], "stage_before": stage_before,
                           "stage_after": stage_after, "case": ""})
        self.seq = seq = self.seq + 1
        self.t = t = self.t + self.step
        rec = self.prefix + _HMS[t if t < 86_400 else 86_399] + ".%06dZ" % (seq * 7919 % 1_000_000)
        head = '[%d,null,"case_milestone","%s","%s"%s%d,null,null]\n' % (seq, rec, rec, self.tail, doc_id)
        self.events.append(head + data)
        if self.checked < 50:
            self.checked += 1
            assert ledger.canonical(seq, None, "case_milestone", rec, rec, self.ref.clerk_user, self.ref.workstation,
                               doc_id, None, None, data) == (head + data).encode()
            assert ledger.dump_data(json.loads(data)) == data, data
        self.buf["case_milestones"].append((self.next_id("case_milestones"), case_id, kind, day.isoformat(), doc_id,
                                            agency, stage_before, stage_after, "", self.today.isoformat() +
                                            " 02:00:00.000000", self.ref.clerk_user, seq))
        return doc_id

    def _finish(self, j: int, s) -> None:
        self.buf["item_final"].append((s[S], self.ref.loc_id[s[LOC]] if s[LOC] is not None else None, s[SEALED],
                                       s[SEAL], s[HOLDER], s[RESP], s[DUE], s[COUNT], s[LAST], self.ref.first_item + j))
        s[CAT] = None  # done; keep the list small
        if s[S] == OUT and s[DUE]:
            self.buf["deadlines"].append((self.next_id("deadlines"), "temporary_return", self.ref.first_item + j,
                                          None, self.out_start.pop(j, s[DUE]), s[DUE], s[HOLDER], None, s[LAST]))

    # --- intake ----------------------------------------------------------------------------------------
    def _intake(self, n: int) -> int:
        r, ref = self.r, self.ref
        offence, suffix, cats = self._draw(*_OFFENCES)
        # the investigating body handles a new case: never PC10 or a ward police station (BLTTHS Điều 34; #11)
        agency = ref.agency[SUFFIX_AGENCY.get(suffix, "cqdt")]
        year = self.today.year
        case_id = self.next_id("cases")
        number = f"{self.count(f'case:{year}:{suffix}')}/{year}/{suffix}"
        officer = ref.demo_officer if r.random() < 0.1 else r.choice(ref.officers)
        opened = self.today - timedelta(days=r.randrange(1, 30))
        ts = datetime(self.today.year, self.today.month, self.today.day, 1, r.randrange(60)).isoformat(" ")
        self.buf["cases"].append((case_id, number, offence.split(" (")[0] + " tại " + r.choice(bulk_vocab.WARDS), offence,
                                  agency, "investigation", officer, opened.isoformat(), None, ts + ".000000",
                                  _ascii_sort_key(number)))
        self.case_stage.append(0)
        self.case_agency.append(agency)
        self._milestone(case_id - ref.first_case, "opening", "case_opening", agency, opened)
        doc_id = self.next_id("documents")
        order = f"{self.count('doc:lnk')}/LNK-{ref.short[agency]}"
        self.buf["documents"].append((doc_id, "intake_order", order, self.today.isoformat(), agency,
                                      "Phạm Quang Dũng", "Trưởng phòng", case_id, "", ts + ".000000"))
        ho_id = self.next_id("handovers")
        ho_number = f"{self.count(f'bb:{year}')}/{year}/BB-GN"
        seizure = f"{r.randrange(1, 999)}/BB-TG"
        started_iso = self.now()
        started = started_iso[:10] + " " + started_iso[11:26]
        giver = r.choice(ref.officers)
        fixed = '{"handover":%s,"order":%s,"photos":[],"seizure_record":%s,"set":' % (
            js(ho_number), js(order), js(seizure))
        cat_names, cat_weights = _CATEGORIES[id(cats)]
        for line_no in range(1, n + 1):
            self._new_item(self._draw(cat_names, cat_weights), case_id, number, agency, ho_id, line_no, doc_id,
                           fixed, started, started_iso)
        # the intake took its time: 10 minutes and 2 a line, never the start copied as its end (Điều 133.1)
        ended = (datetime.fromisoformat(started) + timedelta(minutes=10 + 2 * n)).isoformat(sep=" ")
        self.buf["handovers"].append((ho_id, ho_number, "intake", started, ended, ref.address, doc_id, "",
                                      giver, ref.clerk_person, ref.officer_agency[giver], ref.wh_agency, case_id,
                                      '{"seizure_record": %s}' % js(seizure), "", 2, "complete", ref.clerk_user,
                                      self.seq, "", ""))
        for role, person, name in (("giver", giver, ref.officer_name_of[giver]),
                                   ("receiver", ref.clerk_person, ref.clerk_name)):
            self.buf["signatures"].append((self.next_id("signatures"), ho_id, role, person, name, "signed_paper",
                                           None, "", "", ended))
        return n

    def _new_item(self, cat, case_id, case_number, agency, ho_id, line_no, doc_id, fixed, started, started_iso):
        r, ref = self.r, self.ref
        j = len(self.st)
        item_id = ref.first_item + j
        yy = self.today.year % 100
        self.code_seq[yy] = seq = self.code_seq.get(yy, 0) + 1
        code = codes.make_code(ref.prefix, yy, seq).compact
        name, qty, unit, chars, cond, attrs = bulk_vocab.GENERATORS[cat](r, j)
        sealable = categories.CATEGORIES[cat].sealable
        sealed = sealable and r.random() < 0.7
        seal = f"NP-{self.count('seal'):07d}" if sealed else ""
        chars += bulk_vocab.SEALED_NOTE if sealed else bulk_vocab.UNSEALED_NOTE
        owner, owner_id = ("", "") if r.random() < 0.35 else (
            f"{r.choice(bulk_vocab.SURNAMES)} {r.choice(bulk_vocab.MIDDLE)} {r.choice(bulk_vocab.GIVEN)}", str(r.randrange(10**11, 10**12)))
        attributes = _ATTRIBUTES_JSON(attrs)
        loc = self._place(cat) if r.random() < 0.5 else None
        display = f"{code[:2]}-{code[2:4]}-{code[4:-1]}-{code[-1]}"
        parts = [code.lower(), display.lower(), folded(case_number), folded(name), folded(chars), folded(owner),
                 seal.lower()] + [folded(str(v)) for v in attrs.values()]
        search = " ".join(p for p in parts if p)
        self.buf["items"].append((item_id, code, ref.warehouse, case_id, cat, name, qty, unit, chars, cond,
                                  sealed, seal, owner, owner_id, attributes, IN,
                                  ref.loc_id[loc] if loc is not None else None, "", agency, None, started, 0, 0,
                                  search, _sort_key(name)))
        self.buf["handover_lines"].append((self.next_id("handover_lines"), ho_id, item_id, line_no, qty, cond,
                                           sealed, seal, "intact" if sealed else "none"))  # the seal as stated
        data = fixed + ('{"attributes":%s,"case_id":%d,"category":"%s","characteristics":%s,"code":"%s",'
                        '"condition":%s,"due_back_on":null,"holder":"","location_id":%s,"name":%s,'
                        '"owner_id_number":%s,"owner_name":%s,"quantity":%r,"responsible_agency_id":%d,'
                        '"seal_number":%s,"sealed":%s,"state":"in_storage","unit":%s,"warehouse_id":%d}}') % (
            js(attributes), case_id, cat, js(chars), code, js(cond),
            "null" if loc is None else ref.loc_id[loc], js(name), js(owner_id), js(owner), qty, agency, js(seal),
            "true" if sealed else "false", js(unit), ref.warehouse)
        frac = (self.days - self.day) / max(1, self.days)
        total = 1 + int((self.k - 1) * 2 * frac * (0.6 + 0.8 * r.random()) + 0.5)
        s = [IN, loc, sealed, seal, "", agency, None, total - 1, 0, 0, cat, case_id - self.ref.first_case,
             r.random() < 0.3, 0, qty, cond]
        self.st.append(s)
        self.event(s, item_id, "receive", data, doc_id, ho_id, started_iso)
        self._schedule(j, s)


_SK: dict[str, str] = {}
# domain.text.sort_key is per character for printable ASCII (no combining marks): each character's key, once
_ASCII_PRIMARY = {c: sort_key(chr(c)).partition("\x01")[0] for c in range(32, 127)}


def _ascii_sort_key(text: str) -> str:
    """``sort_key(text)`` of printable ASCII (a case number "12/2024/CSHS"); anything else goes the long way."""
    if not (text.isascii() and text.isprintable()):
        return sort_key(text)
    return text.translate(_ASCII_PRIMARY) + "\x01" + "0" * len(text)


def _sort_key(name: str) -> str:
    out = _SK.get(name)
    if out is None:
        out = _SK[name] = sort_key(name)[:400]
    return out
