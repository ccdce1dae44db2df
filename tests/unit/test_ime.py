"""Scanning through a Vietnamese input method (Unikey/EVKey in Telex or VNI mode).

``Unikey`` below is a small model of what those input methods do with keystrokes: they keep the
current word, rewrite it when a mark key arrives, and send BackSpace + the rewritten text. It
shows that codes in the IME-safe alphabet come through untouched, and that codes with vowels,
``D`` or ``W`` do not, in ways no normaliser can always undo.
"""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evidence_store.domain.codes import LETTERS, make_code, parse_code
from ui.scan_buffer import IME, KeyKind, ScanBuffer

ACUTE, GRAVE, HOOK, TILDE, DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
CIRCUMFLEX, HORN, BREVE = "\u0302", "\u031b", "\u0306"
TONES = {ACUTE, GRAVE, HOOK, TILDE, DOT}
TELEX_TONES = {"s": ACUTE, "f": GRAVE, "r": HOOK, "x": TILDE, "j": DOT}
VNI_TONES = {"1": ACUTE, "2": GRAVE, "3": HOOK, "4": TILDE, "5": DOT}
BS = ("\b", KeyKind.BACKSPACE)


def _parts(ch):
    base, *marks = unicodedata.normalize("NFD", ch)
    return base, [m for m in marks if m not in TONES], next((m for m in marks if m in TONES), None)


def _make(base, shapes, tone):
    return unicodedata.normalize("NFC", base + "".join(shapes) + (tone or ""))


def _is_vowel(ch):
    return _parts(ch)[0].lower() in "aeiouy"


class Unikey:
    """Telex: aa ee oo → â ê ô, dd → đ, w → ă/ơ/ư (alone: ư), s f r x j tones, z removes the
    tone, a repeated mark key undoes it. VNI: digits after a vowel, 1–5 tones, 6 ^, 7 horn,
    8 breve, 9 đ, 0 removes the tone. Marks go on the word's main vowel (free tone placement)."""

    def __init__(self, mode):
        self.mode = mode
        self.word = []  # the current word as shown on screen
        self.events = []  # what the application receives: (text, KeyKind)

    @classmethod
    def type(cls, keys, mode):
        ime = cls(mode)
        for key in keys:
            ime.press(key)
        return ime.events

    def press(self, key):
        before = "".join(self.word)
        if not self._compose(key):
            self.events.append((key, KeyKind.CHAR))
            self.word = self.word + [key] if key.isalpha() else []  # digits, '-' end a word
            return
        after = "".join(self.word)
        same = _common_prefix(before, after)
        self.events += [BS] * (len(before) - same) + [(ch, KeyKind.CHAR) for ch in after[same:]]

    def _compose(self, key):
        """Rewrite ``self.word`` for a mark key; False when the key is plain text."""
        low = key.lower()
        if self.mode == "telex":
            if low in TELEX_TONES:
                return self._tone(TELEX_TONES[low], key)
            if low == "z":
                return self._tone(None, key)
            if low in "aeo":
                return self._shape(CIRCUMFLEX, low, key, adjacent=True)
            if low == "w":
                return self._horn_or_breve(key) or self._lone_w(key)
            if low == "d":
                return self._dd(key)
            return False
        if key in VNI_TONES:
            return self._tone(VNI_TONES[key], key)
        actions = {"0": lambda: self._tone(None, key), "6": lambda: self._shape(CIRCUMFLEX, "aeo", key),
                   "7": lambda: self._horn_or_breve(key, "ou"), "8": lambda: self._shape(BREVE, "a", key),
                   "9": lambda: self._dd(key)}
        return actions.get(key, lambda: False)()

    def _tone(self, tone, key):
        i = _tone_position(self.word)
        if i is None:
            return False
        base, shapes, old = _parts(self.word[i])
        if tone is None and old is None:
            return False
        if tone is not None and old == tone:  # pressed twice: undo and type the key itself
            self.word[i] = _make(base, shapes, None)
            self.word.append(key)
        else:
            self.word[i] = _make(base, shapes, tone)
        return True

    def _shape(self, mark, bases, key, adjacent=False):
        candidates = [len(self.word) - 1] if adjacent else range(len(self.word) - 1, -1, -1)
        for i in candidates:
            if i < 0:
                return False
            base, shapes, tone = _parts(self.word[i])
            if base.lower() in bases and (not adjacent or base.lower() == key.lower()):
                if mark in shapes:
                    self.word[i] = _make(base, [], tone)
                    self.word.append(key)
                else:
                    self.word[i] = _make(base, [mark], tone)
                return True
        return False

    def _horn_or_breve(self, key, bases="aou"):
        vowels = [i for i, ch in enumerate(self.word) if _is_vowel(ch)]
        low = {i: _parts(self.word[i])[0].lower() for i in vowels}
        pairs = [i for i in vowels if low[i] == "o" and low.get(i - 1) == "u"]
        if pairs:  # ươ takes both horns: "nguoiw" → "người"
            targets = [pairs[-1] - 1, pairs[-1]]
        else:
            targets = [i for i in vowels if low[i] in bases][-1:]
        if not targets:
            return False
        for i in targets:
            base, _, tone = _parts(self.word[i])
            self.word[i] = _make(base, [BREVE if base.lower() == "a" else HORN], tone)
        return True

    def _lone_w(self, key):
        self.word.append("Ư" if key.isupper() else "ư")
        return True

    def _dd(self, key):
        for i, ch in enumerate(self.word):
            if ch in "dDđĐ" and (self.mode == "vni" or i == len(self.word) - 1):
                self.word[i] = {"d": "đ", "D": "Đ", "đ": "d", "Đ": "D"}[ch]
                if ch in "đĐ":  # pressed again: undo and type the key itself
                    self.word.append(key)
                return True
        return False


def _common_prefix(a, b):
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _tone_position(word):
    vowels = [i for i, ch in enumerate(word) if _is_vowel(ch)]
    if not vowels:
        return None
    cluster = [vowels[-1]]  # the last run of adjacent vowels
    while cluster[0] - 1 in vowels:
        cluster.insert(0, cluster[0] - 1)
    shaped = [i for i in cluster if _parts(word[i])[1]]
    if shaped:
        return shaped[-1]
    if len(cluster) == 1 or cluster[-1] < len(word) - 1:  # one vowel, or a final consonant
        return cluster[-1]
    return cluster[1] if len(cluster) == 3 else cluster[0]


def screen(events):
    """What a text field shows after receiving ``events``."""
    out = []
    for text, kind in events:
        if kind is KeyKind.BACKSPACE:
            out.pop()
        else:
            out.append(text)
    return "".join(out)


def scan_through(events, gap=0.003):
    """Feed IME output to a ScanBuffer at scanner speed, followed by Enter."""
    buffer = ScanBuffer()
    decisions = [buffer.feed(t, k, i * gap) for i, (t, k) in enumerate(events)]
    decisions.append(buffer.feed("\r", KeyKind.ENTER, len(events) * gap))
    assert all(d.swallow for d in decisions)
    return decisions[-1].code


# -- the model against what Unikey/EVKey users see ------------------------------------------

@pytest.mark.parametrize("mode, keys, shown", [
    ("telex", "Vieejt Nam", "Việt Nam"),
    ("telex", "Ddieejn thoaij", "Điện thoại"),
    ("telex", "tieengs", "tiếng"),
    ("telex", "nguwowif", "người"),
    ("telex", "hoaf", "hòa"),
    ("telex", "anhs", "ánh"),
    ("telex", "w", "ư"),
    ("telex", "ass", "as"),
    ("telex", "asz", "a"),
    ("telex", "aaa", "aa"),
    ("vni", "Vie65t Nam", "Việt Nam"),
    ("vni", "D9ie65n thoai5", "Điện thoại"),
    ("vni", "tie61ng", "tiếng"),
    ("vni", "nguoi72", "người"),
    ("vni", "a11", "a1"),
])
def test_model_types_vietnamese_like_unikey(mode, keys, shown):
    assert screen(Unikey.type(keys, mode)) == shown


def test_input_method_sends_backspace_and_the_composed_letter():
    assert Unikey.type("dd", "telex") == [("d", KeyKind.CHAR), BS, ("đ", KeyKind.CHAR)]
    assert Unikey.type("a1", "vni") == [("a", KeyKind.CHAR), BS, ("á", KeyKind.CHAR)]
    # a tone typed after the final consonant rewrites three characters
    assert Unikey.type("anhs", "telex")[3:] == [BS, BS, BS] + [(c, KeyKind.CHAR) for c in "ánh"]


# -- the IME-safe alphabet -------------------------------------------------------------------

codes = st.builds(
    lambda prefix, year, seq: make_code(prefix, year, seq),
    st.sampled_from(["VC", "VT", "BB"]) | st.text(LETTERS, min_size=2, max_size=2),
    st.integers(0, 99),
    st.integers(1, 10**9 - 1),
)


@given(codes, st.sampled_from(["telex", "vni"]), st.booleans(), st.booleans())
def test_safe_codes_pass_through_any_input_method_unchanged(code, mode, dashed, caps_lock):
    keys = code.display if dashed else code.compact
    keys = keys.lower() if caps_lock else keys
    events = Unikey.type(keys, mode)
    assert events == [(ch, KeyKind.CHAR) for ch in keys]  # no backspace, no rewrite
    scanned = scan_through(events)
    assert parse_code(IME.recover(scanned)) == code


# -- why the alphabet matters ---------------------------------------------------------------

@pytest.mark.parametrize("mode, code, shown", [
    ("telex", "DD12", "Đ12"),
    ("telex", "W123", "Ư123"),
    ("telex", "AS0142", "Á0142"),
    ("telex", "BOOK22", "BÔK22"),
    ("telex", "HDD-DA", "HĐ-DA"),
    ("vni", "KHO1234", "KHÕ"),  # each digit replaces the tone
    ("vni", "DA9", "ĐA"),
])
def test_unsafe_codes_are_corrupted(mode, code, shown):
    assert screen(Unikey.type(code, mode)) == shown != code


@given(st.text("BCGHKLMNPT", min_size=1, max_size=3), st.sampled_from("AEIOUY"),
       st.sampled_from("12345"), st.text("0123456789", max_size=6))
def test_any_code_with_a_vowel_before_a_digit_is_corrupted_by_vni(head, vowel, digit, rest):
    code = head + vowel + digit + rest
    assert screen(Unikey.type(code, "vni")) != code


def test_input_methods_merge_different_codes_so_no_normaliser_can_undo_them():
    # Two different legacy codes give the same text: the scan cannot say which item it was.
    assert screen(Unikey.type("AFS1", "telex")) == screen(Unikey.type("AS1", "telex")) == "Á1"
    assert screen(Unikey.type("A21", "vni")) == screen(Unikey.type("A1", "vni")) == "Á"
    assert screen(Unikey.type("DDD1", "telex")) == "DD1"  # and "DD1" itself shows as "Đ1"


# -- IME normaliser ------------------------------------------------------------------------

def test_normalize_cleans_what_a_scanner_or_ime_adds():
    assert IME.normalize(" vc-26-000123-k\r\n") == "VC26000123K"
    assert IME.normalize(unicodedata.normalize("NFD", "Điện")) == "ĐIỆN"


@pytest.mark.parametrize("mode, keys", [
    ("telex", "DD123456"), ("vni", "HA17777"), ("vni", "D9A7777"), ("telex", "BOO1234"),
])
def test_recover_undoes_simple_rewrites_of_foreign_codes(mode, keys):
    scanned = scan_through(Unikey.type(keys, mode))
    assert scanned != keys
    accept = lambda text: text.isascii() and text.isalnum() and len(text) == len(keys)  # noqa: E731
    assert IME.recover(scanned, accept=accept, modes=[mode]) == keys


def test_recover_needs_the_workstation_mode_when_both_inverses_look_valid():
    scanned = scan_through(Unikey.type("HA17777", "vni"))  # "HÁ7777"
    ascii_code = lambda text: text.isascii() and text.isalnum()  # noqa: E731
    assert IME.recover(scanned, accept=ascii_code, modes=["telex", "vni"]) == "HAS7777"
    assert IME.recover(scanned, accept=ascii_code, modes=["vni"]) == "HA17777"


def test_recover_leaves_unrecognisable_text_normalised():
    assert IME.recover("điện thoại") == "ĐIỆNTHOẠI"
