"""The item view's print menu: labels, the item's records and the slips due, the thẻ kho and the custody report
(HANDS-ON 28, 42)."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu, QWidget

from evidence_store.domain.permissions import allowed
from evidence_store.domain.records import document_kind_name
from evidence_store.domain.states import HELD_STATES, State
from evidence_store.i18n import _
from evidence_store.services.dto import ItemDetail
from evidence_store.services.correction_annex import item_annexes
from evidence_store.services.handover_read import list_handovers
from evidence_store.services.printing_data import derived_number

from .. import operations, print_actions
from ..models.format import datetime_text


def fill_print_menu(ctx, parent: QWidget, menu: QMenu, item: ItemDetail | None) -> None:
    """Labels, the item's records and slips, thẻ kho and the custody report (HANDS-ON 28)."""
    menu.clear()
    if item is None:
        return
    code = item.code
    roles = ctx.actor.roles if ctx.actor else ()
    if allowed(roles, "print_labels"):
        label = menu.addAction(_("In lại nhãn…"), lambda: print_actions.print_item_labels(ctx, parent, [code]))
        label.setEnabled(State(item.state) in HELD_STATES)
    menu.addAction(_("Thẻ kho"), lambda: print_actions.print_stock_card(ctx, parent, code))
    menu.addAction(_("Báo cáo quá trình quản lý vật chứng"),
                   lambda: print_actions.print_custody_report(ctx, parent, code))
    result = operations.query(ctx, list_handovers, code, parent=parent)
    rows = result.value if result.ok else []
    if rows:
        records = menu.addMenu(_("Biên bản và phiếu"))
        for row in rows:
            when = datetime_text(row.started_at)
            # each paper named by its kind and its own number (issue #12): «Biên bản niêm phong 12/2026/BB-NP»,
            # «Phiếu xuất kho 9/2026/PXK»
            records.addAction(_("{document} {number} ({when})", document=_(document_kind_name(row.number, row.kind)),
                                number=row.number, when=when),
                              lambda n=row.number, k=row.kind: print_actions.print_handover(ctx, parent, n, k))
            # the slips the service's rule says are due (services.slip_rule): a transfer that moved the items
            # out (to the THADS warehouse) has its PXK, a change of responsibility on the shelf none (HANDS-ON 42)
            if row.slip in ("in", "out"):
                slip = derived_number(row.number, "PNK" if row.slip == "in" else "PXK")
                records.addAction(_("{document} {number} (theo biên bản {record})",
                                    document=_(document_kind_name(slip)), number=slip, record=row.number),
                                  lambda n=row.number, d=row.slip: print_actions.print_slip(ctx, parent, n, d))
        # a correction of what a signed record states: its annex, to be signed again (BLTTHS Điều 133.2)
        annexes = operations.query(ctx, item_annexes, code, parent=parent)
        for seq, number in annexes.value if annexes.ok else []:
            records.addAction(_("Phụ lục đính chính biên bản {number} (đính chính #{seq})", number=number, seq=seq),
                              lambda s=seq, n=number: print_actions.print_correction_annex(ctx, parent, s, n))

