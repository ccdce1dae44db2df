"""Who may decide what (issue #11), the table's side: milestones cache the stage and check their issuer, the
administrator edits the competence table and the category outcomes (the law as default), the CLI shows, imports
and resets it."""

from __future__ import annotations

import pytest

from evidence_store.domain.errors import PermissionDenied
from evidence_store.error_texts import message
from evidence_store.services import authority, case_authority, milestones
from evidence_store.services.commands import NewItem
from evidence_store.services.commands import ProposeDisposal
from evidence_store.services.context import UnitOfWork
from evidence_store.services.disposal import propose_disposal
from evidence_store.services.verify import verify

from .builders import intake_order, phone
from .lifecycle_builders import PAST, doc, ledger_head, milestone, refused, run, to_enforcement
from .test_authority import CASH, _case, _receive_order, _stage


# ---- milestones through the service ------------------------------------------------------------------------

def test_milestones_cache_the_stage_write_the_ledger_and_check_their_issuer(world, clerk):
    """BLTTHS Điều 153 (khởi tố by an investigating body), 243 (cáo trạng by the VKS only)."""
    db, w = world
    a = w.agencies
    case_id, _codes = _case(db, clerk, [phone()], "M-1")
    before = ledger_head(db)
    err = refused(db, lambda: milestone(db, case_id, "opening", "case_opening", "M1/KT", a["pc10"]))
    assert err.code == "issuer_not_competent"
    milestone(db, case_id, "opening", "case_opening", "M1/KT", a["kiemlam"])
    assert ledger_head(db) == before + 1
    err = refused(db, lambda: milestone(db, case_id, "indictment", "indictment", "M1/CT", a["vks"]))
    assert err.code == "milestone_wrong_stage" and "Điều 243" in message(err)
    err = refused(db, lambda: milestone(db, case_id, "investigation_conclusion", "judgment", "M1/X", a["ta"]))
    assert err.code == "milestone_wrong_document"
    milestone(db, case_id, "investigation_conclusion", "investigation_conclusion", "M1/KL", a["kiemlam"])
    assert _stage(db, case_id) == "prosecution"
    with UnitOfWork(db, write=False) as uow:
        rows = milestones.list_milestones(uow, case_id)
        info = case_authority.case_authority(uow, case_id)
    assert [r.kind for r in rows] == ["opening", "investigation_conclusion"] and rows[0].issuer == "Chi cục Kiểm lâm Hà Nội"
    assert "indictment" in info.next_milestones and info.disposal["destroyed"].startswith("Chưa có quyết định đình chỉ")
    clerk_actor = w.actor(db, "thukho")  # of PC10, not the issuing Kiểm lâm
    with pytest.raises(PermissionDenied), UnitOfWork(db, clerk_actor) as uow:
        milestones.confirm_milestone(uow, rows[0].id)
    assert verify(db).ok


def test_the_administrator_edits_the_table_and_the_services_follow_it(world, clerk):
    """An administrator setting with the law's default (LEGAL-RULES: "or is an administrator setting")."""
    db, w = world
    a = w.agencies
    admin = w.actor(db, "quantri")
    with UnitOfWork(db, admin) as uow:
        authority.set_rule(uow, "intake_order", "investigation", ["investigating_body"],
                           "ND 142/2024/NĐ-CP Điều 14 (quy chế phối hợp địa phương)")
    err = refused(db, lambda: _receive_order(db, clerk, a["haiquan"], "N-1"))
    assert err.code == "issuer_not_competent" and "quy chế phối hợp" in message(err)
    with pytest.raises(PermissionDenied), UnitOfWork(db, clerk) as uow:
        authority.reset_table(uow)
    with UnitOfWork(db, admin) as uow:
        authority.reset_table(uow)
    _receive_order(db, clerk, a["haiquan"], "N-2")


def test_the_outcomes_of_each_category_are_a_setting_with_the_law_as_default(world, clerk):
    """LEGAL-RULES R9 (Điều 106.2): category → outcomes is an administrator setting; drugs are not confiscated by
    default; money can never be destroyed or sold, whatever the setting; R29: the confiscation receiver too."""
    from evidence_store.domain.errors import ValidationError
    db, w = world
    a = w.agencies
    admin = w.actor(db, "quantri")
    case_id, codes = _case(db, clerk, [NewItem("weapon", "Dao", 1, "chiếc"), CASH], "R9-1")
    knife, cash = codes
    qd = to_enforcement(db, w, case_id)
    with UnitOfWork(db, admin) as uow:  # this city's practice: knives are destroyed, never returned or sold
        authority.set_category_flags(uow, outcomes={"weapon": ["destroyed"]})
    err = refused(db, lambda: run(db, clerk, propose_disposal, ProposeDisposal(
        (knife,), "confiscated", qd, receiving_agency_id=a["taichinh"])))
    assert err.code == "outcome_not_for_category"
    assert message(err) == "Hình thức «Đã sung công» không áp dụng cho loại vật chứng «Vũ khí thô sơ, hung khí»"
    with pytest.raises(ValidationError) as e, UnitOfWork(db, admin) as uow:
        authority.set_category_flags(uow, outcomes={"cash_vnd": ["destroyed", "returned"]})
    assert "không được tiêu hủy hoặc bán" in message(e.value)
    with pytest.raises(ValidationError) as e, UnitOfWork(db, admin) as uow:
        authority.set_category_flags(uow, outcomes={"weapon": []})
    assert e.value.code == "category_outcomes_empty"
    with pytest.raises(PermissionDenied), UnitOfWork(db, clerk) as uow:
        authority.set_category_flags(uow, outcomes={"weapon": ["destroyed", "confiscated"]})
    with UnitOfWork(db, admin) as uow:  # cash paid to the finance agency here (a local rule), the knife back
        table = authority.set_category_flags(uow, outcomes={"weapon": ["destroyed", "confiscated"]},
                                             receivers={"cash_vnd": "finance", "*": "finance"})
    assert table["outcomes"]["drugs"] == ["destroyed"] and table["outcomes"]["weapon"] == ["confiscated", "destroyed"]
    run(db, clerk, propose_disposal, ProposeDisposal((knife,), "confiscated", qd, receiving_agency_id=a["taichinh"]))
    run(db, clerk, propose_disposal, ProposeDisposal((cash,), "confiscated", qd, receiving_agency_id=a["taichinh"]))
    with UnitOfWork(db, admin) as uow:
        authority.reset_table(uow)
        assert authority.export_table(uow)["outcomes"]["weapon"] == ["confiscated", "destroyed", "returned"]
    assert verify(db).ok


@pytest.mark.sqlite_only  # the command line runs on the SQLite file
def test_cli_shows_imports_and_resets_the_table_and_adds_milestones(world, clerk, tmp_path, capsys):
    """The table is an administrator setting with the law's defaults, also at the console."""
    from evidence_store.cli import main
    db, w = world
    a = w.agencies
    path = db.sqlite_path
    assert main(["--db", path, "competence", "show"]) == 0
    assert "Lệnh nhập kho | Điều tra |" in capsys.readouterr().out
    exported = tmp_path / "bang.json"
    assert main(["--db", path, "competence", "export", str(exported)]) == 0
    exported.write_text("{ không phải JSON", encoding="utf-8")
    assert main(["--db", path, "competence", "import", str(exported)]) == 2
    assert "Bảng thẩm quyền không hợp lệ" in capsys.readouterr().err
    assert main(["--db", path, "competence", "reset"]) == 0
    case_id, _codes = _case(db, clerk, [phone()], "P-1")
    assert main(["--db", path, "milestone-add", "P-1", "opening", "--doc-kind", "case_opening", "--number", "1/KT",
                 "--date", PAST.isoformat(), "--issuer", str(a["pc10"])]) == 2
    assert "không thuộc thẩm quyền" in capsys.readouterr().err
    assert main(["--db", path, "milestone-add", "P-1", "opening", "--doc-kind", "case_opening", "--number", "1/KT",
                 "--date", PAST.isoformat(), "--issuer", str(a["pc02"])]) == 0
    assert main(["--db", path, "milestones", "P-1"]) == 0
    out = capsys.readouterr().out
    assert "Khởi tố vụ án" in out and "Chưa có quyết định đình chỉ hoặc bản án có hiệu lực" in out
