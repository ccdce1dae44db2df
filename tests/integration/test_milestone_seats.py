"""Milestone decisions and the agencies' seats (issue 13): a decision entered by a user of the issuing agency is
confirmed at once; entered by someone else for an agency with a seat, it waits as a task in that agency's inbox
until one of its users confirms it; for an agency with no seat it is recorded from the paper, with the paper's
scan attached and hashed in the ledger (``verify`` re-hashes it). An agency's user records only its own
decisions, on cases it sees."""

from __future__ import annotations

import pytest

from evidence_store.domain.errors import DomainError, PermissionDenied
from evidence_store.services import milestones
from evidence_store.services import tasks
from evidence_store.services.commands import FileInput
from evidence_store.services.context import UnitOfWork
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import doc, milestone, read

SCAN = FileInput("qd-khoi-to.pdf", b"%PDF-1.4 ban chup quyet dinh khoi to", "application/pdf")


def _confirm_tasks(db, w, username):
    with UnitOfWork(db, w.actor(db, username), write=False) as uow:
        return {t.ref for t in tasks.inbox(uow) if t.kind == "confirm"}


def _record(db, actor, case_id, kind, doc_kind, number, agency_id, scan=None):
    with UnitOfWork(db, actor) as uow:
        return milestones.record_milestone(uow, milestones.RecordMilestone(case_id, kind, doc(doc_kind, number, agency_id),
                                                           scan=scan)).extra["milestone_id"]


def test_entered_by_the_issuer_or_confirmed_by_it(world, clerk):
    db, w = world
    a = w.agencies
    case_id = receive(db, clerk, [phone()]).case_id
    # the warehouse clerk enters the CQĐT's khởi tố from its paper: the CQĐT (it has seats) confirms it
    opening = _record(db, clerk, case_id, "opening", "case_opening", "1/QĐ-KTVA", a["pc02"])
    assert f"#{opening}" in _confirm_tasks(db, w, "canbo") and f"#{opening}" in _confirm_tasks(db, w, "thutruong")
    assert f"#{opening}" not in _confirm_tasks(db, w, "kiemsatvien") | _confirm_tasks(db, w, "thukho")
    with pytest.raises(PermissionDenied), UnitOfWork(db, w.actor(db, "kiemsatvien")) as uow:
        milestones.confirm_milestone(uow, opening)  # not the VKS's decision
    with UnitOfWork(db, w.actor(db, "canbo")) as uow:
        milestones.confirm_milestone(uow, opening)
    assert not _confirm_tasks(db, w, "canbo") and not _confirm_tasks(db, w, "thutruong")
    views = {m.id: m for m in read(db, clerk, milestones.list_milestones, case_id)}
    assert views[opening].confirmed_by == "canbo" and views[opening].scan_filename == ""
    # the investigator enters his own agency's kết luận điều tra: confirmed at once, no task
    conclusion = _record(db, w.actor(db, "canbo"), case_id, "investigation_conclusion", "investigation_conclusion",
                         "2/KLĐT", a["pc02"])
    views = {m.id: m for m in read(db, clerk, milestones.list_milestones, case_id)}
    assert views[conclusion].confirmed_by == "canbo" and views[conclusion].confirmed_at is not None
    assert not _confirm_tasks(db, w, "canbo")
    # …but not another agency's decision, nor on a case he does not see
    with pytest.raises(PermissionDenied) as exc:
        _record(db, w.actor(db, "canbo"), case_id, "indictment", "indictment", "3/CT-VKS", a["vks"])
    assert exc.value.code == "milestone_other_agency"
    other = receive(db, clerk, [phone()], case_number="77/2026/KHAC").case_id
    with pytest.raises(PermissionDenied) as exc:
        _record(db, w.actor(db, "kiemsatvien"), other, "opening", "case_opening", "4/QĐ-KTVA", a["vks"])
    assert exc.value.code == "out_of_scope"
    assert verify(db).ok


def test_an_agency_without_a_seat_is_recorded_from_its_paper_with_the_scan(world, clerk):
    db, w = world
    a = w.agencies
    case_id = receive(db, clerk, [phone()]).case_id
    with pytest.raises(DomainError) as exc:  # the CQCSĐT of the city has no user in the app
        _record(db, clerk, case_id, "opening", "case_opening", "5/QĐ-KTVA", a["cqdt"])
    assert exc.value.code == "milestone_scan_required" and exc.value.params["field"] == "scan"
    assert not read(db, clerk, milestones.list_milestones, case_id)
    opening = _record(db, clerk, case_id, "opening", "case_opening", "5/QĐ-KTVA", a["cqdt"], scan=SCAN)
    view = next(m for m in read(db, clerk, milestones.list_milestones, case_id) if m.id == opening)
    assert view.scan_filename == "qd-khoi-to.pdf" and view.scan_attachment_id is not None
    with UnitOfWork(db, clerk, write=False) as uow:
        from evidence_store.services.browse import attachment_content
        assert attachment_content(uow, view.scan_attachment_id) == SCAN.content
    assert not any(_confirm_tasks(db, w, u) for u in ("canbo", "thutruong", "kiemsatvien"))
    result = verify(db)
    assert result.ok and result.attachments >= 1 and not result.attachment_problems
    # the console (scripts, the demo) records without a scan, as before
    milestone(db, case_id, "investigation_conclusion", "investigation_conclusion", "6/KLĐT", a["cqdt"])
    assert verify(db).ok


@pytest.mark.sqlite_only  # the command line runs on the SQLite file
def test_the_console_attaches_the_scan(world, clerk, tmp_path, capsys):
    db, w = world
    from evidence_store.cli import main
    from .lifecycle_builders import PAST
    case_id = receive(db, clerk, [phone()], case_number="P-9").case_id
    args = ["--db", db.sqlite_path, "milestone-add", "P-9", "opening", "--doc-kind", "case_opening", "--number",
            "9/KT", "--date", PAST.isoformat(), "--issuer", str(w.agencies["cqdt"])]
    assert main(args + ["--scan", str(tmp_path / "khong-co.pdf")]) == 2
    assert "Không đọc được tệp bản chụp" in capsys.readouterr().err
    scan = tmp_path / "qd-9.pdf"
    scan.write_bytes(b"%PDF-1.4 qd 9")
    assert main(args + ["--scan", str(scan)]) == 0
    assert [m.scan_filename for m in read(db, clerk, milestones.list_milestones, case_id)] == ["qd-9.pdf"]
    assert verify(db).ok
