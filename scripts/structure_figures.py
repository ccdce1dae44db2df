"""Structure figures for issue #18, for a source tree (default: this one):
    .venv/bin/python scripts/structure_figures.py [ROOT]
Prints: places that decide what a scan is (``handle_scan`` methods, scan-parsing calls in ui/, hard-coded "VT"
in ui/), import cycles (strongly connected components, grimp), file and function size medians (lines), dialogs on the
one dialog base (SubmitDialog) and dialogs still directly on QDialog."""

from __future__ import annotations

import ast
import re
import statistics
import sys
from pathlib import Path

PARSE_CALLS = re.compile(r"\b(clean_scan|IME\.recover|C\.clean|C\.parse_code|C\.looks_like_code|looks_like_code|"
                         r"parse_code|parse_label_qr|parse_record_qr)\(")


def python_files(root: Path):
    for top in ("evidence_store", "ui"):
        for path in sorted((root / top).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def sizes(root: Path) -> tuple[list[int], list[int]]:
    files, functions = [], []
    for path in python_files(root):
        text = path.read_text(encoding="utf-8")
        files.append(len(text.splitlines()))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions.append(node.end_lineno - node.lineno + 1)
    return files, functions


def scan_places(root: Path) -> dict[str, int]:
    handle, parse, vt = 0, 0, 0
    for path in python_files(root):
        if path.parts[len(root.parts)] != "ui":
            continue
        text = path.read_text(encoding="utf-8")
        handle += len(re.findall(r"def handle_scan\(", text))
        parse += len(PARSE_CALLS.findall(text))
        vt += len(re.findall(r"[\"']VT[\"']", text))
    return {"handle_scan methods": handle, "scan-parsing calls in ui/": parse, 'hard-coded "VT" in ui/': vt}


def dialog_bases(root: Path) -> tuple[list[str], list[str]]:
    """Dialog classes in ui/ that derive (through any chain) from SubmitDialog, and those that derive from QDialog
    without it; by class name, as ui/ names them."""
    bases: dict[str, list[str]] = {}
    for path in python_files(root):
        if path.parts[len(root.parts)] != "ui":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names = [b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else ""
                         for b in node.bases]
                bases.setdefault(node.name, []).extend(names)

    def reaches(name: str, target: str, seen: frozenset = frozenset()) -> bool:
        return name == target or (name not in seen and any(reaches(b, target, seen | {name})
                                                             for b in bases.get(name, ())))
    classes = [c for c in sorted(bases) if c not in ("SubmitDialog", "QDialog")]
    submit = [c for c in classes if reaches(c, "SubmitDialog")]
    plain = [c for c in classes if c not in submit and reaches(c, "QDialog")]
    return submit, plain


def cycles(root: Path) -> list[list[str]]:
    import grimp
    sys.path.insert(0, str(root))
    sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests" / "unit"))
    graph = grimp.build_graph("evidence_store", "ui", cache_dir=None)
    from test_architecture import import_cycles  # the architecture test's own cycle finder
    return import_cycles(graph)


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else Path(__file__).resolve().parents[1]).resolve()
    files, functions = sizes(root)
    for name, value in scan_places(root).items():
        print(f"{name}: {value}")
    submit, plain = dialog_bases(root)
    print(f"dialogs on SubmitDialog: {len(submit)}; directly on QDialog: {len(plain)} ({', '.join(plain)})")
    found = cycles(root)
    print(f"import cycles (strongly connected components): {len(found)}")
    for component in found:
        print("   ", " ↔ ".join(component))
    print(f"files: {len(files)}, median {statistics.median(files):g} lines, {sum(f > 400 for f in files)} over 400")
    print(f"functions: {len(functions)}, median {statistics.median(functions):g} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
