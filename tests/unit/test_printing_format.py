"""Vietnamese formatting, template settings round-trip, and the package staying Qt-free."""

import json
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal

from evidence_store.printing import formatting
from evidence_store.printing.templates import PrintSettings


def test_dates_times_money_and_decimals_in_vietnamese():
    assert formatting.long_date(date(2026, 2, 5), "Hà Nội") == "Hà Nội, ngày 05 tháng 02 năm 2026"
    assert formatting.clock(datetime(2026, 2, 5, 14, 30)) == "14 giờ 30 phút"
    assert formatting.clock(datetime(2026, 2, 5, 8, 5)) == "08 giờ 05 phút"
    assert formatting.money(1250000) == "1.250.000 đ"
    assert formatting.number(Decimal("12.35")) == "12,35"
    assert formatting.number(1234567.5) == "1.234.567,5"
    assert formatting.number(-1000) == "-1.000"
    assert formatting.quantity(1) == "01" and formatting.quantity(12) == "12" and formatting.quantity(Decimal("4.50")) == "4,5"
    assert formatting.short_date(date(2026, 2, 5)) == "05/02/2026"


def test_settings_round_trip_through_json():
    settings = PrintSettings()
    data = json.loads(json.dumps(settings.to_dict()))
    assert PrintSettings.from_dict(data) == settings
    assert set(data["label_layouts"]) >= {"thermal-50x30", "a4-3x8", "a4-2x7", "location-100x50"}


def test_partial_settings_keep_defaults():
    s = PrintSettings.from_dict({"header": {"place_name": "Hải Phòng"}, "label_copies": 2,
                                 "label_layouts": {"a4-3x8": {"margin_top_mm": 4}},
                                 "documents": {"slip.in": {"signature_columns": [{"role": "keeper", "title": "THỦ KHO"}]}},
                                 "unknown": 1})
    assert s.header.place_name == "Hải Phòng" and s.header.parent_agency == "CÔNG AN THÀNH PHỐ HÀ NỘI"
    assert s.label_copies == 2 and s.layout("a4-3x8").margin_top_mm == 4 and s.layout("a4-3x8").rows == 8
    assert [c.title for c in s.document("slip.in").signature_columns] == ["THỦ KHO"]
    assert s.document("handover.intake").copies == 4


def test_printing_imports_no_qt():
    code = "import sys, evidence_store.printing; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
