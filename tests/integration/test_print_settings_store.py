"""Print settings through the settings table: an administrator's templates, emblem and label sheets
round-trip; others are refused; invalid values are refused before anything is stored; the CLI
exports and imports them as JSON for warehouses that manage templates centrally."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest
from PIL import Image

from evidence_store.cli import main
from evidence_store.db.models import Setting
from evidence_store.domain.errors import PermissionDenied, ValidationError
from evidence_store.printing.templates import SignatureColumn
from evidence_store.printing.validation import encode_logo, logo_bytes
from evidence_store.services.context import UnitOfWork
from evidence_store.services.printing_data import SETTINGS_KEY, load_print_settings, save_print_settings


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (48, 48), (200, 16, 46)).save(buf, "PNG")
    return buf.getvalue()


def _load(db, actor):
    with UnitOfWork(db, actor, write=False) as uow:
        return load_print_settings(uow)


def _save(db, actor, data):
    with UnitOfWork(db, actor) as uow:
        return save_print_settings(uow, data)


def _custom(settings):
    intake = replace(settings.document("handover.intake"), title="BIÊN BẢN GIAO NHẬN", copies=2,
                     signature_columns=(SignatureColumn("giver", "NGƯỜI GIAO"), SignatureColumn("receiver", "THỦ KHO")))
    sheet = replace(settings.layout("a4-2x7"), margin_top_mm=12.5, gap_y_mm=1.2)
    return replace(settings, documents={**settings.documents, "handover.intake": intake},
                   label_layouts={**settings.label_layouts, "a4-2x7": sheet}, logo_data=encode_logo(_png()))


def test_round_trip_through_the_settings_table(world):
    db, w = world
    admin = w.actor(db, "quantri")
    custom = _custom(_load(db, admin))
    _save(db, admin, custom.to_dict())
    again = _load(db, w.actor(db, "thukho"))
    assert again == custom
    assert again.document("handover.intake").signature_columns[1].title == "THỦ KHO"
    assert again.layout("a4-2x7").margin_top_mm == 12.5
    assert logo_bytes(again) == _png()


def test_only_an_administrator_saves_and_invalid_values_store_nothing(world):
    db, w = world
    admin, clerk = w.actor(db, "quantri"), w.actor(db, "thukho")
    with pytest.raises(PermissionDenied):
        _save(db, clerk, _custom(_load(db, clerk)).to_dict())
    bad = [{"documents": {"slip.in": {"copies": 11}}}, {"documents": {"stock_card": {"title": ""}}},
           {"documents": {"destruction": {"signature_columns": []}}},
           {"label_layouts": {"a4-3x8": {"margin_left_mm": 5}}}, {"logo_data": "bm90IGFuIGltYWdl"}]
    codes = []
    for data in bad:
        with pytest.raises(ValidationError) as info:
            _save(db, admin, data)
        codes.append(info.value.code)
    assert codes == ["print_copies_range", "print_title_required", "print_signature_required",
                     "label_width_overflow", "logo_not_image"]
    with UnitOfWork(db, admin, write=False) as uow:
        assert uow.session.get(Setting, SETTINGS_KEY) is None


def test_cli_exports_and_imports_the_settings(world, tmp_path, capsys):
    db, w = world
    url = str(db.url)
    admin = w.actor(db, "quantri")
    _save(db, admin, _custom(_load(db, admin)).to_dict())
    exported = tmp_path / "mau-in.json"
    assert main(["--db", url, "print-settings", "export", str(exported)]) == 0
    data = json.loads(exported.read_text("utf-8"))
    assert data["documents"]["handover.intake"]["title"] == "BIÊN BẢN GIAO NHẬN"
    data["documents"]["slip.in"]["title"] = "PHIẾU NHẬP KHO VẬT CHỨNG"
    exported.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert main(["--db", url, "print-settings", "import", str(exported)]) == 0
    loaded = _load(db, admin)
    assert loaded.document("slip.in").title == "PHIẾU NHẬP KHO VẬT CHỨNG"
    assert logo_bytes(loaded) == _png()
    data["documents"]["slip.in"]["copies"] = 0
    exported.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    capsys.readouterr()
    assert main(["--db", url, "print-settings", "import", str(exported)]) == 2
    assert "số bản phải từ 1 đến 10" in capsys.readouterr().err
    assert _load(db, admin).document("slip.in").copies == 3  # unchanged
