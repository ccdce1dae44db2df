"""Issue #12: a row of signers never stands alone on a page. A council of six left its last row of signers (with
the "Nơi nhận") on the last page, under nothing it attests; now every row of signers is kept with the closing
statement, for a destruction council of 1–8 members and a check record's two rows, whatever the number of items
(so that the page breaks fall everywhere)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evidence_store import printing
from evidence_store.printing.records import Party, Person
from tests.unit import printing_helpers
from tests.unit import printing_samples as samples

CLOSING = "Biên bản kết thúc"
SIGN = "(Ký, ghi rõ họ tên)"
MEMBERS = ("Đỗ Thu Hương", "Nguyễn Văn Bình", "Trần Thị Cúc", "Lê Văn Đức", "Phạm Thị Én", "Hoàng Văn Giang",
           "Vũ Thị Hà")


def _council(members: int, items: int):
    record = samples.destruction()
    chair = record.parties[0]
    others = [p for p in record.parties if p.role not in ("chair", "member")]
    council = [chair] + [Party("member", Person(name, None, "", "Chuyên viên", "Sở Tài chính Hà Nội"))
                         for name in MEMBERS[:members - 1]]
    return replace(record, parties=tuple(council + others), items=samples.varied_items(items, members))


def _check(items: int):
    record = samples.handover("check", items=samples.varied_items(items, 1))
    return replace(record, parties=(Party("custodian", samples.HUNG), Party("keeper", samples.LAN),
                                    Party("participant", samples.SON), Party("participant", samples.DUNG)))


def _signers_only_with_the_closing(pages: list[str], names: list[str], label: str) -> None:
    signing = [i for i, text in enumerate(pages) if SIGN in text]
    closing = [i for i, text in enumerate(pages) if CLOSING in text]
    assert closing and signing == closing[-1:], (label, signing, closing)  # one page: the closing and every signer
    after = pages[closing[-1]].split(CLOSING, 1)[1]
    for name in names:
        assert name in after, (label, name)


@pytest.mark.parametrize("members", range(1, 9))
def test_every_row_of_a_councils_signers_is_on_the_page_of_the_closing(members):
    for items in range(1, 31):
        record = _council(members, items)
        pages = printing_helpers.page_texts(printing.render_destruction(record))
        _signers_only_with_the_closing(pages, [p.person.full_name for p in record.parties], f"{members}×{items}")


def test_a_check_records_two_rows_of_signers_stay_with_its_closing():
    for items in range(1, 31):
        record = _check(items)
        pages = printing_helpers.page_texts(printing.render_handover(record))
        _signers_only_with_the_closing(pages, [p.person.full_name for p in record.parties], f"check×{items}")
        assert "Nơi nhận" in pages[-1]
