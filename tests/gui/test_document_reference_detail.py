"""The commander's detail of a disposal proposal names its documents whole (issue #18): a return on the owner's giấy
ủy quyền — a paper with no issuing agency — read «12/GUQ ()» under «Căn cứ»; it now reads «Giấy ủy quyền số 12/GUQ
ngày …», like the other documents, with nothing empty in brackets."""

from __future__ import annotations

from evidence_store.formatting import date_text
from evidence_store.services import context as service_context
from evidence_store.services.commands import DocumentInput, ProposeDisposal
from evidence_store.services.disposal import propose_disposal
from tests.integration.lifecycle_builders import PAST, doc
from tests.integration.test_return_authorisation import CAR, OWNER, PROXY
from ui.screens.disposal import DisposalScreen

from .lifecycle_helpers import ctx_for, received


def test_an_authorisation_without_issuer_is_named_without_empty_brackets(qtbot, shell_world):
    db, world = shell_world
    car = received(db, world, [CAR], case_number="UQ-1/2026")[0]
    clerk = ctx_for(db, world, "thukho")
    decision = doc("disposal_decision", "UQ1/QĐ-XLVC", world.agencies["pc02"])
    service_context.run(clerk.db, clerk.actor, propose_disposal, ProposeDisposal(
        (car,), "returned", decision, recipient=PROXY, receipt="Đã nhận đủ",
        authorisation=DocumentInput("authorisation", "12/GUQ", PAST, signer_name=OWNER)))
    screen = DisposalScreen(ctx_for(db, world, "lanhdao"))
    qtbot.addWidget(screen)
    screen.tabs.setCurrentIndex(1)
    screen.reload()
    text = screen.detail.text()
    assert f"Giấy ủy quyền số 12/GUQ ngày {date_text(PAST)}" in text, text
    assert f"Quyết định xử lý vật chứng số UQ1/QĐ-XLVC ngày {date_text(PAST)}, " in text, text
    assert "()" not in text
