"""Verify's replay of the audits: every result line and its resolution must be what the ledger's audit
events say (the latest "audit_result" of the line, its "audit_resolved"), and every closed audit must have
its "audit_closed" event — so a result or a resolution edited behind the app's back is found."""

from __future__ import annotations

import json

AUDIT_KINDS = ("audit_opened", "audit_result", "audit_resolved", "audit_recount", "audit_closed")


def check(db, raw) -> list[tuple[int | None, str, str]]:
    """Mismatches as (item_id, audit number, reason); empty when there are no audits or all agree."""
    cur = raw.cursor()
    cur.execute("SELECT count(*) FROM audits")
    if not cur.fetchone()[0]:
        return []
    kinds = ", ".join(f"'{k}'" for k in AUDIT_KINDS)
    cur.execute(f"SELECT seq, item_id, kind, data FROM custody_events WHERE kind IN ({kinds}) ORDER BY seq")
    lines: dict[tuple[str, int], dict] = {}
    opened, closed = set(), set()
    for seq, item_id, kind, data in cur.fetchall():
        d = json.loads(data)
        number = d.get("audit")
        if kind == "audit_opened":
            opened.add(number)
        elif kind == "audit_closed":
            closed.add(number)
        elif kind == "audit_result":
            lines[(number, d["line"])] = {"item_id": item_id, "result": d["result"], "seq": seq, "resolution": "",
                                          "recount": False}
        elif kind == "audit_resolved":
            lines.setdefault((number, d["line"]), {})["resolution"] = d["resolution"]
        elif kind == "audit_recount":
            lines.setdefault((number, d["line"]), {})["recount"] = True
    out: list[tuple[int | None, str, str]] = []
    cur.execute("SELECT id, number, status FROM audits")
    audits = {row[0]: (row[1], row[2]) for row in cur.fetchall()}
    for number, status in audits.values():
        if number not in opened:
            out.append((None, number, "audit_without_event"))
        if (status == "closed") != (number in closed):
            out.append((None, number, "audit_status"))
    cur.execute("SELECT audit_id, line_no, item_id, result, resolution, ledger_seq FROM audit_lines")
    seen = set()
    for audit_id, line_no, item_id, result, resolution, ledger_seq in cur.fetchall():
        number = audits.get(audit_id, ("?", ""))[0]
        seen.add((number, line_no))
        ev = lines.get((number, line_no))
        if ev is None or "result" not in ev:
            out.append((item_id, number, f"audit_line:{line_no}:no_event"))
        elif (ev["item_id"], ev["result"], ev["seq"], ev["resolution"]) != (item_id, result, ledger_seq,
                                                                           resolution or ""):
            out.append((item_id, number, f"audit_line:{line_no}"))
    for key, ev in lines.items():
        if key not in seen and "result" in ev:
            out.append((ev["item_id"], key[0], f"audit_line:{key[1]}:missing_row"))
    return out
