"""ScanBuffer.typed (issue 17): an unterminated burst typed into a text field is a fast typist's text — given back in
order once nothing continues it, never dropped; a split scan still joins, and elsewhere the burst is still dropped."""

from ui.scan_buffer import ScanBuffer, unread_scan
from ui.scan_value import scan_shaped

from .test_scan_buffer import CODE, FAST, keys, play, then

TYPIST = 0.015


def _buffer(into_text: bool) -> ScanBuffer:
    return ScanBuffer(accept=scan_shaped, unread=unread_scan, typed=lambda _keys: into_text)


def test_digits_typed_fast_into_a_text_field_are_given_back_not_dropped():
    buffer = _buffer(True)
    stream, codes = play(buffer, keys("001179660110", TYPIST))
    assert (stream, codes, buffer.dropped) == ("001179660110", [], [])


def test_slow_typing_after_the_burst_follows_it_in_order():
    buffer = _buffer(True)
    stream, _codes = play(buffer, then(keys("0912345678", TYPIST), " ab", 0.150, 0.300))
    assert (stream, buffer.dropped) == ("0912345678 ab", [])


def test_outside_a_text_field_the_unended_burst_is_still_dropped():
    buffer = _buffer(False)
    stream, _codes = play(buffer, keys(CODE, FAST))
    assert (stream, buffer.dropped) == ("", [CODE])


def test_a_split_scan_into_a_text_field_still_joins_into_one_code():
    buffer = _buffer(True)
    first = keys(CODE[:7], FAST)
    buffer_events = first + keys(CODE[7:] + "⏎", FAST, start=first[-1][1] + FAST)
    stream, codes = play(buffer, buffer_events)
    assert (stream, codes, buffer.dropped) == ("", [CODE], [])
