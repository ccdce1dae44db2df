"""LEGAL-RULES R25: a deposit with the Kho bạc Nhà nước is recorded on the Kho bạc's own form, Mẫu số 02 of TT
135/2018/TT-BTC "Biên bản bàn giao, tiếp nhận để bảo quản" (FORMS.md §3.3): its title and form code, the circular
among the bases, the sealed packages of one case each, the Kho bạc's own re-sealing (written at the Kho bạc) and its
representative's signature. A deposit with another keeper, and a Kho bạc deposit recorded before, keep the general
deposit record they were printed with."""

from __future__ import annotations

from sqlalchemy import text

from evidence_store.services import printing
from evidence_store.services.commands import DepositItems, NewItem
from tests.unit.printing_helpers import text as pdf_text

from .builders import receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import approved_deposit, doc, read, rep, run

CASH = NewItem("cash_vnd", "Tiền Việt Nam", 2_000_000, "đồng", sealed=True, seal_state="intact", seal_number="NP-7")
GUN = NewItem("military_weapon", "Súng ngắn K54", 1, "khẩu", sealed=True, seal_state="intact", seal_number="NP-8")


def _words(db, clerk, number):
    return " ".join(pdf_text(read(db, clerk, printing.handover_pdf, number)).split())


def test_a_kho_bac_deposit_prints_mau_02_and_another_keeper_the_general_record(world, clerk):
    db, w = world
    cash = receive(db, clerk, [CASH]).item_codes[0]
    number = run(db, clerk, approved_deposit, DepositItems(
        (cash,), w.agencies["khobac"], doc("deposit_decision", "3/QĐ-PC02", w.agencies["pc02"]),
        receiver=rep(w.agencies["khobac"]), account="3949.0.1055000", seal_states=seals_checked((cash,)))).handover_number
    words = _words(db, clerk, number)
    assert "Mẫu số 02 (TT 135/2018/TT-BTC)" in words and "Bàn giao, tiếp nhận để bảo quản" in words
    assert "Căn cứ Thông tư số 135/2018/TT-BTC" in words
    assert "mỗi hòm, túi, gói chỉ chứa vật chứng của một vụ án (vụ án số 125/2026/CSHS)" in words
    assert "niêm phong lại và ký; số niêm phong của Kho bạc Nhà nước: ……" in words
    assert "ĐẠI DIỆN KHO BẠC NHÀ NƯỚC" in words and "gửi bảo quản chuyên trách" not in words
    gun = receive(db, clerk, [GUN], case_number="126/2026/CSHS").item_codes[0]
    other = run(db, clerk, approved_deposit, DepositItems(
        (gun,), w.agencies["quansu"], doc("deposit_decision", "4/QĐ-PC02", w.agencies["pc02"]),
        receiver=rep(w.agencies["quansu"]), seal_states=seals_checked((gun,)))).handover_number
    words = _words(db, clerk, other)
    assert "(gửi bảo quản chuyên trách)" in words and "Mẫu số 02" not in words and "135/2018" not in words
    # a Kho bạc deposit recorded before the form existed keeps the paper it was printed with
    with db.writer.begin() as c:
        c.execute(text("UPDATE handovers SET details = replace(details, '\"form\": \"tt135_mau02\", ', '') "
                       "WHERE number = :n"), {"n": number})
    words = _words(db, clerk, number)
    assert "(gửi bảo quản chuyên trách)" in words and "Mẫu số 02" not in words
