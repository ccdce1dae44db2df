"""Administrators set up locations — rename, capacity, taking one out of use — and print their labels."""

from __future__ import annotations

import pytest

from evidence_store.domain.errors import PermissionDenied, ValidationError
from evidence_store.services import queries, setup, storage
from evidence_store.services.commands import MoveItems
from evidence_store.services.context import UnitOfWork
from evidence_store.services.printing import location_labels_pdf

from .builders import phone, receive


def test_administrator_renames_and_resizes_a_location(world):
    db, w = world
    admin = w.actor(db, "quantri")
    with UnitOfWork(db, admin) as uow:
        setup.update_location(uow, w.locations["bin_A111"], name="Ô A1-1-01 (điện thoại)", capacity=12)
    with UnitOfWork(db, admin, write=False) as uow:
        loc = queries.location_by_code(uow, w.locations["bin_A111"])
    assert (loc.name, loc.capacity) == ("Ô A1-1-01 (điện thoại)", 12)


def test_a_location_holding_items_cannot_shrink_below_them_or_close(world, clerk):
    db, w = world
    codes = receive(db, clerk, [phone(), phone()]).item_codes
    with UnitOfWork(db, clerk) as uow:
        storage.move_items(uow, MoveItems(codes, w.locations["bin_A112"]))
    admin = w.actor(db, "quantri")
    with UnitOfWork(db, admin) as uow, pytest.raises(ValidationError) as exc:
        setup.update_location(uow, w.locations["bin_A112"], capacity=1)
    assert exc.value.code == "capacity_below_occupancy"
    with UnitOfWork(db, admin) as uow, pytest.raises(ValidationError) as exc:
        setup.update_location(uow, w.locations["bin_A112"], active=False)
    assert exc.value.code == "location_not_empty"


def test_clerk_cannot_edit_locations_but_both_print_their_labels(world, clerk):
    db, w = world
    with UnitOfWork(db, clerk) as uow, pytest.raises(PermissionDenied):
        setup.update_location(uow, w.locations["bin_A111"], name="x")
    for actor in (clerk, w.actor(db, "quantri")):
        with UnitOfWork(db, actor) as uow:
            assert location_labels_pdf(uow, [w.locations["bin_A111"]]).startswith(b"%PDF")
    with UnitOfWork(db, w.actor(db, "kiemsat")) as uow, pytest.raises(PermissionDenied):
        location_labels_pdf(uow, [w.locations["bin_A111"]])
