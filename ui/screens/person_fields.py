"""The person section the lifecycle dialogs share: name, rank, position, agency, identity paper with its
issue date and gender, a picker of known persons that fills them, and the PersonInput they make."""

from __future__ import annotations


from PySide6.QtWidgets import QComboBox

from evidence_store.i18n import N_, _
from evidence_store.services.commands import PersonInput

from .. import operations
from ..widgets.form import Form, line_edit
from .agency_pickers import agency_combo, select_data
from evidence_store.domain import chronology


def add_person(form: Form, prefix: str, agencies, name_label: str, *, required: bool = True,
               agency: bool = True, id_required: bool = False, address: bool = False, letter: bool = False) -> None:
    """A person's fields; ``letter`` adds the giấy giới thiệu of a person acting for an agency (ND 142/2024 Art 14)."""
    form.add(f"{prefix}_name", name_label, line_edit(), required=required)
    form.add(f"{prefix}_rank", _("Cấp bậc"), line_edit(_("VD: Thiếu tá")))
    form.add(f"{prefix}_position", _("Chức vụ"), line_edit())
    if agency:
        form.add(f"{prefix}_agency", _("Đơn vị"), agency_combo(agencies, _("— Chọn đơn vị —")))
    form.add(f"{prefix}_id", _("Số CCCD / CMND"), line_edit(_("12 chữ số")), required=id_required)
    if address:  # a person outside the proceedings: the card as issued, and Ông / Bà on the record (HANDS-ON 47, 75)
        form.add(f"{prefix}_id_date", _("Ngày cấp"), line_edit(_("dd/mm/yyyy")))
        form.add(f"{prefix}_id_place", _("Nơi cấp"), line_edit(_("VD: Cục Cảnh sát QLHC về TTXH")))
        form.add(f"{prefix}_gender", _("Giới tính"), gender_combo())
        form.add(f"{prefix}_address", _("Địa chỉ"), line_edit())
    if letter:
        form.add(f"{prefix}_letter", _("Giấy giới thiệu số"), line_edit(_("VD: 12/GGT-VKS")))


GENDERS = (("", N_("— Không ghi (in «Ông/Bà»)")), ("male", N_("Nam (in «Ông»)")), ("female", N_("Nữ (in «Bà»)")))


def gender_combo() -> QComboBox:
    box = QComboBox()
    for value, label in GENDERS:
        box.addItem(_(label), value)
    return box


def id_issue_date(form: Form, prefix: str):
    """The card's issue date typed dd/mm/yyyy: a date, None when empty, False (with the field's error) when wrong."""
    from datetime import datetime
    key = f"{prefix}_id_date"
    raw = form.value(key) if key in form.fields else ""
    if not raw:
        return None
    try:
        day = datetime.strptime(raw.replace("-", "/").replace(".", "/"), "%d/%m/%Y").date()
    except ValueError:
        form.set_error(key, _("Ngày cấp phải có dạng ngày/tháng/năm, ví dụ 15/03/2021"))
        return False
    if day > chronology.today():
        form.set_error(key, _("Ngày cấp không được ở tương lai"))
        return False
    return day


def set_person_visible(form: Form, prefix: str, visible: bool) -> None:
    for suffix in ("name", "rank", "position", "agency", "id", "id_date", "id_place", "gender", "address", "letter"):
        if f"{prefix}_{suffix}" in form.fields:
            form.set_visible(f"{prefix}_{suffix}", visible)


PERSON_SUFFIXES = ("name", "rank", "position", "agency", "id", "address")


def attach_person_picker(ctx, form: Form, prefix: str) -> None:
    """Typing a few letters of the name, or digits of the CCCD, suggests persons already in the registry
    (accents ignored); picking one fills the section (HANDS-ON 14, 24)."""
    from ..widgets.person_picker import PersonPicker
    pickers = form.__dict__.setdefault("person_pickers", {})
    pickers[prefix] = [PersonPicker(ctx, form.widget(f"{prefix}_{suffix}"),
                                    lambda row, p=prefix: fill_person_fields(form, p, row),
                                    show=(lambda r: r.id_number) if suffix == "id" else None)
                       for suffix in ("name", "id") if f"{prefix}_{suffix}" in form.fields]


def fill_person_fields(form: Form, prefix: str, row, *, address: str = "") -> None:
    """Fill a person section from a registry row; the row is remembered so the act names that very person
    instead of creating a second one (HANDS-ON 38: duplicate persons)."""
    values = {"name": row.full_name, "rank": row.rank, "position": row.position, "id": row.id_number,
              "address": address}
    for suffix, value in values.items():
        key = f"{prefix}_{suffix}"
        if key in form.fields and (value or suffix != "address"):
            form.widget(key).setText(value or "")
    if f"{prefix}_agency" in form.fields and row.agency_id is not None:
        select_data(form.widget(f"{prefix}_agency"), row.agency_id)
    form.__dict__.setdefault("picked_persons", {})[prefix] = (row, person_values(form, prefix))


def person_values(form: Form, prefix: str) -> tuple:
    return tuple(form.value(f"{prefix}_{s}") if f"{prefix}_{s}" in form.fields else None for s in PERSON_SUFFIXES
                 if s != "address")


def picked_person(form: Form, prefix: str):
    """The registry person the section still shows unchanged, or None once the clerk edited it."""
    picked = form.__dict__.get("picked_persons", {}).get(prefix)
    return picked[0] if picked and picked[1] == person_values(form, prefix) else None


def clear_person(form: Form, prefix: str) -> None:
    for suffix in PERSON_SUFFIXES + ("letter",):
        key = f"{prefix}_{suffix}"
        if key in form.fields:
            widget = form.widget(key)
            widget.setCurrentIndex(0) if isinstance(widget, QComboBox) else widget.setText("")
    form.__dict__.get("picked_persons", {}).pop(prefix, None)


def person_input(form: Form, prefix: str) -> PersonInput | None:
    name = form.value(f"{prefix}_name")
    if not name:
        return None

    def opt(suffix):
        key = f"{prefix}_{suffix}"
        return form.value(key) if key in form.fields else None
    issued = id_issue_date(form, prefix)
    known = picked_person(form, prefix)
    if known is not None and not opt("address"):  # the registry's person, as picked
        return PersonInput(id=known.id, full_name=known.full_name, agency_id=opt("agency"),
                           letter_number=opt("letter") or "")
    return PersonInput(full_name=name, rank=opt("rank") or "", position=opt("position") or "",
                       agency_id=opt("agency"), id_number=opt("id") or "", address=opt("address") or "",
                       letter_number=opt("letter") or "", gender=opt("gender") or "",
                       id_issued_on=issued or None, id_issued_by=opt("id_place") or "")


def check_id_number(form: Form, prefix: str, ctx=None) -> bool:
    """Digits only; with ``ctx``, a number the registry holds for someone else is refused, naming him, so the
    clerk picks that person or corrects the number instead of creating a duplicate (HANDS-ON 38)."""
    value = form.value(f"{prefix}_id")
    if value and not value.isdigit():
        form.set_error(f"{prefix}_id", _("Số giấy tờ tùy thân chỉ gồm chữ số"))
        return False
    if value and ctx is not None:
        from evidence_store.domain.text import fold
        from evidence_store.services import lookups
        result = operations.query(ctx, lookups.names_with_id_number, value)
        typed = fold(form.value(f"{prefix}_name") or "").strip()
        others = [n for n in (result.value if result.ok else []) if fold(n).strip() != typed]
        if others and typed:
            form.set_error(f"{prefix}_id", _("Số {number} đã có trong danh bạ là của {name}: chọn người đó từ gợi ý "
                                             "hoặc sửa lại số", number=value, name=", ".join(others)))
            return False
    return id_issue_date(form, prefix) is not False
