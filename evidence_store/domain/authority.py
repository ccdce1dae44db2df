"""Who may decide what: the competence table (which agency kind may issue which document in which
context of the case) shipped with the law's defaults, and the disposal powers by stage (BLTTHS Điều 106;
Luật THADS Điều 124–126, 36.2; TT 04/2023/TT-BTP Điều 10; NQ 164/2024/QH15).

The table is data: an administrator edits it (services/authority.py); every row cites its source. Pure
functions here take the table as an argument and raise :class:`TransitionRefused` naming the rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .agencies import ASSIGNED_INVESTIGATORS, INVESTIGATING_BODIES, AGENCY_KINDS
from .errors import TransitionRefused, ValidationError
from .milestones import CONTEXTS, CaseStatus, Stage
from .categories import CATEGORIES
from .states import DISPOSAL_OUTCOMES, Doc, State
from . import pilot as pilot_rules

# The new Luật Thi hành án dân sự số 106/2025/QH15 applies to acts from this date (LEGAL-RULES §4); its article
# numbers are not verified, so THADS rows cite both texts and the one in force on the act's date is shown.
THADS_2025_FROM = date(2026, 7, 1)

CQ = tuple(sorted(k.value for k in INVESTIGATING_BODIES | ASSIGNED_INVESTIGATORS))
PROCEEDINGS_CTX = ("investigation", "prosecution", "trial")


@dataclass(frozen=True)
class Rule:
    document: str  # a Doc value
    context: str  # a CONTEXTS value
    kinds: tuple[str, ...]  # agency kinds that may issue it
    source: str  # legal source (acts before THADS_2025_FROM for THADS rows)
    source_2025: str = ""  # THADS rows: the citation for acts from 01/07/2026

    def as_dict(self) -> dict:
        d = {"document": self.document, "context": self.context, "kinds": list(self.kinds), "source": self.source}
        if self.source_2025:
            d["source_2025"] = self.source_2025
        return d

    def source_on(self, day: date | None) -> str:
        if self.source_2025 and day is not None and day >= THADS_2025_FROM:
            return self.source_2025
        return self.source


def _rows(document: str, by_context: dict[str, tuple[str, ...]], source: str | dict, source_2025: str = ""):
    out = []
    for ctx, kinds in by_context.items():
        src = source[ctx] if isinstance(source, dict) else source
        out.append(Rule(document, ctx, tuple(sorted(set(kinds))), src, source_2025 if ctx == "enforcement" else ""))
    return out


_HOLDER = {"investigation": CQ, "prosecution": ("procuracy",), "trial": ("court",),
           "enforcement": ("enforcement",), "dismissed_investigation": CQ,
           "dismissed_prosecution": ("procuracy",), "dismissed_trial": ("court",)}
_HOLDER_TRIAL_THADS = dict(_HOLDER, trial=("court", "enforcement"))  # THADS holds items from the VKS transfer
_BY_STAGE = {"investigation": CQ, "prosecution": ("procuracy",), "trial": ("court",)}
_ANY = {ctx: None for ctx in CONTEXTS}
THADS_NEW = "Luật THADS số 106/2025/QH15 (từ 01/07/2026; điều khoản cần đối chiếu)"


def _every(kinds: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {ctx: kinds for ctx in CONTEXTS}


DEFAULT_RULES: tuple[Rule, ...] = tuple(
    _rows(Doc.INTAKE_ORDER, _HOLDER_TRIAL_THADS, "ND 142/2024/NĐ-CP Điều 3, 14; BLTTHS Điều 90", THADS_NEW)
    + _rows(Doc.RELEASE_ORDER, _HOLDER_TRIAL_THADS, "ND 142/2024/NĐ-CP Điều 3, 14", THADS_NEW)
    + _rows(Doc.DEPOSIT_DECISION, _HOLDER_TRIAL_THADS, "ND 142/2024/NĐ-CP Điều 15; BLTTHS Điều 90.1.b", THADS_NEW)
    + _rows(Doc.ENTRUST_DECISION, _HOLDER_TRIAL_THADS, "ND 142/2024/NĐ-CP Điều 15", THADS_NEW)
    + _rows(Doc.TRANSFER_DECISION,
            {"investigation": CQ + ("procuracy",), "prosecution": ("procuracy",), "trial": ("procuracy",),
             "enforcement": ("procuracy", "enforcement")},
            {"investigation": "BLTTHS Điều 169 (chuyển vụ án)", "prosecution": "BLTTHS Điều 239",
             "trial": "TT 04/2023/TT-BTP Điều 10 (VKS chuyển giao vật chứng cho THADS)",
             "enforcement": "TT 04/2023/TT-BTP Điều 10"}, THADS_NEW)
    + _rows(Doc.DISPOSAL_DECISION, {k: v for k, v in _HOLDER.items() if k != "enforcement"},
            {"investigation": "BLTTHS Điều 106.3", "prosecution": "BLTTHS Điều 106.3", "trial": "BLTTHS Điều 106.3",
             "enforcement": "Luật THADS Điều 36.2", "dismissed_investigation": "BLTTHS Điều 106.1.a",
             "dismissed_prosecution": "BLTTHS Điều 106.1.b", "dismissed_trial": "BLTTHS Điều 106.1.c"}, THADS_NEW)
    + _rows(Doc.SALE_DECISION, _HOLDER | {"enforcement": ("enforcement",)},
            {"investigation": "BLTTHS Điều 106.3.c", "prosecution": "BLTTHS Điều 106.3.c",
             "trial": "BLTTHS Điều 106.3.c", "enforcement": "Luật THADS Điều 98, 99, 101",
             "dismissed_investigation": "BLTTHS Điều 106.1.a", "dismissed_prosecution": "BLTTHS Điều 106.1.b",
             "dismissed_trial": "BLTTHS Điều 106.1.c"}, THADS_NEW)
    + _rows(Doc.JUDGMENT, {"trial": ("court",), "enforcement": ("court",)}, "BLTTHS Điều 106.1.d, 260")
    + _rows(Doc.APPEAL_JUDGMENT, {"trial": ("court",), "enforcement": ("court",)}, "BLTTHS Điều 355")
    + _rows(Doc.ENFORCEMENT_DECISION, {"trial": ("enforcement",), "enforcement": ("enforcement",)},
            "Luật THADS 2008 Điều 36.2", THADS_NEW)
    + _rows(Doc.RETURN_DECISION, {"enforcement": ("enforcement",)}, "Luật THADS 2008 Điều 126", THADS_NEW)
    + _rows(Doc.COUNCIL_DECISION, {"enforcement": ("enforcement",), "dismissed_investigation": CQ,
                                   "dismissed_prosecution": ("procuracy",), "dismissed_trial": ("court",)},
            {"enforcement": "Luật THADS 2008 Điều 125; NĐ 62/2015 Điều 33",
             "dismissed_investigation": "BLTTHS Điều 106.1.a", "dismissed_prosecution": "BLTTHS Điều 106.1.b",
             "dismissed_trial": "BLTTHS Điều 106.1.c"}, THADS_NEW)
    + _rows(Doc.INCIDENT_REPORT, _every(("police", "enforcement", "military") + CQ), "ND 142/2024/NĐ-CP Điều 11")
    + _rows(Doc.EXAMINATION_CONCLUSION, _every(("police", "specialised", "military") + CQ),
            "BLTTHS Điều 205–213; Luật Giám định tư pháp")
    + _rows(Doc.SEIZURE_RECORD, _every(CQ + ("procuracy", "court", "police")), "BLTTHS Điều 198")
    + _rows(Doc.CASE_OPENING, {"investigation": CQ + ("procuracy", "court")}, "BLTTHS Điều 153")
    + _rows(Doc.SUSPENSION_DECISION, _BY_STAGE, {"investigation": "BLTTHS Điều 229",
                                                 "prosecution": "BLTTHS Điều 247", "trial": "BLTTHS Điều 281"})
    + _rows(Doc.DISMISSAL_DECISION, _BY_STAGE, {"investigation": "BLTTHS Điều 230",
                                                "prosecution": "BLTTHS Điều 248", "trial": "BLTTHS Điều 282"})
    + _rows(Doc.RESUMPTION_DECISION, _BY_STAGE | {"dismissed_investigation": CQ,
                                                  "dismissed_prosecution": ("procuracy",),
                                                  "dismissed_trial": ("court",)},
            {"investigation": "BLTTHS Điều 235", "prosecution": "BLTTHS Điều 250", "trial": "BLTTHS Điều 283",
             "dismissed_investigation": "BLTTHS Điều 235", "dismissed_prosecution": "BLTTHS Điều 250",
             "dismissed_trial": "BLTTHS Điều 283"})
    + _rows(Doc.INVESTIGATION_CONCLUSION, {"investigation": CQ}, "BLTTHS Điều 232")
    + _rows(Doc.INDICTMENT, {"prosecution": ("procuracy",)}, "BLTTHS Điều 243")
    # NQ 164/2024/QH15 pilot: the body handling the case at its stage decides (TTLT 01/2025; article unverified)
    + _rows(Doc.PILOT_DECISION, _BY_STAGE, "NQ 164/2024/QH15; TTLT 01/2025/TTLT-VKSNDTC-BCA-TANDTC-BQP (điều khoản "
            "chưa đối chiếu)")
    + _rows(Doc.SUPPLEMENTARY_INVESTIGATION, {"prosecution": ("procuracy",), "trial": ("court",)},
            {"prosecution": "BLTTHS Điều 245", "trial": "BLTTHS Điều 280"})
)

# Documents that need no issuing agency (private papers, the warehouse's own notes).
NO_ISSUER = frozenset({Doc.AUTHORISATION.value, Doc.CORRECTION_NOTE.value, Doc.OTHER.value})

# Category flags (administrator settings, these defaults): sale during proceedings only for perishable or
# hard-to-keep items (Điều 106.3.c); hand-over to the specialised agency after the examination (Điều 106.3.d).
DEFAULT_PERISHABLE = ("perishable",)
DEFAULT_SPECIALIST = ("wildlife",)
# Receiver of confiscated items by category (Luật THADS Điều 124; ND 70/2013 khoản 6 Điều 1 for weapons;
# cash into the budget through KBNN). "*" is every other category. Drugs are destroyed, never confiscated.
DEFAULT_RECEIVERS = {"military_weapon": "military", "cash_vnd": "treasury", "foreign_cash": "treasury",
                     "*": "finance"}
# Fixed by the nature of the thing, not a setting: money is never destroyed or sold (BLTTHS Điều 106.2.b: it is
# returned or paid into the budget), so no table may allow it.
MONEY_CATEGORIES = frozenset({"cash_vnd", "foreign_cash"})
MONEY_FORBIDDEN = frozenset({State.DESTROYED.value, State.SOLD.value})


def _default_outcomes() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Category → disposal outcomes allowed (BLTTHS Điều 106.2 a–c; LEGAL-RULES R9): the defaults of
    domain/categories.py, an administrator setting from then on."""
    return tuple(sorted((code, tuple(sorted(o.value for o in cat.outcomes))) for code, cat in CATEGORIES.items()))


# The NQ 164/2024/QH15 pilot applies to acts from its entry into force (01/01/2025) only for flagged cases.
PILOT_FROM = pilot_rules.PILOT_FROM


@dataclass(frozen=True)
class AuthorityTable:
    rules: tuple[Rule, ...] = DEFAULT_RULES
    perishable: frozenset[str] = frozenset(DEFAULT_PERISHABLE)
    specialist: frozenset[str] = frozenset(DEFAULT_SPECIALIST)
    receivers: tuple[tuple[str, str], ...] = tuple(sorted(DEFAULT_RECEIVERS.items()))
    outcomes: tuple[tuple[str, tuple[str, ...]], ...] = field(default_factory=_default_outcomes)
    # NQ 164 pilot: categories whose transactions are registered (suspension of transactions; domain.pilot)
    pilot_registered: frozenset[str] = frozenset(pilot_rules.DEFAULT_REGISTERED)

    def rule(self, document: str, context: str) -> Rule | None:
        return next((r for r in self.rules if r.document == document and r.context == context), None)

    def receiver_kind(self, category: str) -> str:
        d = dict(self.receivers)
        return d.get(category, d.get("*", "finance"))

    def outcomes_for(self, category: str) -> tuple[str, ...]:
        return dict(self.outcomes).get(category, ())

    def check_outcome(self, category: str, outcome: str) -> None:
        """A disposal method must be allowed for the category by the table in force (R9: drugs are destroyed,
        never confiscated into the budget; cash is never destroyed or sold)."""
        if outcome not in self.outcomes_for(category):
            raise TransitionRefused("outcome_not_for_category", category=category, outcome=outcome)

    def as_dict(self) -> dict:
        return {"rules": [r.as_dict() for r in self.rules], "perishable": sorted(self.perishable),
                "specialist": sorted(self.specialist), "receivers": dict(self.receivers),
                "outcomes": {c: list(o) for c, o in self.outcomes},
                "pilot_registered": sorted(self.pilot_registered)}


DEFAULT_TABLE = AuthorityTable()


def table_from_dict(raw: dict) -> AuthorityTable:
    """Validate an edited table (administrator import); refuses unknown documents, contexts, kinds."""
    if not isinstance(raw, dict):
        raise ValidationError("authority_table_invalid", field="rules", reason="{}")
    rules, seen = [], set()
    docs = {d.value for d in Doc}
    for n, r in enumerate(raw.get("rules") or [], start=1):
        try:
            doc, ctx, kinds = str(r["document"]), str(r["context"]), [str(k) for k in r.get("kinds") or []]
            source = str(r.get("source") or "").strip()
        except (KeyError, TypeError):
            raise ValidationError("authority_table_invalid", field="rules", reason=f"#{n}") from None
        if doc not in docs or ctx not in CONTEXTS or any(k not in AGENCY_KINDS for k in kinds):
            raise ValidationError("authority_table_invalid", field="rules", reason=f"#{n}: {doc} / {ctx}")
        if not source:
            raise ValidationError("authority_source_required", field="source", row=n)
        if (doc, ctx) in seen:
            raise ValidationError("authority_table_invalid", field="rules", reason=f"#{n}: {doc} / {ctx} ×2")
        seen.add((doc, ctx))
        rules.append(Rule(doc, ctx, tuple(sorted(set(kinds))), source, str(r.get("source_2025") or "").strip()))
    receivers = raw.get("receivers") or DEFAULT_RECEIVERS
    if not isinstance(receivers, dict) or any(v not in AGENCY_KINDS for v in receivers.values()):
        raise ValidationError("authority_table_invalid", field="receivers", reason="receivers")
    return AuthorityTable(tuple(rules), frozenset(raw.get("perishable") or ()), frozenset(raw.get("specialist") or ()),
                          tuple(sorted((str(k), str(v)) for k, v in receivers.items())),
                          outcomes_from_dict(raw.get("outcomes")), _registered(raw.get("pilot_registered")))


def _registered(raw) -> frozenset[str]:
    """The pilot's registered-property categories; a table saved before the setting existed gets the default."""
    if raw is None:
        return frozenset(pilot_rules.DEFAULT_REGISTERED)
    if not isinstance(raw, (list, tuple)) or any(str(c) not in CATEGORIES for c in raw):
        raise ValidationError("authority_table_invalid", field="pilot_registered", reason="pilot_registered")
    return frozenset(str(c) for c in raw)


def outcomes_from_dict(raw) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Validate the category → outcomes setting; a table saved before it existed gets the defaults."""
    if raw is None:
        return _default_outcomes()
    if not isinstance(raw, dict):
        raise ValidationError("authority_table_invalid", field="outcomes", reason="outcomes")
    allowed = {o.value for o in DISPOSAL_OUTCOMES}
    defaults = dict(_default_outcomes())
    out = {}
    for code, values in raw.items():
        if code not in CATEGORIES:
            raise ValidationError("unknown_category", field="outcomes", category=str(code))
        values = sorted({str(v) for v in values or ()})
        bad = [v for v in values if v not in allowed]
        if bad:
            raise ValidationError("authority_table_invalid", field="outcomes", reason=f"{code}: {bad[0]}")
        if not values:
            raise ValidationError("category_outcomes_empty", field="outcomes", category=code)
        if code in MONEY_CATEGORIES and MONEY_FORBIDDEN & set(values):  # Điều 106.2.b
            raise ValidationError("money_not_destroyed", field="outcomes", category=code)
        out[code] = tuple(values)
    return tuple(sorted((defaults | out).items()))


def check_issuer(table: AuthorityTable, document: str, contexts, issuer_kind: str | None,
                 issuer_name: str = "", number: str = "", day: date | None = None) -> Rule | None:
    """The issuing agency of ``document`` must be of a kind the table allows in the case's context.
    Refusal names the document, the agency and the rule (with its source)."""
    if document in NO_ISSUER:
        return None
    ctxs = [contexts] if isinstance(contexts, str) else list(contexts)  # in order; the last is the latest
    if issuer_kind is None:
        raise TransitionRefused("issuer_required", document_kind=document, number=number or "—")
    rules = [r for r in (table.rule(document, c) for c in ctxs) if r is not None]
    for r in rules:
        if issuer_kind in r.kinds:
            return r
    ctx = ctxs[-1]
    if not rules:
        raise TransitionRefused("document_not_in_context", document_kind=document, number=number or "—",
                                context=ctx)
    r = rules[-1]
    ctx = r.context
    raise TransitionRefused("issuer_not_competent", document_kind=document, number=number or "—",
                            agency=issuer_name or "—", kind=issuer_kind, context=ctx,
                            allowed=",".join(r.kinds) or "—", source=r.source_on(day))


# ---- disposal powers by stage -----------------------------------------------------------------------------

PROCEEDINGS_DISPOSAL_DOCS = frozenset({Doc.DISPOSAL_DECISION.value, Doc.SALE_DECISION.value})
ENFORCEMENT_DISPOSAL_DOCS = frozenset({Doc.ENFORCEMENT_DECISION.value, Doc.RETURN_DECISION.value,
                                       Doc.SALE_DECISION.value})


# A decision made for one outcome authorises that outcome only: the QĐ bán vật chứng a sale (BLTTHS Điều 106.3.c;
# Luật THADS Điều 124), the QĐ trả lại tài sản a return (Luật THADS Điều 126). The QĐ xử lý vật chứng and the
# QĐ thi hành án decide any outcome of their stage.
OUTCOME_SPECIFIC_DOCS = {Doc.SALE_DECISION.value: State.SOLD, Doc.RETURN_DECISION.value: State.RETURNED}


def disposal_documents(outcome: State, stage: str | None = None, *, judgment_effective: bool = False
                       ) -> tuple[str, ...]:
    """The decision kinds ``check_disposal_power`` accepts for ``outcome`` at ``stage`` (a Stage value; None: any
    stage), the one made for that outcome first — what the disposal form offers and proposes."""
    if stage is None:
        pool = PROCEEDINGS_DISPOSAL_DOCS | ENFORCEMENT_DISPOSAL_DOCS
    elif stage == Stage.ENFORCEMENT.value or (stage == Stage.TRIAL.value and judgment_effective):
        pool = ENFORCEMENT_DISPOSAL_DOCS  # after the judgment: through THADS (Luật THADS Điều 36.2)
    else:
        pool = PROCEEDINGS_DISPOSAL_DOCS
    fitting = [k for k in pool if OUTCOME_SPECIFIC_DOCS.get(k, outcome) is outcome]
    return tuple(sorted(fitting, key=lambda k: (k not in OUTCOME_SPECIFIC_DOCS, k)))


@dataclass(frozen=True)
class DisposalBasis:
    """Why a disposal is allowed now (stored with the proposal, printed)."""

    rule: str  # e.g. "106.3.c", "106.1.a", "thads", "nq164"
    source: str


def check_disposal_power(status: CaseStatus, outcome: State, category: str, decision_kind: str,
                         decision_issuer_id: int | None, table: AuthorityTable, *, pilot: bool = False,
                         day: date | None = None, examined: bool = False, issuer_kind: str | None = None,
                         issuer_name: str = "", measure: str = "") -> DisposalBasis:
    """May the warehouse carry out ``outcome`` for an item of ``category`` on a decision of
    ``decision_kind`` now? (BLTTHS Điều 106; Luật THADS Điều 36.2, 124–126; NQ 164/2024/QH15)."""
    if decision_kind == Doc.PILOT_DECISION.value or measure:  # NQ 164 pilot measure: its own rule (domain.pilot)
        m = pilot_rules.measure_for_outcome(outcome, measure)
        pilot_rules.check_measure(status, m, category, pilot=pilot, day=day, decision_kind=decision_kind,
                                  issuer_kind=issuer_kind, issuer_name=issuer_name, table=table)
        return DisposalBasis("nq164", pilot_rules.PILOT_SOURCE)
    st = status.stage
    if OUTCOME_SPECIFIC_DOCS.get(decision_kind, outcome) is not outcome:
        raise TransitionRefused("disposal_document_not_for_outcome", basis=decision_kind, outcome=outcome.value)
    if st is Stage.CLOSED and status.dismissed_stage is not None:
        # Điều 106.1 a–c: after đình chỉ, the body that dropped the case decides
        if decision_kind not in PROCEEDINGS_DISPOSAL_DOCS:
            raise TransitionRefused("disposal_wrong_document", basis=decision_kind, context=status.context)
        if status.dismissed_by is not None and decision_issuer_id != status.dismissed_by:
            raise TransitionRefused("disposal_not_dismissing_body", context=status.context)
        if day is not None and status.dismissed_on is not None and day < status.dismissed_on:
            # the power of Điều 106.1 exists from the QĐ đình chỉ: a decision dated before it had none (Điều 132)
            raise TransitionRefused("disposal_decision_before_dismissal", date=day.strftime("%d/%m/%Y"),
                                    dismissed=status.dismissed_on.strftime("%d/%m/%Y"))
        letter = {Stage.INVESTIGATION: "a", Stage.PROSECUTION: "b", Stage.TRIAL: "c"}[status.dismissed_stage]
        return DisposalBasis(f"106.1.{letter}", f"BLTTHS Điều 106.1.{letter}")
    if st is Stage.ENFORCEMENT:
        if decision_kind not in ENFORCEMENT_DISPOSAL_DOCS:
            # a judgment alone is not enough: THADS issues the QĐ THA (Luật THADS Điều 36.2)
            raise TransitionRefused("disposal_needs_enforcement_decision", basis=decision_kind,
                                    source=_thads(day, "Điều 36.2"))
        return DisposalBasis("thads", _thads(day, "Điều 36.2, 124–126"))
    if st is Stage.TRIAL and status.judgment_effective_on is not None:
        raise TransitionRefused("disposal_needs_enforcement_decision", basis=decision_kind,
                                source=_thads(day, "Điều 36.2"))
    if st not in (Stage.INVESTIGATION, Stage.PROSECUTION, Stage.TRIAL):
        raise TransitionRefused("disposal_needs_dismissal_or_judgment", outcome=outcome.value)
    # During proceedings: only the Điều 106.3 powers (and the NQ 164 pilot for flagged cases)
    if decision_kind not in PROCEEDINGS_DISPOSAL_DOCS:
        raise TransitionRefused("disposal_needs_dismissal_or_judgment", outcome=outcome.value)
    pilot_ok = pilot and (day is None or day >= PILOT_FROM)
    if outcome is State.RETURNED:
        return DisposalBasis("106.3.a", "BLTTHS Điều 106.3.a, b")
    if outcome is State.SOLD:
        if category in table.perishable:
            return DisposalBasis("106.3.c", "BLTTHS Điều 106.3.c")
        if pilot_ok:  # the pilot sale on a QĐ bán: the pilot's rules (issuer of the stage, Điều 106.3 items apart)
            pilot_rules.check_measure(status, pilot_rules.Measure.SALE, category, pilot=pilot, day=day,
                                      decision_kind=decision_kind, issuer_kind=issuer_kind,
                                      issuer_name=issuer_name, table=table)
            return DisposalBasis("nq164", pilot_rules.PILOT_SOURCE)
        raise TransitionRefused("sale_not_perishable", category=category)
    if outcome is State.DESTROYED:
        if category in table.perishable:  # "nếu không bán được thì tiêu hủy"
            return DisposalBasis("106.3.c", "BLTTHS Điều 106.3.c")
        raise TransitionRefused("disposal_needs_dismissal_or_judgment", outcome=outcome.value)
    if outcome is State.HANDED_TO_SPECIALIST:
        if category not in table.specialist:
            raise TransitionRefused("specialist_not_for_category", category=category)
        if not examined:
            raise TransitionRefused("specialist_needs_examination")
        return DisposalBasis("106.3.d", "BLTTHS Điều 106.3.d")
    raise TransitionRefused("disposal_needs_dismissal_or_judgment", outcome=outcome.value)


def _thads(day: date | None, article: str) -> str:
    if day is not None and day >= THADS_2025_FROM:
        return THADS_NEW
    return f"Luật THADS 2008 {article}"


def thads_law(day: date | None) -> str:
    """The civil-enforcement law in force on the date of an act (LEGAL-RULES §4)."""
    if day is not None and day >= THADS_2025_FROM:
        return "Luật Thi hành án dân sự số 106/2025/QH15"
    return "Luật Thi hành án dân sự 2008 (sửa đổi, bổ sung 2014, 2022)"
