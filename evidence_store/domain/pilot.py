"""The NQ 164/2024/QH15 pilot (LEGAL-RULES R36): measures on evidence and assets taken *before* the judgment,
during investigation, prosecution and trial, only in cases flagged as under the pilot (with the reference that
put them there), from the resolution's entry into force, on a decision of the body handling the case at its stage.

Sources: NQ 164/2024/QH15 of 28/11/2024 and TTLT 01/2025/TTLT-VKSNDTC-BCA-TANDTC-BQP of 26/02/2025 (LEGAL.md item
5, §0.7; LEGAL-RULES Q8). Neither text was read in full: the list of measures below comes from the review's
summary (thuvienphapluat.vn 77588; laodong.vn; vanban123.vn). UNVERIFIED and therefore settings or comments, not
hard rules: which article of either text sets each measure (none is cited by number), who proposes and who
consents (owner, victim), whether a case suspended (tạm đình chỉ) or between the first-instance judgment and its
legal effect still qualifies, and which property counts as "registered" for a suspension of transactions.

Each measure reuses an act the warehouse already records: a refund to the victims and the guarantee (the owner
pays the value into the holding account, the item is returned to him) are returns; a sale is a sale; a deposit of
money into the holding account is a deposit with the treasury; a hand-over for management and use is an
entrustment (the item leaves the warehouse and remains evidence of the case); a suspension of transactions
leaves the item where it is, with a recorded restriction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ..i18n import N_
from .errors import TransitionRefused
from .milestones import PROCEEDINGS, CaseStatus
from .states import HELD_STATES, Doc, State

# In force 01/01/2025 (NQ 164/2024/QH15; LEGAL.md item 5: [V] date, contents [U]).
PILOT_FROM = date(2025, 1, 1)
# Printed with every refusal and every record of a measure (no article numbers: none was verified).
PILOT_SOURCE = "Nghị quyết số 164/2024/QH15; Thông tư liên tịch số 01/2025/TTLT-VKSNDTC-BCA-TANDTC-BQP"


class Measure(StrEnum):
    REFUND = "refund"  # trả lại tiền cho bị hại
    BANK_DEPOSIT = "bank_deposit"  # gửi tiền vào ngân hàng / tài khoản tạm giữ
    GUARANTEE = "guarantee"  # bảo lãnh để giải tỏa: chủ sở hữu nộp số tiền tương đương, nhận lại tài sản
    SALE = "sale"  # bán hoặc chuyển nhượng
    USE = "use"  # giao quản lý, sử dụng, khai thác
    SUSPEND = "suspend"  # tạm dừng giao dịch (tài sản phải đăng ký)


MEASURE_LABELS = {
    Measure.REFUND: N_("Trả lại tiền cho bị hại"),
    Measure.BANK_DEPOSIT: N_("Gửi tiền vào tài khoản tạm giữ"),
    Measure.GUARANTEE: N_("Bảo lãnh để giải tỏa (chủ sở hữu nộp số tiền tương đương giá trị)"),
    Measure.SALE: N_("Bán hoặc chuyển nhượng"),
    Measure.USE: N_("Giao quản lý, sử dụng, khai thác"),
    Measure.SUSPEND: N_("Tạm dừng giao dịch"),
}

ANY = "pilot"  # a refusal about the case, for every measure
ANY_LABEL = N_("xử lý vật chứng, tài sản theo thí điểm")

# The item states from which each measure may start: what the act it reuses accepts (domain.states.TRANSITIONS).
FROM_STATES: dict[Measure, frozenset[State]] = {
    Measure.REFUND: frozenset({State.IN_STORAGE, State.ENTRUSTED}),
    Measure.GUARANTEE: frozenset({State.IN_STORAGE, State.ENTRUSTED}),
    Measure.SALE: frozenset({State.IN_STORAGE, State.ENTRUSTED}),
    Measure.BANK_DEPOSIT: frozenset({State.IN_STORAGE}),
    Measure.USE: frozenset({State.IN_STORAGE}),
    Measure.SUSPEND: frozenset(HELD_STATES),
}

# The item's state once the measure is carried out: what physically happened (None: the item stays).
TARGET: dict[Measure, State | None] = {
    Measure.REFUND: State.RETURNED,  # the money leaves, to the victims
    Measure.GUARANTEE: State.RETURNED,  # the item goes back to its owner; the sum is in the holding account
    Measure.SALE: State.SOLD,
    Measure.BANK_DEPOSIT: State.DEPOSITED,  # leaves for the holding account, still the case's evidence
    Measure.USE: State.ENTRUSTED,  # leaves the warehouse, still the case's evidence
    Measure.SUSPEND: None,  # stays, with a visible restriction
}
# Measures carried out through the disposal proposal → approval → act (services.disposal).
DISPOSAL_MEASURES = frozenset({Measure.REFUND, Measure.GUARANTEE, Measure.SALE})
MONEY_MEASURES = frozenset({Measure.REFUND, Measure.BANK_DEPOSIT})

# Defaults of the settings kept with the competence table (an administrator edits them): property whose
# transactions are registered (vehicles; UNVERIFIED which other kinds, e.g. land-use papers, TTLT 01/2025 covers).
DEFAULT_REGISTERED = ("car", "motorbike")
MONEY = frozenset({"cash_vnd", "foreign_cash"})


@dataclass(frozen=True)
class PilotBasis:
    measure: Measure
    source: str = PILOT_SOURCE
    rule: str = "nq164"


def measure_of(raw: str) -> Measure:
    try:
        return Measure(raw)
    except ValueError:
        raise TransitionRefused("pilot_measure_unknown", measure=str(raw), source=PILOT_SOURCE) from None


def check_case(status: CaseStatus, *, pilot: bool, day: date | None, measure: str = "") -> None:
    """What the case itself must be for any pilot measure: flagged, the decision dated from 01/01/2025, the case in
    investigation, prosecution or trial before its judgment takes effect. ``measure``: named in the refusal."""
    label = measure or ANY
    if not pilot:  # NQ 164: only the cases flagged (followed by the Central Steering Committee)
        raise TransitionRefused("pilot_case_not_flagged", measure=label, source=PILOT_SOURCE)
    if day is not None and day < PILOT_FROM:  # the decision's date (the services always give it)
        raise TransitionRefused("pilot_before_effect", measure=label, date=day.strftime("%d/%m/%Y"),
                                source=PILOT_SOURCE)
    if status.stage not in PROCEEDINGS or status.judgment_effective_on is not None:
        # pre-judgment measures: investigation, prosecution, trial (after the judgment takes effect: THADS).
        # UNVERIFIED: whether a case suspended (tạm đình chỉ) qualifies; it is not refused here.
        raise TransitionRefused("pilot_not_during_proceedings", measure=label, context=status.context,
                                source=PILOT_SOURCE)


def check_measure(status: CaseStatus, measure: Measure, category: str, *, pilot: bool, day: date | None,
                  decision_kind: str | None, issuer_kind: str | None, issuer_name: str = "", table=None) -> PilotBasis:
    """May ``measure`` be applied to an item of ``category`` of a case in ``status`` on a decision of
    ``decision_kind`` issued by an agency of ``issuer_kind`` dated ``day``? Refusals name NQ 164/2024/QH15.

    ``table`` is the competence table in force (domain.authority.AuthorityTable): the decision's issuer must be
    of the kind it allows for the pilot decision in the case's current context (the body handling the case at
    its stage), the Điều 106.3 categories (perishable, wildlife) are left to Điều 106.3, and the registered
    categories are its setting."""
    label = measure.value  # the message shows its label (describe.code_words)
    check_case(status, pilot=pilot, day=day, measure=label)
    if decision_kind is not None and decision_kind not in PILOT_DOCUMENTS[measure]:
        raise TransitionRefused("pilot_wrong_document", measure=label, basis=decision_kind, source=PILOT_SOURCE)
    if table is not None:
        rule = table.rule(decision_kind or Doc.PILOT_DECISION.value, status.context)
        allowed = rule.kinds if rule is not None else ()
        # no decision yet (the screens ask) or its issuer not given: the document check refuses an issuer-less
        # decision (services.authority.check_document, "issuer_required")
        if decision_kind is not None and issuer_kind is not None and issuer_kind not in allowed:
            raise TransitionRefused("pilot_wrong_issuer", measure=label, agency=issuer_name or "—",
                                    kind=issuer_kind or "—", context=status.context,
                                    allowed=",".join(allowed) or "—", source=PILOT_SOURCE)
        if category in table.perishable or category in table.specialist:
            raise TransitionRefused("pilot_item_under_106_3", measure=label, category=category,
                                    source=PILOT_SOURCE)
    if measure in MONEY_MEASURES and category not in MONEY:
        raise TransitionRefused("pilot_measure_needs_money", measure=label, category=category, source=PILOT_SOURCE)
    if measure in (Measure.GUARANTEE, Measure.SALE, Measure.USE) and category in MONEY:
        raise TransitionRefused("pilot_measure_not_for_money", measure=label, category=category,
                                source=PILOT_SOURCE)
    if measure is Measure.SUSPEND:
        registered = table.pilot_registered if table is not None else frozenset(DEFAULT_REGISTERED)
        if category not in registered:
            raise TransitionRefused("pilot_not_registered_property", measure=label, category=category,
                                    source=PILOT_SOURCE)
    return PilotBasis(measure)


# The decision each measure is taken on: the pilot decision (QĐ áp dụng biện pháp xử lý vật chứng, tài sản);
# a sale may also stand on a QĐ bán vật chứng or a QĐ xử lý vật chứng of the same body (the pilot sale accepted
# them before this module; what TTLT 01/2025 calls the decision is unverified).
_SALE_DOCS = {Doc.SALE_DECISION.value, Doc.DISPOSAL_DECISION.value}
PILOT_DOCUMENTS: dict[Measure, frozenset[str]] = {
    m: frozenset({Doc.PILOT_DECISION.value} | (_SALE_DOCS if m is Measure.SALE else set())) for m in Measure}


def measure_for_outcome(outcome: State, raw: str = "") -> Measure:
    """The measure a disposal on a pilot decision carries out: given, or implied by the outcome (a sale)."""
    if raw:
        m = measure_of(raw)
        if TARGET[m] is not outcome:
            raise TransitionRefused("pilot_measure_wrong_outcome", measure=m.value, outcome=outcome.value,
                                    source=PILOT_SOURCE)
        return m
    if outcome is State.SOLD:
        return Measure.SALE
    if outcome is State.RETURNED:
        raise TransitionRefused("pilot_measure_required", outcome=outcome.value, source=PILOT_SOURCE)
    # destruction, confiscation, hand-over to a specialised agency: no pilot measure leads there
    raise TransitionRefused("pilot_outcome_not_a_measure", outcome=outcome.value, source=PILOT_SOURCE)
