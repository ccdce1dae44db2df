from datetime import date

from evidence_store.domain import deadlines
from evidence_store.domain.text import fold, nfc, sort_key


def test_fold_handles_d_stroke_and_stacked_marks():
    assert fold("Điện thoại ĐỒNG HỒ vật chứng") == "dien thoai dong ho vat chung"
    assert fold("Nguyễn Ặ Ử") == "nguyen a u"


def test_nfc_strips_controls_and_bidi_and_composes():
    assert nfc("  Đa\u0300 \u202eNẵng\x00 ") == "Đà Nẵng"


def test_vietnamese_collation():
    words = ["Đức", "Dũng", "Ánh", "An", "Ân", "Ăn", "Bình", "Ơn", "Ôn", "On", "Zeta", "10 kg"]
    assert sorted(words, key=sort_key) == ["10 kg", "An", "Ánh", "Ăn", "Ân", "Bình", "Dũng", "Đức", "On", "Ôn", "Ơn", "Zeta"]


def test_deadline_arithmetic():
    qd = date(2026, 1, 31)
    assert deadlines.due_date(deadlines.DeadlineKind.CONFISCATION_HANDOVER, qd) == date(2026, 2, 10)  # Luật THADS Điều 124
    assert deadlines.due_date(deadlines.DeadlineKind.DESTRUCTION_COUNCIL, qd) == date(2026, 2, 28)  # 1 month, clamped
    assert deadlines.due_date(deadlines.DeadlineKind.DESTRUCTION, date(2026, 2, 28)) == date(2026, 3, 10)
    assert deadlines.due_date(deadlines.DeadlineKind.RETURN_DECISION, qd) == date(2026, 2, 5)
    assert deadlines.due_date(deadlines.DeadlineKind.RETURN_NOTICE, qd) == date(2026, 2, 3)
    assert deadlines.due_date(deadlines.DeadlineKind.UNCLAIMED_MONEY, qd) == date(2026, 2, 15)
    assert deadlines.due_date(deadlines.DeadlineKind.UNCLAIMED_PROPERTY, qd) == date(2026, 4, 30)
    assert deadlines.due_date(deadlines.DeadlineKind.UNCLAIMED_CONFISCATION, date(2024, 2, 29)) == date(2029, 2, 28)
    assert deadlines.due_date(deadlines.DeadlineKind.PENDING_REVIEW, qd) == date(2027, 1, 31)


def test_urgency():
    today = date(2026, 3, 10)
    assert deadlines.urgency(date(2026, 3, 9), today) is deadlines.Urgency.OVERDUE
    assert deadlines.urgency(today, today) is deadlines.Urgency.DUE_TODAY
    assert deadlines.urgency(date(2026, 3, 12), today) is deadlines.Urgency.DUE_SOON
    assert deadlines.urgency(date(2026, 4, 12), today) is deadlines.Urgency.OK


def test_error_messages_speak_words_not_codes():
    from evidence_store.domain.errors import TransitionRefused
    from evidence_store.error_texts import message
    text = message(TransitionRefused("wrong_authority", stage="prosecution", agency="police"))
    assert "Truy tố" in text and "Công an" in text and "police" not in text
    text = message(TransitionRefused("wrong_location_kind", category="drugs", kind="bin"))
    assert text == "Vị trí loại «Ô» không phù hợp với loại vật chứng «Ma túy»"
