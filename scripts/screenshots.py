"""Screenshots of every main screen at a given window size (default 1366×768), for review.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py --db DEMO.sqlite3 [--size 1366x768]
       [--user thukho] [--out out/screens]
It also prints each screen's minimum size, so a layout that cannot fit the size shows up as a number.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--user", default="thukho")
    parser.add_argument("--out", default="out/screens")
    parser.add_argument("--item", default="")
    args = parser.parse_args(argv)
    from sqlalchemy import select

    from evidence_store.db.migrate import open_database
    from evidence_store.db.models import Item, User
    from evidence_store.services import accounts
    from evidence_store.services.context import UnitOfWork
    from ui.app import apply_font, make_application, warehouse_name
    from ui.context import AppContext, AppSignals
    from ui.main_window import MainWindow
    from ui.scan_feedback import ScanSounds

    app = make_application()
    apply_font(app)
    from ui import dialogs

    class Silent(dialogs.QtInteraction):  # a screenshot run must never wait on a modal dialog
        def _say(self, title, text, parent=None):
            print(f"  [{title}] {text}")
        info = warn = error = _say

        def confirm(self, title, text, parent=None):
            return False

    dialogs.set_interaction(Silent())
    db = open_database(f"sqlite:///{args.db}")
    with UnitOfWork(db, write=False) as uow:
        actor = accounts.actor_for(uow.session.scalars(select(User).where(User.username == args.user)).one())
        stmt = select(Item.code).where(Item.state == "in_storage")
        if actor.person_id and "officer" in actor.roles:  # an officer sees his own cases only
            from evidence_store.db.models import Case
            stmt = stmt.join(Case, Case.id == Item.case_id).where(Case.officer_id == actor.person_id)
        code = args.item or uow.session.scalars(stmt).first()
    ctx = AppContext(db, actor, AppSignals())
    ctx.warehouse_name = warehouse_name(ctx)
    width, height = (int(v) for v in args.size.split("x"))
    window = MainWindow(ctx, sounds=ScanSounds(muted=True), idle_minutes=0)
    window.resize(width, height)
    window.show()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    keys = [e.key for e in window.entries] + ["item_view"]
    for key in keys:
        if key == "item_view":
            window.open_code(code)
        else:
            window.navigate(key)
        for _i in range(5):
            app.processEvents()
        minimum = window.minimumSizeHint()
        path = out / f"{args.size}-{args.user}-{key}.png"
        window.grab().save(str(path))
        print(f"{key:12} min {minimum.width()}x{minimum.height()} window {window.width()}x{window.height()} {path}")
    window.close()
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
