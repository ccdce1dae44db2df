"""The destruction council of a disposal (Luật THADS Điều 125; ND 62/2015 Điều 33): its signature slots, their
roles, who may be absent at the act and how a member's title is told from the name."""

from __future__ import annotations

from ..domain.errors import TransitionRefused, ValidationError
from ..domain.text import nfc
from ..db.models import Agency, Handover, Signature
from ..i18n import N_
from . import persistence
from .signature_slots import ABSENT, live
from .commands import PersonInput
from .commands import ProposeDisposal


# the council's chair, the finance agency's representative and the supervising Kiểm sát viên cannot be absent
REQUIRED_AT_DESTRUCTION = ("chair", "finance", "supervisor")


def _council_role(s, sig: Signature) -> str:
    """chair | finance | member | supervisor of a council slot (the finance agency's representative is the member
    whose agency is a finance agency: Luật THADS Điều 125)."""
    if sig.role != "member":
        return sig.role
    from ..db.models import Person
    person = s.get(Person, sig.person_id) if sig.person_id else None
    agency = s.get(Agency, person.agency_id) if person is not None and person.agency_id else None
    return "finance" if agency is not None and agency.kind == "finance" else "member"


def council_slots(s, ho: Handover) -> list[tuple[Signature, str]]:
    return [(sig, _council_role(s, sig)) for sig in sorted(live(ho), key=lambda g: g.id)
            if sig.role in ("chair", "member", "supervisor")]


def check_presence(s, ho: Handover, absent_ids) -> list[str]:
    """Members of the destruction council may be absent; its chair (the Chấp hành viên), the finance agency's
    representative and the supervising Kiểm sát viên may not (Luật THADS Điều 125; ND 62/2015 Điều 33). The absent
    members' signature slots are marked absent: the record lists and signs for those present only."""
    absent_ids = {int(i) for i in absent_ids or ()}
    slots = council_slots(s, ho)
    known = {sig.id for sig, _role in slots}
    unknown = absent_ids - known
    if unknown:
        raise ValidationError("council_member_unknown", field="absent_members", handover=ho.number)
    missing = [(sig, role) for sig, role in slots if sig.id in absent_ids and role in REQUIRED_AT_DESTRUCTION]
    if missing:
        from ..i18n import _
        names = ", ".join(f"{_(COUNCIL_ROLE_LABELS[role])} {sig.person_name}" for sig, role in missing)
        raise TransitionRefused("council_required_absent", names=names)
    out = []
    for sig, _role in slots:
        if sig.id in absent_ids:  # the slot is kept (signatures are never deleted), marked absent
            out.append(sig.person_name)
            sig.status = ABSENT
    return out


COUNCIL_ROLE_LABELS = {"chair": N_("Chủ tịch Hội đồng"), "finance": N_("đại diện cơ quan tài chính"),
                       "supervisor": N_("Kiểm sát viên"), "member": N_("thành viên")}

TITLES = ("Chấp hành viên", "Đại diện Sở Tài chính", "Đại diện Phòng Tài chính - Kế hoạch", "Đại diện cơ quan tài chính",
          "Kiểm sát viên", "Thẩm tra viên", "Kế toán", "Thủ kho")


def split_title(text: str) -> tuple[str, str]:
    """'Chấp hành viên Đặng Quang Hà' → ('Chấp hành viên', 'Đặng Quang Hà'): a title is a position, not a name."""
    text = nfc(text)
    for title in TITLES:
        if text.lower().startswith(title.lower() + " "):
            return title, text[len(title):].strip(" ,—-")
    if "," in text:  # "họ tên, chức vụ" as the forms ask: 'Đỗ Minh An, Cán bộ kỹ thuật'
        from ..domain.participants import split_line
        name, position = split_line(text)
        return position, name
    return "", text


def proposed_council(s, cmd: ProposeDisposal) -> list:
    """The destruction council signs its record (Luật THADS Điều 125; ND 62/2015 Điều 33): the first member chairs,
    the others are members, the Kiểm sát viên supervises — each a person with a position, in a slot of their own.
    (Who may sit on the council is H11's rule; here each named member gets a signature.)"""
    slots = []
    # the Chấp hành viên belongs to the THADS that set the council up, the Kiểm sát viên to the VKS named beside him:
    # the record names each with the agency (issue #12: «Bà Lê Thu Hà — Kiểm sát viên» said of no agency)
    council_agency = cmd.council_decision.issuing_agency_id if cmd.council_decision is not None else None
    if nfc(cmd.council_chair):  # a THADS council (H11): the Chấp hành viên chairs, finance's representative sits
        slots.append(("chair", persistence.get_or_create_person(s, PersonInput(full_name=nfc(cmd.council_chair),
                                                                     position="Chấp hành viên",
                                                                     agency_id=council_agency),
                                                      required_field="council_chair")))
        finance = s.get(Agency, cmd.council_finance_agency_id) if cmd.council_finance_agency_id else None
        if nfc(cmd.council_finance_member):
            slots.append(("member", persistence.get_or_create_person(s, PersonInput(
                full_name=nfc(cmd.council_finance_member),
                position="Đại diện cơ quan tài chính",  # the agency prints beside it, once
                agency_id=finance.id if finance else None), required_field="council_finance_member")))
    for i, raw in enumerate(m for m in cmd.council_members if nfc(m)):
        position, name = split_title(raw)
        who = persistence.get_or_create_person(s, PersonInput(full_name=name, position=position), required_field="council")
        slots.append(("chair" if i == 0 and not slots else "member", who))
    if nfc(cmd.supervisor):
        position, name = split_title(cmd.supervisor)
        who = persistence.get_or_create_person(s, PersonInput(full_name=name, position=position or "Kiểm sát viên",
                                                              agency_id=cmd.supervisor_agency_id),
                                     required_field="supervisor")
        slots.append(("supervisor", who))
    return slots
