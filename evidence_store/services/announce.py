"""Chờ nhập kho: an intake order registered before the items physically arrive (state
awaiting_intake, DESIGN §2), and their physical receipt later by scanning (ND 142/2024 Art 14)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
import json
from datetime import datetime

from ..domain import moves
from ..domain.errors import ValidationError
from ..domain.permissions import require
from ..domain.states import Doc, Move, State, check_transition
from ..db.models import Document
from . import persistence
from . import intake, intake_papers, receipt_seals
from . import workflow
from .commands import PersonInput, ReceiveItems
from .results import Changes


@dataclass(frozen=True)
class ReceiveAnnounced:
    codes: tuple[str, ...]
    giver: PersonInput
    location_code: str = ""
    occurred_at: datetime | None = None
    papers_not_case_file: bool = False  # the papers are evidence, not case-file documents (ND 142/2024 Điều 15)
    # code → "intact" | "broken": each seal as the clerk found it (ND 127/2017; ND 142/2024 Điều 11, 14), required
    # for every sealed item — never assumed intact (issue #12)
    seal_states: dict = field(default_factory=dict)


def announce_items(uow, cmd: ReceiveItems) -> Changes:
    """Register the items of an intake order awaiting physical receipt; no handover yet."""
    require(uow.actor, "receive_items")
    s = uow.session
    if not cmd.items:
        raise ValidationError("no_items", field="items")
    if cmd.order is None or cmd.order.kind not in moves.authorising_documents("receive"):
        raise ValidationError("basis_required", field="order", move="receive")
    warehouse = intake._warehouse(s, cmd.warehouse_id)
    case = intake._case(uow, cmd)
    order = workflow.basis(s, cmd.order, "receive", case_id=case.id)  # competent issuer, by id too
    # the order comes with its seizure record (ND 142/2024 Điều 14); the deliverer's papers are shown on arrival
    seizure = intake_papers.seizure_details(s, cmd.seizure_record, intake_papers.act_day(cmd.started_at))
    prepared = [intake._validate(s, replace(n, location_code="")) for n in cmd.items]
    codes = []
    for new, _ in prepared:
        item = intake._create_item(uow, warehouse, case, new, None, _When(cmd.started_at or persistence.utcnow()))
        item.received_at = None
        fields = intake._initial_fields(item) | {"state": State.AWAITING_INTAKE.value}
        data = {"set": persistence.change_item(item, **fields), "order": order.number,
                "seizure_record": intake_papers.seizure_text(seizure), "seizure": seizure}
        persistence.record(uow, item, "announce", data, document=order, occurred_at=cmd.started_at)
        codes.append(item.code)
    uow.commit()
    seq, digest = uow.ledger.head()
    return Changes(item_codes=tuple(codes), case_id=case.id, ledger_seq=seq, ledger_hash=digest)


class _When:
    """What intake._create_item reads from a handover: its start time."""

    def __init__(self, started_at: datetime) -> None:
        self.started_at = started_at


def receive_announced(uow, cmd: ReceiveAnnounced) -> Changes:
    """The announced items arrive: biên bản giao nhận, then in storage (ND 142/2024 Art 14)."""
    require(uow.actor, "receive_items")
    s = uow.session
    items = persistence.items_by_codes(s, cmd.codes)
    loc = workflow.target_location(s, cmd.location_code) if cmd.location_code.strip() else None
    order = _order_of(uow, items[0])
    for item in items:
        check_transition(Move.RECEIVE, workflow.state(item), Doc(order.kind))
        if loc is not None:
            workflow.check_place(item, loc)
    giver = workflow.person(s, cmd.giver, "giver")
    announced = _announced(uow, items[0])
    details = intake_papers.check_giver(giver, cmd.giver, intake_papers.act_day(cmd.occurred_at))
    papers = intake_papers.papers_confirmation([i.category for i in items], cmd.papers_not_case_file)
    details |= papers
    seals = receipt_seals.stated_seals(items, cmd.seal_states)
    if announced.get("seizure"):  # (an order announced before the seizure record was required has none)
        details |= {"seizure_record": announced["seizure_record"], "seizure": announced["seizure"]}
    ho = persistence.open_handover(uow, kind="intake", started_at=cmd.occurred_at, place="", basis=order, giver=giver,
                         receiver=workflow.actor_person(uow), case_id=items[0].case_id, details=details,
                         letters={"giver": cmd.giver.letter_number if cmd.giver else ""})
    when = ho.started_at
    for line_no, item in enumerate(items, start=1):
        changed = persistence.change_item(item, state=State.IN_STORAGE.value)
        # a seal found broken: the item waits in the receiving area until sealed again (ND 127/2017)
        if loc is not None and seals[item.code] != "broken":
            changed |= workflow.enter_location(item, loc)
        item.received_at = when
        persistence.add_line(uow, ho, item, line_no, note=seals[item.code])  # the seal as stated, printed so
        data = {"set": changed, "handover": ho.number, "order": order.number, "seal_status": seals[item.code]} | papers
        persistence.record(uow, item, Move.RECEIVE.value, data, document=order, handover=ho, occurred_at=cmd.occurred_at)
    broken = receipt_seals.report_broken(uow, items, seals, ho, cmd.occurred_at)
    return workflow.finish(uow, items, ho, case_id=items[0].case_id,
                           seal_incident=json.loads(ho.details or "{}").get("seal_incident", ""),
                           unplaced=tuple(i.code for i in broken if loc is not None))


def _announced(uow, item) -> dict:
    """The data of the item's announce event (its seizure record)."""
    from sqlalchemy import select
    from ..db.models import CustodyEvent
    data = uow.session.scalar(select(CustodyEvent.data).where(CustodyEvent.item_id == item.id,
                                                              CustodyEvent.kind == "announce").limit(1))
    return json.loads(data) if data else {}


def _order_of(uow, item) -> Document:
    from sqlalchemy import select
    from ..db.models import CustodyEvent
    doc_id = uow.session.scalar(select(CustodyEvent.document_id).where(CustodyEvent.item_id == item.id,
                                                                       CustodyEvent.kind == "announce").limit(1))
    doc = uow.session.get(Document, doc_id) if doc_id else None
    if doc is None:
        raise ValidationError("basis_required", field="order", move="receive")
    return doc



@dataclass(frozen=True)
class Announcement:
    """An intake order registered ahead of the items ("Chờ nhập kho"), with the items still awaited."""

    document_id: int
    order_number: str
    issued_on: object
    issuer: str
    case_number: str
    codes: tuple[str, ...]
    names: tuple[str, ...]
    categories: tuple[str, ...] = ()  # papers among them: the clerk confirms at receipt (ND 142/2024 Điều 15)
    seals: tuple[str, ...] = ()  # each item's seal number ("" unsealed): the clerk checks them at receipt


def announcements(uow, limit: int = 200) -> list[Announcement]:
    """The orders whose items are still awaited, oldest first (issue 13: received from the GUI by scanning)."""
    require(uow.actor, "receive_items")
    from sqlalchemy import select
    from ..db.models import Agency, Case, CustodyEvent, Item
    s = uow.session
    rows = s.execute(select(Item.code, Item.name, Case.number, CustodyEvent.document_id, Item.category,
                            Item.sealed, Item.seal_number)
                     .join(Case, Case.id == Item.case_id)
                     .join(CustodyEvent, (CustodyEvent.item_id == Item.id) & (CustodyEvent.kind == "announce"))
                     .where(Item.state == State.AWAITING_INTAKE.value).order_by(CustodyEvent.seq)).all()
    groups: dict[int, list] = {}
    for code, name, case_number, doc_id, category, sealed, seal in rows:
        groups.setdefault(doc_id, []).append((code, name, case_number, category, (seal or "") if sealed else ""))
    out = []
    for doc_id, members in list(groups.items())[:limit]:
        doc = s.get(Document, doc_id) if doc_id else None
        issuer = s.get(Agency, doc.issuing_agency_id) if doc is not None and doc.issuing_agency_id else None
        out.append(Announcement(doc_id or 0, doc.number if doc else "", doc.issued_on if doc else None,
                                (issuer.short_name or issuer.name) if issuer else "", members[0][2],
                                tuple(m[0] for m in members), tuple(m[1] for m in members),
                                tuple(m[3] for m in members), tuple(m[4] for m in members)))
    return out
