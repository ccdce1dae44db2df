"""Reports at a million items (issue #16: every report under 2 s): three narrow indexes on ``items`` so that each
report section is a count over an index range, never a read of the wide item rows (~1 KB each with their search
text) nor a sort of a million entries:

- ``ix_items_state_category (state, category, responsible_agency_id, warehouse_id, case_id, received_at)``:
  the stock by category as one ordered pass per held state (GROUP BY state, category with no sort), and the
  figures of one category; every filter column is in the index;
- ``ix_items_agency_stock (responsible_agency_id, state, received_at, category, case_id, warehouse_id)``: the
  report of one agency (age bands, backlog ≥ 1 year, its item ids for the monthly flow) as range counts over that
  agency's entries only; the one-column ``ix_items_responsible_agency_id`` stays (the item list filtered by agency
  walks it in id order);
- ``ix_items_overdue (state, due_back_on, responsible_agency_id, category, warehouse_id, case_id)``: temporary
  releases past their due day, counted (filters in the index) and listed oldest first (500 rows) from the index;

and ``ix_custody_events_moves`` (partial: receive, dispose, transfer_out) gains the item id, so that the monthly
flow of one agency or category reads no event row (the index is rebuilt: one pass over the ledger).

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op


revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

MOVES_WHERE = "kind IN ('receive', 'dispose', 'transfer_out')"  # as in 0007
INDEXES = {
    "ix_items_state_category": ["state", "category", "responsible_agency_id", "warehouse_id", "case_id",
                                "received_at"],
    "ix_items_agency_stock": ["responsible_agency_id", "state", "received_at", "category", "case_id", "warehouse_id"],
    "ix_items_overdue": ["state", "due_back_on", "responsible_agency_id", "category", "warehouse_id", "case_id"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "items", columns)
    _moves(["kind", "occurred_at", "item_id"])


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="items")
    _moves(["kind", "occurred_at"])


def _moves(columns: list[str]) -> None:
    op.drop_index("ix_custody_events_moves", table_name="custody_events")
    op.create_index("ix_custody_events_moves", "custody_events", columns,
                    sqlite_where=sa.text(MOVES_WHERE), postgresql_where=sa.text(MOVES_WHERE))
