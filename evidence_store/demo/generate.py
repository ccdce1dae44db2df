"""The demo database: realistic Hà Nội cases built THROUGH THE SERVICES on top of ``build_base``,
so the ledger is genuine and ``verify`` passes. Deterministic for a seed; spread over ~3 years.

One case = one intake handover (a batch of items) and its later history: deposits, entrustings,
temporary releases and returns, transfers of responsibility CQĐT → VKS → TA → THADS, disposals
proposed and approved by the commander, plus a few incidents and corrections."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from random import Random

from sqlalchemy import func, select

from ..db.models import CustodyEvent, Item, Location, Person
from ..domain.categories import CATEGORIES, LocationKind, ORDINARY
from ..services import announce, intake, label_prints, milestones
from ..services.commands import CaseInput, DocumentInput, PersonInput, ReceiveItems
from ..services.context import Actor, UnitOfWork
from . import vocab
from .base import World, build_base
from .vocab import HANOI_UTC_OFFSET  # the demo's clock, shared with its histories
from .history import History
from .pilot_demo import pilot_case
from .records import close_records, seal_acts
from ..domain import chronology

UNIT_CASE_SUFFIX = {"pc02": "CSHS", "pc03": "CSKT", "pc04": "CSMT"}
YARD, BIN = LocationKind.VEHICLE_YARD.value, LocationKind.BIN.value


@dataclass
class DemoResult:
    world: World
    items: int
    cases: int
    events: int
    seconds: float


def generate(db, items: int = 1000, seed: int = 1, progress=None, today: date | None = None,
             world: World | None = None) -> DemoResult:
    """Build the base structure (unless ``world`` was built already, e.g. a copied template), then ``items``
    items in realistic cases with their histories."""
    started = time.perf_counter()
    world = world or build_base(db)
    gen = Generator(db, world, Random(seed), today or chronology.today())
    cases = gen.run(items, progress)
    with UnitOfWork(db, write=False) as uow:
        n_items = uow.session.scalar(select(func.count()).select_from(Item))
        n_events = uow.session.scalar(select(func.count()).select_from(CustodyEvent))
    return DemoResult(world, n_items, cases, n_events, time.perf_counter() - started)


class Generator:
    """Keeps the counters (document numbers, seals), free shelf places and the actors."""

    def __init__(self, db, world: World, rng: Random, today: date) -> None:
        self.db, self.w, self.rng, self.today = db, world, rng, today
        self.latest = min(datetime.combine(today, datetime.min.time()) + timedelta(hours=7),
                          datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=5))
        self.clerk, self.officer, self.boss = (world.actor(db, u) for u in ("thukho", "canbo", "lanhdao"))
        # the receiving agencies' seats accept transfers (two-sided acts, issue 13)
        self.acceptors = {"vks": world.actor(db, "kiemsatvien"), "ta": world.actor(db, "thuky"),
                          "thads": world.actor(db, "chaphanh")}
        self.seat_actors = {world.persons[u]: world.actor(db, u) for u in ("kiemsatvien", "thamphan", "thuky",
                                                                          "chaphanh", "thukhothads")}
        # each agency's own user confirms its decisions entered from the console (issue 13)
        self.confirmers = {world.agencies[key]: world.actor(db, u) for key, u in (
            ("pc02", "canbo"), ("vks", "kiemsatvien"), ("ta", "thamphan"), ("thads", "chaphanh"))}
        self.counters: dict[str, int] = {}
        self.flags: set[str] = set()
        self.free: dict[str, int] = {}
        self.by_kind: dict[str, list[str]] = {}
        self.officers: dict[str, list[int]] = {}
        self._setup()
        self.history = History(self)

    def _setup(self) -> None:
        with UnitOfWork(self.db) as uow:
            s = uow.session
            for loc in s.scalars(select(Location).order_by(Location.code)):
                if loc.capacity and loc.kind in (BIN, YARD, "safe", "secure_room", "cold_store"):
                    self.free[loc.code] = loc.capacity - (loc.occupancy or 0)
                    self.by_kind.setdefault(loc.kind, []).append(loc.code)
            for key, position, n in (("pc02", "Điều tra viên", 4), ("pc03", "Điều tra viên", 3),
                                     ("pc04", "Điều tra viên", 3), ("vks", "Kiểm sát viên", 2),
                                     ("ta", "Thẩm phán", 2), ("thads", "Chấp hành viên", 2)):
                ids = self.officers.setdefault(key, [])
                for _ in range(n):
                    p = Person(full_name=vocab.person_name(self.rng), rank=self.rng.choice(vocab.RANKS) if key.startswith(
                        "pc") else "", position=position, agency_id=self.w.agencies[key], is_officer=True,
                        id_number=vocab.id_number(self.rng))
                    p.gender = vocab.demo_gender(p.full_name)
                    s.add(p)
                    s.flush()
                    ids.append(p.id)
            self.officers["pc02"].insert(0, self.w.persons["canbo"])
            for key, user in (("vks", "kiemsatvien"), ("ta", "thamphan"), ("thads", "chaphanh")):
                self.officers[key][0] = self.w.persons[user]  # same list length: the same random stream
            uow.commit()

    # ---- helpers the history uses -------------------------------------------------------------
    def next(self, key: str) -> int:
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]

    def once(self, flag: str) -> bool:
        if flag in self.flags:
            return False
        self.flags.add(flag)
        return True

    def doc(self, kind: str, fmt: str, agency_key: str, day: date) -> DocumentInput:
        n = self.next(kind + agency_key)
        number = fmt.format(n=n, year=day.year)
        return DocumentInput(kind, number, min(day, self.today), self.w.agencies[agency_key],
                             vocab.person_name(self.rng), "Thủ trưởng")

    def at(self, day: date, hour: int | None = None) -> datetime:
        local = datetime.combine(day, datetime.min.time()) + timedelta(hours=hour or self.rng.randint(8, 16),
                                                                       minutes=self.rng.randint(0, 59))
        moment = local - HANOI_UTC_OFFSET  # office hours in Hà Nội, stored in UTC like every recorded time
        # a young case's later steps would fall after today: they happen "now" instead, never in the future
        return min(moment, self.latest)

    def place(self, category: str) -> str:
        kinds = CATEGORIES[category].locations
        wanted = [BIN] if kinds == ORDINARY else [k.value for k in kinds]
        for kind in wanted:
            for code in self.by_kind.get(kind, ()):
                if self.free[code] > 0:
                    self.free[code] -= 1
                    return code
        return ""

    def vacate(self, loc_code: str) -> None:
        if loc_code:
            self.free[loc_code] += 1

    def call(self, actor, fn, cmd):
        with UnitOfWork(self.db, actor) as uow:
            return fn(uow, cmd)

    def call_out(self, actor, fn, cmd):
        """An act that takes items out of the warehouse (tạm xuất, chuyển kho, gửi / giao bảo quản): prepared by
        ``actor``, then approved by the commander the same moment, as the warehouse does (ND 142/2024 Điều 4)."""
        from ..services import release_approval
        from ..services.commands import DecideRelease
        ch = self.call(actor, fn, cmd)
        if ch.extra.get("approval") != "pending":
            return ch
        return self.call(self.boss, release_approval.approve_release,
                         DecideRelease(ch.handover_number, occurred_at=cmd.occurred_at))

    # ---- the run ------------------------------------------------------------------------------
    def run(self, total: int, progress=None) -> int:
        sizes = self._case_sizes(total)
        span = 3 * 365
        for k, size in enumerate(sizes):
            age = max(2, int(span * (len(sizes) - k) / len(sizes)) - self.rng.randint(0, 20))
            self._case(k, size, age, last=k == len(sizes) - 1)
            if progress:
                progress(sum(sizes[:k + 1]), total)
        self.history.finish()
        self._confirm_milestones()
        close_records(self)
        seal_acts(self)
        self.history.corrections()
        pilot_case(self)  # NQ 164/2024/QH15: one flagged case and its measures, last (dated on the latest moment)
        self._gender_everyone()
        return len(sizes)

    def _gender_everyone(self) -> None:
        """Persons the services created from a name alone (destruction council members, the supervising
        procurator, participants typed "họ tên, chức vụ") get the gender of their made-up name, so that every demo
        record prints "Ông" or "Bà" (HANDS-ON 75); the registry is not the ledger, nothing else changes."""
        with UnitOfWork(self.db) as uow:
            for person in uow.session.scalars(select(Person).where((Person.gender.is_(None)) | (Person.gender == ""))):
                person.gender = vocab.demo_gender(person.full_name)
            uow.commit()

    def _case_sizes(self, total: int) -> list[int]:
        sizes, left = [], total
        while left > 0:
            n = min(left, self.rng.randint(3, 18))
            sizes.append(n)
            left -= n
        return sizes

    def _case(self, k: int, size: int, age: int, last: bool = False) -> None:
        offence, unit, kinds = vocab.OFFENCES[k] if k < len(vocab.OFFENCES) else self.rng.choice(vocab.OFFENCES)
        opened = self.today - timedelta(days=age)
        owner, owner_id = vocab.person_name(self.rng), vocab.id_number(self.rng)
        news = [self._sealed(vocab.new_item(self.rng, kinds[i % len(kinds)] if i < len(kinds) else self.rng.choice(kinds),
                                        owner, owner_id), unit) for i in range(size)]
        suffix = UNIT_CASE_SUFFIX[unit]
        case = CaseInput(f"{self.next('case' + str(opened.year))}/{opened.year}/{suffix}", offence=offence,
                         title=f"Vụ {offence.split(' (')[0].lower()} tại phường {self.rng.choice(vocab.WARDS)}",
                         handling_agency_id=self.w.agencies[unit], officer_id=self.rng.choice(self.officers[unit]),
                         opened_on=opened)
        # the deliverer shows his căn cước and his unit's giấy giới thiệu; the order comes with the initial seizure
        # record, made by the ward police or by the unit itself (ND 142/2024 Điều 14)
        giver = vocab.gendered(PersonInput(full_name=vocab.person_name(self.rng), rank=self.rng.choice(vocab.RANKS),
                                       position="Điều tra viên", agency_id=self.w.agencies[unit],
                                       id_number=vocab.id_number(self.rng),
                                       letter_number=f"{self.next('ggt' + unit)}/GGT-{unit.upper()}", letter_on=opened))
        order = self.doc("intake_order", "{n}/LNK-" + unit.upper(), unit, opened)
        seizure = DocumentInput("seizure_record", f"{self.next('seizure')}/BB-TG", opened,
                                self.w.agencies[("hoankiem", "caugiay", unit)[k % 3]])
        if last or (age <= 12 and self.rng.random() < 0.5):  # intake order issued, items not yet here
            cmd = ReceiveItems(order, tuple(news), giver, new_case=case, started_at=self.at(opened),
                               seizure_record=seizure)
            ch = self.call(self.clerk, announce.announce_items, cmd)
            self._opening(ch.case_id, unit, opened)
            return
        placed = [replace(n, location_code=self.place(n.category)) for n in news]
        cmd = ReceiveItems(order, tuple(placed), giver, new_case=case, started_at=self.at(opened + timedelta(days=1)),
                           seizure_record=seizure, place="Kho vật chứng Công an thành phố Hà Nội",
                           # the clerk confirms the papers are evidence, not the case file's (ND 142/2024 Điều 15)
                           papers_not_case_file=any(n.category == "papers" for n in placed))
        ch = self.call(self.clerk, intake.receive_items, cmd)
        self._opening(ch.case_id, unit, opened)
        with UnitOfWork(self.db, self.clerk) as uow:
            # printed at the intake, so the item's history reads in ledger order (issue 17: the timeline)
            label_prints.record_label_print(uow, ch.item_codes, 1, occurred_at=min(cmd.started_at + timedelta(minutes=15), self.latest))
        items = [(code, n.category, n.location_code, n.owner_name, n.owner_id_number, n.name)
                 for code, n in zip(ch.item_codes, placed)]
        self.history.case(ch.case_id, unit, items, opened, age)

    def _opening(self, case_id: int, unit: str, opened: date) -> None:
        """QĐ khởi tố vụ án by the investigating unit (BLTTHS Điều 153–154): the first milestone."""
        doc = self.doc("case_opening", "{n}/QĐ-KTVA-" + unit.upper(), unit, opened)
        self.milestone(milestones.RecordMilestone(case_id, "opening", doc))

    def _confirm_milestones(self) -> None:
        """Decisions that became milestones through a transfer offered by the warehouse (KLĐT, cáo trạng, QĐ
        chuyển giao) were confirmed by their issuer's user as they came; the last fortnight's still wait in its
        inbox (issue 13)."""
        from ..db.models import CaseMilestone
        with UnitOfWork(self.db, write=False) as uow:
            rows = uow.session.execute(select(CaseMilestone.id, CaseMilestone.issuing_agency_id).where(
                CaseMilestone.confirmed_at.is_(None), CaseMilestone.occurred_on < self.today - timedelta(days=14))
                .order_by(CaseMilestone.id)).all()
        for milestone_id, agency_id in rows:
            confirmer = self.confirmers.get(agency_id)
            if confirmer is not None:
                with UnitOfWork(self.db, confirmer) as uow:
                    milestones.confirm_milestone(uow, milestone_id)

    def milestone(self, cmd) -> None:
        """Entered at the console from the decision (the history of a demo database), then confirmed by the
        issuing agency's user where it has a seat — as its user would have (issue 13)."""
        ch = self.call(Actor.system(), milestones.record_milestone, cmd)
        confirmer = self.confirmers.get(cmd.document.issuing_agency_id)
        if confirmer is not None:
            with UnitOfWork(self.db, confirmer) as uow:
                milestones.confirm_milestone(uow, ch.extra["milestone_id"])

    def _sealed(self, n, unit: str):
        if not CATEGORIES[n.category].sealable:
            return n
        return replace(n, sealed=True, seal_state="intact", seal_number=f"{self.next('seal'):06d}/NP-{unit.upper()}")
