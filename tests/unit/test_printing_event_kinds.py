"""Every event kind the services (and the bulk demo writer) can put in the ledger has a short label in
describe.EVENT_KIND_LABELS, the one table the printed records use. The kinds are read from the source, so a
new ``persistence.record(uow, item, "new_kind", …)`` without a label fails here."""

import re
from pathlib import Path

from evidence_store.describe import EVENT_KIND_LABELS, event_kind_label
from evidence_store.domain.states import Move
from evidence_store.i18n import language, set_language

ROOT = Path(__file__).resolve().parents[2] / "evidence_store"
CALL = re.compile(r"\brecord\(\s*uow\s*,\s*[^,]+,\s*([^,]+?)\s*,", re.S)  # services: persistence.record(uow, item, KIND, …)
DEMO_CALL = re.compile(r"\bself\.event\(\s*s\s*,\s*[^,]+,\s*([^,]+?)\s*,", re.S)  # bulk demo: self.event(s, id, KIND, …)
SEAL_ACTIONS = re.compile(r"cmd\.action not in \(([^)]*)\)")


def _kinds_of(expr: str, source: str, where: str) -> set[str]:
    if m := re.fullmatch(r'"([a-z_]+)"', expr):
        return {m.group(1)}
    if m := re.fullmatch(r"Move\.([A-Z_]+)\.value", expr):
        return {Move[m.group(1)].value}
    if expr == "cmd.action":  # seal_items: the command's action, checked against a literal tuple
        [allowed] = SEAL_ACTIONS.findall(source)
        return set(re.findall(r'"([a-z_]+)"', allowed))
    if expr == "kind" and where.endswith("bulk_actions.py"):  # the bulk writer's seal step
        assert 'kind = "reseal" if s[SEALED] else "seal"' in source, "teach this test the new seal step"
        return {"seal", "reseal"}
    if expr == "event" and where.endswith(("approval_hold.py", "release_approval.py")):  # the acts out (R22)
        hold = (ROOT / "services" / "approval_hold.py").read_text("utf-8")
        body = hold[hold.index("def events("):hold.index("def needs_approval(")]
        return set(re.findall(r'"([a-z_]+)"', body)) - {"release"}  # the literals of events(), not its test
    if expr == "kind" and where.endswith("concurrent_writes.py"):  # record_many's rows, passed through in order:
        services = "".join(p.read_text("utf-8") for p in (ROOT / "services").glob("*.py"))  # their kinds are the
        return set(re.findall(r'\(\s*item\s*,\s*"([a-z_]+)"\s*,\s*data\b', services))  # callers' literals
    raise AssertionError(f"{where}: cannot tell which event kind {expr!r} writes — teach this test")


def written_kinds() -> set[str]:
    kinds: set[str] = set()
    for path in sorted((ROOT / "services").glob("*.py")) + sorted((ROOT / "demo").glob("*.py")):
        source = path.read_text("utf-8")
        pattern = DEMO_CALL if path.parent.name == "demo" else CALL
        for expr in pattern.findall(source):
            if path.name == "persistence.py" and expr == "kind: str":  # the definition of record() itself
                continue
            kinds |= _kinds_of(expr, source, str(path))
    return kinds


# Kinds known to be written today; the scan must find at least these (guards the scan itself).
KNOWN = {"announce", "receive", "move", "seal", "unseal", "reseal", "release_temporary", "return", "deposit",
         "entrust", "recall", "entrusted_check", "transfer_responsibility", "transfer_out", "disposal_proposed",
         "disposal_rejected", "dispose", "incident", "found", "correction", "label_printed", "attachment",
         "signature", "handover_completed"}


def test_the_source_scan_finds_the_known_event_kinds():
    assert KNOWN <= written_kinds()


def test_every_event_kind_written_has_a_short_label():
    missing = sorted((written_kinds() | KNOWN) - set(EVENT_KIND_LABELS))
    assert missing == []


def test_event_kind_labels_translate_and_unknown_kinds_print_as_is():
    before = language()
    try:
        set_language("en")
        assert event_kind_label("entrusted_check") == "Entrusted item checked"
        assert all(event_kind_label(k) != label for k, label in EVENT_KIND_LABELS.items()), "English missing"
    finally:
        set_language(before)
    assert event_kind_label("entrusted_check") == "Kiểm tra vật chứng giao bảo quản"
    assert event_kind_label("no_such_kind") == "no_such_kind"
