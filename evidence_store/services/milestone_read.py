"""The milestones recorded for a case, as the domain's facts (read by the stage derivation and by the
authority check; its own module so neither imports the other)."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from ..domain import milestones as milestone_rules
from ..db.models import CaseMilestone
from ..db.prepared import Prepared


_FACTS = Prepared(select(CaseMilestone.kind, CaseMilestone.occurred_on, CaseMilestone.issuing_agency_id,
                         CaseMilestone.document_id)
                  .where(CaseMilestone.case_id == bindparam("case_id"))
                  .order_by(CaseMilestone.occurred_on, CaseMilestone.id))


def facts(session, case_id: int) -> list[milestone_rules.Fact]:
    return [milestone_rules.Fact(k, on, issuer, doc) for k, on, issuer, doc in _FACTS.all(session, case_id=case_id)]
