"""Tell a barcode scanner from a person typing, without Qt.

A USB scanner is a keyboard that types a whole code in a few milliseconds and presses Enter
(or Tab). A person types the same keys ten times slower. ``ScanBuffer`` sees every key press
as ``(text, kind, time)`` and answers, per key, whether the key may reach the focused widget.
While it cannot tell yet, it holds the key back; if the keys turn out to be typing it hands
them back (``Decision.replay``) so the widget receives exactly what was typed, in order.

Which terminated bursts are scans is asked of ``accept``: the scan filter passes ``ui.scan_value.scan_shaped``,
the same reading that makes the scan's typed value.

``IME`` cleans up what a Vietnamese input method (Unikey/EVKey, Telex or VNI) made of a scan.
Codes printed in the IME-safe alphabet (``evidence_store.domain.codes``) come through unchanged;
``IME`` also undoes the rewrites for foreign barcodes that contain vowels, ``d`` or ``w``.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from evidence_store.domain.codes import clean, looks_like_code


class KeyKind(enum.Enum):
    CHAR = "char"  # a key press that produced printable text
    ENTER = "enter"
    TAB = "tab"
    BACKSPACE = "backspace"
    OTHER = "other"  # arrows, function keys, shortcuts: never part of a scan


@dataclass(frozen=True)
class Key:
    text: str
    kind: KeyKind
    at: float  # seconds, monotonic
    payload: Any = field(default=None, compare=False)  # the caller's event data, for replay


@dataclass(frozen=True)
class Decision:
    """What to do with one key: first deliver ``replay`` (held keys, in order) to the widget,
    then let the current key through unless ``swallow``. ``code`` is set when a scan ended."""

    swallow: bool = False
    replay: tuple[Key, ...] = ()
    code: str | None = None


PASS = Decision()
HOLD = Decision(swallow=True)


_UNREAD_RE = re.compile(r"[A-Z0-9:|/._-]+")  # capitals and digits: what a scanner types


def unread_scan(text: str) -> bool:
    """A burst at scanner speed that never got its Enter (a split scan, a lost terminator): capital
    letters and digits only. Typed into a list or a button it would jump or trigger; it is dropped."""
    return bool(_UNREAD_RE.fullmatch(text or "")) and any(ch.isdigit() for ch in text)


class ScanBuffer:
    """Recognises scanner bursts: keys at most ``max_gap`` seconds apart, at least
    ``min_length`` characters of code, ending in one of ``terminators``; optionally wrapped in
    ``prefix``/``suffix`` characters configured on the scanner (they are stripped from the code).

    Keys held back while undecided are returned by ``feed`` (when the next key shows it was
    typing) or by ``flush`` (when no further key came; call it at ``deadline()``).

    ``accept(code)`` (optional) must hold for a terminated burst to count as a scan; otherwise the
    keys and the Enter are typing. ``unread(text)`` (optional) marks an unterminated burst of at
    least ``min_length`` characters as an unreadable scan: it is dropped, not replayed, and its text
    appended to ``dropped`` for the caller to report.

    ``typed(keys)`` (optional) says the keys went to a field that takes text (a form's line edit): there an
    unterminated burst is a fast typist's text (a 12-digit CCCD typed at 15 ms a key), never dropped. It is
    still held for ``rejoin`` — a scan split by a stalled event loop must not half land in the field — and
    given back, in order, once nothing continues it (issue 17: the text was lost as an "unreadable scan").

    A delayed event loop (a busy PC) must not split a scan. Whether keys belong together is judged by
    the keys' own times (``at``, the event timestamps); the caller's timer only decides when to give
    keys back, and for that it waits longer once a burst is under way:
    - one held key comes back after ``max_gap`` of silence (a person's keystroke, shown at once);
      two or more keys that came at scanner speed wait ``burst_grace`` (the rest may be queued
      behind a busy event loop);
    - a burst dropped as unreadable is kept for ``rejoin`` seconds: if its continuation then arrives
      with times that carry on the burst (each gap within ``max_gap``), the two are one scan again,
      and nothing is reported. Slow typing never joins: its own gaps are longer than ``max_gap``.
    """

    def __init__(
        self,
        max_gap: float = 0.030,
        min_length: int = 6,
        prefix: str = "",
        suffix: str = "",
        terminators: Iterable[KeyKind] = (KeyKind.ENTER, KeyKind.TAB),
        accept: Callable[[str], bool] | None = None,
        unread: Callable[[str], bool] | None = None,
        typed: Callable[[tuple[Key, ...]], bool] | None = None,
        burst_grace: float = 0.200,
        rejoin: float = 0.800,
    ) -> None:
        if max_gap <= 0 or min_length < 1:
            raise ValueError("max_gap must be > 0 and min_length >= 1")
        self.max_gap = max_gap
        self.min_length = min_length
        self.prefix = prefix
        self.suffix = suffix
        self.terminators = frozenset(terminators)
        self.accept = accept
        self.unread = unread
        self.typed = typed
        self.burst_grace = max(burst_grace, max_gap)
        self.rejoin = max(rejoin, max_gap)
        self.dropped: list[str] = []
        self._held: list[Key] = []
        self._lost: list[Key] = []  # a burst dropped as unreadable, kept for a late continuation
        self._rejoined = False  # the held keys continue a lost burst

    # -- queries ---------------------------------------------------------------------------
    @property
    def holding(self) -> bool:
        return bool(self._held)

    def deadline(self) -> float | None:
        """Time after which held keys can only be typing and should be flushed (or a lost burst
        reported), in the keys' time; ``None`` when there is nothing to wait for."""
        if self._held:
            return self._held[-1].at + (self.burst_grace if len(self._held) >= 2 else self.max_gap)
        if self._lost:
            return self._lost[-1].at + self.rejoin
        return None

    # -- input -----------------------------------------------------------------------------
    def feed(self, text: str, kind: KeyKind, at: float, payload: Any = None) -> Decision:
        key = Key(text, kind, at, payload)
        if self._held and at - self._held[-1].at > self.max_gap:
            # Too slow to be a scanner: what we held was typing (or a scan that lost its Enter).
            return self._with_replay(self._give_back_or_drop(), self._start(key))
        if not self._held:
            return self._start(key)
        return self._continue(key)

    def flush(self, now: float) -> tuple[Key, ...]:
        """Give back held keys once the pause shows they were typed (``deadline``); report a lost
        burst nothing continued."""
        deadline = self.deadline()
        if deadline is None or now < deadline:
            return ()
        if self._held:
            return self._give_back_or_drop()
        return self._settle_lost()

    def reset(self) -> tuple[Key, ...]:
        """Give back everything held, e.g. when the window loses focus."""
        lost = self._settle_lost()
        return lost + self._give_back()

    # -- internals -------------------------------------------------------------------------
    def _start(self, key: Key) -> Decision:
        if self._lost:
            if key.at - self._lost[-1].at <= self.max_gap and key.kind is not KeyKind.OTHER:
                # the rest of a burst the event loop delivered late: the two parts are one scan
                self._held, self._lost, self._rejoined = self._lost, [], True
                return self._continue(key)
            typed = self._settle_lost()  # a fast typist's text comes before the key that follows it
            if typed:
                return self._with_replay(typed, self._start(key))
        self._rejoined = False
        if key.kind is not KeyKind.CHAR:
            return PASS
        if self.prefix and not self.prefix.startswith(key.text):
            return PASS  # with a prefix configured, ordinary typing is never delayed
        self._held.append(key)
        return HOLD

    def _continue(self, key: Key) -> Decision:
        if key.kind in self.terminators:
            code = self._code()
            if code is None and self._rejoined:  # never typed: the keys were a scan, unreadable
                self.dropped.append(self._text())
                self._held.clear()
                return HOLD
            if code is None:
                return Decision(replay=self._give_back())
            self._held.clear()
            return Decision(swallow=True, code=code)
        if key.kind is KeyKind.CHAR or (
            key.kind is KeyKind.BACKSPACE and len(self._text()) > 0  # IMEs rewrite with BS
        ):
            self._held.append(key)
            if self._prefix_broken():
                self._held.pop()  # this key is typing too: let the native event through
                return Decision(replay=self._give_back())
            return HOLD
        return Decision(replay=self._give_back())

    def _with_replay(self, replay: tuple[Key, ...], then: Decision) -> Decision:
        return Decision(swallow=then.swallow, replay=replay + then.replay, code=then.code)

    def _give_back_or_drop(self) -> tuple[Key, ...]:
        text = self._text()
        if self.unread is not None and len(text) >= self.min_length and self.unread(text):
            earlier = self._settle_lost()
            self._lost, self._held = self._held, []  # reported (or typed) once no late continuation comes
            return earlier
        return self._give_back()

    def _settle_lost(self) -> tuple[Key, ...]:
        """Nothing continued the burst set aside: typed into a text field, it is given back (returned);
        anywhere else it was an unreadable scan, reported in ``dropped``."""
        if not self._lost:
            return ()
        if self._typed(self._lost):
            lost, self._lost = tuple(self._lost), []
            return lost
        self._report_lost()
        return ()

    def _typed(self, keys) -> bool:
        return self.typed is not None and bool(keys) and self.typed(tuple(keys))

    def _report_lost(self) -> None:
        if self._lost:
            held, self._held = self._held, self._lost
            self.dropped.append(self._text())
            self._held, self._lost = held, []

    def _give_back(self) -> tuple[Key, ...]:
        held, self._held = tuple(self._held), []
        if self._rejoined and self._typed(held):  # joined again, then typing went on: text for the field
            self._rejoined = False
            return held
        if self._rejoined:  # a lost burst is never typed into the widget
            self._rejoined = False
            text = "".join(k.text for k in held if k.kind is KeyKind.CHAR)
            if text:
                self.dropped.append(text)
            return ()
        return held

    def _text(self) -> str:
        """The text the held keys would have produced on screen (backspaces applied)."""
        out: list[str] = []
        for key in self._held:
            if key.kind is KeyKind.BACKSPACE:
                if out:
                    out.pop()
            else:
                out.append(key.text)
        return "".join(out)

    def _prefix_broken(self) -> bool:
        text = self._text()
        n = min(len(text), len(self.prefix))
        return text[:n] != self.prefix[:n]

    def _code(self) -> str | None:
        text = self._text()
        if not text.startswith(self.prefix) or not text.endswith(self.suffix):
            return None
        code = text[len(self.prefix) : len(text) - len(self.suffix)]
        if len(code) < self.min_length or (self.accept is not None and not self.accept(code)):
            return None
        return code


# -- input method normalisation -------------------------------------------------------------

# Combining mark → the key that makes it, per input method.
_TELEX_TONES = {"\u0301": "S", "\u0300": "F", "\u0309": "R", "\u0303": "X", "\u0323": "J"}
_VNI_TONES = {"\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
_VNI_SHAPES = {"\u0302": "6", "\u031b": "7", "\u0306": "8"}


def _untype_char(ch: str, mode: str) -> str:
    if ch in "đĐ":
        return "DD" if mode == "telex" else "D9"
    base, *marks = unicodedata.normalize("NFD", ch)
    keys = base
    for mark in marks:
        if mode == "telex":
            if mark == "\u0302":
                keys += base  # â ê ô come from a doubled vowel
            elif mark in ("\u031b", "\u0306"):
                keys += "W"
            else:
                keys += _TELEX_TONES.get(mark, "")
        else:
            keys += _VNI_SHAPES.get(mark, "") or _VNI_TONES.get(mark, "")
    return keys


class IME:
    """Recover a code from what an input method typed for the scanner's keystrokes."""

    MODES = ("telex", "vni")

    @staticmethod
    def normalize(raw: str) -> str:
        """NFC, no whitespace or control characters, no dashes, upper case."""
        text = unicodedata.normalize("NFC", raw or "")
        text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
        return clean(text)

    @staticmethod
    def untype(raw: str, mode: str) -> str:
        """Best-effort inverse of Telex/VNI: each Vietnamese letter back to its keys, mark keys
        right after the letter (where a scanner types them). Not always the original: the
        methods map several key sequences onto one text, which is why codes avoid vowels."""
        if mode not in IME.MODES:
            raise ValueError(mode)
        text = IME.normalize(raw)
        return "".join(_untype_char(ch, mode) if ord(ch) > 127 else ch for ch in text).upper()

    @staticmethod
    def recover(
        raw: str,
        accept: Callable[[str], bool] = looks_like_code,
        modes: Iterable[str] = MODES,
    ) -> str:
        """The normalised text if ``accept`` takes it, else the first input-method inverse
        (tried in ``modes`` order: put the workstation's own mode first) that it takes, else
        the normalised text, which the caller then reports as an unknown code."""
        text = IME.normalize(raw)
        if accept(text) or text.isascii():
            return text
        for mode in modes:
            candidate = IME.untype(text, mode)
            if accept(candidate):
                return candidate
        return text
