"""The competence table as an administrator setting (domain/authority.py has the law's defaults): read it,
change one rule, import/export it whole, restore the defaults. Every change goes into the security log.
Services that accept a document call :func:`check_document`."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..domain import authority as authority_rules
from ..domain import milestones as milestone_rules
from ..domain.agencies import AGENCY_KINDS
from ..domain.errors import TransitionRefused, ValidationError
from ..domain.permissions import require
from ..domain.text import nfc
from ..db.models import Agency, Case, Document, Setting
from .milestone_read import facts
from .security_log import log_security

KEY = "authority"
_CACHE = "authority_table"


def load_table(session) -> authority_rules.AuthorityTable:
    """The table in force (cached for the session's transaction); the defaults when unset or unreadable."""
    cached = session.info.get(_CACHE)
    if cached is not None:
        return cached
    row = session.get(Setting, KEY)
    table = authority_rules.DEFAULT_TABLE
    if row is not None:
        try:
            table = authority_rules.table_from_dict(json.loads(row.value))
        except (ValueError, ValidationError):
            table = authority_rules.DEFAULT_TABLE
    session.info[_CACHE] = table
    return table


@dataclass(frozen=True)
class RuleView:
    document: str
    context: str
    kinds: tuple[str, ...]
    source: str
    source_2025: str
    is_default: bool


def list_rules(uow) -> list[RuleView]:
    """Every rule with whether it still has the law's default value (anyone may read the table)."""
    table = load_table(uow.session)
    defaults = {(r.document, r.context): r for r in authority_rules.DEFAULT_RULES}
    return [RuleView(r.document, r.context, r.kinds, r.source, r.source_2025,
                     defaults.get((r.document, r.context)) == r) for r in table.rules]


def export_table(uow) -> dict:
    return load_table(uow.session).as_dict()


def _store(uow, table: authority_rules.AuthorityTable, what: str, **log) -> None:
    row = uow.session.get(Setting, KEY)
    value = json.dumps(table.as_dict(), ensure_ascii=False, sort_keys=True)
    if row is None:
        uow.session.add(Setting(key=KEY, value=value))
    else:
        row.value = value
    uow.session.info.pop(_CACHE, None)
    log_security(uow.session, "authority_changed", user_id=uow.actor.user_id, username=uow.actor.username,
                 workstation=uow.actor.workstation, what=what, **log)
    uow.commit()


def import_table(uow, raw: dict) -> int:
    """Replace the whole table (validated); returns the number of rules."""
    require(uow.actor, "manage_authority")
    table = authority_rules.table_from_dict(raw)
    _store(uow, table, "import", rules=len(table.rules))
    return len(table.rules)


def reset_table(uow) -> int:
    require(uow.actor, "manage_authority")
    _store(uow, authority_rules.DEFAULT_TABLE, "reset")
    return len(authority_rules.DEFAULT_RULES)


def set_rule(uow, document: str, context: str, kinds, source: str, source_2025: str = "") -> RuleView:
    """Change (or add) the agency kinds allowed to issue ``document`` in ``context``; the source is required."""
    require(uow.actor, "manage_authority")
    kinds = tuple(sorted({str(k) for k in kinds}))
    bad = [k for k in kinds if k not in AGENCY_KINDS]
    if bad:
        raise ValidationError("unknown_agency_kind", field="kinds", kind=bad[0])
    if context not in milestone_rules.CONTEXTS:
        raise ValidationError("authority_table_invalid", field="context", reason=context)
    if not nfc(source):
        raise ValidationError("authority_source_required", field="source", row=document)
    table = load_table(uow.session)
    new = authority_rules.Rule(document, context, kinds, nfc(source), nfc(source_2025))
    rules = [r for r in table.rules if (r.document, r.context) != (document, context)] + [new]
    raw = table.as_dict() | {"rules": [r.as_dict() for r in rules]}
    before = table.rule(document, context)
    _store(uow, authority_rules.table_from_dict(raw), "rule", document=document, context=context,
           before=list(before.kinds) if before else None, after=list(kinds))
    return RuleView(document, context, kinds, new.source, new.source_2025,
                    any(r == new for r in authority_rules.DEFAULT_RULES))


def set_category_flags(uow, *, perishable=None, specialist=None, receivers: dict | None = None,
                       outcomes: dict | None = None, pilot_registered=None) -> dict:
    """Categories that may be sold during proceedings (Điều 106.3.c), handed to the specialised agency
    (106.3.d), the receiver kind of confiscated items per category (Luật THADS Điều 124), the disposal
    outcomes each category allows (Điều 106.2; LEGAL-RULES R9), and the registered property whose transactions
    the NQ 164/2024/QH15 pilot may suspend (domain.pilot; which kinds TTLT 01/2025 covers is unverified)."""
    require(uow.actor, "manage_authority")
    from ..domain.categories import CATEGORIES
    table = load_table(uow.session)
    raw = table.as_dict()
    for key, value in (("perishable", perishable), ("specialist", specialist), ("pilot_registered", pilot_registered)):
        if value is not None:
            bad = [c for c in value if c not in CATEGORIES]
            if bad:
                raise ValidationError("unknown_category", field=key, category=bad[0])
            raw[key] = sorted(set(value))
    if receivers is not None:
        bad = [c for c in receivers if c != "*" and c not in CATEGORIES]
        if bad:
            raise ValidationError("unknown_category", field="receivers", category=bad[0])
        raw["receivers"] = dict(receivers)
    if outcomes is not None:
        raw["outcomes"] = raw["outcomes"] | {c: list(v) for c, v in outcomes.items()}
    new = authority_rules.table_from_dict(raw)
    _store(uow, new, "categories", **({"outcomes": {c: list(v) for c, v in outcomes.items()}} if outcomes else {}))
    return new.as_dict()


# ---- the check every service runs on a document it accepts ------------------------------------------------

def check_document(session, doc: Document, case: Case | None, *, move: str = "") -> None:
    """A document is accepted only from an issuer of a competent kind at the case's stage on the document's
    date (BLTTHS Điều 106, ND 142/2024 Điều 3; the table above), and only for its own case. Documents given
    by id go through exactly this check too."""
    if case is not None and doc.case_id is not None and doc.case_id != case.id:
        other = session.get(Case, doc.case_id)
        raise TransitionRefused("document_of_other_case", number=doc.number, case=other.number if other else "—")
    issuer = session.get(Agency, doc.issuing_agency_id) if doc.issuing_agency_id else None
    if doc.issuing_agency_id and issuer is None:
        raise TransitionRefused("issuer_required", document_kind=doc.kind, number=doc.number)
    contexts = _contexts(session, case, doc.issued_on)
    authority_rules.check_issuer(load_table(session), doc.kind, contexts, issuer.kind if issuer else None,
                   issuer.name if issuer else "", doc.number, doc.issued_on)


def _contexts(session, case: Case | None, day) -> list[str]:
    if case is None:
        return [milestone_rules.Stage.INVESTIGATION.value]
    return milestone_rules.contexts_on(case.stage_origin, facts(session, case.id), day)
