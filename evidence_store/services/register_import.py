"""Importing old registers (sổ theo dõi, Excel lists) of items, cases, persons and locations (issue #16):
read the file, map its columns (saved presets), check every row (``preview``: errors per cell, nothing
written), then import in one transaction — all rows or none — recording each item as received through the
intake steps (services/intake_register.py). Rows imported before (same content, same register) are skipped,
so running the same file again duplicates nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, insert, select

from ..domain import codes as code_format
from ..domain.errors import ValidationError
from ..domain.permissions import require
from ..domain.text import fold, nfc, sort_key
from ..db.models import (Agency, Case, ImportBatch, ImportRow, Location, Person, Setting, Warehouse)
from ..exports import register_check
from ..exports.registers import BUILTIN_PRESETS, ENTITIES, Preset, read_table
from ..i18n import N_
from ..error_texts import register
from . import persistence
from . import intake_register
from .printing_data import local_now

PRESETS_KEY = "import_presets"
ENTITY_ACTION = {"items": "receive_items", "cases": "manage_cases", "persons": "manage_cases",
                 "locations": "manage_locations"}

register("import_has_errors", N_("{n} dòng có lỗi; sửa tệp (hoặc chọn bỏ qua các dòng lỗi) rồi nhập lại"))
register("import_nothing", N_("Không có dòng mới nào để nhập"))
register("import_cancelled", N_("Đã hủy: không có dòng nào được nhập"))
register("preset_name_required", N_("Cần đặt tên cho mẫu nhập"))
register("preset_builtin", N_("Mẫu nhập «{name}» có sẵn, không sửa được; hãy lưu với tên khác"))


@dataclass
class ImportOutcome:
    entity: str
    file: str
    dry_run: bool
    summary: dict
    rows: list = field(default_factory=list)  # RowResult, for the preview and the CLI's per-row report
    columns: dict = field(default_factory=dict)  # field key → column index in the file
    imported: int = 0
    item_codes: list = field(default_factory=list)  # new labels to print
    batch_id: int | None = None


# -- presets ------------------------------------------------------------------------------------------

def presets(uow) -> dict[str, Preset]:
    """The built-in presets and those saved on this database."""
    row = uow.session.get(Setting, PRESETS_KEY)
    saved = json.loads(row.value) if row else []
    out = dict(BUILTIN_PRESETS)
    for data in saved:
        p = Preset.from_dict(data)
        out.setdefault(p.name, p)
    return out


def preset_named(uow, name: str) -> Preset:
    found = presets(uow).get((name or "").strip())
    if found is None:
        raise ValidationError("import_unknown_preset", field="preset", name=name)
    return found


def save_preset(uow, preset: Preset) -> Preset:
    """Save (or replace) a column mapping under its name, for everyone on this database."""
    require(uow.actor, "import_registers")
    name = nfc(preset.name)
    if not name:
        raise ValidationError("preset_name_required", field="name")
    if name in BUILTIN_PRESETS:
        raise ValidationError("preset_builtin", field="name", name=name)
    if preset.entity not in ENTITIES:
        raise ValidationError("import_unknown_entity", field="entity", entity=preset.entity)
    row = uow.session.get(Setting, PRESETS_KEY)
    saved = [d for d in (json.loads(row.value) if row else []) if d.get("name") != name]
    clean = Preset(name, preset.entity, {k: nfc(v) for k, v in preset.columns.items() if nfc(v)},
                   nfc(preset.register_ref))
    saved.append(clean.to_dict())
    value = json.dumps(saved, ensure_ascii=False, sort_keys=True)
    if row is None:
        uow.session.add(Setting(key=PRESETS_KEY, value=value))
    else:
        row.value = value
    uow.commit()
    return clean


# -- checking and importing ---------------------------------------------------------------------------

def _lookups(uow, entity: str) -> register_check.Lookups:
    s, lk = uow.session, register_check.Lookups()
    for a in s.execute(select(Agency.id, Agency.short_name, Agency.name)):
        for name in (a.name, a.short_name):
            if name:
                lk.agencies.setdefault(fold(name), a.id)
    for loc in s.execute(select(Location.id, Location.code, Location.name, Location.kind, Location.capacity,
                                Location.occupancy).where(Location.active.is_(True))):
        lk.locations[loc.code] = (loc.id, loc.kind, loc.capacity, loc.occupancy or 0)
        lk.location_names.setdefault(fold(loc.name), loc.code)
    if entity == "cases":
        lk.cases = {n: i for i, n in s.execute(select(Case.id, Case.number))}
    if entity == "persons":
        lk.persons = {(fold(n), i or "") for n, i in s.execute(select(Person.full_name, Person.id_number))}
    lk.imported = set(s.scalars(select(ImportRow.key).where(ImportRow.entity == entity)))
    return lk


def _authorise(uow, entity: str) -> None:
    require(uow.actor, "import_registers")
    require(uow.actor, ENTITY_ACTION[entity])


def preview(uow, path: str | Path, preset: Preset, *, content: bytes | None = None) -> register_check.CheckResult:
    """Every row checked against the database; nothing written."""
    _authorise(uow, preset.entity)
    table = read_table(path, preset.entity, content)
    return register_check.check(table, preset, _lookups(uow, preset.entity), local_now().date())


def import_register(uow, path: str | Path, preset: Preset, *, dry_run: bool = False, skip_invalid: bool = False,
                    content: bytes | None = None, progress=None, cancelled=None) -> ImportOutcome:
    """Check the file, then (unless ``dry_run``) import its new rows in one transaction."""
    progress = progress or (lambda *_a: None)
    cancelled = cancelled or (lambda: False)
    _authorise(uow, preset.entity)
    path = Path(path)
    table = read_table(path, preset.entity, content)
    result = register_check.check(table, preset, _lookups(uow, preset.entity), local_now().date())
    outcome = ImportOutcome(preset.entity, path.name, dry_run, result.summary, result.rows, result.columns)
    errors = result.count("error") + result.count("repeat")
    if dry_run:
        return outcome
    if errors and not skip_invalid:
        raise ValidationError("import_has_errors", field="file", n=errors)
    rows = [r for r in result.rows if r.ok]
    if not rows:
        raise ValidationError("import_nothing", field="file")
    batch = ImportBatch(entity=preset.entity, filename=nfc(path.name)[:300], sha256=table.sha256, preset=preset.name,
                        rows_total=len(result.rows), rows_imported=len(rows), rows_skipped=len(result.rows) - len(rows),
                        user_id=uow.actor.user_id, created_at=persistence.utcnow())
    uow.session.add(batch)
    uow.session.flush()
    source = {"file": nfc(path.name), "sha256": table.sha256, "batch": batch.id}
    progress(0, len(rows))
    try:
        codes = _IMPORTERS[preset.entity](uow, rows, preset, batch.id, source, progress, cancelled)
    except intake_register.Cancelled:
        raise ValidationError("import_cancelled", field="file") from None
    progress(len(rows), len(rows))
    uow.commit()
    outcome.imported, outcome.item_codes, outcome.batch_id = len(rows), codes, batch.id
    return outcome


def _items(uow, rows, preset, batch_id, source, progress, cancelled) -> list[str]:
    s = uow.session
    warehouse = s.scalars(select(Warehouse).order_by(Warehouse.id)).first()
    if warehouse is None:
        raise ValidationError("warehouse_not_found", field="warehouse")
    cases = intake_register.ensure_cases(uow, rows)
    today = local_now().date()
    groups: dict[intake_register.Basis, list] = {}
    for r in rows:
        groups.setdefault(intake_register.basis_of(r.values, preset.register_ref or source["file"], today), []).append(r)
    plan = intake_register.open_records(uow, groups, warehouse, source)
    return intake_register.receive_planned(uow, plan, warehouse=warehouse, cases=cases, batch_id=batch_id, source=source,
                              total=len(rows), progress=progress, cancelled=cancelled)


def _record_rows(uow, entity: str, batch_id: int, pairs) -> None:
    uow.session.execute(insert(ImportRow.__table__), [
        {"key": r.key, "entity": entity, "batch_id": batch_id, "row_no": r.row_no, "object_id": obj.id}
        for r, obj in pairs])


def _cases(uow, rows, preset, batch_id, source, progress, cancelled) -> list[str]:
    s = uow.session
    made = [Case(number=r.values["number"], title=r.values.get("title", ""), offence=r.values.get("offence", ""),
                 handling_agency_id=r.values.get("agency"), stage=r.values.get("stage", "investigation"),
                 # an old register's stage predates milestones: the derived stage starts there (H11, #11)
                 stage_origin=r.values.get("stage", "investigation"),
                 opened_on=r.values.get("opened_on"), created_at=persistence.utcnow(), sort_key=sort_key(r.values["number"]))
            for r in rows]
    s.add_all(made)
    s.flush()
    _record_rows(uow, "cases", batch_id, zip(rows, made))
    return []


def _persons(uow, rows, preset, batch_id, source, progress, cancelled) -> list[str]:
    s = uow.session
    made = [Person(full_name=r.values["full_name"], rank=r.values.get("rank", ""), position=r.values.get("position", ""),
                   agency_id=r.values.get("agency"), id_number=r.values.get("id_number", ""),
                   phone=r.values.get("phone", ""), address=r.values.get("address", "")) for r in rows]
    s.add_all(made)
    s.flush()
    _record_rows(uow, "persons", batch_id, zip(rows, made))
    return []


def _locations(uow, rows, preset, batch_id, source, progress, cancelled) -> list[str]:
    """Locations in file order (a parent before its children), each with the next location code."""
    from .setup import add_location
    s = uow.session
    warehouse = s.scalars(select(Warehouse).order_by(Warehouse.id)).first()
    by_name = {fold(n): i for i, n in s.execute(select(Location.id, Location.name))}
    by_code = {c: i for i, c in s.execute(select(Location.id, Location.code))}
    made = []
    for r in rows:
        v = r.values
        parent = v.get("parent", "")
        parent_id = by_code.get(code_format.clean(parent)) or by_name.get(fold(parent)) if parent else None
        loc = add_location(uow, warehouse.id, parent_id, v["name"], v["kind"], capacity=v.get("capacity"), check=False)
        by_name[fold(loc.name)] = loc.id
        made.append(loc)
    _record_rows(uow, "locations", batch_id, zip(rows, made))
    return [loc.code for loc in made]


_IMPORTERS = {"items": _items, "cases": _cases, "persons": _persons, "locations": _locations}


def imported_count(uow, entity: str) -> int:
    return uow.session.scalar(select(func.count()).select_from(ImportRow).where(ImportRow.entity == entity)) or 0
