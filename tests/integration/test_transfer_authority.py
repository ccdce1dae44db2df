"""Who may receive the responsibility (LEGAL-RULES R7, R27, R28; BLTTHS Điều 34–35, 239; TT 04/2023/TT-BTP Điều 10):
at investigation only an investigating body or a body assigned investigative tasks — never a ward police station;
THADS only on the VKS's QĐ chuyển giao vật chứng, never on a decision of another issuer (a Sở Tài chính)."""

from __future__ import annotations

from evidence_store.error_texts import message
from evidence_store.services.commands import TransferResponsibility
from evidence_store.services.transfer import transfer_responsibility

from .builders import phone, receive
from .lifecycle_builders import doc, milestone, refused, rep, run


def test_at_investigation_a_ward_police_station_is_no_investigating_body(world, clerk):
    db, w = world
    a = w.agencies
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])])
    milestone(db, ch.case_id, "opening", "case_opening", "1/QĐ-KTVA", a["pc02"])
    err = refused(db, lambda: run(db, clerk, transfer_responsibility, TransferResponsibility(
        doc("transfer_decision", "5/QĐ-CSHS", a["pc02"]), a["hoankiem"], case_id=ch.case_id,
        receiver=rep(a["hoankiem"]))))
    assert err.code == "transfer_not_investigating_body"
    assert message(err) == ("Công an phường Hoàn Kiếm không phải cơ quan điều tra hoặc cơ quan được giao nhiệm vụ "
                            "điều tra")


def test_thads_receives_only_on_the_vks_evidence_transfer_decision(world, clerk):
    db, w = world
    a = w.agencies
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])])
    for kind, doc_kind, number, agency in (("opening", "case_opening", "1/QĐ-KTVA", "pc02"),
                                           ("investigation_conclusion", "investigation_conclusion", "2/KLĐT", "pc02"),
                                           ("indictment", "indictment", "3/CT-VKS", "vks")):
        milestone(db, ch.case_id, kind, doc_kind, number, a[agency])
    err = refused(db, lambda: run(db, clerk, transfer_responsibility, TransferResponsibility(
        doc("transfer_decision", "8/QĐ-STC", a["taichinh"]), a["thads"], case_id=ch.case_id,
        receiver=rep(a["thads"]))))
    assert err.code == "issuer_not_competent" and "Viện kiểm sát" in message(err), message(err)
    err = refused(db, lambda: run(db, clerk, transfer_responsibility, TransferResponsibility(
        doc("judgment", "4/HS-ST", a["ta"]), a["thads"], case_id=ch.case_id, receiver=rep(a["thads"]))))
    assert err.code == "wrong_basis" and "không phải căn cứ hợp lệ" in message(err)  # a judgment hands nothing over
    ok = run(db, clerk, transfer_responsibility, TransferResponsibility(
        doc("transfer_decision", "8/QĐ-VKS", a["vks"]), a["thads"], case_id=ch.case_id, receiver=rep(a["thads"])))
    assert ok.extra["acceptance"] == "pending"
