"""Issue #12 (HANDS-ON 52): the record of the monthly check of entrusted items names persons, each once — never a
role typed as a name ("Ông/Bà Kế toán nghiệp vụ"), never the storekeeper twice — and says the seals were looked at
during the check, not "khi giao nhận". Read from the PDF and compared with the database, on both engines."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from evidence_store.db.models import Handover, Person, Signature
from evidence_store.services import printing as record_printing
from evidence_store.services.commands import CheckEntrusted, NewItem, PersonInput
from evidence_store.services.custody import check_entrusted
from evidence_store.services.verify import verify

from ..unit.printing_helpers import text as pdf_text
from .lifecycle_builders import (check_signers, entrusted_40_days_ago, item_events, read, run, seals_checked,
                                 signature_slots)

BIKE = NewItem("motorbike", "Xe mô tô Honda Wave Alpha BKS 29B1-123.45", 1, "chiếc", sealed=True, seal_state="intact",
               seal_number="NP-0042", attributes={"plate": "29B1-123.45"})


def test_the_check_record_names_each_person_once_with_the_position_after_the_name(world, clerk):
    db, w = world
    code = entrusted_40_days_ago(db, clerk, w, BIKE, address="Số 5 ngõ 12 Láng Hạ, Hà Nội")
    with db.session(write=False) as s:
        keeper = s.get(Person, clerk.person_id).full_name
    lead = PersonInput(full_name="Phạm Quang Dũng", rank="Thượng tá", position="Trưởng phòng", gender="male",
                       agency_id=w.agencies["pc10"], id_number="001087012399")
    ch = run(db, clerk, check_entrusted, CheckEntrusted(
        (code,), "intact", participants=(
            "Lê Văn Tâm, Cán bộ UBND phường",  # typed as the form asks: "họ tên, chức vụ"
            f"{keeper}, Thủ kho",  # the storekeeper signs as such already
            "Nguyễn Văn Nam",  # the custodian signs as such already
            "Trần Thị Mai"),  # the accountant signs as such already
        accountant=PersonInput(full_name="Trần Thị Mai", position="Kế toán nghiệp vụ"),
        head=lead, seal_states=seals_checked((code,))))  # a person from the registry (a demo seat), with his gender
    slots = signature_slots(db, ch.handover_number)
    with db.session(write=False) as s:
        accountant = s.scalars(select(Person).where(Person.full_name == "Trần Thị Mai")).one()
        assert accountant.position == "Kế toán nghiệp vụ"
    assert sorted(slots) == sorted([("custodian", "Nguyễn Văn Nam"), ("keeper", keeper), ("accountant", "Trần Thị Mai"),
                                    ("head", "Phạm Quang Dũng"), ("participant", "Lê Văn Tâm")])
    words = " ".join(pdf_text(read(db, clerk, record_printing.handover_pdf, ch.handover_number)).split())
    participants = words.split("Người tham gia:", 1)[1].split(".", 1)[0]
    assert "Kế toán: Ông/Bà Trần Thị Mai — Kế toán nghiệp vụ" in words
    assert "Thủ trưởng đơn vị: Ông Phạm Quang Dũng — Thượng tá, Trưởng phòng" in words
    assert participants.strip() == "Ông/Bà Lê Văn Tâm — Cán bộ UBND phường"  # each signs in his own role
    assert "Ông/Bà Kế toán" not in words and "Ông/Bà Thủ kho" not in words
    assert words.count(f"Thủ kho: ") == 1
    assert "Tình trạng niêm phong khi kiểm tra: các niêm phong nguyên vẹn" in words
    assert "khi giao nhận" not in words
    assert "lập thành 03 bản." in words and ("Nơi nhận: - 01 bản lưu hồ sơ vụ án; - 01 bản người nhận bảo quản; "
                                             "- 01 bản lưu kho.") in words
    assert verify(db).ok


def test_the_check_record_has_a_column_for_each_of_the_four_the_circular_names(world, clerk):
    """LEGAL-RULES R33 (TT 01/2017/TT-BTP Điều 12): kế toán, thủ kho, Thủ trưởng and the custodian, each by role with
    a signature column of his own under his name — the accountant and the head are asked for, never left out."""
    from evidence_store.domain.errors import DomainError
    db, w = world
    code = entrusted_40_days_ago(db, clerk, w, BIKE, address="Số 5 ngõ 12 Láng Hạ, Hà Nội")
    for missing in ("accountant", "head"):
        given = check_signers() | {missing: None}
        with pytest.raises(DomainError) as exc:
            run(db, clerk, check_entrusted, CheckEntrusted((code,), "intact", participants=("Lê Văn Tâm",),
                                                                seal_states=seals_checked((code,)), **given))
        assert exc.value.code == f"check_{missing}_required" and exc.value.params["field"] == missing
    ch = run(db, clerk, check_entrusted, CheckEntrusted((code,), "intact", seal_states=seals_checked((code,)),
                                                        **check_signers()))
    with db.session(write=False) as s:
        keeper = s.get(Person, clerk.person_id).full_name
    assert sorted(signature_slots(db, ch.handover_number)) == sorted([
        ("custodian", "Nguyễn Văn Nam"), ("keeper", keeper), ("accountant", "Trần Thị Mai"),
        ("head", "Phạm Quang Dũng")])
    words = " ".join(pdf_text(read(db, clerk, record_printing.handover_pdf, ch.handover_number)).split())
    signing = words.split("công nhận đúng và ký tên dưới đây", 1)[1]
    # two columns a row: custodian | storekeeper, then accountant | head, each title over its person's name
    assert ("NGƯỜI NHẬN BẢO QUẢN (Ký, ghi rõ họ tên) THỦ KHO (Ký, ghi rõ họ tên) "
            f"Nguyễn Văn Nam {keeper} KẾ TOÁN (Ký, ghi rõ họ tên) THỦ TRƯỞNG ĐƠN VỊ (Ký, ghi rõ họ tên) "
            "Trần Thị Mai Phạm Quang Dũng") in signing
    assert "NGƯỜI THAM GIA KIỂM TRA" not in words  # nobody else took part
    assert "Kế toán: Ông/Bà Trần Thị Mai — Kế toán nghiệp vụ" in words
    assert "Thủ trưởng đơn vị: Ông/Bà Phạm Quang Dũng — Trưởng phòng" in words
    checks = [data for kind, data, _user in item_events(db, code) if kind == "entrusted_check"]
    assert [d["participants"] for d in checks] == [["Nguyễn Văn Nam", keeper, "Trần Thị Mai", "Phạm Quang Dũng"]]
    assert verify(db).ok


def test_the_demo_check_records_name_persons_with_ong_or_ba(tmp_path, world_template):
    """The demo's checks: the accountant and the unit's leader as persons with their gender and position."""
    import shutil

    from evidence_store.db.migrate import open_database
    from evidence_store.demo.generate import generate
    from evidence_store.services.context import UnitOfWork
    path = tmp_path / "demo.sqlite3"
    shutil.copy(world_template[0], path)
    db = open_database(f"sqlite:///{path}")
    try:
        generate(db, items=160, seed=3, world=world_template[1])
        with db.session(write=False) as s:
            numbers = list(s.scalars(select(Handover.number).where(Handover.kind == "check").limit(3)))
            genderless = list(s.scalars(select(Person.full_name).where(
                (Person.gender.is_(None)) | (Person.gender == ""), Person.id.in_(
                    select(Signature.person_id).join(Handover, Handover.id == Signature.handover_id)
                    .where(Handover.kind == "check")))))
            unnamed = [n for n in s.scalars(select(Person.full_name).where(
                (Person.gender.is_(None)) | (Person.gender == ""))) if len(n.split()) >= 3]
        assert numbers and genderless == []
        assert unnamed == []  # every made-up person (council members too) prints as "Ông" or "Bà"
        for number in numbers:
            with UnitOfWork(db, world_template[1].actor(db, "thukho"), write=False) as uow:
                words = " ".join(pdf_text(record_printing.handover_pdf(uow, number)).split())
            assert "Ông/Bà" not in words and "Bà Hoàng Thị Mai — Trung úy, Kế toán nghiệp vụ" in words
            assert words.count("Nguyễn Thị Lan") == 2  # "Thủ kho: Bà Nguyễn Thị Lan …" and her signature
    finally:
        db.dispose()
