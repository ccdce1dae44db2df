"""The intake wizard (issue #12; ND 127/2017; ND 142/2024 Điều 11): the clerk who types a seal number states how he
found the seal; one found torn is received unshelved, the incident opened and reported, and the biên bản prints what
he stated — not «nguyên vẹn»."""

from __future__ import annotations

from evidence_store.services import printing, queries
from evidence_store.services.context import UnitOfWork
from evidence_store.services.verify import verify

from tests.integration.test_record_truth import _words

from .test_intake_wizard import add_knife, enter, fill_case_order_giver, wizard  # noqa: F401 (the fixture)


def test_a_seal_found_torn_at_intake_is_recorded_reported_and_printed(wizard, recorder):
    fill_case_order_giver(wizard)
    step = wizard.steps[3]
    add_knife(step, "Rách, mất")
    assert [i.seal_state for i in step.items] == ["broken"]
    enter(step.form.widget("name"))  # on to the places
    assert wizard.index == 4 and wizard.steps[4].location_codes() == [""]  # torn: not on a shelf (ND 127/2017)
    wizard.next()
    wizard.next()
    assert wizard.index == 6, recorder.messages
    changes = wizard.changes
    incident = changes.extra["seal_incident"]
    assert f"đã lập biên bản sự cố số {incident}" in wizard.steps[6].result_label.text()
    with UnitOfWork(wizard.db, wizard.ctx.actor, write=False) as uow:
        knife = queries.item_by_code(uow, changes.item_codes[0])
    assert not knife.sealed and not knife.location_code
    words = _words(wizard.db, wizard.ctx.actor, printing.handover_pdf, changes.handover_number)
    assert "nguyên vẹn" not in words
    assert "Tình trạng niêm phong khi giao nhận: " in words and "Số NP-004512, có dấu hiệu bóc mở." in words
    assert f"khi nhận vào kho: đã lập biên bản sự cố số {incident} và báo cáo" in words
    assert verify(wizard.db).ok
