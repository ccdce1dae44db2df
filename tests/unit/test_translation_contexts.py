"""English that reads right where it stands (HANDS-ON 68), and no user-visible literal left untranslated.

The same Vietnamese words name an action on a button and a past event in a history ("Chuyển vị trí": "Move" /
"Moved"): ``C_("action", msgid)`` looks up the key ``"action\\x04msgid"`` first. Every action of the item page
has its imperative English. And a string literal handed straight to a Qt widget in ui/ — not through ``_()`` —
stays Vietnamese in the English UI (or English in the Vietnamese one): the scan below fails on a new one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from evidence_store import i18n
from evidence_store.domain.moves import ACTIONS

ROOT = Path(__file__).resolve().parents[2]
SEP = i18n.CONTEXT_SEPARATOR


def _calls(folder: str):
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"), filename=str(path))):
            if isinstance(node, ast.Call):
                yield path.relative_to(ROOT), node


def _name(func) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def test_every_action_of_the_item_page_is_an_imperative_in_english():
    en = i18n.load_catalog("en")
    missing = [a.label for a in ACTIONS if f"action{SEP}{a.label}" not in en]
    assert not missing, missing
    past = {a.label: en[f"action{SEP}{a.label}"] for a in ACTIONS if en[f"action{SEP}{a.label}"].endswith("ed")}
    assert not past, past
    with i18n.in_language("en"):
        assert i18n.C_("action", "Chuyển vị trí") == "Move"
        assert i18n._("Chuyển vị trí") == "Moved"  # the event in a history keeps its past form
        assert i18n.C_("action", "Nhận lại") == i18n._("Nhận lại")  # no context entry: the plain one
    assert i18n.C_("action", "Chuyển vị trí") == "Chuyển vị trí"


def test_context_entries_translate_a_msgid_the_code_uses_in_that_context():
    used = set()
    for _path, node in _calls("ui"):
        if _name(node.func) == "C_" and len(node.args) >= 2 and all(isinstance(a, ast.Constant) for a in node.args[:2]):
            used.add(f"{node.args[0].value}{SEP}{node.args[1].value}")
    used |= {f"action{SEP}{a.label}" for a in ACTIONS}  # item_view.py: C_("action", move.label)
    for _path, node in _calls("ui/screens"):  # main_window.py: C_("nav", entry.title) of registry.ENTRIES
        if _name(node.func) == "Entry" and len(node.args) >= 3 and isinstance(node.args[2], ast.Call):
            used.add(f"nav{SEP}{node.args[2].args[0].value}")
    stale = [k for k in i18n.load_catalog("en") if SEP in k and k not in used]
    assert not stale, stale


# Qt calls that put their string argument on the screen
SINKS = {"setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "addItem", "addTab", "setTitle", "QLabel",
         "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "addAction", "setStatusTip", "showMessage",
         "insertItem", "setLabelText", "setItemText", "setTabText", "QMessageBox", "addButton", "setSpecialValueText",
         "setOkButtonText", "setCancelButtonText", "QTableWidgetItem", "setWhatsThis", "setHorizontalHeaderLabels",
         "information", "warning", "critical", "question"}
UNITS = {"mm", "đ", "%", "px", "×"}  # a unit after a number reads the same in both languages
LOGGERS = {"log", "logger", "logging", "LOG"}


def _literal(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    if isinstance(node, (ast.List, ast.Tuple)):
        return " ".join(t for t in (_literal(e) for e in node.elts) if t)
    return None


def untranslated_literals(folder: str = "ui") -> list[str]:
    found = []
    for path, node in _calls(folder):
        name = _name(node.func)
        if name not in SINKS or not node.args:
            continue
        if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) and \
                node.func.value.id in LOGGERS:
            continue  # the log file, not the screen
        args = node.args[:1] if name in ("addItem", "insertItem", "addTab", "setItemText", "setTabText") else node.args
        if name in ("addItem", "insertItem", "setItemText", "setTabText") and len(node.args) > 1 and \
                not isinstance(node.args[0], (ast.Constant, ast.JoinedStr)):
            args = [a for a in node.args if isinstance(a, (ast.Constant, ast.JoinedStr))][:0]
        for arg in args:
            text = _literal(arg)
            if text and any(c.isalpha() for c in text) and text.strip() not in UNITS:
                found.append(f"{path}:{node.lineno}: {name}({text!r})")
    return found


def test_no_user_visible_literal_bypasses_translation():
    found = untranslated_literals()
    if found:
        pytest.fail("strings shown by Qt without _():\n  " + "\n  ".join(found))


def test_the_scan_sees_a_new_untranslated_literal(tmp_path, monkeypatch):
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "screen.py").write_text('b = QPushButton("Save")\nlabel.setText(_("Lưu"))\n'
                                               'log.warning("database fault")\nbox.addItem(_("Mới nhất"), "newest")\n',
                                               "utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert untranslated_literals() == ["ui/screen.py:1: QPushButton('Save')"]
