"""LEGAL-RULES R24, R25: what the Kho bạc accepts — sealed packages of one case each (TT 135/2018/TT-BTC Mẫu 02),
money with the holding account's number (ND 142/2024 Art 15); other keepers are not concerned."""

from __future__ import annotations

import pytest

from evidence_store.domain.categories import Keeper
from evidence_store.domain.errors import DomainError
from evidence_store.domain.lifecycle_rules import check_treasury_package


def _code(call) -> str:
    with pytest.raises(DomainError) as err:
        call()
    return err.value.code


def test_one_case_per_package():
    assert _code(lambda: check_treasury_package(Keeper.TREASURY, {"A": 1, "B": 2}, {"A": "intact", "B": "intact"},
                                                True, "3949")) == "treasury_one_case"


@pytest.mark.parametrize("state", ["none", "broken", "unsealed"])
def test_only_sealed_packages(state):
    assert _code(lambda: check_treasury_package(Keeper.TREASURY, {"A": 1, "B": 1}, {"A": "intact", "B": state},
                                                False, "")) == "treasury_unsealed"


def test_money_needs_the_holding_account_gold_does_not():
    assert _code(lambda: check_treasury_package(Keeper.TREASURY, {"A": 1}, {"A": "intact"}, True, "  ")) == \
        "treasury_account_required"
    check_treasury_package(Keeper.TREASURY, {"A": 1}, {"A": "intact"}, False, "")
    check_treasury_package(Keeper.TREASURY, {"A": 1}, {"A": "intact"}, True, "3949.0.1055000")


def test_other_keepers_are_not_concerned():
    check_treasury_package(Keeper.MILITARY, {"A": 1, "B": 2}, {"A": "none", "B": "broken"}, False, "")
