"""The table of legal bases (domain.legal_bases), kept in the settings table as data the administrator edits
(Quản trị → Căn cứ pháp lý), and the citations a record prints, chosen by the date of its act."""

from __future__ import annotations

import json
from datetime import date

from ..domain import legal_bases as legal_base_rules
from ..domain.errors import ValidationError
from ..domain.permissions import require
from ..db.models import Setting
from .security_log import log_security

KEY = "legal_bases"


def table(session) -> tuple[legal_base_rules.LegalBasis, ...]:
    """The stored table, or the defaults when none was saved (or it cannot be read)."""
    row = session.get(Setting, KEY)
    if row is None:
        return legal_base_rules.DEFAULT_BASES
    try:
        return tuple(legal_base_rules.LegalBasis.from_dict(d) for d in json.loads(row.value))
    except (ValueError, KeyError, TypeError):
        return legal_base_rules.DEFAULT_BASES


def list_legal_bases(uow) -> tuple[legal_base_rules.LegalBasis, ...]:
    return table(uow.session)


def save_legal_bases(uow, rows) -> tuple[legal_base_rules.LegalBasis, ...]:
    """Replace the table (administrator only); every row needs its text, acts, coherent dates and its source."""
    require(uow.actor, "manage_settings")
    clean = tuple(r if isinstance(r, legal_base_rules.LegalBasis) else legal_base_rules.LegalBasis.from_dict(r) for r in rows)
    keys = [r.key for r in clean]
    if len(set(keys)) != len(keys):
        raise ValidationError("legal_basis_duplicate_key", field="key")
    for r in clean:
        problem = legal_base_rules.check_row(r)
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
    return legal_base_rules.citations(table(session), act, on, enforcement=enforcement, outcome=outcome)


def sentence_for(session, act: str, on: date, *, enforcement: bool = False, outcome: str = "") -> str:
    """'Căn cứ …;' for a record of this act on this date (R40: by kind of act and date)."""
    return legal_base_rules.basis_sentence(citations_for(session, act, on, enforcement=enforcement, outcome=outcome))
