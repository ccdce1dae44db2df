"""The table of legal bases (domain.legal_bases), kept in the settings table as data the administrator edits
(Quản trị → Căn cứ pháp lý), and the citations a record prints, chosen by the date of its act."""

from __future__ import annotations

import json
from datetime import date

from ..domain import legal_bases as LB
from ..domain.errors import ValidationError
from ..domain.permissions import require
from ..db.models import Setting
from .security_log import log_security

KEY = "legal_bases"


def table(session) -> tuple[LB.LegalBasis, ...]:
    """The stored table, or the defaults when none was saved (or it cannot be read)."""
    row = session.get(Setting, KEY)
    if row is None:
        return LB.DEFAULT_BASES
    try:
        return tuple(LB.LegalBasis.from_dict(d) for d in json.loads(row.value))
    except (ValueError, KeyError, TypeError):
        return LB.DEFAULT_BASES


def list_legal_bases(uow) -> tuple[LB.LegalBasis, ...]:
    return table(uow.session)


def save_legal_bases(uow, rows) -> tuple[LB.LegalBasis, ...]:
    """Replace the table (administrator only); every row needs its text, acts, coherent dates and its source."""
    require(uow.actor, "manage_settings")
    clean = tuple(r if isinstance(r, LB.LegalBasis) else LB.LegalBasis.from_dict(r) for r in rows)
    keys = [r.key for r in clean]
    if len(set(keys)) != len(keys):
        raise ValidationError("legal_basis_duplicate_key", field="key")
    for r in clean:
        problem = LB.check_row(r)
        if problem:
            raise ValidationError(problem, field="legal_bases", key=r.key)
    value = json.dumps([r.to_dict() for r in clean], ensure_ascii=False)
    row = uow.session.get(Setting, KEY)
    if row is None:
        uow.session.add(Setting(key=KEY, value=value))
    else:
        row.value = value
    log_security(uow.session, "setting_changed", user_id=uow.actor.user_id, username=uow.actor.username,
                 workstation=uow.actor.workstation, key=KEY, after=len(clean))
    uow.commit()
    return clean


def citations_for(session, act: str, on: date, *, enforcement: bool = False, outcome: str = "") -> tuple[str, ...]:
    return LB.citations(table(session), act, on, enforcement=enforcement, outcome=outcome)


def sentence_for(session, act: str, on: date, *, enforcement: bool = False, outcome: str = "") -> str:
    """'Căn cứ …;' for a record of this act on this date (R40: by kind of act and date)."""
    return LB.basis_sentence(citations_for(session, act, on, enforcement=enforcement, outcome=outcome))
