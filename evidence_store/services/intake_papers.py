"""The papers an intake rests on besides the lệnh nhập kho (ND 142/2024/NĐ-CP Điều 14; LEGAL-RULES R19): the initial
seizure record (biên bản thu giữ ban đầu: number, date, the agency that made it), and the deliverer's căn cước and
giấy giới thiệu (number, date). Each is required, checked against the day of the intake, stored on the record's
details and printed on the biên bản giao nhận (services.handover_facts, printing.blocks.describe_person)."""

from __future__ import annotations

from datetime import date, datetime

from ..domain.chronology import local_day
from ..domain.errors import ValidationError
from ..domain.identity import cccd_problem
from ..domain.states import Doc
from ..domain.text import nfc
from ..db.models import Agency, Person
from . import persistence
from .commands import DocumentInput, PersonInput


def act_day(started_at: datetime | None) -> date:
    """The local day of the handing over (now when not given)."""
    return local_day(persistence.as_utc(started_at) if started_at else persistence.utcnow())


def seizure_details(session, doc: DocumentInput | None, day: date) -> dict:
    """The seizure record as the intake stores it: {"number", "date" (ISO), "issuer_id", "issuer"}; refused when
    a part is missing or it is dated after the intake."""
    number = nfc(doc.number) if doc is not None else ""
    issuer = session.get(Agency, doc.issuing_agency_id) if doc is not None and doc.issuing_agency_id else None
    if doc is None or doc.kind != Doc.SEIZURE_RECORD.value:
        raise ValidationError("seizure_record_required", field="seizure_number")
    for value, field in ((number, "seizure_number"), (doc.issued_on, "seizure_date"), (issuer, "seizure_issuer")):
        if not value:
            raise ValidationError("seizure_record_required", field=field)
    if doc.issued_on > day:
        raise ValidationError("seizure_record_after_act", field="seizure_date", date=doc.issued_on.strftime("%d/%m/%Y"),
                              day=day.strftime("%d/%m/%Y"))
    return {"number": number, "date": doc.issued_on.isoformat(), "issuer_id": issuer.id, "issuer": issuer.name}


def seizure_text(seizure: dict) -> str:
    """'45/BB-TG ngày 03/02/2026 của Công an phường Hoàn Kiếm': the ledger's plain reference."""
    return f"{seizure['number']} ngày {date.fromisoformat(seizure['date']):%d/%m/%Y} của {seizure['issuer']}"


def check_giver(giver: Person, given: PersonInput | None, day: date) -> dict:
    """The deliverer shows a valid căn cước and a giấy giới thiệu of his unit dated on or before the act; returns the
    details the record keeps of the letter ({"giver_letter_on": ISO})."""
    name = giver.full_name
    problem = cccd_problem(giver.id_number)
    if problem == "id_required":
        raise ValidationError("giver_id_required", field="giver_id_number", name=name)
    if problem is not None:
        raise ValidationError("giver_id_invalid", field="giver_id_number", name=name, value=giver.id_number)
    letter = nfc(given.letter_number) if given is not None else ""
    letter_on = getattr(given, "letter_on", None)
    if not letter:
        raise ValidationError("giver_letter_required", field="giver_letter", name=name)
    if letter_on is None:
        raise ValidationError("giver_letter_required", field="giver_letter_date", name=name)
    if letter_on > day:
        raise ValidationError("giver_letter_after_act", field="giver_letter_date", date=letter_on.strftime("%d/%m/%Y"),
                              day=day.strftime("%d/%m/%Y"))
    return {"giver_letter_on": letter_on.isoformat()}
