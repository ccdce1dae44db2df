"""Permission scenarios of the lifecycle services (registered into permission_scenarios.SCENARIOS)."""

from __future__ import annotations

from datetime import timedelta

from evidence_store.services import (announce, corrections, custody, disposal, disposal_carry_out, handovers, incidents,
                                     label_prints, queries, release, release_approval, transfer)
from evidence_store.services import commands
from evidence_store.services.commands import CaseInput, FileInput, NewItem, PersonInput, ReceiveItems
from evidence_store.services.context import UnitOfWork

from .builders import deliverer, intake_order, phone, receive, seizure_record
from .lifecycle_builders import seals_checked
from .lifecycle_builders import TODAY, approve_pending, check_signers, doc, examiner, owner, rep
from .permission_scenarios import SYSTEM, received, scenario

PNG = b"\x89PNG\r\n\x1a\nx"


def _sys(db, fn, cmd):
    with UnitOfWork(db, SYSTEM) as uow:
        return fn(uow, cmd)


def _as(db, actor, fn, cmd):
    with UnitOfWork(db, actor) as uow:
        return fn(uow, cmd)


def _utcnow():
    from evidence_store.services.persistence import utcnow
    return utcnow()


def _prepared(db, w, n):
    """A release prepared by the system, waiting for a commander's approval (ND 142/2024 Điều 4)."""
    codes = received(db, n)
    return _sys(db, release.release_items, commands.ReleaseItems(
        codes, doc("release_order", f"{n}/LXK", w.agencies["pc02"]), "examination", examiner(w.agencies["ca"]),
        TODAY + timedelta(5), receiver_agency_id=w.agencies["ca"], seal_states=seals_checked(codes))).handover_number, codes


def _released(db, w, n):
    number, codes = _prepared(db, w, n)
    approve_pending(db, number)
    return codes


def _handover(db, n):
    number = receive(db, SYSTEM, [phone()], case_number=f"{n}/2026/BB").handover_number
    with UnitOfWork(db, SYSTEM, write=False) as uow:
        return number, handovers.handover_detail(uow, number).signatures[0].id


def _proposal(db, w, n):
    codes = received(db, n)
    return _sys(db, disposal.propose_disposal, commands.ProposeDisposal(
        codes, "returned", doc("disposal_decision", f"{n}/QĐ-XLVC", w.agencies["pc02"]), recipient=owner()))


@scenario("announce.announce_items", "receive_items")
def _announce(db, w, n, actor):
    cmd = ReceiveItems(intake_order(f"{n}/LNK-A"), (phone(),), PersonInput(full_name="Lê Văn Cường"),
                       new_case=CaseInput(f"{n}/2026/AN"), seizure_record=seizure_record())
    return lambda uow: announce.announce_items(uow, cmd)


@scenario("announce.receive_announced", "receive_items")
def _receive_announced(db, w, n, actor):
    cmd = ReceiveItems(intake_order(f"{n}/LNK-B"), (phone(),), PersonInput(full_name="Lê Văn Cường"),
                       new_case=CaseInput(f"{n}/2026/AR"), seizure_record=seizure_record())
    codes = _sys(db, announce.announce_items, cmd).item_codes
    seals = dict.fromkeys(codes, "intact")
    return lambda uow: announce.receive_announced(uow, announce.ReceiveAnnounced(codes, deliverer(full_name="A"),
                                                                                 seal_states=seals))


@scenario("release.release_items", "release_items")
def _release(db, w, n, actor):
    codes = received(db, n)
    cmd = commands.ReleaseItems(codes, doc("release_order", f"{n}/LXK", w.agencies["pc02"]), "trial",
                         examiner(w.agencies["ta"]), TODAY + timedelta(3), receiver_agency_id=w.agencies["ta"], seal_states=seals_checked(codes))
    return lambda uow: release.release_items(uow, cmd)


@scenario("release_approval.approve_release", "approve_release")
def _approve_release(db, w, n, actor):
    number, _codes = _prepared(db, w, n)
    return lambda uow: release_approval.approve_release(uow, commands.DecideRelease(number))


@scenario("release_approval.reject_release", "approve_release")
def _reject_release(db, w, n, actor):
    number, _codes = _prepared(db, w, n)
    return lambda uow: release_approval.reject_release(uow, commands.DecideRelease(number, "Người nhận chưa đủ giấy tờ"))


@scenario("release_approval.withdraw_release", "release_items")
def _withdraw_release(db, w, n, actor):
    """Only the clerk who prepared it withdraws: the actor prepares when it may, else the system does (refused)."""
    from evidence_store.domain.permissions import allowed
    codes = received(db, n)
    cmd = commands.ReleaseItems(codes, doc("release_order", f"{n}/LXK-W", w.agencies["pc02"]), "examination",
                                examiner(w.agencies["ca"]), TODAY + timedelta(5), receiver_agency_id=w.agencies["ca"], seal_states=seals_checked(codes))
    number = (_as(db, actor, release.release_items, cmd) if allowed(actor.roles, "release_items")
              else _sys(db, release.release_items, cmd)).handover_number
    return lambda uow: release_approval.withdraw_release(uow, commands.DecideRelease(number, "Người nhận không đến"))


@scenario("release.return_items", "return_items")
def _return(db, w, n, actor):
    codes = _released(db, w, n)
    return lambda uow: release.return_items(uow, commands.ReturnItems(codes, w.locations["bin_A111"],
                                                                examiner(w.agencies["ca"]), seal_intact=True))


@scenario("transfer.transfer_responsibility", "transfer_responsibility")
def _transfer(db, w, n, actor):
    codes = received(db, n)
    # between investigating bodies at the investigation stage (BLTTHS Điều 169)
    cmd = commands.TransferResponsibility(doc("transfer_decision", f"{n}/QĐ", w.agencies["pc02"]), w.agencies["cqdt"],
                                   codes=codes, receiver=rep(w.agencies["cqdt"]))
    return lambda uow: transfer.transfer_responsibility(uow, cmd)


@scenario("custody.deposit_items", "deposit_items")
def _deposit(db, w, n, actor):
    codes = receive(db, SYSTEM, [NewItem("cash_vnd", "Tiền", 1000, "đồng", sealed=True, seal_state="intact", seal_number=f"NP-D{n}")],
                    case_number=f"{n}/2026/DP").item_codes
    cmd = commands.DepositItems(codes, w.agencies["khobac"], doc("deposit_decision", f"{n}/QĐ-G", w.agencies["pc02"]),
                         receiver=rep(w.agencies["khobac"]), account="3949.0.1055000", seal_states=seals_checked(codes))
    return lambda uow: custody.deposit_items(uow, cmd)


def _entrusted(db, w, n):
    bike = NewItem("motorbike", "Xe mô tô", 1, "chiếc")
    codes = receive(db, SYSTEM, [bike], case_number=f"{n}/2026/GB").item_codes
    number = _sys(db, custody.entrust_items, commands.EntrustItems(
        codes, owner(), "owner", doc("entrust_decision", f"{n}/QĐ-GB", w.agencies["pc02"]))).handover_number
    approve_pending(db, number)  # the items leave once the commander approves (ND 142/2024 Điều 4)
    return codes


@scenario("custody.entrust_items", "entrust_items")
def _entrust(db, w, n, actor):
    codes = receive(db, SYSTEM, [NewItem("car", "Ô tô", 1, "chiếc")], case_number=f"{n}/2026/OT").item_codes
    cmd = commands.EntrustItems(codes, owner(), "owner", doc("entrust_decision", f"{n}/QĐ-E", w.agencies["pc02"]))
    return lambda uow: custody.entrust_items(uow, cmd)


@scenario("custody.recall_items", "return_items")
def _recall(db, w, n, actor):
    codes = _entrusted(db, w, n)
    cmd = commands.RecallItems(codes, intake_order(f"{n}/LNK-R"), w.locations["yard"], giver=owner())
    return lambda uow: custody.recall_items(uow, cmd)


@scenario("custody.check_entrusted", "check_entrusted")
def _check(db, w, n, actor):
    codes = _entrusted(db, w, n)
    return lambda uow: custody.check_entrusted(uow, commands.CheckEntrusted(codes, **check_signers()))


@scenario("disposal.propose_disposal", "record_disposal")
def _propose(db, w, n, actor):
    codes = received(db, n)
    cmd = commands.ProposeDisposal(codes, "returned", doc("disposal_decision", f"{n}/QĐ-P", w.agencies["pc02"]),
                            recipient=owner())
    return lambda uow: disposal.propose_disposal(uow, cmd)


@scenario("disposal.approve_disposal", "approve_disposal")
def _approve(db, w, n, actor):
    number = _proposal(db, w, n).handover_number
    return lambda uow: disposal.approve_disposal(uow, commands.DecideDisposal(number))


@scenario("disposal.reject_disposal", "approve_disposal")
def _reject(db, w, n, actor):
    number = _proposal(db, w, n).handover_number
    return lambda uow: disposal.reject_disposal(uow, commands.DecideDisposal(number, "Thiếu căn cứ"))


@scenario("disposal.withdraw_disposal", "record_disposal")
def _withdraw(db, w, n, actor):
    """Only the proposer withdraws: the actor proposes when it may, else the system does (the call is refused)."""
    codes = received(db, n)
    cmd = commands.ProposeDisposal(codes, "returned", doc("disposal_decision", f"{n}/QĐ-W", w.agencies["pc02"]),
                            recipient=owner())
    from evidence_store.domain.permissions import allowed
    number = _sys(db, disposal.propose_disposal, cmd).handover_number if not allowed(actor.roles, "record_disposal") \
        else _as(db, actor, disposal.propose_disposal, cmd).handover_number
    return lambda uow: disposal.withdraw_disposal(uow, commands.DecideDisposal(number, "Rút để bổ sung"))


@scenario("disposal_carry_out.carry_out_disposal", "record_disposal")
def _carry_out(db, w, n, actor):
    number = _proposal(db, w, n).handover_number
    boss = w.actor(db, "lanhdao")
    _as(db, boss, disposal.approve_disposal, commands.DecideDisposal(number))
    start = _utcnow()
    keeper = PersonInput(full_name="Nguyễn Thị Lan", position="Thủ kho")
    from .lifecycle_builders import intact_seals
    seals = intact_seals(db, number)
    return lambda uow: disposal_carry_out.carry_out_disposal(uow, commands.CarryOutDisposal(
        number, start, _utcnow(), "Nơi trả", keeper=keeper, seal_states=seals))


@scenario("disposal_carry_out.carry_out_form", "record_disposal")
def _carry_out_form(db, w, n, actor):
    number = _proposal(db, w, n).handover_number
    _as(db, w.actor(db, "lanhdao"), disposal.approve_disposal, commands.DecideDisposal(number))
    return lambda uow: disposal_carry_out.carry_out_form(uow, number)


@scenario("incidents.record_incident", "record_incident")
def _incident(db, w, n, actor):
    codes = received(db, n)
    cmd = commands.RecordIncident(codes, "damaged", doc("incident_report", f"{n}/BB-SC", w.agencies["pc10"]), "Ẩm mốc")
    return lambda uow: incidents.record_incident(uow, cmd)


@scenario("incidents.record_found", "record_incident")
def _found(db, w, n, actor):
    codes = received(db, n)
    _sys(db, incidents.record_incident, commands.RecordIncident(codes, "lost", doc("incident_report", f"{n}/BB-M",
                                                                           w.agencies["pc10"]), "Mất"))
    cmd = commands.RecordFound(codes, doc("incident_report", f"{n}/BB-T", w.agencies["pc10"]), w.locations["bin_A111"])
    return lambda uow: incidents.record_found(uow, cmd)


@scenario("corrections.record_correction", "record_correction")
def _correct(db, w, n, actor):
    codes = received(db, n)
    with UnitOfWork(db, SYSTEM, write=False) as uow:
        seq = queries.item_by_code(uow, codes[0]).events[0].seq
    return lambda uow: corrections.record_correction(uow, commands.RecordCorrection(seq, {"condition": "Trầy"}, "Ghi sót"))


@scenario("handovers.sign_on_screen", "sign_handover")
def _sign(db, w, n, actor):
    number, slot = _handover(db, n)
    return lambda uow: handovers.sign_on_screen(uow, commands.SignOnScreen(number, slot, PNG))


@scenario("handovers.mark_signed_on_paper", "sign_handover")
def _paper(db, w, n, actor):
    number, _slot = _handover(db, n)
    return lambda uow: handovers.mark_signed_on_paper(uow, commands.SignOnPaper(number, FileInput("bb.pdf", b"%PDF")))


@scenario("handovers.refuse_signature", "sign_handover")
def _refuse(db, w, n, actor):
    number, slot = _handover(db, n)
    return lambda uow: handovers.refuse_signature(uow, commands.RefuseSignature(number, slot, "Không đồng ý", "Lê Văn Bình"))


@scenario("handovers.complete_handover", "sign_handover")
def _complete(db, w, n, actor):
    number, _slot = _handover(db, n)
    with UnitOfWork(db, SYSTEM, write=False) as uow:
        slots = handovers.handover_detail(uow, number).signatures
    for slot in slots:  # the system actor is no person: each signer writes a name
        _sys(db, handovers.sign_on_screen, commands.SignOnScreen(number, slot.id, PNG, signer_name="Lê Văn Bình"))
    return lambda uow: handovers.complete_handover(uow, number, _utcnow())


@scenario("handovers.sign_by_fingerprint", "sign_handover")
def _fingerprint(db, w, n, actor):
    number, slot = _handover(db, n)
    return lambda uow: handovers.sign_by_fingerprint(uow, commands.SignByFingerprint(
        number, slot, PersonInput(full_name="Lê Văn Bình", id_number="001080001234"), read_aloud=True))


@scenario("handovers.end_record", "sign_handover")
def _end(db, w, n, actor):
    number, _slot = _handover(db, n)
    return lambda uow: handovers.end_record(uow, commands.EndRecord(number, _utcnow()))


@scenario("handovers.attach_file", "attach_file")
def _attach(db, w, n, actor):
    codes = received(db, n)
    return lambda uow: handovers.attach_file(uow, commands.AttachFile(FileInput("a.jpg", b"jpg"), item_code=codes[0],
                                                               kind="photo"))


@scenario("label_prints.record_label_print", "print_labels")
def _labels(db, w, n, actor):
    codes = received(db, n)
    return lambda uow: label_prints.record_label_print(uow, codes, 1)


@scenario("signers.add_signer", "sign_handover")
def _add_signer(db, w, n, actor):
    from evidence_store.services import signers
    number, _slot = _handover(db, n)
    return lambda uow: signers.add_signer(uow, commands.AddSigner(number, "witness", PersonInput(full_name=f"Lê Chứng {n}")))


@scenario("signers.redo_signature", "sign_handover")
def _redo(db, w, n, actor):
    from evidence_store.services import signers
    number, slot = _handover(db, n)
    _sys(db, handovers.sign_on_screen, commands.SignOnScreen(number, slot, PNG))
    return lambda uow: signers.redo_signature(uow, commands.RedoSignature(number, slot, "Ký nhầm ô"))
