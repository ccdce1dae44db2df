"""Item, location and handover codes in an IME-safe alphabet, with a check character.

Vietnamese PCs run Unikey/EVKey in Telex or VNI mode. Telex rewrites letters typed after vowels
(aa→â, dd→đ, w→ư, s/f/r/x/j/z as tone keys); VNI uses digits after vowels. A code made only of
digits and consonants other than D and W has no vowel for a tone to land on and no "dd"/"w", so a
scanner typing through either input method still yields the code unchanged.

Encoded form (what the barcode holds): PREFIX(2 letters) YY SEQUENCE(6+ digits) CHECK(1 char),
e.g. ``VC26000123K``: 11 characters, digits in pairs for Code 128 set C. Dashes appear only in the
printed text (``VC-26-000123-K``); parsing accepts the code with or without them, any case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InvalidCode

LETTERS = "BCFGHJKLMNPQRSTVXZ"  # consonants without D and W (Telex "dd" → đ, "w" → ư)
ALPHABET = "0123456789" + LETTERS  # 28 symbols for the check character
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}

KIND_PREFIXES = {"item": None, "location": "VT", "handover": "BB"}
LOCATION_PREFIX = KIND_PREFIXES["location"]
RECORD_PREFIX = KIND_PREFIXES["handover"]
_CODE_RE = re.compile(r"^([%s]{2})([0-9]{2})([0-9]{6,9})([%s])$" % (LETTERS, ALPHABET), re.ASCII)
MAX_RAW = 64  # a scanned or typed code is short; anything longer is refused before any work (issue #14)


def check_char(body: str) -> str:
    """Luhn mod N over the 28-symbol alphabet: catches every single-character error and
    every adjacent transposition of two different symbols."""
    n = len(ALPHABET)
    factor, total = 2, 0
    for ch in reversed(body):
        addend = factor * _VALUE[ch]
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return ALPHABET[(n - total % n) % n]


@dataclass(frozen=True)
class ItemCode:
    prefix: str
    year: int  # two digits
    sequence: int

    @property
    def compact(self) -> str:
        body = f"{self.prefix}{self.year:02d}{self.sequence:06d}"
        return body + check_char(body)

    @property
    def display(self) -> str:
        c = self.compact
        return f"{c[:2]}-{c[2:4]}-{c[4:-1]}-{c[-1]}"

    def __str__(self) -> str:
        return self.compact


def validate_prefix(prefix: str) -> str:
    prefix = prefix.strip().upper()
    if len(prefix) != 2 or any(ch not in LETTERS for ch in prefix):
        raise InvalidCode("invalid_prefix", prefix=prefix)
    return prefix


def make_code(prefix: str, year: int, sequence: int) -> ItemCode:
    if not 0 < sequence < 10**9:
        raise InvalidCode("sequence_out_of_range", sequence=sequence)
    return ItemCode(validate_prefix(prefix), year % 100, sequence)


def clean(raw: str) -> str:
    """Strip what a scanner or a person may add: spaces, dashes, lower case, a trailing CR."""
    # lone surrogates are not encodable; NUL cannot even be sent to PostgreSQL (and is no code). Full-width and
    # other Unicode digits are no code digits: they stay, and the ASCII-only pattern refuses them (issue #14)
    return re.sub(r"[\s\-_.\x00\ud800-\udfff]", "", raw or "").upper()


def looks_like_code(raw: str) -> bool:
    return len(raw or "") <= MAX_RAW * 4 and bool(_CODE_RE.match(clean(raw)))


def parse_code(raw: str) -> ItemCode:
    """Parse a scanned or typed code. Raises InvalidCode for a malformed code or a wrong check
    character, so a misread is rejected rather than matched to the wrong item."""
    text = clean(raw) if len(raw or "") <= MAX_RAW * 4 else ""
    m = _CODE_RE.match(text) if len(text) <= MAX_RAW else None
    if not m:
        raise InvalidCode("malformed_code", code=(raw or "")[:MAX_RAW])
    prefix, yy, seq, check = m.groups()
    if check_char(text[:-1]) != check:
        raise InvalidCode("bad_check_character", code=raw)
    return ItemCode(prefix, int(yy), int(seq))


def kind_of(code: ItemCode) -> str:
    """"item", "location" or "handover", by the code's prefix (KIND_PREFIXES)."""
    return next((kind for kind, prefix in KIND_PREFIXES.items() if prefix and prefix == code.prefix), "item")


# The app's own QR payloads (printing/labels.qr_payload, printing/docbase.record_qr_payload): a label's
# ``CODE:HASH`` (the item's code and the ledger hash it was printed at) and a record's
# ``KVC|number|check code|ledger seq|ledger head``. Read here once, for the scan filter and the paper check.
RECORD_QR = re.compile(r"KVC\|(?P<number>[^|]+)\|(?P<check>[0-9A-F]{12})\|(?P<seq>\d+)\|(?P<head>[0-9A-F]{12})",
                       re.IGNORECASE)
LABEL_QR = re.compile(r"(?P<code>[A-Z0-9-]{6,20}):(?P<hash>[0-9A-F]{12})", re.IGNORECASE)


@dataclass(frozen=True)
class RecordQr:
    number: str  # as printed
    check: str  # the record's check code (upper case)
    seq: int  # the ledger event the paper cites
    head: str  # that event's short hash (upper case)

    @property
    def text(self) -> str:
        return f"KVC|{self.number}|{self.check}|{self.seq}|{self.head}"


def parse_record_qr(text: str) -> RecordQr | None:
    m = RECORD_QR.fullmatch((text or "").strip()) if len(text or "") <= MAX_RAW * 4 else None
    if m is None:
        return None
    return RecordQr(m.group("number"), m.group("check").upper(), int(m.group("seq")), m.group("head").upper())


def parse_label_qr(text: str) -> tuple[str, str] | None:
    """(the code as printed, the ledger hash in upper case) of a label's QR, or None."""
    m = LABEL_QR.fullmatch((text or "").strip()) if len(text or "") <= MAX_RAW * 4 else None
    return (m.group("code"), m.group("hash").upper()) if m else None
