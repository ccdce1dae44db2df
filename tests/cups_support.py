"""A private CUPS server with a cups-pdf queue, for the print-path test (HANDS-ON 88, 89).

It runs ``cupsd -f`` with its own configuration under a temporary directory and a Unix socket (the
machine's own CUPS, if any, is never touched); ``CUPS_SERVER`` points ``lp`` and Qt at it. The queue's
PPD is cups-pdf's own plus ``cupsManualCopies`` (a printer without hardware copies), so the copies of a
job appear as pages of the output PDF and can be counted. cups-pdf writes to ``~/PDF`` of the user who
printed. Without cupsd or cups-pdf the test is skipped, or fails when ``EVIDENCE_STORE_REQUIRE_CUPS=1``
(CI, where scripts/setup.sh --dev installs them)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REQUIRE_ENV = "EVIDENCE_STORE_REQUIRE_CUPS"
CUPSD = "/usr/sbin/cupsd"
BACKEND = "/usr/lib/cups/backend/cups-pdf"
PPD = "/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd"

CUPS_FILES = """ServerRoot {root}
RequestRoot {root}/spool
TempDir {root}/tmp
CacheDir {root}/cache
StateDir {root}/state
ServerBin /usr/lib/cups
DataDir /usr/share/cups
AccessLog {root}/log/access_log
ErrorLog {root}/log/error_log
PageLog {root}/log/page_log
SystemGroup root
Sandboxing Relaxed
"""
CUPSD_CONF = """Listen {root}/cups.sock
LogLevel warn
WebInterface No
Browsing No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order deny,allow
    Allow all
  </Limit>
</Policy>
"""


@dataclass
class CupsServer:
    root: Path
    socket: str
    queue: str
    output_dir: Path
    process: subprocess.Popen

    def page_log(self) -> str:
        path = self.root / "log" / "page_log"
        return path.read_text() if path.exists() else ""

    def wait_for_output(self, since: float, timeout: float = 60.0) -> Path:
        """The PDF cups-pdf wrote for a job submitted at ``since`` (complete: pdfinfo reads it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = [p for p in self.output_dir.glob("*.pdf") if p.stat().st_mtime >= since - 1]
            for path in sorted(done, key=lambda p: p.stat().st_mtime):
                if subprocess.run(["pdfinfo", str(path)], capture_output=True).returncode == 0:
                    return path
            time.sleep(0.2)
        log = (self.root / "log" / "error_log").read_text() if (self.root / "log" / "error_log").exists() else ""
        raise AssertionError(f"cups-pdf wrote nothing in {timeout:.0f} s; error_log:\n{log[-2000:]}")


def _unavailable() -> str | None:
    missing = [p for p in (CUPSD, BACKEND, PPD) if not Path(p).exists()]
    missing += [tool for tool in ("lp", "lpadmin", "pdfinfo", "pdffonts", "pdfimages") if shutil.which(tool) is None]
    if missing:
        return "CUPS test queue unavailable, missing: " + ", ".join(missing)
    if os.geteuid() != 0:
        return "CUPS test queue needs root (cupsd runs the cups-pdf backend as root)"
    return None


def start_cups() -> CupsServer:
    """Its directory is outside pytest's (0700) temporary tree: the filters run as user "lp" and must
    reach the spool and temp directories."""
    reason = _unavailable()
    if reason:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{REQUIRE_ENV}=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    root = Path(tempfile.mkdtemp(prefix="kvc-cups-"))
    root.chmod(0o755)
    for sub in ("spool", "cache", "state", "log", "ppd", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
        (root / sub).chmod(0o1777 if sub in ("tmp", "spool") else 0o755)
    (root / "cups-files.conf").write_text(CUPS_FILES.format(root=root))
    (root / "cupsd.conf").write_text(CUPSD_CONF.format(root=root))
    manual = root / "kvc-test.ppd"
    manual.write_text(Path(PPD).read_text(errors="replace") + '\n*cupsManualCopies: True\n')
    socket = str(root / "cups.sock")
    process = subprocess.Popen([CUPSD, "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    env = {**os.environ, "CUPS_SERVER": socket}
    deadline = time.monotonic() + 20
    while not Path(socket).exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    if process.poll() is not None or not Path(socket).exists():
        raise AssertionError(f"cupsd did not start: {process.stderr.read().decode(errors='replace') if process.stderr else ''}")
    queue = f"KVC-TEST-{os.getpid()}"
    server = CupsServer(root, socket, queue, Path(pwd.getpwuid(os.geteuid()).pw_dir) / "PDF", process)
    add = ["lpadmin", "-p", queue, "-E", "-v", "cups-pdf:/", "-P", str(manual)]
    while True:  # the socket appears a moment before cupsd accepts requests on it
        done = subprocess.run(add, env=env, capture_output=True, text=True)
        if done.returncode == 0:
            return server
        if time.monotonic() > deadline:
            stop_cups(server)
            raise AssertionError(f"lpadmin failed: {done.stderr or done.stdout}")
        time.sleep(0.2)


def stop_cups(server: CupsServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
    shutil.rmtree(server.root, ignore_errors=True)
