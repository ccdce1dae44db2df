"""The flush checks (db.limits: text lengths, NUL, dates a user can enter; db.guards: the append-only ledger) are on
EVERY session factory, also on one created where a dropped factory lived. SQLAlchemy's ``event.contains`` answers
by the target's id(), and its registry keeps a dropped sessionmaker's entry until the garbage collector frees the
Session subclass behind it: a new factory at the same address then looked "already installed" and got no check
(a full run once accepted a document dated 0001-01-01 — test_trust_inputs — and once let the database trigger,
not the ORM guard, refuse a ledger edit)."""

from __future__ import annotations

import gc
from datetime import date, datetime

import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.orm import sessionmaker

from evidence_store.db import guards, limits
from evidence_store.db.models import CustodyEvent, Document
from evidence_store.domain.errors import LedgerTampered, ValidationError


def _factories_at_a_reused_address(engine, install, monkeypatch):
    """A new factory with the checks installed where SQLAlchemy's registry still holds a dropped one's entry. Real
    first: 100 factories with the checks, dropped (the cyclic garbage collector off, as between two of its runs in a
    long process), then new ones until one is at a dropped one's address. Where the allocator gives none (its state
    after a long run varies), SQLAlchemy's answer for such a factory is given instead: ``event.contains`` is True."""
    gc.disable()
    try:
        dropped = [sessionmaker(engine) for _ in range(100)]
        for factory in dropped:
            install(factory)
        addresses = {id(factory) for factory in dropped}
        del dropped, factory
        for _ in range(1000):
            factory = sessionmaker(engine)
            if id(factory) in addresses:
                install(factory)
                return factory
            del factory
    finally:
        gc.enable()
    monkeypatch.setattr(event, "contains", lambda *args, **kwargs: True)
    factory = sessionmaker(engine)
    install(factory)
    return factory


def test_the_text_and_date_limits_hold_on_a_factory_where_a_dropped_one_was(monkeypatch):
    engine = create_engine("sqlite://")
    factory = _factories_at_a_reused_address(engine, limits.install, monkeypatch)
    with factory() as session:
        session.add(Document(kind="intake_order", number="1/LNK", issued_on=date(1, 1, 1), created_at=datetime(2026, 1, 1)))
        with pytest.raises(ValidationError) as err:
            session.flush()  # refused before any SQL (the table does not even exist here)
    assert err.value.code == "date_out_of_range"
    engine.dispose()


def test_the_ledger_guard_holds_on_a_factory_where_a_dropped_one_was(monkeypatch):
    engine = create_engine("sqlite://")
    factory = _factories_at_a_reused_address(engine, guards.install, monkeypatch)
    with factory() as session, pytest.raises(LedgerTampered):
        session.execute(CustodyEvent.__table__.delete())
    engine.dispose()
