"""The item search finds the people on an item (issue 17, HANDS-ON 24): its owner by name and CCCD, and the outside
parties of its records (who received it on a release), accents ignored; warehouse staff do not make every item match."""

from __future__ import annotations

from datetime import timedelta

from evidence_store.services import item_search
from evidence_store.services.commands import ReleaseItems
from evidence_store.services.context import UnitOfWork
from evidence_store.services.release import release_items

from .builders import phone, receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import approved_release, TODAY, doc, examiner, run


def _found(db, actor, query):
    with UnitOfWork(db, actor, write=False) as uow:
        return [r.code for r in item_search.search(uow, query)]


def test_owner_and_receiver_are_found_by_name_and_identity_number(world, clerk):
    db, w = world
    owned, other = receive(db, clerk, [
        phone(owner_name="Trần Thị Bích Hằng", owner_id_number="001190054321", location_code=w.locations["bin_A111"]),
        phone(owner_name="", location_code=w.locations["bin_A111"])]).item_codes
    assert _found(db, clerk, "tran thi bich hang") == [owned]
    assert _found(db, clerk, "001190054321") == [owned]
    a = w.agencies
    run(db, clerk, approved_release, ReleaseItems(
        (other,), doc("release_order", "15/LXK-PC02", a["pc02"]), "examination", examiner(a["ca"]),
        TODAY + timedelta(days=7), receiver_agency_id=a["ca"], seal_states=seals_checked((other,))))
    assert _found(db, clerk, "do minh an") == [other]  # the examiner who received it: "Đỗ Minh An"
    assert _found(db, clerk, "001085009876") == [other]  # his CCCD
    assert sorted(_found(db, clerk, "le van cuong")) == sorted([owned, other])  # the giver at intake
    staff = _staff_name(db)
    assert staff and _found(db, clerk, staff) == []  # the storekeeper who received both is not a participant


def _staff_name(db):
    from sqlalchemy import text

    from evidence_store.domain.text import fold
    with db.reader.connect() as c:
        name = c.execute(text("SELECT p.full_name FROM persons p JOIN users u ON u.person_id = p.id "
                              "WHERE u.username = 'thukho'")).scalar()
    return fold(name)


def test_items_recorded_before_the_upgrade_are_found_by_their_people(world, clerk):
    """Migration 0015 gives items recorded before this version the words the services now add: a database
    upgraded in place finds the owner's CCCD and a release's receiver like a new one does."""
    from alembic import command
    from sqlalchemy import text

    from evidence_store.db.migrate import alembic_config
    from evidence_store.domain.text import fold
    db, w = world
    owned, other = receive(db, clerk, [
        phone(owner_name="Trần Thị Bích Hằng", owner_id_number="001190054321", location_code=w.locations["bin_A111"]),
        phone(owner_name="", location_code=w.locations["bin_A111"])]).item_codes
    a = w.agencies
    run(db, clerk, approved_release, ReleaseItems(
        (other,), doc("release_order", "15/LXK-PC02", a["pc02"]), "examination", examiner(a["ca"]),
        TODAY + timedelta(days=7), receiver_agency_id=a["ca"], seal_states=seals_checked((other,))))
    with db.writer.begin() as c:  # the search text as the previous version wrote it: code, name, owner's name
        for item_id, code, name, owner in c.execute(text("SELECT id, code, name, owner_name FROM items")).all():
            c.execute(text("UPDATE items SET search_text = :t WHERE id = :i"),
                      {"t": fold(" ".join(p for p in (code, name, owner) if p)), "i": item_id})
    assert _found(db, clerk, "001190054321") == [] and _found(db, clerk, "do minh an") == []
    cfg = alembic_config()
    with db.writer.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0014")
        command.upgrade(cfg, "head")
        conn.commit()
    assert _found(db, clerk, "001190054321") == [owned]
    assert _found(db, clerk, "do minh an") == [other] and _found(db, clerk, "001085009876") == [other]
    assert sorted(_found(db, clerk, "le van cuong")) == sorted([owned, other])
    staff = _staff_name(db)
    assert staff and _found(db, clerk, staff) == []
    assert _found(db, clerk, "tran thi bich hang") == [owned]  # what was there is kept
