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
from ..services.commands import FileInput, PersonInput
from ..services.commands import EndRecord, RefuseSignature, SignByFingerprint, SignOnPaper
from ..services.context import UnitOfWork

KEEP_AS_THEY_ARE = 3  # the newest records: left a draft (and one only ended, open for signature)


def close_records(gen) -> int:
    """End, sign and complete the older records through the services; returns how many were completed."""
    with UnitOfWork(gen.db, write=False) as uow:
        n_lines = (select(func.count()).where(HandoverLine.handover_id == Handover.id).scalar_subquery())
        rows = uow.session.execute(select(Handover.number, Handover.started_at, Handover.ended_at, Handover.status,
                                          Handover.approval, n_lines, Handover.kind).order_by(Handover.id)).all()
    # an approved disposal with no end is not carried out yet: it stays a draft; an approved release was handed
    # over at its approval (ND 142/2024 Điều 4) and is closed like any other record (issue #12: a release that took
    # place never prints "DỰ THẢO")
    closable = [r for r in rows if r.status in (RecordStatus.DRAFT, RecordStatus.OPEN)
                and r.approval in (Approval.NONE, Approval.APPROVED)
                and not (r.kind == "disposal" and r.approval == Approval.APPROVED and r.ended_at is None)]
    done, rng = 0, Random(len(rows))  # its own draws: the demo's generator is left as it was
    with UnitOfWork(gen.db, write=False) as uow:
        first_return = uow.session.scalar(select(Handover.number).where(
            Handover.kind == "disposal", Handover.details.like('%"outcome": "returned"%'),
            Handover.ended_at.is_not(None)).order_by(Handover.id).limit(1))
    for k, r in enumerate(closable[:-KEEP_AS_THEY_ARE] if len(closable) > KEEP_AS_THEY_ARE else []):
        ended = r.ended_at or min(r.started_at + timedelta(minutes=15 + 4 * r[5] + rng.randint(0, 30)),
                                  max(gen.latest, r.started_at))
        if k % 40 == 39:  # now and then a record ended but still waiting for a signature
            gen.call(gen.clerk, handovers.end_record, EndRecord(r.number, ended))
            continue
        if k == 5:  # a giver refuses to sign before a witness
            _refusal_or_fingerprint(gen, r.number, "giver")
        elif r.number == first_return:  # the owner who gets a phone back cannot read: read aloud, điểm chỉ
            _refusal_or_fingerprint(gen, r.number, "receiver", fingerprint=True)
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


def _refusal_or_fingerprint(gen, number: str, role: str, fingerprint: bool = False) -> None:
    with UnitOfWork(gen.db, gen.clerk, write=False) as uow:
        slot = next((sig for sig in handovers.handover_detail(uow, number).signatures
                     if sig.role == role and sig.status == "pending"), None)
    if slot is None:
        return
    witness = PersonInput(full_name="Lê Quang Sơn", position="Tổ trưởng tổ dân phố số 5, phường Láng",
                          id_number="001075004321", address="Phường Láng, Hà Nội", gender="male")
    if fingerprint:
        gen.call(gen.clerk, handovers.sign_by_fingerprint, SignByFingerprint(number, slot.id, witness, read_aloud=True))
    else:
        gen.call(gen.clerk, handovers.refuse_signature, RefuseSignature(
            number, slot.id, "Không đồng ý với mô tả tình trạng vật chứng", "", witness))


def seal_acts(gen) -> None:
    """An unsealing and a resealing at the investigator's request (ND 127/2017), each with its record signed and
    completed, and a seal found broken during a check, reported (ND 142/2024 Art 11)."""
    from datetime import date as _date
    from ..db.models import Item
    from ..services import seals, storage
    from ..services.commands import DocumentInput, SealItems
    with UnitOfWork(gen.db, write=False) as uow:
        codes = list(uow.session.scalars(select(Item.code).where(Item.state == "in_storage", Item.sealed.is_(True))
                                         .order_by(Item.id).limit(3)))
    if len(codes) < 2:
        return
    today = gen.latest.date()
    request = DocumentInput("other", f"{gen.next('yc')}/YC-CSHS", today, gen.w.agencies["pc02"], "Phạm Quang Dũng",
                            "Phó Thủ trưởng Cơ quan CSĐT")
    organiser = PersonInput(full_name="Trần Văn Hùng", rank="Đại úy", position="Điều tra viên",
                            agency_id=gen.w.agencies["pc02"], id_number="001089012345", gender="male")
    witness = PersonInput(full_name="Lê Quang Sơn", position="Đại diện UBND phường Láng", id_number="001075004321",
                          gender="male")
    start = gen.latest - timedelta(hours=3)

    def act(code, action, seal, at, reason):
        ch = gen.call(gen.clerk, storage.seal_items, SealItems(
            (code,), action, seal, participants=("Đỗ Minh An, Giám định viên",), reason=reason,
            document=request, organiser=organiser, witness=witness, place="Kho vật chứng Công an thành phố Hà Nội",
            occurred_at=at, ended_at=at + timedelta(minutes=25)))
        scan = FileInput(f"bien-ban-{ch.handover_number.replace('/', '-')}.pdf", b"%PDF-1.4\n% demo scan\n%%EOF\n",
                         "application/pdf")
        gen.call(gen.clerk, handovers.mark_signed_on_paper, SignOnPaper(ch.handover_number, scan))
        with UnitOfWork(gen.db, gen.clerk) as uow:
            handovers.complete_handover(uow, ch.handover_number)

    act(codes[0], "unseal", "", start, "phục vụ giám định bổ sung")
    act(codes[0], "reseal", f"{gen.next('seal'):06d}/NP-PC02", start + timedelta(minutes=50), "phục vụ giám định bổ sung")
    gen.call(gen.clerk, seals.report_broken_seal, seals.ReportBrokenSeal(
        (codes[1],), "check", "Giấy niêm phong bị rách một góc, chữ ký trên giấy niêm phong không còn nguyên vẹn",
        witness=PersonInput(id=gen.w.persons["lanhdao"]),  # the commander present at the check signs as witness
        occurred_at=gen.latest - timedelta(hours=1)))
    # ND 127/2017: an item whose seal was found broken on its shelf is sealed again, with its record, the same day
    # (the incident stays reported); the demo leaves no unsealed must-seal item on a shelf
    act(codes[1], "reseal", f"{gen.next('seal'):06d}/NP-PC02", gen.latest - timedelta(minutes=50),
        "niêm phong lại sau khi phát hiện niêm phong bị rách khi kiểm tra")
    del _date
