"""The deposit form proposes the real place of the handing over (BLTTHS Điều 90.1.b, 133.1): choosing the Kho bạc
fills «Địa điểm giao nhận» with its address when the registry has it, else «Trụ sở Kho bạc …»; a place the clerk
typed is kept; leaving the deposit mode drops the suggestion; the record prints the place saved."""

from __future__ import annotations

from sqlalchemy import update

from evidence_store.db.models import Agency
from evidence_store.services import printing
from evidence_store.services.context import UnitOfWork
from tests.unit.printing_helpers import text as pdf_text
from ui.screens.release import ReleaseScreen

from .lifecycle_helpers import check_release_seals
from .lifecycle_helpers import cash, fill_document, received, screen_for, select

def test_the_deposit_place_follows_the_keeper_and_is_printed(qtbot, shell_world, recorder):
    db, world = shell_world
    a = world.agencies
    with UnitOfWork(db) as uow:
        uow.session.execute(update(Agency).where(Agency.id == a["khobac"])
                            .values(address="Số 32 Cát Linh, phường Cát Linh, Hà Nội"))
        uow.commit()
    code = received(db, world, [cash(location_code=world.locations["safe"])])[0]
    screen = screen_for(qtbot, ReleaseScreen, db, world)
    panel = screen.release_panel
    f = panel.form
    assert panel.handle_scan(code)
    assert f.widget("place").text() == ""  # a tạm xuất: nothing assumed
    select(panel.purpose, "deposit")
    assert f.value("keeper") == a["khobac"]  # the only keeper of cash
    assert f.widget("place").text() == "Số 32 Cát Linh, phường Cát Linh, Hà Nội"
    select(panel.purpose, "examination")
    assert f.widget("place").text() == ""  # the suggestion leaves with the mode
    select(panel.purpose, "deposit")
    f.widget("account").setText("3949.0.1055555")
    f.widget("receiver_name").setText("Hoàng Thị Thu")
    fill_document(f, "order", "16/LXK-PC02", a["pc02"])
    check_release_seals(panel)
    assert panel.save(), recorder.messages
    with UnitOfWork(db, world.actor(db, "thukho"), write=False) as uow:
        words = " ".join(pdf_text(printing.handover_pdf(uow, panel.result.number)).split())
    assert "tại Số 32 Cát Linh, phường Cát Linh, Hà Nội, chúng tôi gồm" in words, words[:300]


def test_a_place_typed_by_the_clerk_is_kept(qtbot, shell_world, recorder):
    db, world = shell_world
    code = received(db, world, [cash(location_code=world.locations["safe"])])[0]
    screen = screen_for(qtbot, ReleaseScreen, db, world)
    panel = screen.release_panel
    f = panel.form
    assert panel.handle_scan(code)
    select(panel.purpose, "deposit")
    assert f.widget("place").text() == "Trụ sở Kho bạc Nhà nước khu vực I"  # no address in the registry
    f.widget("place").setText("Phòng giao dịch Kho bạc, số 5 Hàng Bài")
    select(f.widget("keeper"), world.agencies["khobac"])
    select(panel.purpose, "examination")
    select(panel.purpose, "deposit")
    assert f.widget("place").text() == "Phòng giao dịch Kho bạc, số 5 Hàng Bài"
