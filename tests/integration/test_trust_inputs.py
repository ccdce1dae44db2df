"""Issue #14, inputs: full-width and other Unicode digits in codes, huge limits and dates, 20 MB texts — each a
clear refusal, nothing stored, on SQLite and PostgreSQL."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

import pytest

from evidence_store import cli
from evidence_store.domain import codes
from evidence_store.domain.errors import DomainError, InvalidCode, ValidationError
from evidence_store.error_texts import message
from evidence_store.services import item_search, queries
from evidence_store.services.context import UnitOfWork

from .builders import phone, receive

CODE = "VC26000001Q"
UNICODE_DIGITS = {
    "full-width": "ＶＣ２６００００００１Ｑ",
    "full-width digits": "VC２６000001Q",
    "arabic-indic": "VC٢٦000001Q",
    "devanagari": "VC२६000001Q",
    "superscript": "VC²⁶000001Q",
    "mathematical": "VC𝟐𝟔000001Q",
}


@pytest.mark.parametrize("name", UNICODE_DIGITS)
def test_unicode_digits_in_a_code_are_refused_clearly(world, clerk, name):
    db, _ = world
    assert receive(db, clerk, [phone()]).item_codes[0] == CODE
    raw = UNICODE_DIGITS[name]
    with pytest.raises(InvalidCode) as err:
        codes.parse_code(raw)
    assert err.value.code == "malformed_code" and message(err.value).startswith("Mã không hợp lệ")
    with UnitOfWork(db, clerk, write=False) as uow, pytest.raises(DomainError):
        queries.item_by_code(uow, raw)


def test_a_huge_text_is_refused_quickly_and_nothing_is_stored(world, clerk):
    db, _ = world
    big = "Điện thoại " * 2_000_000  # 22 MB of text
    start = time.perf_counter()
    with pytest.raises(ValidationError) as err:
        receive(db, clerk, [phone(characteristics=big)])
    assert err.value.code == "text_too_long" and err.value.params == {"field": "characteristics", "max": 20_000}
    assert time.perf_counter() - start < 15
    with pytest.raises(InvalidCode):
        codes.parse_code(big)
    with UnitOfWork(db, clerk, write=False) as uow:
        with pytest.raises(ValidationError) as err:
            item_search.search(uow, big)
        assert err.value.code == "search_too_long"
        assert queries.item_page(uow, queries.ItemQuery(), 0, 10) == []  # nothing stored


@pytest.mark.parametrize("due", [date(1, 1, 1), date(9999, 12, 31), date(1899, 12, 31)])
def test_absurd_dates_are_refused(world, clerk, due):
    db, _ = world
    from evidence_store.services.commands import DocumentInput
    from .builders import deliverer, intake_order, seizure_record
    # a number of its own: an order already recorded under the builder's number would be reused, not dated anew
    order = replace(intake_order(), number=f"{due.year}/LNK-NGAY-SAI", issued_on=due)
    from evidence_store.services.commands import CaseInput, ReceiveItems
    from evidence_store.services.intake import receive_items
    cmd = ReceiveItems(order=order, items=(phone(),), giver=deliverer(), seizure_record=seizure_record(),
                       new_case=CaseInput("5/2026/HS", handling_agency_id=3, officer_id=3))
    with UnitOfWork(db, clerk) as uow, pytest.raises(ValidationError) as err:
        receive_items(uow, cmd)
    assert err.value.code in ("date_out_of_range", "document_date_future")
    assert isinstance(DocumentInput, type)


def test_huge_limits_are_clamped(world, clerk):
    db, _ = world
    receive(db, clerk, [phone()])
    with UnitOfWork(db, clerk, write=False) as uow:
        assert len(queries.item_page(uow, queries.ItemQuery(), 0, 10**30)) == 1
        assert len(queries.item_page(uow, queries.ItemQuery(), 10**30, -5)) == 0
        assert len(item_search.search(uow, "samsung", 10**30)) == 1


@pytest.mark.sqlite_only
@pytest.mark.parametrize("argv", [
    ["items", "--limit", "99999999999999999999999"], ["items", "--limit", "-1"], ["items", "--limit", "１０"],
    ["search", "x", "--limit", "10000000000000"], ["label", CODE, "-o", "x.pdf", "--copies", "100000000"],
    ["ledger-book", "--from", "0001-01-01", "--to", "9999-12-31", "-o", "x.pdf"],
    ["ledger-book", "--from", "2026-01-01", "--to", "99999-01-01", "-o", "x.pdf"],
    ["history", "VC٢٦000001Q"], ["history", "ＶＣ２６００００００１Ｑ"], ["search", "đ" * 1000],
])
def test_the_cli_refuses_absurd_arguments_with_status_2(world, clerk, capsys, argv, tmp_path, monkeypatch):
    db, _ = world
    receive(db, clerk, [phone()])
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as ex:
        raise SystemExit(cli.main(["--db", db.sqlite_path] + argv))
    err = capsys.readouterr().err
    assert ex.value.code == 2 and "Traceback" not in err and err.strip(), err
    assert not (tmp_path / "x.pdf").exists()
