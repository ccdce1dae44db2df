"""The field lists of the item view: every field and category attribute in two columns, the seal's state and the
item's state in its colour."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel

from evidence_store.describe import category_label, state_label
from evidence_store.domain.categories import CATEGORIES, FIELD_LABELS
from evidence_store.i18n import N_, _
from evidence_store.services.dto import ItemDetail

from ..models.format import code_text, date_text, datetime_text, quantity_text, seal_text


def seal_row(item: ItemDetail) -> str:
    """The seal, or why the item is not sealed: an item that must be sealed and is not says so (ND 127/2017)."""
    from evidence_store.domain.categories import needs_seal, seal_exemption
    text = seal_text(item.sealed, item.seal_number)
    if item.category in CATEGORIES and not item.sealed:
        reason = seal_exemption(item.category, item.unit)
        if reason:
            return f"{text} — " + _("không bắt buộc niêm phong: {reason}", reason=_(reason))
        if needs_seal(item.category, item.unit, item.sealed):
            return f"{text} — " + _("CHƯA NIÊM PHONG: phải niêm phong trước khi xếp kệ (Điều 90 BLTTHS; NĐ 127/2017)")
    return text


def field_rows(item: ItemDetail) -> list[tuple[str, object]]:
    status = state_label(item.state)
    if item.due_back_on:
        status += " — " + _("hạn trả {date}", date=date_text(item.due_back_on))
    location = f"{item.location_name} ({code_text(item.location_code)})" if item.location_code else ""
    owner = item.owner_name + (f" (CCCD {item.owner_id_number})" if item.owner_id_number else "")
    rows = [
        (N_("Loại vật chứng"), category_label(item.category)),
        (N_("Số lượng"), quantity_text(item.quantity, item.unit)),
        (N_("Đặc điểm"), item.characteristics),
        (N_("Tình trạng"), item.condition),
    ]
    cat = CATEGORIES.get(item.category)
    keys = list(cat.fields if cat else ()) + sorted(k for k in item.attributes if not cat or k not in cat.fields)
    rows += [(FIELD_LABELS.get(k, k), item.attributes.get(k, "")) for k in keys]
    rows += [
        (N_("Niêm phong"), seal_row(item)),
        (N_("Chủ sở hữu"), owner.strip()),
        (N_("Trạng thái"), status),
        (N_("Vị trí"), location),
        (N_("Người / nơi đang giữ"), item.holder),
        (N_("Cơ quan thụ lý"), item.responsible_agency),
        (N_("Kho"), item.warehouse_name),
        (N_("Ngày nhập kho"), datetime_text(item.received_at)),
    ]
    return rows


def state_style(state: str) -> str:
    colour = {"in_storage": "#2e7d32", "out_temporary": "#ef6c00", "lost_or_damaged": "#b00020"}.get(state, "#455a64")
    return f"color: white; background: {colour}; border-radius: 4px; padding: 2px 8px; font-weight: bold"


def fill_form(form: QFormLayout, pool: list, rows: list) -> None:
    """Show ``rows`` of (label, value) in ``form``, reusing its rows' labels; rows left over are hidden and
    emptied."""
    for i, (label, value) in enumerate(rows):
        if i == len(pool):
            name, text = QLabel(), QLabel()
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(name, text)
            pool.append((name, text))
        name, text = pool[i]
        name.setText(_(label))
        text.setText(str(value))
        form.setRowVisible(i, True)
    for i in range(len(rows), len(pool)):
        pool[i][0].clear()
        pool[i][1].clear()
        form.setRowVisible(i, False)


def clear_form(layout) -> None:
    while layout.count():
        w = layout.takeAt(0).widget()
        if w is not None:
            w.hide()  # at once: deleteLater waits for the event loop
            w.deleteLater()
