"""What a disposal proposal records for its outcome (BLTTHS Điều 106; Luật THADS Điều 124–126; ND 62/2015 Điều 33):
the recipient of a return with the owner's authorisation, the THADS council and its members, who holds the items
after the act."""

from __future__ import annotations


from ..domain import lifecycle_rules
from ..domain.errors import TransitionRefused, ValidationError
from ..domain.states import Doc, Move, State
from ..domain.text import nfc
from ..db.models import Agency, Item
from ..domain import authority as authority_rules
from ..domain import milestones as milestone_rules
from ..domain.text import fold
from . import pilot
from . import workflow
from .authority import load_table
from .commands import ProposeDisposal


def proposal_details(s, cmd: ProposeDisposal, outcome: State, items, status, case, measure: str = ""):
    """What each outcome records (Điều 106; Luật THADS Điều 124–126; ND 62/2015 Điều 33; NQ 164/2024/QH15)."""
    recipient = receiving = None
    extra = []
    d = {"outcome": outcome.value, "note": nfc(cmd.note)}
    enforcement = status.stage is milestone_rules.Stage.ENFORCEMENT
    if outcome is State.RETURNED and cmd.recipient is not None:
        recipient = workflow.person(s, cmd.recipient, "recipient")
        if not recipient.id_number:
            raise ValidationError("recipient_identity_required", field="recipient")
        d |= {"recipient": recipient.full_name, "recipient_id_number": recipient.id_number,
              "notice_on": cmd.notice_on.isoformat() if cmd.notice_on else "", "receipt": nfc(cmd.receipt)}
        extra.append(workflow.optional_basis(s, cmd.return_decision, Move.DISPOSE, {Doc.RETURN_DECISION}, case_id=case.id))
        authorisation = workflow.optional_basis(s, cmd.authorisation, Move.DISPOSE, {Doc.AUTHORISATION}, case_id=case.id)
        if authorisation is not None:
            extra.append(authorisation)
            d |= _authorised_by_owner(items, recipient, authorisation, cmd)
        elif measure == pilot.Measure.REFUND:
            pass  # NQ 164 pilot: the money goes to the victims named in the decision, not to its owner
        else:
            for item in items:
                _check_owner(item, recipient)
    if outcome in (State.CONFISCATED, State.HANDED_TO_SPECIALIST) and cmd.receiving_agency_id:
        receiving = workflow.agency(s, cmd.receiving_agency_id, "receiving_agency")
        table = load_table(s)
        if outcome is State.CONFISCATED:  # Luật THADS Điều 124; receiver by category (the table's setting)
            for item in items:
                expected = table.receiver_kind(item.category)
                if receiving.kind != expected:
                    raise TransitionRefused("confiscation_wrong_receiver", category=item.category,
                                            expected_kind=expected, agency=receiving.name,
                                            source=authority_rules._thads(workflow.day_of(cmd.occurred_at), "Điều 124"))
        elif receiving.kind != "specialised":  # Điều 106.3.d: the specialised agency
            raise TransitionRefused("specialist_wrong_receiver", agency=receiving.name)
        d |= {"receiving_agency": receiving.name, "examination": nfc(cmd.examination)}
    if outcome is State.DESTROYED:
        council = workflow.optional_basis(s, cmd.council_decision, Move.DISPOSE, {Doc.COUNCIL_DECISION}, case_id=case.id)
        extra.append(council)
        members = [nfc(m) for m in cmd.council_members if nfc(m)]
        supervisor = nfc(cmd.supervisor)
        if enforcement:
            members, supervisor = _thads_council(s, cmd, council, status, members, supervisor)
        d |= {"council_decision": council.number if council else "", "method": nfc(cmd.method),
              "council_members": members, "supervisor": supervisor}
    if outcome is State.SOLD:
        d |= {"proceeds": cmd.proceeds if cmd.proceeds and cmd.proceeds > 0 else None,
              "holding_account": nfc(cmd.holding_account), "buyer": nfc(cmd.buyer)}
    if measure:
        d |= pilot.disposal_facts(cmd, measure, case)
    missing = lifecycle_rules.missing_requirements(outcome, d)
    if missing:
        raise ValidationError("disposal_details_missing", field=missing[0], missing=", ".join(missing))
    d["holder"] = _holder(outcome, d)
    return d, recipient, receiving, [e for e in extra if e is not None]



def _authorised_by_owner(items, recipient, authorisation, cmd) -> dict:
    """A return to someone other than the owner, on a giấy ủy quyền (Điều 106.3.a BLTTHS; BLDS Điều 138, 562): the
    paper acts for the items' recorded owner — one owner, recorded, who signs it when a signer is given; dated on or
    before the return. What the record states: for whom it acts, its number and date."""
    owners = {(fold(i.owner_name or ""), i.owner_id_number or "") for i in items}
    unknown = next((i for i in items if not nfc(i.owner_name)), None)
    if unknown is not None:
        raise TransitionRefused("authorisation_without_owner", code=unknown.code, number=authorisation.number)
    if len({name for name, _id in owners}) > 1:
        raise TransitionRefused("authorisation_several_owners", number=authorisation.number,
                                owners=", ".join(sorted({i.owner_name for i in items})))
    owner = items[0]
    signer = nfc(cmd.authorisation.signer_name) if cmd.authorisation is not None else ""
    if signer and fold(signer) != fold(owner.owner_name):
        raise TransitionRefused("authorisation_not_from_owner", number=authorisation.number, signer=signer,
                                owner=owner.owner_name)
    if recipient is not None and fold(recipient.full_name or "") == fold(owner.owner_name or ""):
        raise ValidationError("authorisation_for_the_owner_himself", field="authorisation",
                              number=authorisation.number, owner=owner.owner_name)
    # chronology: the paper exists before the items are handed over
    if authorisation.issued_on and authorisation.issued_on > workflow.day_of(cmd.occurred_at):
        raise TransitionRefused("act_before_basis", document_kind=Doc.AUTHORISATION.value,
                                number=authorisation.number, date=authorisation.issued_on.strftime("%d/%m/%Y"))
    return {"authorisation": authorisation.number,
            "authorisation_on": authorisation.issued_on.isoformat() if authorisation.issued_on else "",
            "authorisation_for": owner.owner_name, "authorisation_for_id": owner.owner_id_number or ""}


def _check_owner(item: Item, recipient) -> None:
    """Return only to the recorded owner (or lawful custodian), else with an authorisation (Điều 106.3.a/b)."""
    same_id = item.owner_id_number and recipient.id_number and item.owner_id_number == recipient.id_number
    same_name = fold(item.owner_name or "") == fold(recipient.full_name or "") and (
        not item.owner_id_number or not recipient.id_number)
    if item.owner_name and (same_id or same_name):
        return
    raise TransitionRefused("return_not_owner", code=item.code, recipient=recipient.full_name,
                            owner=item.owner_name or "—")


def _thads_council(s, cmd, council, status, members, supervisor):
    """Luật THADS Điều 125 (2008; Luật 106/2025/QH15 from 01/07/2026): a council set up by the head of THADS
    (the competence table checks the decision's issuer), chaired by a Chấp hành viên, with the same-level
    finance agency's representative; a VKS Kiểm sát viên supervises."""
    source = authority_rules._thads(workflow.day_of(cmd.occurred_at), "Điều 125")
    if council is None:
        raise TransitionRefused("council_required", source=source)
    if status.enforcement_on and council.issued_on < status.enforcement_on:
        raise TransitionRefused("council_before_enforcement", council=council.number,
                                council_date=council.issued_on.strftime("%d/%m/%Y"),
                                date=status.enforcement_on.strftime("%d/%m/%Y"), source=source)
    if not nfc(cmd.council_chair):
        raise TransitionRefused("council_chair_required", source=source)
    finance = s.get(Agency, cmd.council_finance_agency_id) if cmd.council_finance_agency_id else None
    if finance is None or finance.kind != "finance" or not nfc(cmd.council_finance_member):
        raise TransitionRefused("council_finance_required", source=source)
    vks = s.get(Agency, cmd.supervisor_agency_id) if cmd.supervisor_agency_id else None
    if vks is None or vks.kind != "procuracy" or not supervisor:
        raise TransitionRefused("council_supervisor_required", source=source)
    # stored as recorded (Vietnamese, the language of the record), printed as is
    chair = f"Chấp hành viên {nfc(cmd.council_chair)} — Chủ tịch Hội đồng"
    fin = f"{nfc(cmd.council_finance_member)} — đại diện {finance.name}"
    # the chair and the finance representative have their own fields: a members' line naming them again («Bùi Thanh
    # Sơn - Chấp hành viên») is the same person, listed once on the record (issue 17)
    named = {nfc(cmd.council_chair).casefold(), nfc(cmd.council_finance_member).casefold()}
    others = [m for m in members if m not in (chair, fin) and _person_of(m) not in named]
    return [chair, fin, *others], f"{supervisor} — Kiểm sát viên {vks.name}"


def _person_of(line: str) -> str:
    """The name a members' line starts with, before its title or agency («Lê Thị Mai - Sở Tài chính»)."""
    import re
    return re.split(r"\s+[-–—]\s+|,", nfc(line), maxsplit=1)[0].strip().casefold()


def _holder(outcome: State, d: dict) -> str:
    if outcome is State.RETURNED:
        return d["recipient"]
    if outcome in (State.CONFISCATED, State.HANDED_TO_SPECIALIST):
        return d["receiving_agency"]
    return d.get("buyer", "")
