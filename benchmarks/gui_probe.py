"""Child process of the benchmark: start the GUI as main.py does, log in as the demo clerk, show the main
window offscreen, open every navigation screen (the main lists), and print one JSON line:
{"shown_at": epoch seconds when the window was shown, "rss_mb": resident memory with the lists open}.

    python -m benchmarks.gui_probe DB_URL
(main.py has no auto-login hook yet, so this builds AppContext + MainWindow the way ui.app.session_loop does.)"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("EVIDENCE_STORE_NO_LOGFILE", "1")


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main(url: str) -> None:
    from ui.app import apply_font, make_application, open_context, warehouse_name
    from evidence_store.services.accounts import actor_for
    from evidence_store.db.models import User
    from sqlalchemy import select

    app = make_application()
    apply_font(app)
    ctx = open_context(url)
    with ctx.reader() as uow:
        ctx.actor = actor_for(uow.session.scalars(select(User).where(User.username == "thukho")).one())
    ctx.warehouse_name = warehouse_name(ctx)
    from ui.main_window import MainWindow
    window = MainWindow(ctx)
    window.show()
    app.processEvents()
    shown = time.time()
    for entry in list(window.entries):
        window.navigate(entry.key)
        app.processEvents()
    for _ in range(5):
        app.processEvents()
        time.sleep(0.05)
    print(json.dumps({"shown_at": shown, "rss_mb": rss_mb()}), flush=True)
    window.close()
    ctx.db.dispose()
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1])
