"""Whether a transfer to THADS also moves the items to the enforcement warehouse (LEGAL-RULES R35) is an
administrator's setting: the law's default is the move (ND 142/2024/NĐ-CP keeps the CAND and THADS warehouse systems
apart), the demo — Hà Nội's shared city warehouse — leaves the items on their shelf. The transfer form proposes what
the setting says; towards another body no move is proposed."""

from __future__ import annotations

from evidence_store.db.migrate import open_database
from evidence_store.services import settings
from evidence_store.services.context import UnitOfWork
from tests.integration.builders import phone, receive
from tests.integration.lifecycle_builders import milestone
from ui.screens.admin_settings import SettingsTab
from ui.screens.lifecycle import open_dialog

from .lifecycle_helpers import ctx_for, select


def _transfer_dialog(qtbot, db, w, code):
    dialog = open_dialog(ctx_for(db, w, "thukho"), "transfer", [code], None)
    qtbot.addWidget(dialog)
    return dialog


def test_a_fresh_warehouse_moves_the_items_to_thads_by_default(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    try:
        with UnitOfWork(db, write=False) as uow:
            assert settings.get_setting(uow, "thads_transfer_moves_out") is True
    finally:
        db.dispose()


def test_the_transfer_form_proposes_the_move_the_setting_says(qtbot, shell_world, recorder):
    db, w = shell_world
    a = w.agencies
    ch = receive(db, w.actor(db, "thukho"), [phone(location_code=w.locations["bin_A111"])])
    for kind, doc_kind, number, issuer in (("opening", "case_opening", "1/QĐ-KTVA", "pc02"),
                                           ("investigation_conclusion", "investigation_conclusion", "2/KLĐT", "pc02"),
                                           ("indictment", "indictment", "3/CT-VKS", "vks")):
        milestone(db, ch.case_id, kind, doc_kind, number, a[issuer])
    code = ch.item_codes[0]
    dialog = _transfer_dialog(qtbot, db, w, code)
    select(dialog.to_agency, a["thads"])
    assert dialog.move_out.isVisibleTo(dialog) and not dialog.move_out.isChecked()  # the demo's shared warehouse
    tab = SettingsTab(ctx_for(db, w, "quantri"))
    qtbot.addWidget(tab)
    box = tab.switches["thads_transfer_moves_out"]
    assert not box.isChecked() and "NĐ 142/2024/NĐ-CP" in box.text()
    box.setChecked(True)
    tab.save()
    with UnitOfWork(db, write=False) as uow:
        assert settings.get_setting(uow, "thads_transfer_moves_out") is True
    dialog = _transfer_dialog(qtbot, db, w, code)
    select(dialog.to_agency, a["thads"])
    assert dialog.move_out.isVisibleTo(dialog) and dialog.move_out.isChecked()  # the law's default: the move
    select(dialog.to_agency, a["ta"])
    assert not dialog.move_out.isChecked()  # towards the court nothing moves
