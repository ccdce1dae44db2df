"""The ≥ 1-year backlog counts from THADS's receipt (TT 01/2017/TT-BTP Điều 13.2; issue 12, LEGAL-RULES R34): the
services now open a ``pending_review`` deadline when the responsibility for an item passes to a THADS agency before
any judgment (services.pending_review). Items handed over before this version get theirs here, once, the way the
service opens it: each item still held whose responsible agency is a THADS agency, whose case has no judgment
recorded and that has no open review yet, from the day of the latest accepted transfer of it to that agency (its
acceptance, or the paper signature), due a year later on a working day (BLDS Điều 148, the administrator's
holidays). Without such a transfer nothing is opened (the day THADS received it is unknown).

Revision ID: 0017
Revises: 0016
"""
import json
from datetime import datetime

import sqlalchemy as sa
from alembic import op

from evidence_store.domain import workdays
from evidence_store.domain.chronology import local_day
from evidence_store.domain.deadlines import add_years
from evidence_store.services.pending_review import PENDING_STATES

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT i.id, i.case_id, a.name, max(h.accepted_at) FROM items i "
        "JOIN agencies a ON a.id = i.responsible_agency_id AND a.kind = 'enforcement' "
        "JOIN handover_lines l ON l.item_id = i.id "
        "JOIN handovers h ON h.id = l.handover_id AND h.kind = 'transfer' AND h.receiver_agency_id = a.id "
        "AND h.acceptance IN ('accepted', 'paper') AND h.accepted_at IS NOT NULL "
        "WHERE i.state IN :states "
        "AND NOT EXISTS (SELECT 1 FROM case_milestones m WHERE m.case_id = i.case_id "
        "AND m.kind = 'first_instance_judgment') "
        "AND NOT EXISTS (SELECT 1 FROM deadlines d WHERE d.item_id = i.id AND d.kind = 'pending_review' "
        "AND d.closed_at IS NULL) "
        "GROUP BY i.id, i.case_id, a.name").bindparams(sa.bindparam("states", expanding=True)),
        {"states": list(PENDING_STATES)}).all()
    if not rows:
        return
    setting = bind.execute(sa.text("SELECT value FROM settings WHERE key = 'holidays'")).scalar()
    try:
        days_off = workdays.parse_days(json.loads(setting) if setting else workdays.DEFAULT_HOLIDAYS)
    except (ValueError, TypeError):
        days_off = workdays.parse_days(workdays.DEFAULT_HOLIDAYS)
    values = []
    for item_id, case_id, agency, accepted_at in rows:
        if isinstance(accepted_at, str):  # SQLite hands an aggregate's datetime back as text
            accepted_at = datetime.fromisoformat(accepted_at)
        start = local_day(accepted_at)
        values.append({"kind": "pending_review", "item_id": item_id, "case_id": case_id, "start_on": start,
                       "due_on": workdays.roll_forward(add_years(start, 1), days_off), "responsible": agency})
    bind.execute(sa.text("INSERT INTO deadlines (kind, item_id, case_id, start_on, due_on, responsible) "
                         "VALUES (:kind, :item_id, :case_id, :start_on, :due_on, :responsible)"), values)


def downgrade() -> None:
    pass  # the deadlines opened here are like the ones the services open
