"""Shared pieces of the lifecycle GUI tests: items received on a shelf, screens per user, and
filling the document and person sections of the lifecycle forms."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate

from evidence_store.services import queries
from evidence_store.services.commands import NewItem
from evidence_store.services.context import UnitOfWork
from tests.integration.builders import phone, receive

from .conftest import make_ctx
from evidence_store.domain import chronology

TODAY = chronology.today()


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def cash(**kw) -> NewItem:
    base = dict(category="cash_vnd", name="Tiền mặt 12.500.000 đồng", quantity=25, unit="tờ",
                characteristics="25 tờ mệnh giá 500.000 đồng", sealed=True, seal_state="intact", seal_number="NP-0100",
                attributes={"total_amount": "12500000"})
    base.update(kw)
    return NewItem(**base)


def received(db, world, items=None, **kw) -> tuple[str, ...]:
    clerk = world.actor(db, "thukho")
    items = items or [phone(location_code=world.locations["bin_A111"])]
    return receive(db, clerk, items, **kw).item_codes


def ctx_for(db, world, username):
    return make_ctx(db, world, username)


def detail(db, world, code, username="thukho"):
    with UnitOfWork(db, world.actor(db, username), write=False) as uow:
        return queries.item_by_code(uow, code)


def screen_for(qtbot, cls, db, world, user="thukho"):
    """The screen ``cls`` in ``user``'s session, its scan sounds muted (its batch, the release and return panels')."""
    from ui.scan_feedback import ScanSounds
    screen = cls(ctx_for(db, world, user))
    qtbot.addWidget(screen)
    batch = getattr(screen, "batch", None) or getattr(getattr(screen, "release_panel", None), "batch", None)
    if batch is not None:
        batch.indicator.sounds = ScanSounds(muted=True)
    if getattr(screen, "return_panel", None):
        screen.return_panel.batch.indicator.sounds = ScanSounds(muted=True)
    return screen


def item_view_for(qtbot, db, world, user, code):
    """The item view in ``user``'s session, showing ``code``."""
    from ui.screens.item_view import ItemViewScreen
    view = screen_for(qtbot, ItemViewScreen, db, world, user)
    assert view.show_item(code), code
    return view


def select(box, value) -> None:
    index = box.findData(value)
    assert index >= 0, (value, [box.itemData(i) for i in range(box.count())])
    box.setCurrentIndex(index)


def fill_document(form, prefix, number, agency_id, kind=None, signer="Phạm Quang Dũng", day=None) -> None:
    if kind is not None and f"{prefix}_kind" in form.fields:
        select(form.widget(f"{prefix}_kind"), kind)
    form.widget(f"{prefix}_number").setText(number)
    form.widget(f"{prefix}_date").setDate(qdate(day or TODAY - timedelta(days=1)))
    select(form.widget(f"{prefix}_issuer"), agency_id)
    form.widget(f"{prefix}_signer").setText(signer)
    form.widget(f"{prefix}_signer_title").setText("Thủ trưởng")


def fill_return_to_owner(form, world) -> None:
    """The disposal proposal form (``screen.proposal``) filled for a return to the owner on PC02's decision."""
    from evidence_store.domain.states import Doc
    form.outcome.setCurrentIndex(form.outcome.findData("returned"))
    fill_document(form.form, "decision", "40/QĐ-CSHS", world.agencies["pc02"], Doc.DISPOSAL_DECISION.value)
    form.form.widget("recipient_name").setText("Nguyễn Văn Nam")
    form.form.widget("recipient_id").setText("001090012345")
    form.form.widget("receipt").setText("Đã nhận đủ")


def fill_thads_destruction(form, world, supervisor) -> None:
    """The disposal proposal form filled for a destruction by the THADS council on the QĐ THA, the VKS's
    ``supervisor`` supervising (Luật THADS Điều 125)."""
    from evidence_store.domain.states import Doc
    a = world.agencies
    form.outcome.setCurrentIndex(form.outcome.findData("destroyed"))
    fill_document(form.form, "decision", "31/QĐ-THADS", a["thads"], Doc.ENFORCEMENT_DECISION.value)
    fill_document(form.form, "council", "32/QĐ-THADS", a["thads"])
    form.form.widget("council_members").setPlainText("Cán bộ kỹ thuật Trần Văn Hải")
    form.form.widget("council_chair").setText("Bùi Thanh Sơn")  # Luật THADS Điều 125: a Chấp hành viên chairs
    select(form.form.widget("council_finance_agency"), a["taichinh"])
    form.form.widget("council_finance_member").setText("Hồ Thị Mai")
    form.form.widget("supervisor").setText(supervisor)
    select(form.form.widget("supervisor_agency"), a["vks"])
    form.form.widget("method").setText("Đập vỡ, đốt")


def fill_entrust(form, world) -> None:
    """The entrust dialog's form (``view.dialog.form``) filled for Phan Thị Hồng on PC02's decision of two days ago."""
    from evidence_store.domain.states import Doc
    form.widget("custodian_name").setText("Phan Thị Hồng")
    form.widget("custodian_id").setText("001190012345")
    form.widget("address").setText("Số 5 ngõ 12 Láng Hạ, Hà Nội")
    fill_document(form, "decision", "4/QĐ-PC02", world.agencies["pc02"], Doc.ENTRUST_DECISION.value)
    form.widget("decision_date").setDate(qdate(TODAY - timedelta(days=2)))
    if "seal_states" in form.fields:  # the clerk looked at the seals as he hands the items over (issue #12)
        form.widget("seal_states").confirm.setChecked(True)


def fill_person(form, prefix, name, agency_id=None, id_number="001085009876", rank="Thiếu tá") -> None:
    form.widget(f"{prefix}_name").setText(name)
    form.widget(f"{prefix}_rank").setText(rank)
    if agency_id is not None and f"{prefix}_agency" in form.fields:
        select(form.widget(f"{prefix}_agency"), agency_id)
    form.widget(f"{prefix}_id").setText(id_number)


def release_for_examination(panel, world, code, due=None, number="15/LXK-PC02", approve=True) -> bool:
    """Fill the release panel for a giám định release of ``code`` and save (``approve``: and the commander
    approves it, so the items are out)."""
    a = world.agencies
    assert panel.handle_scan(code)
    select(panel.purpose, "examination")
    check_release_seals(panel)
    panel.due_on.setDate(qdate(due or TODAY + timedelta(days=2)))
    fill_person(panel.form, "receiver", "Đỗ Minh An", a["ca"])
    panel.form.widget("receiver_letter").setText("07/GGT-PC09")  # another agency: his giấy giới thiệu
    fill_document(panel.form, "order", number, a["pc02"])
    return approved_save(panel) if approve else panel.save()


def check_release_seals(panel) -> None:
    """The clerk looked at every seal and found it whole: he ticks «Đã kiểm tra niêm phong: nguyên vẹn, đúng số»
    (issue #12: a row left «chưa kiểm tra» is refused, never sent intact)."""
    if panel.seal_confirm.isVisibleTo(panel.form) and not panel.seal_confirm.isChecked():
        panel.seal_confirm.click()


def approved_save(panel) -> bool:
    """Save the release panel as the clerk, then the commander approves the prepared release from his own session
    (ND 142/2024 Điều 4) — the journey itself, through the inbox, is tests/gui/test_release_approval.py."""
    from tests.integration.lifecycle_builders import approve_if_pending
    if not panel.save():
        return False
    if panel.result.number:
        approve_if_pending(panel.ctx.db, panel.result.number)
    return True


__all__ = ["phone", "receive"]


def carry_out_from_item_view(qtbot, db, world, code, place="Bãi tiêu hủy Nam Sơn, Sóc Sơn, Hà Nội",
                             username="thukho", absent_names=(), receiver=None):
    """The storekeeper opens the item, presses «Thực hiện xử lý», types where it happened (and who of the
    council was absent, who received) and records it; returns (view, dialog)."""
    from ui.screens.item_view import ItemViewScreen
    view = ItemViewScreen(ctx_for(db, world, username))
    qtbot.addWidget(view)
    assert view.show_item(code)
    assert "carry_out" in dict(view.available_actions(view.item)), view.available_actions(view.item)
    view.start_action("carry_out")
    dialog = view.dialog
    heading = dialog.heading.text()  # not carried out yet: the act, not «Đã tiêu hủy» (issue 17)
    assert "— Đã " not in heading, heading
    dialog.place.setText(place)
    enter_act_times(qtbot, dialog)
    for slot in dialog.info.council:
        if slot.name in absent_names:
            dialog.presence[slot.slot_id].setChecked(False)
    if receiver is not None:
        dialog.receiver_name.setText(receiver)
        dialog.receiver_id.setText("001190000789")
    check_seals(dialog)
    dialog.submit()
    return view, dialog


def check_seals(dialog) -> None:
    """The storekeeper looks at each seal and ticks «Đã kiểm tra niêm phong: nguyên vẹn, đúng số» (issue #12)."""
    if dialog.info.seals and not dialog.seal_confirm.isChecked():
        dialog.seal_confirm.click()


def type_time(qtbot, edit, moment) -> None:
    """Click into a «HH:mm dd/MM/yyyy» editor and type the time, as a clerk does."""
    from PySide6.QtWidgets import QDateTimeEdit
    edit.setFocus()
    edit.setSelectedSection(QDateTimeEdit.Section.HourSection)
    qtbot.keyClicks(edit, moment.strftime("%H%M%d%m%Y"))


def enter_act_times(qtbot, dialog, started=None, ended=None):
    """The carry-out dialog's times as the clerk types them: the start when given (else the one proposed), and the
    end, blank until entered (R12) — by default now, to the minute (Hà Nội time). Returns the end typed."""
    from evidence_store.formatting import now_in_zone
    if started is not None:
        type_time(qtbot, dialog.started, started)
    ended = ended or now_in_zone().replace(second=0, microsecond=0, tzinfo=None)
    type_time(qtbot, dialog.ended, ended)
    dialog.place.setFocus()
    assert dialog.ended.entered(), dialog.ended.text()
    return ended
