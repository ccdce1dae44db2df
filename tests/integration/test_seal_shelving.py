"""ND 127/2017: an item that must be sealed is shelved only sealed (at intake and at Xếp kệ) (issue 12)."""

from __future__ import annotations


import pytest

from evidence_store.domain.codes import parse_code
from evidence_store.domain.errors import TransitionRefused, ValidationError
from evidence_store.error_texts import message
from evidence_store.services import queries, storage
from evidence_store.services.commands import DocumentInput, MoveItems, NewItem, PersonInput, SealItems
from evidence_store.services.context import UnitOfWork
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import ledger_head
from evidence_store.domain import chronology


def test_an_unsealed_item_is_refused_on_a_shelf_until_it_is_sealed(world, clerk):
    db, w = world
    shelf = w.locations["bin_A111"]
    before = ledger_head(db)
    with pytest.raises(ValidationError) as refused:
        receive(db, clerk, [phone(sealed=False, seal_number="", location_code=shelf)])
    assert refused.value.code == "must_seal_before_shelving_new" and ledger_head(db) == before
    assert "phải được niêm phong trước khi xếp lên kệ" in message(refused.value)
    code = receive(db, clerk, [phone(sealed=False, seal_number="")]).item_codes[0]  # received, not shelved
    with UnitOfWork(db, clerk) as uow, pytest.raises(TransitionRefused) as refused:
        storage.move_items(uow, MoveItems((code,), shelf))
    assert refused.value.code == "must_seal_before_shelving"
    printed = parse_code(code).display  # the refusal names the item as its label does
    assert message(refused.value).startswith(f"Vật chứng {printed} «Điện thoại di động Samsung Galaxy A52» phải được "
                                             "niêm phong trước khi xếp lên kệ")
    act = dict(document=DocumentInput("other", "12/YC-CSHS", chronology.today(), w.agencies["pc02"]),
               organiser=PersonInput(full_name="Trần Đức Hùng", position="Điều tra viên", agency_id=w.agencies["pc02"]),
               witness=PersonInput(full_name="Lê Quang Sơn"))
    with UnitOfWork(db, clerk) as uow:
        storage.seal_items(uow, SealItems((code,), "seal", seal_number="NP-7001", **act))
    with UnitOfWork(db, clerk) as uow:
        storage.move_items(uow, MoveItems((code,), shelf))
    with UnitOfWork(db, clerk, write=False) as uow:
        item = queries.item_by_code(uow, code)
    assert item.sealed and item.location_code == shelf
    assert verify(db).ok


def test_exempt_items_are_shelved_unsealed(world, clerk):
    """ND 127/2017 exempts only live animals and plants, perishables and the case file's papers."""
    db, w = world
    exempt = [NewItem("perishable", "Cá biển tươi", 20, "kg", location_code=w.locations["cold"]),
              NewItem("papers", "Sổ ghi chép", 1, "quyển", location_code=w.locations["bin_A111"]),
              NewItem("wildlife", "Rùa núi vàng", 2, "con", location_code=w.locations["cold"])]
    codes = receive(db, clerk, exempt).item_codes
    assert len(codes) == 3
    with pytest.raises(ValidationError):  # a wildlife product (kg) is sealed
        receive(db, clerk, [NewItem("wildlife", "Vảy tê tê", 3, "kg", location_code=w.locations["cold"])],
                case_number="9/2026/MT", order="9/LNK-MT")

