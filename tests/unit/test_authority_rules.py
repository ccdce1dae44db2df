"""Who may decide what (issue #11), the pure rules: agency kinds, the competence table's defaults, the legal
order of milestones, disposal powers by stage and chronology. Each test names the article it checks."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest

from evidence_store.domain import authority as authority_rules
from evidence_store.domain import milestones as milestone_rules
from evidence_store.domain.agencies import AGENCY_KINDS, Sector, guess_kind, investigates, sector
from evidence_store.domain.chronology import check_act
from evidence_store.domain.errors import DomainError, TransitionRefused, ValidationError
from evidence_store.domain.states import State
from evidence_store.error_texts import message

T = authority_rules.DEFAULT_TABLE
D0 = date(2026, 3, 1)


def _code(fn, *args, **kw) -> str:
    with pytest.raises(DomainError) as exc:
        fn(*args, **kw)
    return exc.value.code


# ---- agency kinds (BLTTHS Điều 34, 35) -------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["investigating_body", "military_investigating_body", "procuracy_investigating_body",
                                  "customs", "forest_ranger", "border_guard", "coast_guard", "fisheries_control"])
def test_investigating_bodies_and_assigned_bodies_investigate_in_the_police_sector(kind):
    """BLTTHS Điều 34 (CQĐT of police, army, VKSNDTC) and Điều 35 (Hải quan, Kiểm lâm, Biên phòng, CSB, Kiểm ngư)."""
    assert investigates(kind) and sector(kind) is Sector.POLICE


def test_other_police_units_are_not_investigating_bodies():
    """PC10 (the warehouse) and ward police stations are police but not CQĐT (BLTTHS Điều 34)."""
    assert sector("police") is Sector.POLICE and not investigates("police")


def test_every_kind_has_its_sector():
    expected = {"procuracy": Sector.PROCURACY, "court": Sector.COURT, "enforcement": Sector.ENFORCEMENT,
                "treasury": None, "finance": None, "military": None, "specialised": None, "other": None}
    for kind, sec in expected.items():
        assert sector(kind) is sec
    assert set(AGENCY_KINDS) >= set(expected)


@pytest.mark.parametrize("name, current, kind", [
    ("Cơ quan Cảnh sát điều tra Công an thành phố Hà Nội", "police", "investigating_body"),
    ("Phòng Cảnh sát hình sự", "police", "investigating_body"),
    ("Phòng Cảnh sát bảo vệ và hỗ trợ tư pháp", "police", "police"),
    ("Công an phường Hoàn Kiếm", "police", "police"),
    ("Chi cục Hải quan khu vực I", "other", "customs"),
    ("Chi cục Kiểm lâm Hà Nội", "other", "forest_ranger"),
    ("Đồn Biên phòng Cửa khẩu", "other", "border_guard"),
    ("Cơ quan điều tra hình sự Quân khu 1", "military", "military_investigating_body"),
    ("Cơ quan điều tra Viện kiểm sát nhân dân tối cao", "procuracy", "procuracy_investigating_body"),
    ("Trung tâm Cứu hộ (cơ sở chuyên ngành)", "other", "specialised"),
])
def test_migration_sorts_existing_agencies_by_name(name, current, kind):
    assert guess_kind(name, current) == kind


# ---- the competence table (ND 142/2024 Điều 3, 14; BLTTHS Điều 106) -----------------------------------

@pytest.mark.parametrize("kind", ["police", "finance", "court", "enforcement"])
def test_intake_order_at_investigation_refused_from_a_non_investigator(kind):
    """ND 142/2024 Điều 14: lệnh nhập kho of the body handling the case — not PC10, a ward, Sở Tài chính."""
    assert _code(authority_rules.check_issuer, T, "intake_order", "investigation", kind, "X", "1/LNK") == "issuer_not_competent"


@pytest.mark.parametrize("kind", ["investigating_body", "customs", "forest_ranger", "border_guard", "coast_guard",
                                  "fisheries_control", "military_investigating_body", "procuracy_investigating_body"])
def test_intake_order_at_investigation_accepted_from_every_investigator(kind):
    assert authority_rules.check_issuer(T, "intake_order", "investigation", kind).source.startswith("ND 142/2024")


def test_a_document_without_an_issuer_is_refused():
    """ND 142/2024 Điều 3: every movement on an order of a competent body; the issuer is never blank."""
    assert _code(authority_rules.check_issuer, T, "transfer_decision", "prosecution", None) == "issuer_required"


def test_the_refusal_names_the_document_the_agency_and_the_rule():
    with pytest.raises(TransitionRefused) as exc:
        authority_rules.check_issuer(T, "disposal_decision", "prosecution", "police", "Phòng PC10", "5/QĐ")
    text = message(exc.value)
    assert "5/QĐ" in text and "Phòng PC10" in text and "Viện kiểm sát" in text and "106.3" in text


def test_evidence_transfer_to_thads_only_from_the_procuracy():
    """TT 04/2023/TT-BTP Điều 10: THADS receives on the VKS's transfer decision."""
    assert authority_rules.check_issuer(T, "transfer_decision", "trial", "procuracy")
    for kind in ("finance", "court", "police"):
        assert _code(authority_rules.check_issuer, T, "transfer_decision", "trial", kind) == "issuer_not_competent"


def test_disposal_after_dismissal_by_the_body_that_dropped_the_case():
    """BLTTHS Điều 106.1 a–c: CQĐT / VKS / Chánh án by the stage at which the case was dropped."""
    assert authority_rules.check_issuer(T, "disposal_decision", "dismissed_investigation", "customs")
    assert authority_rules.check_issuer(T, "disposal_decision", "dismissed_prosecution", "procuracy")
    assert authority_rules.check_issuer(T, "disposal_decision", "dismissed_trial", "court")
    assert _code(authority_rules.check_issuer, T, "disposal_decision", "dismissed_prosecution", "investigating_body") == \
        "issuer_not_competent"


def test_thads_rows_cite_the_2025_law_for_acts_from_july_2026():
    """Luật THADS số 106/2025/QH15 applies to acts from 01/07/2026 (LEGAL-RULES §4)."""
    row = T.rule("enforcement_decision", "enforcement")
    assert "2008" in row.source_on(date(2026, 6, 30)) and "106/2025/QH15" in row.source_on(date(2026, 7, 1))
    assert "106/2025" in authority_rules.thads_law(date(2026, 7, 1)) and "2008" in authority_rules.thads_law(date(2026, 6, 30))


def test_every_default_rule_cites_its_source_and_the_table_round_trips():
    assert all(r.source for r in authority_rules.DEFAULT_RULES)
    assert authority_rules.table_from_dict(T.as_dict()) == T


def test_an_edited_table_is_validated():
    raw = T.as_dict()
    raw["rules"][0]["kinds"] = ["no_such_kind"]
    assert _code(authority_rules.table_from_dict, raw) == "authority_table_invalid"
    raw = T.as_dict()
    raw["rules"][0]["source"] = " "
    assert _code(authority_rules.table_from_dict, raw) == "authority_source_required"


# ---- milestones in legal order -------------------------------------------------------------------------

def _derive(*steps, origin="investigation"):
    """Milestones a week apart: the appeal period has run before a first-instance judgment takes effect."""
    return milestone_rules.derive(origin, [milestone_rules.Fact(k, D0 + timedelta(days=7 * i), issuer)
                                           for i, (k, issuer) in enumerate(steps)])


def test_stage_follows_the_milestones():
    """BLTTHS Điều 232 (kết luận điều tra → VKS), 243 (cáo trạng → Tòa án), 343 (hiệu lực), Luật THADS 36.2."""
    steps = [("opening", 1), ("investigation_conclusion", 1), ("indictment", 2), ("first_instance_judgment", 3),
             ("judgment_effective", 3), ("enforcement_decision", 4)]
    stages = [_derive(*steps[:n]).stage.value for n in range(len(steps) + 1)]
    assert stages == ["investigation", "investigation", "prosecution", "trial", "trial", "trial", "enforcement"]


def test_no_skipping_the_procuracy():
    """BLTTHS Điều 243: the cáo trạng comes from the VKS after the kết luận điều tra; a court milestone cannot
    follow the investigation directly."""
    assert _code(_derive, ("opening", 1), ("indictment", 2)) == "milestone_wrong_stage"
    assert _code(_derive, ("opening", 1), ("first_instance_judgment", 3)) == "milestone_wrong_stage"
    assert _code(_derive, ("investigation_conclusion", 1)) == "milestone_needs_opening"


def test_going_back_only_by_its_own_milestone():
    """BLTTHS Điều 245 (VKS returns the file to the CQĐT), 280 (the court returns it to the VKS)."""
    st = _derive(("opening", 1), ("investigation_conclusion", 1), ("supplementary_investigation", 2))
    assert st.stage is milestone_rules.Stage.INVESTIGATION
    st = _derive(("opening", 1), ("investigation_conclusion", 1), ("indictment", 2), ("supplementary_investigation", 3))
    assert st.stage is milestone_rules.Stage.PROSECUTION


def test_enforcement_only_after_the_judgment_takes_effect():
    """Luật THADS Điều 36.2; BLTTHS Điều 343."""
    base = [("opening", 1), ("investigation_conclusion", 1), ("indictment", 2), ("first_instance_judgment", 3)]
    assert _code(_derive, *base, ("enforcement_decision", 4)) == "milestone_needs_effective_judgment"
    assert _code(_derive, *base[:3], ("judgment_effective", 3)) == "milestone_needs_judgment"


def test_a_first_instance_judgment_is_not_effective_before_the_appeal_period_runs():
    """BLTTHS Điều 333, 337, 343: not appealed, it takes effect when the periods for appeal and protest have run
    (at least 7 days); an appeal judgment takes effect on pronouncement (Điều 355)."""
    steps = (("opening", 1), ("investigation_conclusion", 1), ("indictment", 2))
    facts = [milestone_rules.Fact(k, D0, i) for k, i in steps]
    judged_on = D0 + timedelta(days=10)
    judged = milestone_rules.derive("investigation", [*facts, milestone_rules.Fact("first_instance_judgment", judged_on, 3)])
    for gap in (0, 6):  # the day of pronouncement, the day before the floor
        with pytest.raises(TransitionRefused) as exc:
            milestone_rules.apply(judged, milestone_rules.Fact("judgment_effective", judged_on + timedelta(days=gap), 3))
        assert exc.value.code == "judgment_effective_too_early"
        assert exc.value.params["earliest"] == "18/03/2026" and exc.value.params["judgment"] == "11/03/2026"
    st = milestone_rules.apply(judged, milestone_rules.Fact("judgment_effective", judged_on + timedelta(days=7), 3))
    assert st.judgment_effective_on == date(2026, 3, 18)
    appealed = milestone_rules.apply(judged, milestone_rules.Fact("appeal_judgment", judged_on + timedelta(days=30), 5))
    st = milestone_rules.apply(appealed, milestone_rules.Fact("judgment_effective", judged_on + timedelta(days=30), 5))
    assert st.judgment_effective_on == date(2026, 4, 10)
    # a history recorded before the rule still reads: the floor does not change the stage
    old = [*facts, milestone_rules.Fact("first_instance_judgment", judged_on, 3), milestone_rules.Fact("judgment_effective", judged_on, 3)]
    assert milestone_rules.derive("investigation", old).judgment_effective_on == judged_on


def test_suspension_blocks_until_resumed_and_dismissal_closes():
    """BLTTHS Điều 229/235 (tạm đình chỉ, phục hồi), 230 (đình chỉ)."""
    assert _code(_derive, ("opening", 1), ("suspension", 1), ("investigation_conclusion", 1)) == "milestone_suspended"
    st = _derive(("opening", 1), ("suspension", 1), ("resumption", 1), ("investigation_conclusion", 1))
    assert st.stage is milestone_rules.Stage.PROSECUTION
    st = _derive(("opening", 1), ("dismissal", 7))
    assert st.stage is milestone_rules.Stage.CLOSED and st.context == "dismissed_investigation" and st.dismissed_by == 7
    assert _code(_derive, ("opening", 1), ("dismissal", 7), ("investigation_conclusion", 1)) == "milestone_case_closed"
    assert _derive(("opening", 1), ("dismissal", 7), ("resumption", 7)).stage is milestone_rules.Stage.INVESTIGATION


def test_evidence_transfer_only_after_the_indictment():
    """TT 04/2023/TT-BTP Điều 10."""
    assert _code(_derive, ("opening", 1), ("evidence_transfer", 2)) == "milestone_wrong_stage"


def test_a_milestone_cannot_be_dated_before_the_previous_one():
    facts = [milestone_rules.Fact("opening", D0, 1), milestone_rules.Fact("investigation_conclusion", D0 - timedelta(days=1), 1)]
    assert _code(milestone_rules.derive, "investigation", facts) == "milestone_before_previous"


def test_contexts_of_a_day_include_before_and_after_that_days_milestones():
    facts = [milestone_rules.Fact("opening", D0, 1), milestone_rules.Fact("investigation_conclusion", D0 + timedelta(days=5), 1)]
    assert milestone_rules.contexts_on("investigation", facts, D0 + timedelta(days=5)) == ["investigation", "prosecution"]
    assert milestone_rules.contexts_on("investigation", facts, D0 + timedelta(days=6)) == ["prosecution"]


# ---- disposal powers (BLTTHS Điều 106; Luật THADS Điều 36.2, 124–126; NQ 164/2024/QH15) -----------------

INV = milestone_rules.CaseStatus(milestone_rules.Stage.INVESTIGATION, opened=True)


def _power(status, outcome, category, doc="disposal_decision", issuer=1, **kw):
    return authority_rules.check_disposal_power(status, State(outcome), category, doc, issuer, T, **kw)


def test_sale_during_proceedings_only_of_perishables():
    """Điều 106.3.c: a car is not perishable."""
    with pytest.raises(TransitionRefused) as exc:
        _power(INV, "sold", "car", "sale_decision")
    assert exc.value.code == "sale_not_perishable"
    assert "Chỉ được bán vật chứng mau hỏng, khó bảo quản" in message(exc.value)
    assert _power(INV, "sold", "perishable", "sale_decision").rule == "106.3.c"


def test_destruction_and_confiscation_need_dismissal_or_judgment():
    """Điều 106.1: before đình chỉ or a judgment in effect the warehouse may not destroy or confiscate."""
    for outcome in ("destroyed", "confiscated"):
        with pytest.raises(TransitionRefused) as exc:
            _power(INV, outcome, "weapon")
        assert message(exc.value).startswith("Chưa có quyết định đình chỉ hoặc bản án có hiệu lực")
    assert _power(INV, "destroyed", "perishable").rule == "106.3.c"  # "nếu không bán được thì tiêu hủy"


def test_wildlife_to_the_specialised_agency_after_the_examination():
    """Điều 106.3.d."""
    assert _code(_power, INV, "handed_to_specialist", "wildlife") == "specialist_needs_examination"
    assert _code(_power, INV, "handed_to_specialist", "phone", examined=True) == "specialist_not_for_category"
    assert _power(INV, "handed_to_specialist", "wildlife", examined=True).rule == "106.3.d"


def test_return_during_proceedings():
    """Điều 106.3.a, b."""
    assert _power(INV, "returned", "phone").rule == "106.3.a"


def test_after_dismissal_only_the_body_that_dropped_the_case_decides():
    """Điều 106.1.a: the CQĐT that dropped the case."""
    dropped = milestone_rules.CaseStatus(milestone_rules.Stage.CLOSED, opened=True, dismissed_stage=milestone_rules.Stage.INVESTIGATION, dismissed_by=7)
    assert _power(dropped, "destroyed", "weapon", issuer=7).rule == "106.1.a"
    assert _code(_power, dropped, "destroyed", "weapon", issuer=8) == "disposal_not_dismissing_body"
    assert _code(_power, dropped, "destroyed", "weapon", doc="judgment", issuer=7) == "disposal_wrong_document"


def test_after_judgment_everything_goes_through_thads():
    """Luật THADS Điều 36.2: a judgment alone does not let the warehouse destroy; the QĐ THA does."""
    effective = milestone_rules.CaseStatus(milestone_rules.Stage.TRIAL, opened=True, judgment_on=D0, judgment_effective_on=D0)
    assert _code(_power, effective, "destroyed", "weapon", doc="judgment") == "disposal_needs_enforcement_decision"
    enforcement = milestone_rules.CaseStatus(milestone_rules.Stage.ENFORCEMENT, opened=True, judgment_on=D0, judgment_effective_on=D0,
                               enforcement_on=D0)
    assert _code(_power, enforcement, "destroyed", "weapon", doc="judgment") == "disposal_needs_enforcement_decision"
    assert _power(enforcement, "destroyed", "weapon", doc="enforcement_decision").rule == "thads"


def test_a_decision_made_for_one_outcome_authorises_that_outcome_only():
    """BLTTHS Điều 106.3.c (QĐ bán), Luật THADS Điều 126 (QĐ trả lại tài sản): a sale decision does not return an item,
    a return decision does not destroy it; the form offers, per outcome and stage, what the check accepts."""
    enforcement = milestone_rules.CaseStatus(milestone_rules.Stage.ENFORCEMENT, opened=True, judgment_on=D0,
                                             judgment_effective_on=D0, enforcement_on=D0)
    assert _code(_power, INV, "returned", "phone", "sale_decision") == "disposal_document_not_for_outcome"
    assert "không là căn cứ cho hình thức xử lý" in message(TransitionRefused(
        "disposal_document_not_for_outcome", basis="sale_decision", outcome="returned"))
    assert _code(_power, enforcement, "destroyed", "weapon", "return_decision") == "disposal_document_not_for_outcome"
    assert _power(enforcement, "returned", "phone", "return_decision").rule == "thads"
    offered = authority_rules.disposal_documents
    assert offered(State.RETURNED, "enforcement") == ("return_decision", "enforcement_decision")
    assert offered(State.DESTROYED, "enforcement") == ("enforcement_decision",)
    assert offered(State.SOLD, "investigation") == ("sale_decision", "disposal_decision")
    assert offered(State.RETURNED, "trial", judgment_effective=True) == ("return_decision", "enforcement_decision")
    for outcome in State:  # every kind offered is accepted by the check, for some category
        for stage, status in (("investigation", INV), ("enforcement", enforcement)):
            if outcome.value not in ("returned", "sold", "destroyed", "confiscated", "handed_to_specialist"):
                continue
            for kind in offered(outcome, stage):
                category = {"sold": "perishable", "destroyed": "perishable", "handed_to_specialist": "wildlife"}.get(
                    outcome.value, "phone")
                try:
                    _power(status, outcome.value, category, kind, examined=True)
                except TransitionRefused as e:
                    assert e.code != "disposal_document_not_for_outcome" and "document" not in e.code, (outcome, kind)


def test_pilot_measures_only_for_flagged_cases():
    """NQ 164/2024/QH15; TTLT 01/2025: early sale only for cases under the pilot, from 01/01/2025."""
    assert _code(_power, INV, "sold", "car", "sale_decision", pilot=False) == "sale_not_perishable"
    assert _power(INV, "sold", "car", "sale_decision", pilot=True, day=date(2025, 3, 1)).rule == "nq164"
    assert _code(_power, INV, "sold", "car", "sale_decision", pilot=True, day=date(2024, 12, 1)) == \
        "sale_not_perishable"


def test_confiscation_receivers_by_category():
    """Luật THADS Điều 124 (finance); ND 70/2013 khoản 6 Điều 1 (weapons → Bộ CHQS); cash into the budget via KBNN."""
    assert T.receiver_kind("military_weapon") == "military"
    assert T.receiver_kind("cash_vnd") == "treasury" and T.receiver_kind("foreign_cash") == "treasury"
    assert T.receiver_kind("car") == "finance"


def test_drugs_are_destroyed_never_confiscated():
    """BLTTHS Điều 106.2.a (LEGAL-RULES R9)."""
    from evidence_store.domain.categories import CATEGORIES
    assert State.CONFISCATED not in CATEGORIES["drugs"].outcomes


# ---- chronology (BLTTHS Điều 132, 133) -------------------------------------------------------------------

def test_no_act_before_its_basis_in_the_future_or_before_receipt():
    doc = SimpleNamespace(kind="enforcement_decision", number="31/QĐ-THADS", issued_on=date(2026, 11, 20))
    now = datetime(2026, 12, 4, 3, 0)
    assert _code(check_act, datetime(2026, 11, 1, 3), (doc,), now=now) == "act_before_basis"
    check_act(datetime(2026, 11, 20, 3), (doc,), now=now)  # the same day is fine
    assert _code(check_act, now + timedelta(hours=2), (), now=now) == "act_in_future"
    assert _code(check_act, datetime(2026, 11, 25), (), item_code="VC26000001X", received_at=datetime(2026, 11, 26),
                 now=now) == "act_before_receipt"
    with pytest.raises(TransitionRefused) as exc:
        check_act(datetime(2026, 11, 1, 3), (doc,), now=now)
    assert "31/QĐ-THADS" in message(exc.value) and "20/11/2026" in message(exc.value)


def test_future_act_is_a_field_error():
    with pytest.raises(ValidationError):
        check_act(datetime(2030, 1, 1), (), now=datetime(2026, 12, 4))
