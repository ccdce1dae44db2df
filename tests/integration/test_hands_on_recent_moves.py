"""HANDS-ON 31: the home screen's "Hoạt động gần đây" names a move's places, from → to, not a bare code."""

from __future__ import annotations

from sqlalchemy import select

from evidence_store.db.models import Location
from evidence_store.services import storage
from evidence_store.services.commands import MoveItems
from evidence_store.services.context import UnitOfWork
from evidence_store.services.deadlines_service import dashboard

from .builders import phone, receive
from .lifecycle_builders import read


def test_recent_activity_names_a_move_from_and_to(world, clerk):
    db, w = world
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])])
    with UnitOfWork(db, clerk) as uow:
        storage.move_items(uow, MoveItems(ch.item_codes, w.locations["bin_A112"]))
    with db.reader.connect() as c:
        names = dict(c.execute(select(Location.code, Location.name)).all())
    board = read(db, clerk, dashboard)
    moves = [t for e, t in zip(board.recent, board.recent_text) if e.kind == "move"]
    source, target = names[w.locations["bin_A111"]], names[w.locations["bin_A112"]]
    assert moves == [f"Chuyển vị trí: {source} → {target}"]
