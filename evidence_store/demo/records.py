"""The demo's records closed as their users would close them: each act ends some minutes after it starts
(its real end, never the start copied: BLTTHS Điều 133.1), the parties sign on paper and the scan is
attached, the record is completed. The most recent records stay as they are (a draft, one open for
signature), and so do proposals awaiting approval, void records and approved disposals not yet carried out,
so that every record status appears in the demo."""

from __future__ import annotations

from datetime import timedelta
from random import Random

from sqlalchemy import func, select

from ..db.models import Handover, HandoverLine
from ..domain.records import Approval, RecordStatus
from ..services import handovers
from ..services.commands import FileInput
from ..services.commands_lifecycle import EndRecord, SignOnPaper
from ..services.context import UnitOfWork

KEEP_AS_THEY_ARE = 3  # the newest records: left a draft (and one only ended, open for signature)


def close_records(gen) -> int:
    """End, sign and complete the older records through the services; returns how many were completed."""
    with UnitOfWork(gen.db, write=False) as uow:
        n_lines = (select(func.count()).where(HandoverLine.handover_id == Handover.id).scalar_subquery())
        rows = uow.session.execute(select(Handover.number, Handover.started_at, Handover.ended_at, Handover.status,
                                          Handover.approval, n_lines).order_by(Handover.id)).all()
    closable = [r for r in rows if r.status in (RecordStatus.DRAFT, RecordStatus.OPEN)
                and r.approval in (Approval.NONE, Approval.APPROVED)
                and not (r.approval == Approval.APPROVED and r.ended_at is None)]  # not carried out yet
    done, rng = 0, Random(len(rows))  # its own draws: the demo's generator is left as it was
    for k, r in enumerate(closable[:-KEEP_AS_THEY_ARE] if len(closable) > KEEP_AS_THEY_ARE else []):
        ended = r.ended_at or min(r.started_at + timedelta(minutes=15 + 4 * r[5] + rng.randint(0, 30)),
                                  max(gen.latest, r.started_at))
        if k % 40 == 39:  # now and then a record ended but still waiting for a signature
            gen.call(gen.clerk, handovers.end_record, EndRecord(r.number, ended))
            continue
        scan = FileInput(f"bien-ban-{r.number.replace('/', '-')}-da-ky.pdf",
                         b"%PDF-1.4\n% demo scan of the signed record " + r.number.encode() + b"\n%%EOF\n",
                         "application/pdf")
        gen.call(gen.clerk, handovers.mark_signed_on_paper, SignOnPaper(r.number, scan))
        with UnitOfWork(gen.db, gen.clerk) as uow:
            handovers.complete_handover(uow, r.number, ended)
        done += 1
    if closable:  # the newest but one: ended, awaiting signatures
        r = closable[-2] if len(closable) > 1 else closable[-1]
        if r.ended_at is None:
            ended = max(r.started_at, min(r.started_at + timedelta(minutes=30), gen.latest))
            gen.call(gen.clerk, handovers.end_record, EndRecord(r.number, ended))
    return done
