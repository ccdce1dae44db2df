"""Four agencies, one warehouse (issue 13): the history of who handles a case (agency and responsible
officer), the other side's acceptance of a two-sided handover, and item requests with their lines.

The history is seeded from the cases (their current agency and officer) and from past transfer records
(the giving agency, and the officer named in the ledger's transfer event), so the users of an agency keep
reading the cases it handled before.

Revision ID: 0012
Revises: 0011
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_responsibility",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id", name="fk_case_responsibility_case_id_cases"),
                  nullable=False),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id", name="fk_case_responsibility_agency_id_agencies")),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id", name="fk_case_responsibility_person_id_persons")),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("ended_at", sa.DateTime),
        sa.Column("handover_id", sa.Integer,
                  sa.ForeignKey("handovers.id", name="fk_case_responsibility_handover_id_handovers")),
        sa.Column("set_by", sa.Integer, sa.ForeignKey("users.id", name="fk_case_responsibility_set_by_users")),
        sa.Column("reason", sa.String(40), nullable=False, server_default=""),
    )
    for col in ("case_id", "agency_id", "person_id"):
        op.create_index(f"ix_case_responsibility_{col}", "case_responsibility", [col])
    with op.batch_alter_table("handovers") as batch:
        batch.add_column(sa.Column("acceptance", sa.String(20), nullable=False, server_default="none"))
        batch.add_column(sa.Column("accepted_by", sa.Integer,
                                   sa.ForeignKey("users.id", name="fk_handovers_accepted_by_users")))
        batch.add_column(sa.Column("accepted_at", sa.DateTime))
        batch.add_column(sa.Column("acceptance_note", sa.Text, nullable=False, server_default=""))
        batch.create_index("ix_handovers_acceptance", ["acceptance"])
    op.create_table(
        "item_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("number", sa.String(40), nullable=False, unique=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id", name="fk_item_requests_case_id_cases"),
                  nullable=False),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id", name="fk_item_requests_agency_id_agencies")),
        sa.Column("requested_by", sa.Integer, sa.ForeignKey("users.id", name="fk_item_requests_requested_by_users")),
        sa.Column("purpose", sa.String(30), nullable=False),
        sa.Column("purpose_note", sa.Text, nullable=False, server_default=""),
        sa.Column("needed_on", sa.Date, nullable=False),
        sa.Column("due_back_on", sa.Date),
        sa.Column("recipient_person_id", sa.Integer,
                  sa.ForeignKey("persons.id", name="fk_item_requests_recipient_person_id_persons")),
        sa.Column("recipient_agency_id", sa.Integer,
                  sa.ForeignKey("agencies.id", name="fk_item_requests_recipient_agency_id_agencies")),
        sa.Column("status", sa.String(20), nullable=False, server_default="open"),
        sa.Column("handover_id", sa.Integer, sa.ForeignKey("handovers.id", name="fk_item_requests_handover_id_handovers")),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("closed_at", sa.DateTime),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )
    for col in ("case_id", "agency_id", "status"):
        op.create_index(f"ix_item_requests_{col}", "item_requests", [col])
    op.create_table(
        "item_request_lines",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("request_id", sa.Integer,
                  sa.ForeignKey("item_requests.id", name="fk_item_request_lines_request_id_item_requests"),
                  nullable=False),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id", name="fk_item_request_lines_item_id_items"),
                  nullable=False),
        sa.Column("picked_at", sa.DateTime),
    )
    op.create_index("ix_item_request_lines_request_id", "item_request_lines", ["request_id"])
    op.create_index("ix_item_request_lines_item_id", "item_request_lines", ["item_id"])
    _seed_history()


def _seed_history() -> None:
    bind = op.get_bind()
    rows = []
    transfers = bind.execute(sa.text(
        "SELECT h.id, h.case_id, h.giver_agency_id, h.started_at, "
        " (SELECT e.data FROM custody_events e WHERE e.handover_id = h.id AND e.kind = 'transfer_responsibility' "
        "  ORDER BY e.seq LIMIT 1) AS data "
        "FROM handovers h WHERE h.kind = 'transfer' AND h.case_id IS NOT NULL ORDER BY h.started_at, h.id")).all()
    previous_end: dict[int, object] = {}
    created = {r[0]: r[1] for r in bind.execute(sa.text("SELECT id, created_at FROM cases"))}
    for ho_id, case_id, giver_agency, started, data in transfers:
        before = {}
        if data:
            try:
                before = (json.loads(data).get("case") or {}).get("before") or {}
            except ValueError:
                before = {}
        agency = before.get("handling_agency_id", giver_agency)
        rows.append({"case_id": case_id, "agency_id": agency, "person_id": before.get("officer_id"),
                     "started_at": previous_end.get(case_id, created.get(case_id) or started), "ended_at": started,
                     "handover_id": None, "reason": "transfer"})
        previous_end[case_id] = started
    for case_id, agency, officer, created_at in bind.execute(sa.text(
            "SELECT id, handling_agency_id, officer_id, created_at FROM cases")):
        rows.append({"case_id": case_id, "agency_id": agency, "person_id": officer,
                     "started_at": previous_end.get(case_id, created_at), "ended_at": None, "handover_id": None,
                     "reason": "intake"})
    if rows:
        table = sa.table("case_responsibility", sa.column("case_id"), sa.column("agency_id"), sa.column("person_id"),
                         sa.column("started_at"), sa.column("ended_at"), sa.column("handover_id"), sa.column("reason"))
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("item_request_lines")
    op.drop_table("item_requests")
    with op.batch_alter_table("handovers") as batch:
        batch.drop_index("ix_handovers_acceptance")
        batch.drop_column("acceptance_note")
        batch.drop_column("accepted_at")
        batch.drop_column("accepted_by")
        batch.drop_column("acceptance")
    op.drop_table("case_responsibility")
