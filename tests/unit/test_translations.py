"""Every Vietnamese msgid in the code has a proper English translation in en.json.

The msgids are collected statically: every string literal passed as the first argument
to ``_(...)`` or ``N_(...)`` (also ``i18n._(...)``) in every ``.py`` file under
``evidence_store/`` and ``ui/``, including module-level tables of ``N_`` labels. The help
text of command-line sub-commands (``command(name, "help")``) is translated with ``_(help_text)``
at run time, so it is collected as well.
"""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest

from evidence_store import i18n

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("evidence_store", "ui")
EN_PATH = ROOT / "resources" / "translations" / "en.json"
MARKERS = {"_", "N_"}


def _marker_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def collect_msgids() -> dict[str, list[str]]:
    """msgid → the places ("path:line") it is used."""
    found: dict[str, list[str]] = {}
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text("utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = _marker_name(node.func)
                if name in MARKERS and node.args:
                    text = node.args[0]
                elif name == "command" and len(node.args) >= 2:  # CLI sub-command help, see cli/base.py
                    text = node.args[1]
                else:
                    continue
                if isinstance(text, ast.Constant) and isinstance(text.value, str):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    found.setdefault(text.value, []).append(where)
    return found


def placeholders(text: str) -> set[str]:
    try:
        return {field for _lit, field, _spec, _conv in string.Formatter().parse(text) if field is not None}
    except ValueError:  # unbalanced braces: fall back to a plain scan
        return set(re.findall(r"\{([^{}]*)\}", text))


def has_vietnamese_letters(text: str) -> bool:
    return any(ch.isalpha() and ord(ch) > 127 for ch in text)


MSGIDS = collect_msgids()


def _catalog() -> dict[str, str]:
    return i18n.load_catalog("en")


def test_fragments_do_not_disagree():
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for path in i18n.catalog_files("en"):
        for key, value in json.loads(path.read_text("utf-8")).items():
            if key in seen and seen[key][0] != value:
                clashes.append(f"{key!r}: {seen[key][1]} says {seen[key][0]!r}, {path.name} says {value!r}")
            seen.setdefault(key, (value, path.name))
    if clashes:
        pytest.fail(_report("msgids translated differently in two catalogue files", clashes))


def _report(title: str, rows: list[str]) -> str:
    return f"{len(rows)} {title}:\n" + "\n".join(rows)


def test_msgids_are_collected():
    # sanity check on the scanner itself: the app has hundreds of strings
    assert len(MSGIDS) > 300
    assert "Vật chứng" in MSGIDS


def test_every_msgid_has_english():
    en = _catalog()
    missing = [f"{m!r}  ({MSGIDS[m][0]})" for m in sorted(MSGIDS) if m not in en]
    if missing:
        pytest.fail(_report("msgids without an English entry", missing))


def test_english_keeps_placeholders():
    en = _catalog()
    wrong = [
        f"{m!r} {sorted(placeholders(m))} → {en[m]!r} {sorted(placeholders(en[m]))}"
        for m in sorted(MSGIDS)
        if m in en and placeholders(m) != placeholders(en[m])
    ]
    if wrong:
        pytest.fail(_report("English entries with different {placeholders}", wrong))


def test_english_is_not_left_in_vietnamese():
    en = _catalog()
    untranslated = [
        f"{m!r}  ({MSGIDS[m][0]})"
        for m in sorted(MSGIDS)
        if m in en and en[m] == m and has_vietnamese_letters(m)
    ]
    if untranslated:
        pytest.fail(_report("English entries identical to the Vietnamese", untranslated))


def test_no_empty_english():
    en = _catalog()
    empty = [repr(k) for k, v in sorted(en.items()) if not isinstance(v, str) or not v.strip()]
    if empty:
        pytest.fail(_report("empty English entries", empty))


@pytest.fixture
def english():
    i18n.set_language("en")
    try:
        yield
    finally:
        i18n.set_language("vi")


def test_set_language_english(english):
    expected = _catalog()["Vật chứng"]
    assert i18n._("Vật chứng") == expected
    assert expected != "Vật chứng"


def test_language_is_back_to_vietnamese():
    assert i18n.language() == "vi"
    assert i18n._("Vật chứng") == "Vật chứng"
