"""Permission scenarios of the unclaimed money and property services (Luật THADS Điều 126; services.unclaimed)."""

from __future__ import annotations

from evidence_store.services import unclaimed
from evidence_store.services.commands import PersonInput

from .builders import phone
from .permission_scenarios import SYSTEM, scenario
from .unclaimed_builders import cash, noticed_return, savings


def _noticed(db, w, n, item):
    return noticed_return(db, w, SYSTEM, item, notice_days_ago=120, case_number=f"U-{n}/2026")[1]


@scenario("unclaimed.deposit_savings", "record_disposal")
def _deposit_savings(db, w, n, actor):
    code = _noticed(db, w, n, cash(location_code=w.locations["safe"], seal=f"NP-U{n}"))
    keeper = PersonInput(id=w.persons["thukho"])  # named for a role that is not the storekeeper himself
    return lambda uow: unclaimed.deposit_savings(uow, savings(code, keeper=keeper))


@scenario("unclaimed.savings_form", "record_disposal")
def _savings_form(db, w, n, actor):
    code = _noticed(db, w, n, cash(location_code=w.locations["safe"], seal=f"NP-U{n}"))
    return lambda uow: unclaimed.savings_form(uow, code)


@scenario("unclaimed.sale_form", "record_disposal")
def _sale_form(db, w, n, actor):
    code = _noticed(db, w, n, phone(location_code=w.locations["bin_A112"]))
    return lambda uow: unclaimed.sale_form(uow, code)
