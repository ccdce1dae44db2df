"""«Mẫu in» (Quản trị): an administrator edits a title and a signature column, saves, and the next
biên bản shows them; label margins that would not fit the paper are refused at the field."""

from __future__ import annotations

from PIL import Image
from sqlalchemy import select

from evidence_store.db.models import Handover
from evidence_store.services import printing
from evidence_store.services.context import UnitOfWork
from tests.unit.printing_helpers import text as pdf_text

from .lists_data import lists_db, lists_template, make_ctx  # noqa: F401 (fixtures)


def _tab(qtbot, ctx):
    from ui.screens.admin import AdminScreen
    screen = AdminScreen(ctx)
    qtbot.addWidget(screen)
    return screen


def test_edited_title_and_signature_column_print_on_the_next_record(qtbot, make_ctx, lists_db, recorder):
    db, w = lists_db
    screen = _tab(qtbot, make_ctx("quantri"))
    tab = screen.templates
    tab.documents.select("handover.intake")
    tab.documents.title.setText("BIÊN BẢN GIAO NHẬN VẬT CHỨNG")
    table = tab.documents.signatures
    table.item(0, 1).setText("NGƯỜI GIAO VẬT CHỨNG")
    table.setCurrentCell(1, 0)
    table.remove_row()  # the witness column
    tab.documents.copies.setValue(2)
    tab.documents.select("slip.in")  # switching keeps the draft
    tab.documents.select("handover.intake")
    assert tab.documents.title.text() == "BIÊN BẢN GIAO NHẬN VẬT CHỨNG"
    assert "BIÊN BẢN GIAO NHẬN VẬT CHỨNG" in pdf_text(tab.preview_pdf("handover.intake"))  # unsaved values
    assert tab.save()
    assert recorder.texts("info") == ["Đã lưu mẫu in."]
    with UnitOfWork(db, w.actor(db, "thukho"), write=False) as uow:
        number = uow.session.scalars(select(Handover.number).where(Handover.kind == "intake")).first()
        words = pdf_text(printing.handover_pdf(uow, number))
    assert "BIÊN BẢN GIAO NHẬN VẬT CHỨNG" in words and "NGƯỜI GIAO VẬT CHỨNG" in words
    assert "NGƯỜI CHỨNG KIẾN" not in words and "lập thành 02 bản" in words
    tab.documents.reset()
    assert tab.documents.title.text() == "BIÊN BẢN"


def test_invalid_values_are_refused_at_the_field(qtbot, make_ctx, recorder):
    screen = _tab(qtbot, make_ctx("quantri"))
    tab = screen.templates
    labels = tab.labels
    labels.select("a4-3x8")
    margin = labels.fields["margin_left_mm"]
    margin.setValue(5.0)  # 3 × 70 mm already fill the 210 mm page
    assert margin.value() == 0.0 and labels.layouts["a4-3x8"].margin_left_mm == 0.0
    assert "vượt chiều rộng giấy 210 mm" in labels.error.text() and margin.styleSheet()
    labels.fields["label_width_mm"].setValue(66.5)
    margin.setValue(5.0)  # now it fits
    assert labels.layouts["a4-3x8"].margin_left_mm == 5.0 and labels.error.text() == ""
    tab.documents.select("stock_card")
    tab.documents.title.setText("")
    assert not tab.save()
    assert tab.documents.form.error("title") == "«Thẻ kho»: cần nhập tiêu đề"  # under the field, as in every form
    assert tab.error.text() == "«Thẻ kho»: cần nhập tiêu đề"  # and beside «Lưu»
    assert recorder.texts("error") == []


def test_logo_is_chosen_shown_and_saved(qtbot, make_ctx, recorder, tmp_path):
    screen = _tab(qtbot, make_ctx("quantri"))
    tab = screen.templates
    path = tmp_path / "logo.png"
    Image.new("RGB", (40, 40), (200, 16, 46)).save(path)
    (tmp_path / "bad.png").write_bytes(b"not an image")
    recorder.open_files = [str(tmp_path / "bad.png")]
    tab.logo.choose()
    assert tab.logo.data == "" and tab.logo.error.text() == "Biểu trưng phải là ảnh PNG hoặc JPEG"
    recorder.open_files = [str(path)]
    tab.logo.choose()
    assert tab.logo.data and not tab.logo.thumb.pixmap().isNull()
    assert tab.save()
    tab.reload()
    assert tab.logo.data and tab.draft().logo_data == tab.logo.data
    tab.logo.remove()
    assert tab.draft().logo_data == ""
