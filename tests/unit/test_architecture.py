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
