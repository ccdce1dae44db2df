"""The milestones recorded for a case, as the domain's facts (read by the stage derivation and by the
authority check; its own module so neither imports the other)."""

from __future__ import annotations

from sqlalchemy import select

from ..domain import milestones as milestone_rules
from ..db.models import CaseMilestone


def facts(session, case_id: int) -> list[milestone_rules.Fact]:
    rows = session.execute(select(CaseMilestone.kind, CaseMilestone.occurred_on, CaseMilestone.issuing_agency_id,
                                  CaseMilestone.document_id)
                           .where(CaseMilestone.case_id == case_id)
                           .order_by(CaseMilestone.occurred_on, CaseMilestone.id)).all()
    return [milestone_rules.Fact(k, on, issuer, doc) for k, on, issuer, doc in rows]
