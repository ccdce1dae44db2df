"""The screenshots of docs/screenshots/, taken again (issue 17).

    Xvfb :84 -screen 0 1366x768x24 &
    python -m evidence_store --db /tmp/shots.db demo --items 300
    DISPLAY=:84 python scripts/docs_screenshots.py /tmp/shots.db docs/screenshots

Each user's main window is opened on the demo database, driven the way a clerk would (the same scans and form
fields as the GUI tests), and the whole X screen is captured with ImageMagick's ``import``, then reduced to 256
colours. Nothing is saved: the batches and the intake are left unsent. The login screen (01) is taken by hand:
start ``main.py`` and ``import -window root``. (``scripts/screenshots.py`` grabs every screen offscreen at any size,
with each screen's minimum size, for layout checks.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")  # on the X screen that ``import`` captures (the tests' helpers say offscreen)

from evidence_store.db.models import User  # noqa: E402
from evidence_store.services import accounts  # noqa: E402
from evidence_store.services.context import UnitOfWork  # noqa: E402
from tests.gui.conftest import Recorder  # noqa: E402
from tests.gui.test_intake_wizard import add_items, fill_case_order_giver  # noqa: E402
from ui import dialogs  # noqa: E402
from ui.app import apply_font, choose_language, make_application, open_context, warehouse_name  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.scan_feedback import ScanSounds  # noqa: E402
from ui.screens.lifecycle import TransferDialog  # noqa: E402

STORED_PHONE, OTHER_PHONE, OLD_PHONE = "VC26000001Q", "VC26000088Z", "VC23000001Z"  # demo items in storage
AWAITING = "VC26000103J"  # a pre-registered item: refused by Xếp kệ
BIN_A2 = "VT01000015V"  # Ô A2-1-01


class Shots:
    def __init__(self, app, db: str, out: Path, username: str) -> None:
        self.app, self.out = app, out
        self.ctx = open_context(db)
        with UnitOfWork(self.ctx.db, write=False) as uow:
            user = uow.session.scalars(select(User).where(User.username == username)).one()
            self.ctx.actor = accounts.actor_for(user)
        self.ctx.warehouse_name = warehouse_name(self.ctx)
        self.window = MainWindow(self.ctx, sounds=ScanSounds(muted=True), idle_minutes=0)
        self.window.show()
        self.pump(3)

    def pump(self, seconds: float = 1.5) -> None:
        end = time.time() + seconds
        while time.time() < end:
            self.app.processEvents()
            time.sleep(0.02)

    def shot(self, name: str) -> None:
        self.pump()
        raw = self.out / f"{name}.raw.png"
        subprocess.run(["import", "-window", "root", str(raw)], check=True)
        subprocess.run(["convert", str(raw), "-strip", "-colors", "256", f"PNG8:{self.out / name}.png"], check=True)
        raw.unlink()
        print(name, flush=True)

    def screen(self, key: str, name: str):
        screen = self.window.navigate(key)
        self.pump(1)
        return screen

    def scans(self, *codes: str) -> None:
        for code in codes:
            self.window.on_scan(code)
            self.pump(0.3)

    def close(self) -> None:
        self.window.close()
        self.ctx.db.dispose()


def clerk(app, db, out) -> None:
    s = Shots(app, db, out, "thukho")
    s.shot("02-trang-chu-thu-kho")
    for key, name in (("inbox", "04-viec-can-lam"), ("items", "05-danh-sach-vat-chung"), ("audit", "13-kiem-ke"),
                      ("register", "14-bien-ban")):
        s.screen(key, name)
        s.shot(name)
    reports = s.screen("reports", "15-bao-cao")
    reports.period_box.setCurrentIndex(reports.period_box.findData("year"))  # the demo's year, not an empty month
    reports.load()
    s.shot("15-bao-cao")
    s.scans(STORED_PHONE)
    s.shot("06-vat-chung")
    cases = s.screen("cases", "07-vu-an")
    cases.table.selectRow(1)
    s.shot("07-vu-an")
    s.screen("shelving", "09-xep-ke")
    s.scans(BIN_A2, OLD_PHONE, OTHER_PHONE, STORED_PHONE, AWAITING)
    s.shot("09-xep-ke")
    s.screen("release", "10-xuat-kho")
    s.scans(STORED_PHONE)
    s.shot("10-xuat-kho")
    s.screen("disposal", "12-xu-ly")
    s.scans(STORED_PHONE, "VC26000002N")
    s.shot("12-xu-ly")
    s.scans(OTHER_PHONE)  # its item page, behind the dialog
    dialog = TransferDialog(s.ctx, [OTHER_PHONE], s.window)
    dialog.show()
    s.pump(0.5)
    dialog.move((1366 - dialog.width()) // 2 + 105, max(0, (768 - dialog.height()) // 2))
    s.shot("11-chuyen-giao")
    dialog.close()
    wizard = s.screen("intake", "08-nhap-kho-buoc-4")
    s.window.scan_filter.enabled = False  # the helpers type a field's text at once, as a scanner would
    try:
        fill_case_order_giver(wizard)
        add_items(wizard, None)  # no photo: the Recorder chooses no file
        wizard.back()  # the item list with its three rows
    finally:
        s.window.scan_filter.enabled = True
    s.shot("08-nhap-kho-buoc-4")
    s.close()


def main(argv: list[str]) -> int:
    db, out = argv[1], Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    apply_font(app)
    choose_language("vi")
    app.setQuitOnLastWindowClosed(False)
    dialogs.set_interaction(Recorder())  # no modal box waits: questions are answered yes (close, leave the intake)
    clerk(app, db, out)
    for username, key, name in (("lanhdao", None, "03-trang-chu-lanh-dao"), ("quantri", "admin", "16-quan-tri")):
        s = Shots(app, db, out, username)
        if key:
            s.screen(key, name)
        s.shot(name)
        s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
