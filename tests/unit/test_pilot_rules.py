"""NQ 164/2024/QH15 pilot measures, the pure rule (domain/pilot.py; LEGAL-RULES R36): each measure allowed only for a
flagged case, from 01/01/2025, during investigation, prosecution or trial, on a decision of the body handling the
case at its stage; Điều 106.3 items left to Điều 106.3. Every refusal names the resolution."""

from __future__ import annotations

from datetime import date

import pytest

from evidence_store.domain import authority as authority_rules
from evidence_store.domain import milestones as m
from evidence_store.domain import pilot
from evidence_store.domain.errors import TransitionRefused
from evidence_store.domain.pilot import Measure
from evidence_store.domain.states import State
from evidence_store.error_texts import message

T = authority_rules.DEFAULT_TABLE
DAY = date(2025, 3, 1)
INV = m.CaseStatus(m.Stage.INVESTIGATION, opened=True)
PROS = m.CaseStatus(m.Stage.PROSECUTION, opened=True)
TRIAL = m.CaseStatus(m.Stage.TRIAL, opened=True)
JUDGED = m.CaseStatus(m.Stage.TRIAL, opened=True, judgment_on=DAY, judgment_effective_on=DAY)
ENFORCEMENT = m.CaseStatus(m.Stage.ENFORCEMENT, opened=True, judgment_on=DAY, judgment_effective_on=DAY,
                           enforcement_on=DAY)
CATEGORY = {Measure.REFUND: "cash_vnd", Measure.BANK_DEPOSIT: "cash_vnd", Measure.GUARANTEE: "car",
            Measure.SALE: "car", Measure.USE: "car", Measure.SUSPEND: "car"}
ISSUER = {"investigation": "investigating_body", "prosecution": "procuracy", "trial": "court"}


def _check(measure, status=INV, *, pilot_on=True, day=DAY, kind=None, doc="pilot_decision", category=None):
    return pilot.check_measure(status, measure, category or CATEGORY[measure], pilot=pilot_on, day=day,
                               decision_kind=doc, issuer_kind=kind or ISSUER.get(status.context, "court"),
                               issuer_name="Cơ quan X", table=T)


def _refusal(*args, **kw) -> TransitionRefused:
    with pytest.raises(TransitionRefused) as exc:
        _check(*args, **kw)
    assert "164/2024/QH15" in message(exc.value), message(exc.value)
    return exc.value


@pytest.mark.parametrize("measure", list(Measure))
@pytest.mark.parametrize("status", [INV, PROS, TRIAL], ids=["investigation", "prosecution", "trial"])
def test_each_measure_allowed_for_a_flagged_case_during_proceedings(measure, status):
    assert _check(measure, status).rule == "nq164"


@pytest.mark.parametrize("measure", list(Measure))
def test_each_measure_refused_when_the_case_is_not_flagged(measure):
    assert _refusal(measure, pilot_on=False).code == "pilot_case_not_flagged"


@pytest.mark.parametrize("measure", list(Measure))
def test_each_measure_refused_before_the_resolution_took_effect(measure):
    """NQ 164/2024/QH15 in force 01/01/2025."""
    assert _refusal(measure, day=date(2024, 12, 31)).code == "pilot_before_effect"
    assert _check(measure, day=date(2025, 1, 1)).rule == "nq164"


@pytest.mark.parametrize("measure", list(Measure))
@pytest.mark.parametrize("status, wrong", [(INV, "procuracy"), (INV, "police"), (PROS, "investigating_body"),
                                           (TRIAL, "procuracy"), (TRIAL, "enforcement")])
def test_each_measure_refused_from_a_body_not_handling_the_case_at_its_stage(measure, status, wrong):
    err = _refusal(measure, status, kind=wrong)
    assert err.code == "pilot_wrong_issuer" and err.params["context"] == status.context


@pytest.mark.parametrize("measure", list(Measure))
@pytest.mark.parametrize("status", [JUDGED, ENFORCEMENT, m.CaseStatus(m.Stage.CLOSED, opened=True,
                                                                      dismissed_stage=m.Stage.INVESTIGATION)],
                         ids=["judgment_effective", "enforcement", "dismissed"])
def test_each_measure_refused_after_judgment_or_dismissal(measure, status):
    assert _refusal(measure, status, kind="court").code == "pilot_not_during_proceedings"


@pytest.mark.parametrize("measure", list(Measure))
def test_items_governed_by_article_106_3_are_left_to_it(measure):
    """Perishable items and wildlife: Điều 106.3.c, d BLTTHS, not the pilot."""
    for category in ("perishable", "wildlife"):
        assert _refusal(measure, category=category).code == "pilot_item_under_106_3"


def test_measures_fit_what_the_item_is():
    assert _refusal(Measure.REFUND, category="car").code == "pilot_measure_needs_money"
    assert _refusal(Measure.BANK_DEPOSIT, category="gold").code == "pilot_measure_needs_money"
    for measure in (Measure.GUARANTEE, Measure.SALE, Measure.USE):
        assert _refusal(measure, category="cash_vnd").code == "pilot_measure_not_for_money"
    assert _refusal(Measure.SUSPEND, category="phone").code == "pilot_not_registered_property"
    assert _check(Measure.SUSPEND, category="motorbike").rule == "nq164"


def test_registered_property_is_an_administrator_setting():
    edited = authority_rules.table_from_dict(T.as_dict() | {"pilot_registered": ["car", "papers"]})
    assert pilot.check_measure(INV, Measure.SUSPEND, "papers", pilot=True, day=DAY, decision_kind="pilot_decision",
                               issuer_kind="investigating_body", table=edited).rule == "nq164"
    assert authority_rules.table_from_dict({"rules": T.as_dict()["rules"]}).pilot_registered == T.pilot_registered


def test_the_pilot_decision_is_needed():
    assert _refusal(Measure.REFUND, doc="disposal_decision").code == "pilot_wrong_document"
    assert _check(Measure.SALE, doc="sale_decision").rule == "nq164"  # a QĐ bán of the same body


def test_disposal_power_dispatches_pilot_decisions():
    """The disposal pipeline (domain.authority) applies the pilot rule to a pilot decision, with its measure."""
    power = authority_rules.check_disposal_power(INV, State.RETURNED, "cash_vnd", "pilot_decision", 1, T, pilot=True,
                                                 day=DAY, issuer_kind="investigating_body", measure="refund")
    assert power.rule == "nq164" and "164/2024/QH15" in power.source
    with pytest.raises(TransitionRefused) as exc:
        authority_rules.check_disposal_power(INV, State.RETURNED, "car", "pilot_decision", 1, T, pilot=True, day=DAY,
                                             issuer_kind="investigating_body")
    assert exc.value.code == "pilot_measure_required"
    with pytest.raises(TransitionRefused) as exc:
        authority_rules.check_disposal_power(INV, State.SOLD, "car", "pilot_decision", 1, T, pilot=True, day=DAY,
                                             issuer_kind="investigating_body", measure="refund")
    assert exc.value.code == "pilot_measure_wrong_outcome"
    with pytest.raises(TransitionRefused) as exc:
        authority_rules.check_disposal_power(INV, State.DESTROYED, "car", "pilot_decision", 1, T, pilot=True,
                                             day=DAY, issuer_kind="investigating_body")
    assert exc.value.code == "pilot_outcome_not_a_measure" and "164/2024/QH15" in message(exc.value)
    # after the judgment a pilot decision is refused with the pilot's rule, not as an ordinary disposal
    with pytest.raises(TransitionRefused) as exc:
        authority_rules.check_disposal_power(ENFORCEMENT, State.SOLD, "car", "pilot_decision", 1, T, pilot=True,
                                             day=DAY, issuer_kind="enforcement")
    assert exc.value.code == "pilot_not_during_proceedings"


def test_pilot_sale_on_a_sale_decision_checks_the_issuer():
    """The early sale that existed (QĐ bán, rule "nq164") now also wants the body of the stage."""
    with pytest.raises(TransitionRefused) as exc:
        authority_rules.check_disposal_power(INV, State.SOLD, "car", "sale_decision", 1, T, pilot=True, day=DAY,
                                             issuer_kind="procuracy", issuer_name="VKS")
    assert exc.value.code == "pilot_wrong_issuer"


def test_target_states_follow_what_happens():
    assert pilot.TARGET[Measure.REFUND] is State.RETURNED and pilot.TARGET[Measure.GUARANTEE] is State.RETURNED
    assert pilot.TARGET[Measure.BANK_DEPOSIT] is State.DEPOSITED and pilot.TARGET[Measure.USE] is State.ENTRUSTED
    assert pilot.TARGET[Measure.SALE] is State.SOLD and pilot.TARGET[Measure.SUSPEND] is None


def test_the_pilot_sale_leaves_wildlife_to_article_106_3_d():
    """Before: a pilot case could sell wildlife during investigation (rule "nq164"); Điều 106.3.d hands it to the
    specialised agency, and the pilot excludes the 106.3 items (LEGAL-RULES R36)."""
    with pytest.raises(TransitionRefused) as exc:
        authority_rules.check_disposal_power(INV, State.SOLD, "wildlife", "sale_decision", 1, T, pilot=True, day=DAY,
                                             issuer_kind="investigating_body")
    assert exc.value.code == "pilot_item_under_106_3"
