"""ScanBuffer: scanner bursts become codes, typing reaches the widget unchanged and in order.

Scripts are strings; ⏎ = Enter, ⇥ = Tab, ⌫ = Backspace, → = an arrow key. A fake "widget"
records what it receives, the way the Qt filter delivers it (replayed keys first, then the key).
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence_store.domain.codes import LETTERS, make_code, parse_code
from ui.scan_buffer import KeyKind, ScanBuffer

SPECIAL = {"⏎": KeyKind.ENTER, "⇥": KeyKind.TAB, "⌫": KeyKind.BACKSPACE, "→": KeyKind.OTHER}
FAST, SLOW = 0.004, 0.150  # a scanner types every few ms; people every 100+ ms
CODE = "VC26000123K"


def keys(script, gap, start=0.0):
    """[(token, time)] for a script typed with a constant gap, first key at ``start``."""
    return [(tok, start + i * gap) for i, tok in enumerate(script)]


def then(events, script, gap, pause):
    """Append ``script`` after ``events``, ``pause`` seconds after their last key."""
    start = events[-1][1] + pause if events else 0.0
    return events + keys(script, gap, start)


class Widget:
    def __init__(self):
        self.received = []  # tokens in arrival order

    def take(self, key):
        self.received.append(key.text if key.kind is KeyKind.CHAR else _symbol(key.kind))

    @property
    def stream(self):
        return "".join(self.received)


def _symbol(kind):
    return next(sym for sym, k in SPECIAL.items() if k is kind)


def _feed(buffer, widget, codes, token, at) -> None:
    """One key at ``at``: what the buffer gives back reaches the widget, what it lets through too; a code is noted."""
    kind = SPECIAL.get(token, KeyKind.CHAR)
    decision = buffer.feed(token if kind is KeyKind.CHAR else "", kind, at)
    for key in decision.replay:
        widget.take(key)
    if not decision.swallow:
        widget.received.append(token)
    if decision.code is not None:
        codes.append(decision.code)


def play(buffer, events, timer=True):
    """Feed events; with ``timer`` the held keys are flushed at their deadline, like QTimer."""
    widget, codes = Widget(), []
    for token, at in events:
        if timer and buffer.deadline() is not None and buffer.deadline() < at:
            for key in buffer.flush(buffer.deadline()):
                widget.take(key)
        _feed(buffer, widget, codes, token, at)
    end = (events[-1][1] if events else 0) + 1.0
    while buffer.deadline() is not None:  # the timer re-arms until nothing is held or waiting
        for key in buffer.flush(max(end, buffer.deadline())):
            widget.take(key)
    return widget.stream, codes


CASES = [
    # name, buffer options, events, what the widget receives, codes emitted
    ("burst ending in Enter", {}, keys(CODE + "⏎", FAST), "", [CODE]),
    ("burst ending in Tab keeps focus where it is", {}, keys(CODE + "⇥", FAST), "", [CODE]),
    ("lower case from Caps Lock is passed as typed", {}, keys("vc26000123k⏎", FAST), "", ["vc26000123k"]),
    ("dashed printed form", {}, keys("VC-26-000123-K⏎", FAST), "", ["VC-26-000123-K"]),
    ("prefix is stripped", {"prefix": "]"}, keys("]" + CODE + "⏎", FAST), "", [CODE]),
    ("suffix is stripped", {"suffix": "#"}, keys(CODE + "#⏎", FAST), "", [CODE]),
    ("burst without the configured prefix is typing", {"prefix": "]"},
     keys(CODE + "⏎", FAST), CODE + "⏎", []),
    ("burst without the configured suffix is typing", {"suffix": "#"},
     keys(CODE + "⏎", FAST), CODE + "⏎", []),
    ("slow typing passes through", {}, keys("Điện thoại⏎", SLOW), "Điện thoại⏎", []),
    ("slow typing of a code is not a scan", {}, keys(CODE + "⏎", SLOW), CODE + "⏎", []),
    ("human types, then a scan arrives", {},
     then(keys("Số 12", SLOW), CODE + "⏎", FAST, pause=0.4), "Số 12", [CODE]),
    ("scan, then the human goes on typing", {},
     then(keys(CODE + "⏎", FAST), "ghi chú⏎", SLOW, pause=0.3), "ghi chú⏎", [CODE]),
    ("backspace inside a burst (IME rewrite)", {}, keys("VC2X⌫6000123K⏎", FAST), "", [CODE]),
    ("too short a burst is typing", {}, keys("12345⏎", FAST), "12345⏎", []),
    ("exactly min_length is a scan", {}, keys("123456⏎", FAST), "", ["123456"]),
    ("Enter too late after the burst is typing", {},
     then(keys(CODE, FAST), "⏎", FAST, pause=0.2), CODE + "⏎", []),
    ("a pause in the middle splits it into typing", {},
     then(keys("VC2600", FAST), "0123K⏎", FAST, pause=0.2), "VC26000123K⏎", []),
    ("arrow key during a fast roll keeps order", {}, keys("ab→c", 0.01), "ab→c", []),
    ("slow backspace edits what was typed", {}, keys("ab⌫c", SLOW), "ab⌫c", []),
    ("backspace beyond the burst reaches the widget", {}, keys("ab⌫⌫⌫", FAST), "ab⌫⌫⌫", []),
    ("Enter alone passes", {}, keys("⏎", FAST), "⏎", []),
]


@pytest.mark.parametrize("timer", [True, False], ids=["timer", "no-timer"])
@pytest.mark.parametrize(
    "options, events, received, codes", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_script(options, events, received, codes, timer):
    assert play(ScanBuffer(**options), events, timer) == (received, codes)


def test_twenty_codes_in_a_row():
    codes = [make_code("VC", 26, n).compact for n in range(1, 21)]
    events = []
    for i, code in enumerate(codes):  # continuous mode: next code 5 ms after the Enter
        events = then(events, code + "⏎", FAST, pause=0.005 if i else 0)
    assert play(ScanBuffer(), events) == ("", codes)


def test_held_key_comes_back_after_the_deadline_only():
    buffer = ScanBuffer(max_gap=0.030)
    assert buffer.feed("a", KeyKind.CHAR, 10.0).swallow
    assert buffer.deadline() == pytest.approx(10.030)
    assert buffer.flush(10.020) == ()  # a scanner's next key may still come
    assert [k.text for k in buffer.flush(10.031)] == ["a"]
    assert not buffer.holding


def test_with_prefix_typing_is_never_delayed():
    buffer = ScanBuffer(prefix="]")
    for i, ch in enumerate("Điện thoại"):
        assert not buffer.feed(ch, KeyKind.CHAR, i * 0.001).swallow
    assert not buffer.holding


def test_replayed_keys_keep_the_callers_payload():
    buffer = ScanBuffer()
    buffer.feed("a", KeyKind.CHAR, 0.0, payload="event-a")
    decision = buffer.feed("b", KeyKind.CHAR, 1.0, payload="event-b")
    assert [k.payload for k in decision.replay] == ["event-a"]


@pytest.mark.parametrize("bad", [{"max_gap": 0}, {"min_length": 0}])
def test_rejects_nonsense_settings(bad):
    with pytest.raises(ValueError):
        ScanBuffer(**bad)


# -- property: any mix of slow typing and fast scans -------------------------------------------

def _code_text(prefix, year, sequence, dashed):
    code = make_code(prefix, year, sequence)
    return code.display if dashed else code.compact


safe_codes = st.builds(
    _code_text,
    st.text(LETTERS, min_size=2, max_size=2),
    st.integers(0, 99),
    st.integers(1, 10**9 - 1),
    st.booleans(),
)
typed_text = st.text("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạĐV 0123456789-", max_size=12)
scan = st.tuples(st.just("scan"), safe_codes, st.sampled_from("⏎⇥"),
                 st.lists(st.floats(0.0005, 0.029), min_size=30, max_size=30))
typing = st.tuples(st.just("type"), typed_text, st.sampled_from(["", "⏎", "→"]),
                   st.lists(st.floats(0.032, 1.5), min_size=30, max_size=30))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(scan, typing), max_size=8), st.floats(0.032, 2.0), st.booleans())
def test_typing_arrives_intact_and_every_scan_is_caught(segments, pause, timer):
    events, typed, scanned = [], "", []
    for what, text, end, gaps in segments:
        script = list(text) + ([end] if end else [])
        t = events[-1][1] + pause if events else 0.0
        for token, gap in zip(script, [0.0] + gaps):
            t += gap
            events.append((token, t))
        if what == "scan":
            scanned.append(text)
        else:
            typed += "".join(script)
    assert play(ScanBuffer(), events, timer) == (typed, scanned)
    assert all(parse_code(code) for code in scanned)


# -- the shapes the app-wide filter accepts as scans (HANDS-ON 20) ----------------------------

@pytest.mark.parametrize("text, shaped", [
    ("VC26000123K", True), ("VC-26-000123-K", True), ("vc26000123k", True), ("VT01000021X", True),
    ("VC26000123Z", True),  # a wrong check character is still a scan: the user is told it is invalid
    ("VC26000123K:3fa9c2e1", True), ("KVC|624/2026/BB-GN|ab12|17|cd34", True),
    ("DIENTHOAISAMSUNG", False), ("Code 128", False), ("123456", False), ("ghi chú:x y", False),
])
def test_scan_shaped(text, shaped):
    from ui.scan_value import scan_shaped
    assert scan_shaped(text) is shaped


def test_filter_buffer_replays_a_fast_non_code_with_its_enter_and_drops_an_unended_code():
    from ui.scan_buffer import unread_scan
    from ui.scan_value import scan_shaped
    buffer = ScanBuffer(accept=scan_shaped, unread=unread_scan)
    assert play(buffer, keys("DIENTHOAI⏎", FAST)) == ("DIENTHOAI⏎", [])
    assert play(buffer, keys(CODE, FAST)) == ("", [])
    assert buffer.dropped == [CODE]
    assert play(buffer, keys("ghi chú", FAST)) == ("ghi chú", [])


# -- a delayed event loop (HANDS-ON 19 follow-up: "Không đọc trọn mã quét" under heavy load) ------------------

def _late(buffer, script, start, gap=FAST):
    """Feed ``script`` with key times ``gap`` apart from ``start``; returns (widget stream, codes)."""
    widget, codes = Widget(), []
    for i, token in enumerate(script):
        _feed(buffer, widget, codes, token, start + i * gap)
    return widget, codes


def test_a_burst_the_loop_delivers_late_is_still_one_scan():
    """The timer fires while the rest of the burst waits behind a busy event loop: the keys' own times show one
    burst, so the two parts are joined, nothing is typed and nothing is reported as unreadable."""
    from ui.scan_buffer import unread_scan
    from ui.scan_value import scan_shaped
    buffer = ScanBuffer(accept=scan_shaped, unread=unread_scan)
    first, codes = _late(buffer, CODE[:7], 0.0)
    last = 6 * FAST
    assert buffer.flush(last + FAST * 2) == ()  # our clock: only a few ms
    assert buffer.flush(last + 0.25) == () and not buffer.holding  # the loop stalled: set aside, not typed
    assert buffer.dropped == []
    rest, codes = _late(buffer, CODE[7:] + "⏎", last + FAST)  # delivered late, pressed 4 ms after the 7th
    assert (first.stream + rest.stream, codes, buffer.dropped) == ("", [CODE], [])


def test_a_short_start_of_a_burst_waits_for_a_stalled_loop():
    """Three fast keys then 150 ms of our clock without the next: a person does not type three keys in 8 ms, so
    they are held (not typed into the sidebar) until the burst goes on."""
    from ui.scan_buffer import unread_scan
    from ui.scan_value import scan_shaped
    buffer = ScanBuffer(accept=scan_shaped, unread=unread_scan)
    first, _codes = _late(buffer, CODE[:3], 0.0)
    assert buffer.flush(2 * FAST + 0.150) == ()
    rest, codes = _late(buffer, CODE[3:] + "⏎", 3 * FAST)
    assert (first.stream + rest.stream, codes) == ("", [CODE])


def test_slow_typing_never_joins_a_lost_burst():
    """A burst lost for good is reported; a person typing afterwards (keys 150 ms apart) is typing."""
    from ui.scan_buffer import unread_scan
    from ui.scan_value import scan_shaped
    buffer = ScanBuffer(accept=scan_shaped, unread=unread_scan)
    _late(buffer, CODE[:7], 0.0)
    buffer.flush(6 * FAST + 0.25)
    typed, codes = _late(buffer, "0123K⏎", 6 * FAST + 0.150, gap=SLOW)
    assert buffer.dropped == [CODE[:7]]
    while buffer.deadline() is not None:
        for key in buffer.flush(buffer.deadline()):
            typed.take(key)
    assert (typed.stream, codes) == ("0123K⏎", [])
    # and without any lost burst, a code typed by hand stays typing, whatever the event loop does
    buffer = ScanBuffer(accept=scan_shaped, unread=unread_scan)
    typed, codes = _late(buffer, CODE + "⏎", 0.0, gap=SLOW)
    for key in buffer.flush(100.0):
        typed.take(key)
    assert (typed.stream, codes) == (CODE + "⏎", [])
