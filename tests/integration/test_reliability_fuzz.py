"""Hostile input to the services: random bytes, very long text, control characters, NFD, right-to-left
text, emoji, SQL and FTS syntax. Each call ends in a DomainError or a success — never another
exception — and a refusal leaves the database unchanged (ledger head and item count)."""

from __future__ import annotations

import itertools
import unicodedata
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import text

from evidence_store.domain.errors import DomainError
from evidence_store.services import item_search, queries, storage
from evidence_store.services.commands import MoveItems, NewItem
from evidence_store.services.context import UnitOfWork
from ui.scan_buffer import IME, KeyKind, ScanBuffer, unread_scan
from ui.scan_value import scan_shaped

from .builders import phone, receive

EXAMPLES = 200
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SAMPLES = ["điện thoại", "Nguyễn Văn Nam", "' OR 1=1 --", "\"; DROP TABLE items; --", "*", "a*", "NEAR(a b)",
           "\"", "\"\"", "a OR b", "NOT x", "col:val", "^start", "(", ")", "-x", "AND", "{a b}", "%", "_",
           "\u202eVC26000001B", "مرحبا بالعالم", "שלום", "🔫💊📱", "👨‍👩‍👧", "\x00", "\r\n\t", "\u200b\ufeff",
           "VC-26-000001-B", "vc26000001b", "VÇ26000001B", "ĐĐ26000001B", "NP-0001"]


def nasty_text(max_size=300):
    return st.one_of(
        st.text(max_size=max_size),
        st.binary(max_size=max_size).map(lambda b: b.decode("utf-8", "replace")),
        st.binary(max_size=max_size).map(lambda b: b.decode("latin-1")),
        st.binary(max_size=max_size).map(lambda b: b.decode("utf-8", "surrogateescape")),
        st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl", "Mn"]), max_size=50),
        st.sampled_from(SAMPLES),
        st.sampled_from(SAMPLES).map(lambda s: unicodedata.normalize("NFD", s)),
        st.lists(st.sampled_from(SAMPLES), min_size=2, max_size=8).map(" ".join),
        st.integers(2_000, 20_000).map(lambda n: ("Điện thoại ☎ " * n)[:n]),
    )


def mostly(valid, nasty):
    """A valid value five times in six, so the success path is fuzzed too."""
    return st.integers(0, 5).flatmap(lambda i: nasty if i == 5 else valid)


def state(db):
    with db.reader.connect() as c:
        head = c.execute(text("SELECT seq, hash FROM custody_events ORDER BY seq DESC LIMIT 1")).first()
        return tuple(head or ()), c.execute(text("SELECT count(*) FROM items")).scalar()


def attempt(db, counts: Counter, name: str, fn) -> None:
    """Call ``fn``; anything but a DomainError fails the test; a refusal must change nothing."""
    before = state(db)
    counts["examples"] += 1
    try:
        fn()
        counts["succeeded"] += 1
    except DomainError as exc:
        counts["refused"] += 1
        counts[f"refused:{exc.code}"] += 1
        assert state(db) == before, f"{name}: refusal {exc.code} left a trace"


def report(capsys, name, counts):
    with capsys.disabled():
        codes = ", ".join(f"{k[8:]} {v}" for k, v in counts.most_common() if k.startswith("refused:"))
        print(f"\n[fuzz] {name}: {counts['examples']} examples, {counts['succeeded']} succeeded, "
              f"{counts['refused']} refused ({codes})")


@pytest.fixture
def stocked(world, clerk):
    db, w = world
    codes = receive(db, clerk, [phone()]).item_codes
    return db, w, clerk, codes


@pytest.mark.slow
def test_fuzz_receive_items(stocked, capsys):
    db, w, clerk, _ = stocked
    counts = Counter()
    number = mostly(st.floats(0.001, 1e6), st.floats(allow_nan=True, allow_infinity=True) |
                    st.integers(-10, 10**15) | nasty_text(20))
    cases = itertools.count(1)

    @FUZZ
    @given(name=nasty_text(), unit=mostly(st.just("chiếc"), nasty_text(30)),
           category=mostly(st.just("other"), st.sampled_from(["phone", "drugs"]) | nasty_text(20)),
           quantity=number, seal=nasty_text(80), sealed=st.booleans(), owner=nasty_text(),
           id_number=nasty_text(20), characteristics=nasty_text(), location=mostly(st.just(""), nasty_text(20)),
           case=mostly(st.none(), nasty_text(80)),
           attrs=mostly(st.just({}), st.dictionaries(nasty_text(12), nasty_text(60), max_size=3)))
    def run(name, unit, category, quantity, seal, sealed, owner, id_number, characteristics, location, case, attrs):
        item = NewItem(category, name, quantity, unit, characteristics=characteristics, sealed=sealed, seal_state="intact",
                       seal_number=seal, owner_name=owner, owner_id_number=id_number, attributes=attrs,
                       location_code=location)
        attempt(db, counts, "receive_items", lambda: receive(db, clerk, [item], case_number=f"FZ-{next(cases)}" if case is None else case))

    run()
    report(capsys, "receive_items", counts)
    assert counts["examples"] >= EXAMPLES // 2 and counts["succeeded"] and counts["refused"]


@pytest.mark.slow
def test_fuzz_move_search_and_lookup(stocked, capsys):
    db, w, clerk, codes = stocked
    counts = {name: Counter() for name in ("move_items", "search", "item_by_code")}
    code_like = mostly(st.sampled_from(list(codes) + [codes[0].lower(), codes[0][:-1] + "Z"]), nasty_text(40))

    locations = [w.locations[k] for k in ("bin_A111", "bin_A112", "yard", "secure")]

    @FUZZ
    @given(moved=mostly(st.just(list(codes)), st.lists(code_like, max_size=4)),
           location=mostly(st.sampled_from(locations), nasty_text(30)), query=nasty_text(), raw_code=code_like)
    def run(moved, location, query, raw_code):
        def move():
            with UnitOfWork(db, clerk) as uow:
                storage.move_items(uow, MoveItems(tuple(moved), location))

        def search():
            with UnitOfWork(db, clerk, write=False) as uow:
                item_search.search(uow, query)

        def lookup():
            with UnitOfWork(db, clerk, write=False) as uow:
                queries.item_by_code(uow, raw_code)

        attempt(db, counts["move_items"], "move_items", move)
        attempt(db, counts["search"], "search", search)
        attempt(db, counts["item_by_code"], "item_by_code", lookup)

    run()
    for name, c in counts.items():
        report(capsys, name, c)
    assert counts["move_items"]["succeeded"] and counts["search"]["succeeded"]


@pytest.mark.slow
def test_fuzz_scanner_strings(stocked, capsys):
    """What a scanner (or a confused input method) types, keys 1 ms apart and Enter right after, goes through
    the app's scan buffer: a code of ours (lower-case prefix, dashes) comes out as a scan and opens its item;
    anything else comes out as a scan or as typing, and the lookup of what came out ends in an answer or a
    refusal, never a crash."""
    db, w, clerk, codes = stocked
    counts = Counter()
    ours = (st.sampled_from(codes).map(lambda c: c[:2].lower() + c[2:])
            | st.sampled_from(codes).map(lambda c: f"{c[:2]}-{c[2:4]}-{c[4:-1]}-{c[-1]}"))

    @FUZZ
    @given(scanned=mostly(ours.map(lambda c: (c, True)), nasty_text(60).map(lambda t: (t, False))))
    def run(scanned):
        text, valid = scanned
        buffer = ScanBuffer(accept=scan_shaped, unread=unread_scan)  # as ui.scan_filter.ScanFilter builds it
        keys = text[:200]
        for i, ch in enumerate(keys):
            buffer.feed(ch, KeyKind.CHAR, i * 0.001)
        decision = buffer.feed("", KeyKind.ENTER, len(keys) * 0.001)
        if valid:
            assert decision.code == keys, f"a code of ours was not read as a scan: {keys!r}"
            counts["scans"] += 1
        elif decision.code is not None:
            counts["scans"] += 1
        code = IME.recover(decision.code if decision.code is not None else text)

        def lookup():
            with UnitOfWork(db, clerk, write=False) as uow:
                return queries.item_by_code(uow, code)

        attempt(db, counts, "scan", lookup)
        if valid:
            assert lookup().code in codes, f"the scan {keys!r} did not open its item"

    run()
    report(capsys, "scan → item_by_code", counts)
    assert counts["scans"] and counts["succeeded"] and counts["refused"]
