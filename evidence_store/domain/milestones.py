"""Case milestones and the stage derived from them (BLTTHS 2015; Luật THADS; TT 04/2023/TT-BTP Điều 10).

A case carries dated milestones, each backed by a document with its issuer. The stage is never typed: it is
derived by applying the milestones in order to the stage the case had when registered (``origin``), and a
milestone that does not fit the case's state at that point (skipping the procuracy, a second judgment, an
enforcement decision before the judgment takes effect, ...) is refused. Going back (trả hồ sơ để điều tra bổ
sung) is its own milestone. ``cases.stage`` caches the derived stage for readers (reports, lists, scopes).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from ..i18n import N_
from .errors import TransitionRefused
from .states import Doc


class Stage(StrEnum):
    INVESTIGATION = "investigation"
    PROSECUTION = "prosecution"
    TRIAL = "trial"
    ENFORCEMENT = "enforcement"
    CLOSED = "closed"


STAGES = tuple(s.value for s in Stage)
PROCEEDINGS = frozenset({Stage.INVESTIGATION, Stage.PROSECUTION, Stage.TRIAL})

# Competence contexts: the stage, or the stage at which the case was dropped (BLTTHS Điều 106.1 a–c).
DISMISSED = {Stage.INVESTIGATION: "dismissed_investigation", Stage.PROSECUTION: "dismissed_prosecution",
             Stage.TRIAL: "dismissed_trial"}
CONTEXTS = ("investigation", "prosecution", "trial", "enforcement", "dismissed_investigation",
            "dismissed_prosecution", "dismissed_trial")
CONTEXT_LABELS = {
    "investigation": N_("Điều tra"), "prosecution": N_("Truy tố"), "trial": N_("Xét xử"),
    "enforcement": N_("Thi hành án"), "dismissed_investigation": N_("Đình chỉ ở giai đoạn điều tra"),
    "dismissed_prosecution": N_("Đình chỉ ở giai đoạn truy tố"),
    "dismissed_trial": N_("Đình chỉ ở giai đoạn chuẩn bị xét xử"),
}


class Milestone(StrEnum):
    OPENING = "opening"
    SUSPENSION = "suspension"
    RESUMPTION = "resumption"
    DISMISSAL = "dismissal"
    INVESTIGATION_CONCLUSION = "investigation_conclusion"
    INDICTMENT = "indictment"
    SUPPLEMENTARY_INVESTIGATION = "supplementary_investigation"
    FIRST_INSTANCE_JUDGMENT = "first_instance_judgment"
    APPEAL_JUDGMENT = "appeal_judgment"
    JUDGMENT_EFFECTIVE = "judgment_effective"
    ENFORCEMENT_DECISION = "enforcement_decision"
    EVIDENCE_TRANSFER = "evidence_transfer"


MILESTONE_LABELS = {
    Milestone.OPENING: N_("Khởi tố vụ án"),
    Milestone.SUSPENSION: N_("Tạm đình chỉ"),
    Milestone.RESUMPTION: N_("Phục hồi"),
    Milestone.DISMISSAL: N_("Đình chỉ vụ án"),
    Milestone.INVESTIGATION_CONCLUSION: N_("Kết luận điều tra"),
    Milestone.INDICTMENT: N_("Truy tố (cáo trạng)"),
    Milestone.SUPPLEMENTARY_INVESTIGATION: N_("Trả hồ sơ để điều tra bổ sung"),
    Milestone.FIRST_INSTANCE_JUDGMENT: N_("Bản án / quyết định sơ thẩm"),
    Milestone.APPEAL_JUDGMENT: N_("Bản án / quyết định phúc thẩm"),
    Milestone.JUDGMENT_EFFECTIVE: N_("Bản án có hiệu lực pháp luật"),
    Milestone.ENFORCEMENT_DECISION: N_("Quyết định thi hành án"),
    Milestone.EVIDENCE_TRANSFER: N_("Quyết định chuyển giao vật chứng (VKS → THADS)"),
}

# The document kind(s) each milestone is recorded on.
MILESTONE_DOCS: dict[Milestone, frozenset[Doc]] = {
    Milestone.OPENING: frozenset({Doc.CASE_OPENING}),
    Milestone.SUSPENSION: frozenset({Doc.SUSPENSION_DECISION}),
    Milestone.RESUMPTION: frozenset({Doc.RESUMPTION_DECISION}),
    Milestone.DISMISSAL: frozenset({Doc.DISMISSAL_DECISION}),
    Milestone.INVESTIGATION_CONCLUSION: frozenset({Doc.INVESTIGATION_CONCLUSION}),
    Milestone.INDICTMENT: frozenset({Doc.INDICTMENT}),
    Milestone.SUPPLEMENTARY_INVESTIGATION: frozenset({Doc.SUPPLEMENTARY_INVESTIGATION}),
    Milestone.FIRST_INSTANCE_JUDGMENT: frozenset({Doc.JUDGMENT}),
    Milestone.APPEAL_JUDGMENT: frozenset({Doc.APPEAL_JUDGMENT}),
    Milestone.JUDGMENT_EFFECTIVE: frozenset({Doc.JUDGMENT, Doc.APPEAL_JUDGMENT}),
    Milestone.ENFORCEMENT_DECISION: frozenset({Doc.ENFORCEMENT_DECISION}),
    Milestone.EVIDENCE_TRANSFER: frozenset({Doc.TRANSFER_DECISION}),
}

# Legal source of each milestone's effect, printed with a refusal.
MILESTONE_SOURCES = {
    Milestone.OPENING: "Điều 153, 154 BLTTHS",
    Milestone.SUSPENSION: "Điều 229, 247, 281 BLTTHS",
    Milestone.RESUMPTION: "Điều 235, 250, 283 BLTTHS",
    Milestone.DISMISSAL: "Điều 230, 248, 282 BLTTHS",
    Milestone.INVESTIGATION_CONCLUSION: "Điều 232 BLTTHS",
    Milestone.INDICTMENT: "Điều 243 BLTTHS",
    Milestone.SUPPLEMENTARY_INVESTIGATION: "Điều 245, 280 BLTTHS",
    Milestone.FIRST_INSTANCE_JUDGMENT: "Điều 260 BLTTHS",
    Milestone.APPEAL_JUDGMENT: "Điều 355 BLTTHS",
    Milestone.JUDGMENT_EFFECTIVE: "Điều 343 BLTTHS",
    Milestone.ENFORCEMENT_DECISION: "Luật THADS Điều 36.2",
    Milestone.EVIDENCE_TRANSFER: "TT 04/2023/TT-BTP Điều 10",
}


# The earliest day a first-instance judgment or decision that was not appealed may be recorded as legally
# effective: Điều 343 BLTTHS gives it effect only once the periods for appeal and protest have run — 15 days
# for a judgment and 7 for a decision (Điều 333), 15 / 30 days for the VKS cùng cấp / cấp trên against a
# judgment and 7 / 15 against a decision (Điều 337). The milestone cannot tell a bản án from a quyết định sơ
# thẩm (both are Doc.JUDGMENT), and the summary procedure shortens the periods, so the floor is the shortest
# period the Code names anywhere, 7 days: it never refuses a lawful record, and refuses the impossible one
# (an effect on the day of pronouncement). Whether the day of pronouncement counts is read both ways; the floor
# takes the lenient reading (effect possible 7 days after it), the same reason again.
APPEAL_FLOOR_DAYS = 7


def earliest_effect(pronounced: date) -> date:
    """The first day a first-instance judgment pronounced on ``pronounced`` can be legally effective."""
    return pronounced + timedelta(days=APPEAL_FLOOR_DAYS)


@dataclass(frozen=True)
class Fact:
    """One recorded milestone, as the derivation needs it."""

    kind: str
    on: date
    issuer_id: int | None = None
    document_id: int | None = None


@dataclass(frozen=True)
class CaseStatus:
    stage: Stage
    opened: bool = False
    suspended: bool = False
    dismissed_stage: Stage | None = None
    dismissed_by: int | None = None  # the agency that dropped the case decides the disposal (Điều 106.1)
    dismissed_on: date | None = None  # the QĐ đình chỉ's date: that power exists from it
    judgment_on: date | None = None
    judgment_appealed: bool = False  # the last judgment is the appeal one (effective on pronouncement, Điều 355)
    judgment_effective_on: date | None = None
    enforcement_on: date | None = None
    evidence_transfer_id: int | None = None  # document of the VKS → THADS transfer decision
    last_on: date | None = None

    @property
    def context(self) -> str:
        """The competence context: the stage, or where the case was dropped."""
        if self.stage is Stage.CLOSED and self.dismissed_stage is not None:
            return DISMISSED[self.dismissed_stage]
        return self.stage.value


def _refuse(reason: str, m: Milestone, status: CaseStatus, **extra) -> TransitionRefused:
    return TransitionRefused(reason, milestone=m.value, stage=status.stage.value,
                             source=MILESTONE_SOURCES[m], **extra)


def apply(status: CaseStatus, fact: Fact, *, replay: bool = False) -> CaseStatus:
    """The case's status after ``fact``; refuses a milestone that does not fit (legal order). ``replay``: a
    stored history is read again — the appeal-period floor, which does not change the stage, is checked when a
    milestone is recorded, so a history recorded before that rule still reads."""
    m = Milestone(fact.kind)
    if status.last_on is not None and fact.on < status.last_on:
        raise _refuse("milestone_before_previous", m, status, previous=status.last_on.strftime("%d/%m/%Y"))
    st = status.stage
    new = replace(status, last_on=fact.on)
    if m is Milestone.RESUMPTION:
        if status.suspended:
            return replace(new, suspended=False)
        if st is Stage.CLOSED and status.dismissed_stage is not None:  # QĐ đình chỉ hủy bỏ: phục hồi (Điều 235)
            return replace(new, stage=status.dismissed_stage, dismissed_stage=None, dismissed_by=None,
                           dismissed_on=None)
        raise _refuse("milestone_not_suspended", m, status)
    if st is Stage.CLOSED:
        raise _refuse("milestone_case_closed", m, status)
    if m is Milestone.OPENING:
        if status.opened:
            raise _refuse("milestone_repeated", m, status)
        if st is not Stage.INVESTIGATION:
            raise _refuse("milestone_wrong_stage", m, status)
        return replace(new, opened=True)
    if m is Milestone.DISMISSAL:
        if st not in PROCEEDINGS:
            raise _refuse("milestone_wrong_stage", m, status)
        return replace(new, stage=Stage.CLOSED, dismissed_stage=st, dismissed_by=fact.issuer_id, suspended=False,
                       dismissed_on=fact.on)
    if m is Milestone.EVIDENCE_TRANSFER:  # after the indictment (TT 04/2023/TT-BTP Điều 10)
        if st not in (Stage.TRIAL, Stage.ENFORCEMENT):
            raise _refuse("milestone_wrong_stage", m, status)
        return replace(new, evidence_transfer_id=fact.document_id)
    if m is Milestone.ENFORCEMENT_DECISION and st is Stage.ENFORCEMENT:
        return new  # a further QĐ THA for other items of the same judgment
    if status.suspended:
        raise _refuse("milestone_suspended", m, status)
    if m is Milestone.SUSPENSION:
        if st not in PROCEEDINGS:
            raise _refuse("milestone_wrong_stage", m, status)
        return replace(new, suspended=True)
    if m is Milestone.INVESTIGATION_CONCLUSION:
        if st is not Stage.INVESTIGATION:
            raise _refuse("milestone_wrong_stage", m, status)
        if not status.opened:
            raise _refuse("milestone_needs_opening", m, status)
        return replace(new, stage=Stage.PROSECUTION)
    if m is Milestone.INDICTMENT:
        if st is not Stage.PROSECUTION:
            raise _refuse("milestone_wrong_stage", m, status)
        return replace(new, stage=Stage.TRIAL)
    if m is Milestone.SUPPLEMENTARY_INVESTIGATION:
        back = {Stage.PROSECUTION: Stage.INVESTIGATION, Stage.TRIAL: Stage.PROSECUTION}.get(st)
        if back is None or status.judgment_on is not None:
            raise _refuse("milestone_wrong_stage", m, status)
        return replace(new, stage=back)
    if m is Milestone.FIRST_INSTANCE_JUDGMENT:
        if st is not Stage.TRIAL or status.judgment_effective_on is not None:
            raise _refuse("milestone_wrong_stage", m, status)
        return replace(new, judgment_on=fact.on, judgment_appealed=False)
    if m is Milestone.APPEAL_JUDGMENT:
        if st is not Stage.TRIAL or status.judgment_on is None or status.judgment_effective_on is not None:
            raise _refuse("milestone_needs_judgment", m, status)
        return replace(new, judgment_on=fact.on, judgment_appealed=True)
    if m is Milestone.JUDGMENT_EFFECTIVE:
        if st is not Stage.TRIAL or status.judgment_on is None:
            raise _refuse("milestone_needs_judgment", m, status)
        if status.judgment_effective_on is not None:
            raise _refuse("milestone_repeated", m, status)
        if not replay and not status.judgment_appealed and fact.on < earliest_effect(status.judgment_on):  # Điều 333, 337, 343
            raise _refuse("judgment_effective_too_early", m, status, days=APPEAL_FLOOR_DAYS,
                          judgment=status.judgment_on.strftime("%d/%m/%Y"),
                          earliest=earliest_effect(status.judgment_on).strftime("%d/%m/%Y"))
        return replace(new, judgment_effective_on=fact.on)
    if m is Milestone.ENFORCEMENT_DECISION:
        if st is not Stage.TRIAL or status.judgment_effective_on is None:
            raise _refuse("milestone_needs_effective_judgment", m, status)
        return replace(new, stage=Stage.ENFORCEMENT, enforcement_on=fact.on)
    raise _refuse("milestone_wrong_stage", m, status)  # pragma: no cover


def initial(origin: str | None) -> CaseStatus:
    """A case registered without milestones starts at its registered stage (investigation for new cases;
    the stage stored before milestones existed for older ones)."""
    try:
        stage = Stage(origin or Stage.INVESTIGATION)
    except ValueError:
        stage = Stage.INVESTIGATION
    # an older case registered past investigation was necessarily opened (khởi tố) before
    return CaseStatus(stage=stage, opened=stage is not Stage.INVESTIGATION)


def derive(origin: str | None, facts) -> CaseStatus:
    status = initial(origin)
    for fact in facts:
        status = apply(status, fact, replay=True)
    return status


def contexts_on(origin: str | None, facts, day: date) -> list[str]:
    """The competence contexts a document dated ``day`` may have been issued in: the case's context at the
    start of that day and after each milestone of that day (a release order and a kết luận điều tra can share
    a date)."""
    status = initial(origin)
    for fact in facts:
        if fact.on >= day:
            break
        status = apply(status, fact, replay=True)
    out = [status.context]
    for fact in facts:
        if fact.on == day:
            status = apply(status, fact, replay=True)
            if status.context not in out:
                out.append(status.context)
    return out  # in order: the last is the case's context at the end of that day
