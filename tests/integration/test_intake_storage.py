"""Receiving and shelving end to end on a real SQLite file."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import select, text

from evidence_store.domain.errors import DomainError, NotFound, PermissionDenied, TransitionRefused, ValidationError
from evidence_store.services import item_search, queries, storage
from evidence_store.services.commands import MoveItems, NewItem, SealItems
from evidence_store.services.context import UnitOfWork
from evidence_store.services.verify import verify

from .builders import phone, receive


def head(db):
    with db.reader.connect() as c:
        return c.execute(text("SELECT count(*) FROM custody_events")).scalar()


def test_receive_creates_items_handover_and_events(world, clerk):
    db, w = world
    ch = receive(db, clerk, [phone(), NewItem("weapon", "Dao nhọn cán gỗ", 1, "chiếc", sealed=True, seal_state="intact", seal_number="NP-0002",
                                             location_code=w.locations["bin_A111"])])
    assert len(ch.item_codes) == 2 and ch.handover_number.endswith("/BB-GN")
    with UnitOfWork(db, clerk, write=False) as uow:
        item = queries.item_by_code(uow, ch.item_codes[1])
    assert item.location_code == w.locations["bin_A111"]
    assert [e.kind for e in item.events] == ["receive"]
    assert item.events[0].document_number == "12/LNK-PC02"
    assert verify(db).ok


def test_codes_are_unique_and_sequential(world, clerk):
    db, _ = world
    a = receive(db, clerk, [phone(), phone()], case_number="1/2026")
    b = receive(db, clerk, [phone()], case_number="2/2026")
    codes = a.item_codes + b.item_codes
    assert len(set(codes)) == 3
    assert [int(c[4:10]) for c in codes] == [1, 2, 3]


def test_drugs_outside_secure_room_refused_and_nothing_written(world, clerk):
    db, w = world
    before = head(db)
    drug = NewItem("drugs", "Ma túy đá (methamphetamine)", 12.35, "gam", sealed=True, seal_state="intact", seal_number="NP-9",
                   location_code=w.locations["bin_A111"])
    with pytest.raises(TransitionRefused) as exc:
        receive(db, clerk, [phone(), drug])
    assert exc.value.code == "wrong_location_kind"
    assert head(db) == before
    with db.reader.connect() as c:
        assert c.execute(text("SELECT count(*) FROM items")).scalar() == 0


@pytest.mark.parametrize("bad, code", [
    (dict(quantity=0), "quantity_positive"),
    (dict(quantity=-2), "quantity_positive"),
    (dict(name="  "), "item_name_required"),
    (dict(sealed=True, seal_state="intact", seal_number=""), "seal_number_required"),
    (dict(category="spaceship"), "unknown_category"),
])
def test_bad_item_input_is_refused_without_trace(world, clerk, bad, code):
    db, _ = world
    with pytest.raises(ValidationError) as exc:
        receive(db, clerk, [phone(**bad)])
    assert exc.value.code == code
    assert head(db) == 0


def test_nfd_text_is_stored_as_nfc(world, clerk):
    db, _ = world
    name = unicodedata.normalize("NFD", "Điện thoại Nokia màu xanh")
    ch = receive(db, clerk, [phone(name=name)])
    with UnitOfWork(db, clerk, write=False) as uow:
        stored = queries.item_by_code(uow, ch.item_codes[0]).name
    assert stored == unicodedata.normalize("NFC", name)


def test_administrator_has_no_custody_rights(world):
    db, w = world
    with pytest.raises(PermissionDenied):
        receive(db, w.actor(db, "quantri"), [phone()])


def test_move_by_scan_and_wrong_kind(world, clerk):
    db, w = world
    ch = receive(db, clerk, [phone()])
    with UnitOfWork(db, clerk) as uow:
        storage.move_items(uow, MoveItems(ch.item_codes, w.locations["bin_A112"]))
    with UnitOfWork(db, clerk) as uow, pytest.raises(TransitionRefused):
        storage.move_items(uow, MoveItems(ch.item_codes, w.locations["yard"]))
    with UnitOfWork(db, clerk, write=False) as uow:
        item = queries.item_by_code(uow, ch.item_codes[0])
    assert item.location_code == w.locations["bin_A112"]
    assert [e.kind for e in item.events] == ["receive", "move"]
    assert verify(db).ok


def test_move_refuses_over_capacity_unless_confirmed(world, clerk):
    db, w = world
    from evidence_store.db.models import Location
    with UnitOfWork(db) as uow:
        loc = uow.session.scalars(select(Location).where(Location.code == w.locations["bin_B111"])).one()
        loc.capacity = 1
        uow.commit()
    ch = receive(db, clerk, [phone(), phone()])
    with UnitOfWork(db, clerk) as uow, pytest.raises(ValidationError) as exc:
        storage.move_items(uow, MoveItems(ch.item_codes, w.locations["bin_B111"]))
    assert exc.value.code == "location_full"
    with UnitOfWork(db, clerk) as uow:
        storage.move_items(uow, MoveItems(ch.item_codes, w.locations["bin_B111"], allow_over_capacity=True))


def test_unknown_and_misread_codes(world, clerk):
    db, _ = world
    ch = receive(db, clerk, [phone()])
    good = ch.item_codes[0]
    wrong_check = good[:-1] + ("B" if good[-1] != "B" else "C")
    with UnitOfWork(db, clerk, write=False) as uow:
        with pytest.raises(DomainError) as exc:
            queries.item_by_code(uow, wrong_check)
        assert exc.value.code == "bad_check_character"
        with pytest.raises(NotFound):
            queries.item_by_code(uow, "VC26999999" + __import__("evidence_store.domain.codes", fromlist=["x"]).check_char("VC26999999"))
        assert queries.item_by_code(uow, f"{good[:2]}-{good[2:4]}-{good[4:-1]}-{good[-1]}".lower()).code == good


def test_seal_unseal_reseal_are_events_with_participants(world, clerk):
    from datetime import date
    from evidence_store.services.commands import DocumentInput, PersonInput
    db, w = world
    ch = receive(db, clerk, [phone()])
    code = ch.item_codes
    act = dict(document=DocumentInput("other", "12/YC-CSHS", date(2026, 1, 5), w.agencies["pc02"]),
               organiser=PersonInput(full_name="Trần Đức Hùng", position="Điều tra viên", agency_id=w.agencies["pc02"]),
               witness=PersonInput(full_name="Lê Quang Sơn"))
    with UnitOfWork(db, clerk) as uow:
        storage.seal_items(uow, SealItems(code, "unseal", participants=("Nguyễn Thị Lan",), reason="giám định", **act))
    with UnitOfWork(db, clerk) as uow:
        storage.seal_items(uow, SealItems(code, "reseal", seal_number="NP-0002", participants=("Nguyễn Thị Lan",),
                                          **act))
    with UnitOfWork(db, clerk) as uow, pytest.raises(ValidationError):
        storage.seal_items(uow, SealItems(code, "reseal", seal_number="", **act))
    with UnitOfWork(db, clerk, write=False) as uow:
        item = queries.item_by_code(uow, code[0])
    assert item.sealed and item.seal_number == "NP-0002"
    assert [e.kind for e in item.events] == ["receive", "unseal", "reseal"]
    assert item.events[1].data["participants"] == ["Trần Đức Hùng", "Lê Quang Sơn", "Nguyễn Thị Lan"]


def test_search_is_diacritics_insensitive(world, clerk):
    db, _ = world
    receive(db, clerk, [phone(), NewItem("motorbike", "Xe mô tô Honda Wave Alpha", 1, "chiếc",
                                         attributes={"plate": "29B1-123.45", "frame_no": "RLHJA39"})])
    with UnitOfWork(db, clerk, write=False) as uow:
        assert [r.name for r in item_search.search(uow, "dien thoai")] == ["Điện thoại di động Samsung Galaxy A52"]
        assert [r.category for r in item_search.search(uow, "ĐIỆN THOẠI samsung")] == ["phone"]
        assert [r.category for r in item_search.search(uow, "29B1")] == ["motorbike"]
        assert [r.category for r in item_search.search(uow, "nguyen van nam")] == ["phone"]
        assert [r.category for r in item_search.search(uow, "356789012345678")] == ["phone"]
        assert item_search.search(uow, "khong co gi") == []


def test_a_move_reads_each_location_once(world, clerk):
    """A move reads its target by code, then every location it changes under lock — once (issue #19: the items' old
    locations were dropped by the session and read a third time to lower their occupancy); the counts stay right."""
    from sqlalchemy import event
    from evidence_store.db.models import Location
    db, w = world
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])])

    def occupancy():
        with UnitOfWork(db) as uow:
            return {code: uow.session.scalars(select(Location.occupancy).where(Location.code == w.locations[code])).one()
                    for code in ("bin_A111", "bin_A112")}

    before, sent = occupancy(), []
    listener = lambda _c, _cur, statement, *_a: sent.append(" ".join(statement.split()))  # noqa: E731
    event.listen(db.writer, "before_cursor_execute", listener)
    try:
        with UnitOfWork(db, clerk, concurrent=True) as uow:
            storage.move_items(uow, MoveItems(ch.item_codes, w.locations["bin_A112"]))
    finally:
        event.remove(db.writer, "before_cursor_execute", listener)
    assert len([s for s in sent if s.startswith("SELECT") and " FROM locations" in s]) == 2, sent
    after = occupancy()
    assert (after["bin_A111"], after["bin_A112"]) == (before["bin_A111"] - 1, before["bin_A112"] + 1)
    assert verify(db).ok
