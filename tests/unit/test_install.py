"""`python -m evidence_store` works from any folder, not only from the project's (HANDS-ON 9): setup.sh
installs the project itself into .venv (editable, so resources/ stays beside the code), which also gives the
`evidence-store` command. The last test does what setup.sh does in a throwaway virtualenv and runs both
commands from another folder."""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_project_declares_the_evidence_store_command():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    module, _sep, name = scripts["evidence-store"].partition(":")
    assert callable(getattr(importlib.import_module(module), name))


def test_setup_installs_the_project_after_its_requirements():
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    requirements = setup.index("pip install -q -r")
    install = re.search(r"\.venv/bin/python -m pip install -q --no-deps -e \.", setup)
    assert install and install.start() > requirements


@pytest.mark.slow
def test_both_commands_work_from_another_folder_once_installed(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # the pinned dependencies (and pip) come from this test's environment: only the project is installed
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    # what setup.sh runs (`pip install -q --no-deps -e .` from the project folder)
    built = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "-e", "."], cwd=ROOT,
                           capture_output=True, text=True)
    if built.returncode and "No matching distribution found for setuptools" in built.stderr:
        pytest.skip("no package index for the build backend (setuptools)")
    assert built.returncode == 0, built.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    for command in ([str(python), "-m", "evidence_store", "--help"], [str(venv / "bin" / "evidence-store"), "--help"]):
        run = subprocess.run(command, cwd=elsewhere, capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stderr
        assert "verify" in run.stdout and "stock-card" in run.stdout
