"""Rendered pages compared with approved images (tests/golden). Regenerate after an intended layout
change with ``UPDATE_GOLDEN=1 pytest tests/unit -k printing_golden`` and look at the new PNGs."""

import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from evidence_store import printing
from tests.unit import printing_helpers
from tests.unit import printing_samples as samples

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
TOLERANCE = 1.0  # mean absolute difference on 0–255 grey; a moved line or missing text exceeds it


def _check(name: str, image: Image.Image) -> float:
    path = GOLDEN / f"{name}.png"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        image.save(path)
    golden = Image.open(path).convert("L")
    assert golden.size == image.size
    return ImageStat.Stat(ImageChops.difference(golden, image)).mean[0]


CASES = {
    "label-50x30": lambda: printing_helpers.rasterise(printing.render_item_labels([samples.label(reprint=1)]), 203)[0],
    "bien-ban-giao-nhan-p1": lambda: printing_helpers.rasterise(printing.render_handover(samples.handover(items=samples.ITEMS[:3])), 60)[0],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_page_matches_golden(name):
    assert _check(name, CASES[name]()) <= TOLERANCE


def test_golden_comparison_detects_a_changed_page():
    changed = printing.render_handover(samples.handover(items=samples.ITEMS[:2]))
    assert _check_against("bien-ban-giao-nhan-p1", printing_helpers.rasterise(changed, 60)[0]) > TOLERANCE


def _check_against(name: str, image: Image.Image) -> float:
    golden = Image.open(GOLDEN / f"{name}.png").convert("L")
    return ImageStat.Stat(ImageChops.difference(golden, image)).mean[0]
