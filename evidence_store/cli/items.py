"""Core sub-commands: init, verify, items, history, search, backup, restore."""

from __future__ import annotations

from dataclasses import asdict

from .base import bounded, command, print_json
from ..describe import describe_event, state_label
from ..domain.errors import DomainError
from ..formatting import datetime_text
from ..i18n import _
from ..services import item_search, queries
from ..services.context import Actor, UnitOfWork


def _reader(db, args=None):
    from .base import cli_actor
    return UnitOfWork(db, cli_actor(args, db) if args is not None else Actor.system(), write=False)


def _init(args, db):
    from ..db.migrate import current_revision
    print(_("Cơ sở dữ liệu sẵn sàng: {url} (phiên bản lược đồ {rev})", url=db.url, rev=current_revision(db)))


_init.creates_db = True
command("init", "tạo hoặc nâng cấp cơ sở dữ liệu")(_init)


def _verify(args, db):
    from ..services.verify import verify
    from ..verify_report import extra_lines
    r = verify(db)
    if r.ledger_ok:
        print(_("Sổ theo dõi hợp lệ: {events} sự kiện, {items} vật chứng, đỉnh chuỗi #{seq} {hash}; kiểm tra toàn vẹn: {integrity}",
                events=r.events, items=r.items, seq=r.head_seq, hash=r.head_hash[:16], integrity=r.integrity))
    for _ok, line in extra_lines(r):
        print(line)
    if r.ok:
        return 0
    if r.chain_break:
        print(_("SAI LỆCH: chuỗi băm hỏng tại sự kiện #{seq} (vật chứng {item}): {reason}",
                seq=r.chain_break.seq, item=r.first_bad_item or "-", reason=r.chain_break.reason))
    for item_id, code, reason in r.mismatches[:20]:
        print(_("SAI LỆCH: vật chứng {code} (id {id}) không khớp sổ theo dõi: {reason}; sự kiện cuối #{seq}",
                code=code or "-", id=item_id, reason=reason, seq=r.first_bad_seq or "-"))
    if r.integrity != "ok":
        print(_("SAI LỆCH: kiểm tra toàn vẹn SQLite: {result}", result=r.integrity))
    return 1


command("verify", "kiểm tra chuỗi băm và đối chiếu sổ theo dõi với vật chứng")(_verify)


def _items_configure(p):
    p.add_argument("--state")
    p.add_argument("--case", help=_("số vụ án"))
    p.add_argument("--location", help=_("mã vị trí"))
    p.add_argument("--limit", type=bounded(1, 10_000), default=50)
    p.add_argument("--json", action="store_true")


def _items(args, db):
    with _reader(db, args) as uow:
        case_id = loc_id = None
        if args.case:
            from sqlalchemy import select
            from ..db.models import Case
            case_id = uow.session.scalar(select(Case.id).where(Case.number == args.case))
            if case_id is None:
                raise DomainError("case_not_found")
        if args.location:
            loc_id = queries.location_by_code(uow, args.location).id
        rows = queries.item_page(uow, queries.ItemQuery(state=args.state, case_id=case_id, location_id=loc_id),
                                 0, args.limit)
    _print_rows(rows, args.json)


_items.configure = _items_configure
command("items", "liệt kê vật chứng")(_items)


def _print_rows(rows, as_json):
    if as_json:
        print_json([asdict(r) for r in rows])
        return
    for r in rows:
        print(f"{r.code}  {state_label(r.state):<18} {r.case_number:<18} {r.location_code:<12} {r.name}")


def _history_configure(p):
    p.add_argument("code")
    p.add_argument("--json", action="store_true")


def _history(args, db):
    with _reader(db, args) as uow:
        item = queries.item_by_code(uow, args.code, events=None)
    if args.json:
        print_json({"item": asdict(item) | {"events": None}, "events": [asdict(e) for e in item.events]})
        return
    print(f"{item.code}  {item.name}  [{state_label(item.state)}]")
    for e in item.events:
        print(f"#{e.seq:<8} {datetime_text(e.occurred_at)}  {e.username:<12} {describe_event(e)}")  # warehouse zone


_history.configure = _history_configure
command("history", "lịch sử lưu giữ của một vật chứng")(_history)


def _search_configure(p):
    p.add_argument("text")
    p.add_argument("--limit", type=bounded(1, 10_000), default=50)
    p.add_argument("--json", action="store_true")


def _search(args, db):
    with _reader(db, args) as uow:
        rows = item_search.search(uow, args.text, args.limit)
    _print_rows(rows, args.json)


_search.configure = _search_configure
command("search", "tìm kiếm không dấu")(_search)
