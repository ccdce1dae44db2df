"""Issue 17: the document number's example follows the kind of document chosen — a decision of THADS or a
cáo trạng was hinted «VD: 20/QĐ-CSHS», a return decision in enforcement like the investigator's disposal decision."""

from __future__ import annotations

from tests.integration.lifecycle_builders import to_enforcement
from ui.scan_feedback import ScanSounds
from ui.screens.disposal import DisposalScreen
from ui.screens.lifecycle import TransferDialog

from .lifecycle_helpers import ctx_for, detail, received, select


def test_the_transfer_form_hints_the_number_of_the_kind_chosen(qtbot, shell_world, recorder):
    db, world = shell_world
    dialog = TransferDialog(ctx_for(db, world, "thukho"), [received(db, world)[0]])
    qtbot.addWidget(dialog)
    kind, number = dialog.form.widget("decision_kind"), dialog.form.widget("decision_number")
    hints = {}
    for wanted in ("enforcement_decision", "transfer_decision", "investigation_conclusion", "indictment"):
        select(kind, wanted)
        hints[wanted] = number.placeholderText()
    assert hints == {"enforcement_decision": "VD: 125/QĐ-CTHADS", "transfer_decision": "VD: 20/QĐ-CSĐT",
                     "investigation_conclusion": "VD: 25/KLĐT-CSĐT", "indictment": "VD: 18/CT-VKS"}


def test_the_disposal_form_hints_follow_the_outcome_s_document(qtbot, shell_world, recorder):
    db, world = shell_world
    code = received(db, world)[0]
    to_enforcement(db, world, detail(db, world, code).case_id)
    screen = DisposalScreen(ctx_for(db, world, "canbo"))
    screen.batch.indicator.sounds = ScanSounds(muted=True)
    qtbot.addWidget(screen)
    assert screen.handle_scan(code)
    form = screen.proposal
    number = form.form.widget("decision_number")
    form.outcome.setCurrentIndex(form.outcome.findData("returned"))
    assert form.form.value("decision_kind") == "return_decision"
    assert number.placeholderText() == "VD: 15/QĐ-CTHADS"  # refilled with signals blocked: still follows
    form.outcome.setCurrentIndex(form.outcome.findData("confiscated"))
    assert form.form.value("decision_kind") == "enforcement_decision"
    assert number.placeholderText() == "VD: 125/QĐ-CTHADS"
    # a section with one kind shows that kind's example
    assert form.form.widget("council_number").placeholderText() == "VD: 07/QĐ-CTHADS"
    assert form.form.widget("exam_number").placeholderText() == "VD: 123/KLGĐ-PC09"


def test_a_sent_proposal_leaves_an_empty_form_for_the_next(qtbot, shell_world, recorder):
    """Issue 17: after «Gửi đề xuất» the decision, the recipient and the items stayed; a second proposal sent the
    first one's decision for other items."""
    from tests.integration.builders import phone
    from .lifecycle_helpers import fill_return_to_owner
    db, world = shell_world
    first, second = received(db, world, [phone(location_code=world.locations["bin_A112"]),
                                         phone(location_code=world.locations["bin_A112"], seal_number="NP-0002",
                                               attributes={"imei": "356938035643809"})])
    screen = DisposalScreen(ctx_for(db, world, "canbo"))
    screen.batch.indicator.sounds = ScanSounds(muted=True)
    qtbot.addWidget(screen)
    assert screen.handle_scan(first)
    form = screen.proposal
    fill_return_to_owner(form, world)
    form.form.widget("notice").setChecked(True)
    assert screen.propose() is not None, form.error_label.text()
    for key in ("decision_number", "decision_signer", "recipient_name", "recipient_id", "receipt"):
        assert form.form.value(key) == "", key
    assert not form.form.widget("notice").isChecked() and form.items == []
    assert screen.handle_scan(second)
    assert screen.propose() is None  # no decision typed for these items: refused, not the first one's reused
    assert form.form.error("decision_number")
