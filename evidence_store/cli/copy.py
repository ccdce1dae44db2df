"""``python -m evidence_store copy --from SOURCE --to TARGET``: move a database to another engine
(e.g. a workstation's SQLite file to the shared PostgreSQL server), verified on arrival."""

from __future__ import annotations

import sys

from .. import config
from .base import bounded, command
from ..i18n import _


def _configure(p) -> None:
    p.add_argument("--from", dest="source", required=True,
                   help=_("cơ sở dữ liệu nguồn (tệp SQLite hoặc URL)"))
    p.add_argument("--to", dest="target", required=True,
                   help=_("cơ sở dữ liệu đích, phải trống (tệp SQLite hoặc URL postgresql+psycopg://…)"))
    p.add_argument("--batch", type=bounded(1, 100_000), default=5000, help=_("số dòng mỗi lần ghi"))
    p.add_argument("--quiet", action="store_true", help=_("không in tiến độ"))


def _copy(args, db) -> int:
    from ..services.copy import copy_database
    source, target = config.resolve_db_url(args.source), config.resolve_db_url(args.target)
    last = {}

    def progress(table, done, total):
        if not args.quiet and (done == total or done - last.get(table, 0) >= 100_000):
            last[table] = done
            print(_("  {table}: {done}/{total}", table=table, done=done, total=total), file=sys.stderr)

    r = copy_database(source, target, batch=max(1, args.batch), progress=progress)
    print(_("Đã sao chép {rows} dòng từ {source} sang {target}:", rows=r.rows, source=r.source, target=r.target))
    for table, n in r.tables.items():
        if n:
            print(f"  {table:<18} {n:>10}")
    v = r.verify
    if r.ok:
        print(_("Sổ theo dõi tại đích hợp lệ: {events} sự kiện, {items} vật chứng, đỉnh chuỗi #{seq} {hash} "
                "(trùng với nguồn)", events=v.events, items=v.items, seq=v.head_seq, hash=v.head_hash[:16]))
        return 0
    print(_("SAI LỆCH sau khi sao chép: đỉnh chuỗi nguồn #{sseq} {shash}, đích #{tseq} {thash}; "
            "sai lệch chuỗi: {brk}; vật chứng không khớp: {n}", sseq=r.source_head[0], shash=r.source_head[1][:16],
            tseq=v.head_seq, thash=v.head_hash[:16], brk=v.chain_break.seq if v.chain_break else "-",
            n=len(v.mismatches)))
    return 1


_copy.configure = _configure
_copy.needs_db = False
command("copy", "sao chép toàn bộ cơ sở dữ liệu sang cơ sở dữ liệu khác (ví dụ SQLite → PostgreSQL)")(_copy)
