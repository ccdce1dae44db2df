"""Issue #11 in the GUI: the case view lists the milestones and lets a case officer add one with its issuer
picked from the registry (the refusal shown in the domain's words); the item view shows the milestones and,
for each disposal that is not possible now, why."""

from __future__ import annotations

from datetime import timedelta

from evidence_store.describe import document_label

from tests.integration.lifecycle_builders import dismissed, milestone

from .lifecycle_helpers import TODAY, ctx_for, detail, qdate, received, select


def _case_screen(qtbot, db, world, user, case_id):
    from ui.screens.cases import CasesScreen
    screen = CasesScreen(ctx_for(db, world, user))
    qtbot.addWidget(screen)
    screen.show_case(case_id)
    return screen


def _fill(dialog, kind, number, issuer, day=None):
    select(dialog.kind, kind)
    dialog.form.widget("number").setText(number)
    dialog.form.widget("date").setDate(qdate(day or TODAY - timedelta(days=1)))
    select(dialog.issuer, issuer)
    dialog.form.widget("signer").setText("Phạm Quang Dũng")


def test_a_case_officer_adds_milestones_from_the_case_view(qtbot, shell_world, recorder):
    """BLTTHS Điều 153 (khởi tố), 232 (kết luận điều tra → truy tố); the issuer comes from the registry."""
    db, world = shell_world
    a = world.agencies
    code = received(db, world)[0]
    case_id = detail(db, world, code).case_id
    screen = _case_screen(qtbot, db, world, "canbo", case_id)
    panel = screen.milestones
    assert not panel.add_button.isHidden() and panel.table.rowCount() == 0
    panel.open_add()
    dialog = panel.dialog
    qtbot.addWidget(dialog)
    offered = [dialog.issuer.itemData(i) for i in range(1, dialog.issuer.count())]
    assert a["pc02"] in offered and a["haiquan"] in offered and a["cqdtqd"] in offered
    assert a["pc10"] not in offered and a["hoankiem"] not in offered  # not investigating bodies
    enabled = {dialog.kind.itemData(i) for i in range(dialog.kind.count())
               if dialog.kind.model().item(i).isEnabled()}
    assert "opening" in enabled and "indictment" not in enabled  # no skipping the procuracy
    _fill(dialog, "opening", "12/QĐ-KTVA", a["pc02"], TODAY - timedelta(days=3))
    dialog.submit()
    assert dialog.result_changes is not None, (dialog.error_label.text(), recorder.messages)
    assert panel.table.texts()[0][1] == "Khởi tố vụ án"
    panel.open_add()
    dialog = panel.dialog
    qtbot.addWidget(dialog)
    _fill(dialog, "investigation_conclusion", "20/KLĐT", a["pc02"], TODAY - timedelta(days=5))
    dialog.submit()  # dated before the khởi tố: refused, shown at the date of the milestone
    assert dialog.result_changes is None
    shown = dialog.form.error("occurred_on") or dialog.error_label.text()
    assert "không được ghi ngày trước mốc trước đó" in shown
    _fill(dialog, "investigation_conclusion", "20/KLĐT", a["pc02"])
    dialog.submit()
    assert dialog.result_changes is not None, (dialog.error_label.text(), recorder.messages)
    assert [r[1] for r in panel.table.texts()] == ["Khởi tố vụ án", "Kết luận điều tra"]
    assert panel.table.texts()[1][4] == "Truy tố" and detail(db, world, code).case_stage == "prosecution"
    assert document_label("investigation_conclusion") in panel.table.texts()[1][2]
    assert "Truy tố" in screen.case_label.text()


def test_the_item_view_says_why_a_disposal_is_not_possible_now(qtbot, shell_world, recorder):
    """BLTTHS Điều 106: before đình chỉ or a judgment in effect, no destruction; after đình chỉ it is possible."""
    from ui.screens.item_view import ItemViewScreen
    db, world = shell_world
    a = world.agencies
    code = received(db, world)[0]
    case_id = detail(db, world, code).case_id
    milestone(db, case_id, "opening", "case_opening", "1/QĐ-KTVA", a["pc02"])
    view = ItemViewScreen(ctx_for(db, world, "canbo"))
    qtbot.addWidget(view)
    view.show_item(code)
    reasons = view.disposal_reasons
    assert reasons["destroyed"].startswith("Chưa có quyết định đình chỉ hoặc bản án có hiệu lực")
    assert "Chỉ được bán vật chứng mau hỏng, khó bảo quản" in reasons["sold"]
    assert reasons["returned"] == ""
    assert "Chưa có quyết định đình chỉ hoặc bản án có hiệu lực" in view.milestones.note.text()
    assert view.milestones.table.texts()[0][1] == "Khởi tố vụ án"
    dismissed_case = received(db, world, case_number="127/2026/CSHS")[0]
    dismissed(db, world, detail(db, world, dismissed_case).case_id)
    view.show_item(dismissed_case)
    assert view.disposal_reasons["destroyed"] == "" and "Đình chỉ ở giai đoạn điều tra" in view.milestones.note.text()


def test_a_decision_of_an_agency_without_a_seat_is_recorded_with_its_scan(qtbot, shell_world, recorder, tmp_path):
    """Issue 13: the clerk records the CQCSĐT's khởi tố (no user of that agency in the app) from the paper: the
    dialog asks for the scan at its field, then the table says how the milestone is vouched for."""
    db, world = shell_world
    a = world.agencies
    code = received(db, world)[0]
    case_id = detail(db, world, code).case_id
    screen = _case_screen(qtbot, db, world, "thukho", case_id)
    panel = screen.milestones
    panel.open_add()
    dialog = panel.dialog
    qtbot.addWidget(dialog)
    _fill(dialog, "opening", "7/QĐ-KTVA", a["cqdt"])
    dialog.submit()
    assert dialog.result_changes is None and "bản chụp" in dialog.form.error("scan")
    scan = tmp_path / "qd-7-khoi-to.pdf"
    scan.write_bytes(b"%PDF-1.4 ban chup")
    recorder.open_files = [str(scan)]
    assert dialog.choose_scan() and dialog.scan_button.text() == "qd-7-khoi-to.pdf"
    dialog.submit()
    assert dialog.result_changes is not None, (dialog.error_label.text(), recorder.messages)
    assert panel.table.texts()[0][5] == "Ghi từ bản giấy (bản chụp: qd-7-khoi-to.pdf)"
    # the CQĐT's khởi tố entered by the clerk waits for the CQĐT: the table says so until its user confirms
    other = received(db, world, case_number="8/2026/CSHS")[0]
    case_id = detail(db, world, other).case_id
    screen = _case_screen(qtbot, db, world, "thukho", case_id)
    screen.milestones.open_add()
    dialog = screen.milestones.dialog
    qtbot.addWidget(dialog)
    _fill(dialog, "opening", "8/QĐ-KTVA", a["pc02"])
    dialog.submit()
    assert dialog.result_changes is not None, (dialog.error_label.text(), recorder.messages)
    assert screen.milestones.table.texts()[0][5] == "Chờ cơ quan ban hành xác nhận"
    mine = _case_screen(qtbot, db, world, "canbo", case_id)
    assert mine.milestones.select_milestone(dialog.result_changes.extra["milestone_id"])
    assert mine.milestones.confirm_selected(), recorder.messages
    assert mine.milestones.table.texts()[0][5] == "Đã xác nhận: canbo"
