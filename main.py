"""Kho Vật Chứng — start the desktop app: settings → logging → database → window.

    python main.py [--db PATH_OR_URL] [--lang vi|en]
"""

from __future__ import annotations

import argparse
import sys


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="main.py", description="Kho Vật Chứng")
    p.add_argument("--db", help="SQLite file or database URL (default: EVIDENCE_STORE_DB, else the user data directory)")
    p.add_argument("--lang", choices=("vi", "en"), default=None)
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    from evidence_store.config import private_files
    private_files()  # files and folders the app creates are private to the OS user (issue #14)
    from evidence_store.logs import setup_logging
    setup_logging()
    from ui.app import run
    return run(db=args.db, lang=args.lang)


if __name__ == "__main__":
    sys.exit(main())
