"""The core never imports Qt: importing every evidence_store module in a fresh interpreter
leaves PySide6 unloaded."""

import pkgutil
import subprocess
import sys

import evidence_store


def test_core_does_not_import_qt():
    modules = [m.name for m in pkgutil.walk_packages(evidence_store.__path__, "evidence_store.")
               if ".migrations" not in m.name and not m.name.endswith("__main__")]
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
            "print(len(bad)); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(modules) > 15


# ---- layers and cycles (issue #18) ---------------------------------------------------------------------
# domain ← db ← services ← cli/ui: a module imports only from its own layer or the layers below it. The
# printing and exports packages render plain records (no database, no services): services assemble the records
# and call them, so they sit below services, beside db. Every top-level module must be placed in a layer.

import grimp  # noqa: E402
import pytest  # noqa: E402

BOTTOM_UP = (
    ("evidence_store.i18n", "evidence_store.config", "evidence_store.logs"),
    ("evidence_store.domain",),
    ("evidence_store.describe", "evidence_store.formatting", "evidence_store.error_texts",
     "evidence_store.verify_report"),
    ("evidence_store.db", "evidence_store.printing", "evidence_store.exports"),
    ("evidence_store.services",),
    ("evidence_store.demo",),
    ("evidence_store.cli", "evidence_store.__main__"),
    ("ui",),
)
INDEPENDENT = {"evidence_store.db", "evidence_store.printing", "evidence_store.exports"}  # siblings, unaware


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("evidence_store", "ui", include_external_packages=True, cache_dir=None)


def _layer_of(module: str) -> int | None:
    if module == "evidence_store":
        return 0  # the package marker (its version only)
    for level, members in enumerate(BOTTOM_UP):
        for member in members:
            prefix = member.rstrip("*")
            if module == prefix or module.startswith(prefix + ".") or (member.endswith("*") and
                                                                       module.startswith(prefix)):
                return level
    return None


def _top(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "ui":
        return "ui"
    return ".".join(parts[:3] if parts[1] in {"db", "printing", "exports"} else parts[:2])


def _line(graph, importer: str, imported: str) -> str:
    details = graph.get_import_details(importer=importer, imported=imported)
    where = f":{details[0]['line_number']} {details[0]['line_contents']}" if details else ""
    return f"{importer} -> {imported}{where}"


def _internal(graph):
    return {m for m in graph.modules if m.split(".")[0] in {"evidence_store", "ui"}}


def test_every_module_belongs_to_a_layer(graph):
    homeless = sorted(m for m in _internal(graph) if _layer_of(m) is None)
    assert not homeless, f"place these modules in a layer of BOTTOM_UP: {homeless}"


def test_nothing_imports_upward(graph):
    upward = []
    for importer in _internal(graph):
        for imported in graph.find_modules_directly_imported_by(importer) & _internal(graph):
            low, high = _layer_of(imported), _layer_of(importer)
            if low > high:
                upward.append(_line(graph, importer, imported))
            elif low == high and _top(importer) != _top(imported) and _top(importer) in INDEPENDENT \
                    and _top(imported) in INDEPENDENT:
                upward.append(_line(graph, importer, imported))
    assert not upward, "imports against the layers:\n" + "\n".join(sorted(upward))


def test_the_core_never_imports_qt(graph):
    qt = [_line(graph, m, q) for q in ("PySide6", "shiboken6") if q in graph.modules
          for m in graph.find_modules_that_directly_import(q)
          if m.startswith("evidence_store")]
    assert not qt, "\n".join(qt)


def import_cycles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    nodes = sorted(_internal(graph))
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & set(nodes)) for m in nodes}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            for j in range(i, len(edges[node])):
                nxt = edges[node][j]
                if nxt not in index:
                    work.append((node, j + 1))
                    work.append((nxt, 0))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
    return found


def test_no_import_cycles(graph):
    cycles = import_cycles(graph)
    described = ["\n".join(_line(graph, a, b) for a in c for b in c
                           if a != b and graph.direct_import_exists(importer=a, imported=b)) for c in cycles]
    assert not cycles, f"{len(cycles)} import cycle(s):\n" + "\n\n".join(described)


def test_the_cycle_finder_finds_a_cycle():
    g = grimp.ImportGraph()
    for m in ("evidence_store", "evidence_store.a", "evidence_store.b", "evidence_store.c"):
        g.add_module(m)
    g.add_import(importer="evidence_store.a", imported="evidence_store.b")
    g.add_import(importer="evidence_store.b", imported="evidence_store.c")
    g.add_import(importer="evidence_store.c", imported="evidence_store.a")
    assert import_cycles(g) == [["evidence_store.a", "evidence_store.b", "evidence_store.c"]]


# ---- names that say what they hold (issue #18) ----------------------------------------------------------
# A module is imported under its own name (or a longer real one), never a one-letter alias (nor an
# upper-case two-letter one: RC, MS, PR…): `X` meant the old services/common.py in one file and something
# else in the next. And imports are plain statements: a missing
# module fails when its importer loads, not later behind `importlib`/`__import__` — except the printing
# package's PEP 562 loader, which defers reportlab (~0.3 s) past start-up (DESIGN §7) and names every
# renderer module in one table (a missing one fails the first print, tested by tests/unit/test_printing_*).

import ast  # noqa: E402
from pathlib import Path  # noqa: E402

SOURCE_ROOT = Path(__file__).resolve().parents[2]
DYNAMIC_IMPORT_ALLOWED = {"evidence_store/printing/__init__.py"}


def _sources():
    for top in ("evidence_store", "ui"):
        for path in sorted((SOURCE_ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(SOURCE_ROOT).as_posix(), ast.parse(path.read_text("utf-8"))


def one_letter_aliases(tree) -> list[str]:
    return [f"{node.lineno}: {alias.name} as {alias.asname}" for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names
            if alias.asname and (len(alias.asname) == 1 or len(alias.asname) == 2 and alias.asname.isupper())]


def dynamic_imports(tree) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name in {"import_module", "__import__"}:
                found.append(f"{node.lineno}: {name}()")
    return found


def _found(finder, allowed=frozenset()) -> list[str]:
    return [f"{where}:{line}" for where, tree in _sources() if where not in allowed for line in finder(tree)]


def test_modules_are_imported_under_real_names():
    bad = _found(one_letter_aliases)
    assert not bad, "one-letter module aliases (import the module under its name):\n" + "\n".join(bad)


def test_imports_are_plain_statements():
    bad = _found(dynamic_imports, DYNAMIC_IMPORT_ALLOWED)
    assert not bad, "dynamic imports hide a missing module until run time:\n" + "\n".join(bad)


def test_the_guards_see_what_they_guard():
    planted = ast.parse("from ..services import persistence as X\nmod = __import__('json')\n"
                        "from . import milestones as MS\nimport numpy as np\n"
                        "import importlib\nscreen = importlib.import_module('ui.screens.gone')\n")
    assert one_letter_aliases(planted) == ["1: persistence as X", "3: milestones as MS"]
    assert dynamic_imports(planted) == ["2: __import__()", "6: import_module()"]


# ---- one "today": the warehouse's ----------------------------------------------------------------------
# A deadline, a request's "needed on" and a report's period count in the warehouse's zone (domain.chronology.today):
# a workstation left on UTC is a day behind Hà Nội from 17:00 to 24:00 UTC, and a form's proposed date, the
# service's check of it and the act's recorded date must all agree on which day it is.

def workstation_days(tree) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if node.func.attr == "today" and isinstance(owner, ast.Name) and owner.id == "date":
                found.append(f"{node.lineno}: date.today()")
            elif node.func.attr == "date" and isinstance(owner, ast.Call) and not owner.args and not owner.keywords \
                    and isinstance(owner.func, ast.Attribute) and owner.func.attr == "now":
                found.append(f"{node.lineno}: datetime.now().date()")
    return found


def test_today_is_the_warehouses_day():
    bad = _found(workstation_days)
    assert not bad, "the workstation's own date (use domain.chronology.today()):\n" + "\n".join(bad)


def test_the_day_guard_sees_the_workstations_day():
    planted = ast.parse("a = date.today()\nb = datetime.now().date()\nc = datetime.now(UTC).date()\n"
                        "d = chronology.today()\n")
    assert workstation_days(planted) == ["1: date.today()", "2: datetime.now().date()"]
