"""Every act is checked for sense in time (BLTTHS Điều 132, 133: a record states when the act happened):
no act before the documents it rests on, none in the future, none on an item before it was received."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from .errors import TransitionRefused, ValidationError

DEFAULT_ZONE_NAME = "Asia/Ho_Chi_Minh"  # the warehouse's zone unless the administrator sets another ("time_zone")
_FALLBACK = timezone(timedelta(hours=7), "ICT")  # no tz database (Windows without tzdata): no DST since 1975


def zone_named(name: str) -> tzinfo:
    """The time zone of an IANA name ("Asia/Ho_Chi_Minh"); a name the tz database does not know is refused with a
    message naming it."""
    name = (name or "").strip()
    try:
        from zoneinfo import ZoneInfo
        return ZoneInfo(name)
    except Exception:  # noqa: BLE001 - ZoneInfoNotFoundError, ValueError (a path, an empty name), no tz database
        if name == DEFAULT_ZONE_NAME:
            return _FALLBACK
        raise ValidationError("time_zone_unknown", field="time_zone", zone=name) from None


_zone: list = [DEFAULT_ZONE_NAME, zone_named(DEFAULT_ZONE_NAME)]  # the one time-zone policy of this process


def warehouse_zone() -> tzinfo:
    """The warehouse's zone: screens, CLI and paper show every time in it (evidence_store.formatting), and an act's
    date is the date there. Set from the "time_zone" setting when the database is opened or the setting changes."""
    return _zone[1]


def warehouse_zone_name() -> str:
    return _zone[0]


def set_warehouse_zone(name: str) -> tzinfo:
    """Follow the administrator's setting (services.settings); an unknown name is refused, the zone unchanged."""
    zone = zone_named(name)
    _zone[:] = [name.strip(), zone]
    return zone


FUTURE_TOLERANCE = timedelta(minutes=10)  # workstation clocks differ a little
# Documents that record acts after the fact rather than order them: the old register an imported item was
# written in (H16's import) — the acts it lists happened before the import is dated.
RECORDS_AFTER_THE_FACT = frozenset({"legacy_register"})


def as_utc(moment: datetime) -> datetime:
    """A stored time is naive UTC; an aware one is converted."""
    if moment.tzinfo is not None:
        return moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def today(now: datetime | None = None) -> date:
    """Today in the warehouse's zone: the day a deadline counts from, a request may not be needed before and a report's
    period contains. A workstation left on another zone (a laptop on UTC: 17:00–24:00 there is already tomorrow in Hà
    Nội) must not move it, so nothing reads ``date.today()`` (the workstation's zone) — an architecture test checks."""
    return local_day(now if now is not None else datetime.now(UTC))


def local_day(moment: datetime) -> date:
    """The date in the warehouse's zone of a (naive UTC) moment: documents carry local dates."""
    return as_utc(moment).replace(tzinfo=UTC).astimezone(warehouse_zone()).date()


def check_act(occurred_at: datetime | None, documents=(), *, item_code: str = "", received_at: datetime | None = None,
              now: datetime | None = None) -> None:
    if occurred_at is None:
        return
    at = as_utc(occurred_at)
    now = now or datetime.now(UTC).replace(tzinfo=None)
    if at > now + FUTURE_TOLERANCE:
        raise ValidationError("act_in_future", field="occurred_at", date=local_day(at).strftime("%d/%m/%Y"))
    day = local_day(at)
    for doc in documents:
        if doc is not None and doc.issued_on is not None and doc.issued_on > day and \
                doc.kind not in RECORDS_AFTER_THE_FACT:
            raise TransitionRefused("act_before_basis", document_kind=doc.kind, number=doc.number,
                                    date=doc.issued_on.strftime("%d/%m/%Y"))
    if received_at is not None and at < as_utc(received_at) - timedelta(seconds=1):
        raise TransitionRefused("act_before_receipt", code=item_code,
                                date=local_day(received_at).strftime("%d/%m/%Y"))


# The acts that happen to the item itself, one after another: none can be dated before the item's previous one
# (a return before its release, a release before the return of the previous one — HANDS-ON 30). Records about the
# acts (corrections, attachments, signatures, label prints, proposals) are not in this sequence.
SEQUENCED_ACTS = frozenset({"receive", "move", "seal", "unseal", "reseal", "release_temporary", "return", "deposit",
                            "entrust", "recall", "entrusted_check", "transfer_responsibility", "transfer_out",
                            "dispose", "incident", "found"})


def check_sequence(kind: str, occurred_at: datetime | None, previous_at: datetime | None, previous_kind: str = "",
                   *, item_code: str = "") -> None:
    """An act dated before the item's previous act is impossible: refused, naming both (BLTTHS Điều 132, 133)."""
    if kind not in SEQUENCED_ACTS or occurred_at is None or previous_at is None:
        return
    if as_utc(occurred_at) < as_utc(previous_at) - timedelta(seconds=1):
        before = as_utc(previous_at).replace(tzinfo=UTC).astimezone(warehouse_zone())
        raise TransitionRefused("act_before_previous_act", code=item_code, move=kind, previous_move=previous_kind,
                                date=before.strftime("%d/%m/%Y %H:%M"),
                                day=local_day(occurred_at).strftime("%d/%m/%Y"))


def check_not_before_record(code: str, occurred_at: datetime | None, record_at: datetime | None, **params) -> None:
    """A decision or answer on a record (an approval, a refusal, an acceptance) cannot be dated before the record it
    answers was made (BLTTHS Điều 132, 133; LEGAL-RULES R37): refused with ``code``, naming both times (``date``:
    the act's, ``basis``: the record's). ``occurred_at`` None is now: after everything already recorded."""
    if occurred_at is None or record_at is None:
        return
    if as_utc(occurred_at) < as_utc(record_at) - timedelta(seconds=1):
        def shown(moment):
            return as_utc(moment).replace(tzinfo=UTC).astimezone(warehouse_zone()).strftime("%d/%m/%Y %H:%M")
        raise TransitionRefused(code, date=shown(occurred_at), basis=shown(record_at), **params)
