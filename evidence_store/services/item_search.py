"""The item search: diacritics-insensitive words over an item's code, case number, name, description, owner and
serial numbers (FTS5 on SQLite, the pg_trgm index on PostgreSQL), newest first, within the user's case scope."""

from __future__ import annotations

import re

from sqlalchemy import and_, select, text

from ..domain import codes
from ..domain.errors import ValidationError
from ..domain.text import tokens
from ..db.models import Case, Item
from . import scope
from .dto import ItemRow
from .queries import item_rows_by_ids, page_limit

I, Ca = Item.__table__, Case.__table__

MAX_QUERY = 200  # characters of a search


def search_ids(uow, query: str, limit: int = 50) -> list[int]:
    """Diacritics-insensitive search (``dien thoai`` finds ``điện thoại``) over code, case number,
    name, description, owner and serial numbers; newest first (ranking big hit sets is too slow)."""
    raw = (query or "").strip()
    if not raw:
        return []
    if len(raw) > MAX_QUERY:
        raise ValidationError("search_too_long", field="query", max=MAX_QUERY)
    limit = page_limit(limit)
    if codes.looks_like_code(raw):
        try:
            code = codes.parse_code(raw).compact
            hit = uow.session.execute(select(I.c.id).where(I.c.code == code)).scalar()
            if hit:
                return [hit]
        except Exception:
            pass
    words = [w for w in tokens(raw) if w][:8]
    if not words:
        return []
    own = scope.case_condition(uow)  # agency users: their cases only (issue 13)
    if uow.db.is_sqlite:
        ids = _fts_newest(uow.session, words, limit if own is None else limit * 20)
    else:
        ids = list(uow.session.execute(select(I.c.id).where(_pg_word_prefixes(words)).order_by(I.c.id.desc())
                                       .limit(limit if own is None else limit * 20)).scalars())
    if own is not None and ids:
        allowed = set(uow.session.execute(select(I.c.id).join(Ca, Ca.c.id == I.c.case_id)
                                          .where(I.c.id.in_(ids), own)).scalars())
        ids = [i for i in ids if i in allowed]
    return ids[:limit]


_FTS_NEWEST = text("SELECT rowid FROM items_fts WHERE items_fts MATCH :m ORDER BY rowid DESC LIMIT :n")
# ">= word + NUL", not "> word": fts5vocab starts a ">" range at the word itself and would read its doclist
_LONGER_TERMS = text("SELECT term FROM temp.items_fts_terms WHERE term >= :after AND term < :end LIMIT :k")
_MAX_LONGER = 64


def _fts_newest(session, words: list[str], n: int) -> list[int]:
    """The newest ``n`` items whose text has every word, the last one as a prefix (as-you-type).

    A prefix query makes FTS5 merge the doclists of every matching term in full before the first row (a whole
    word is read lazily, newest first): "niem"* over 1M items ~30 ms, "niem" ~0.1 ms, so only the last word is
    a prefix. Issue #19: a common *last* word ("niem phong": "phong" is in every item; a case number's "cshs")
    cost the same. So the last word is looked up in the index's vocabulary first: the word and its longer terms,
    when there are few (_MAX_LONGER), are asked for as an OR of whole words, read lazily — the same items as the
    prefix query, ~10-200× faster at a million items. Many longer terms (a number: "13" starts 34,000 serials)
    or no vocabulary: the prefix query as before."""
    whole = ['"%s"' % w.replace('"', "") for w in words]
    last = words[-1].replace('"', "")
    if last.isalnum():  # one token for FTS5's tokenizer too
        longer = _longer_terms(session, last)
        if longer is not None:
            either = "(" + " OR ".join('"%s"' % t for t in [last] + longer) + ")" if longer else whole[-1]
            return [r[0] for r in session.execute(_FTS_NEWEST, {"m": " AND ".join(whole[:-1] + [either]), "n": n})]
    prefix = " AND ".join(whole[:-1] + ['"%s"*' % last])
    return [r[0] for r in session.execute(_FTS_NEWEST, {"m": prefix, "n": n})]


def _longer_terms(session, word: str) -> list[str] | None:
    """The indexed terms that start with ``word`` and are longer (at most _MAX_LONGER), or None when there are
    more or the vocabulary cannot be read (the caller then uses the prefix query). fts5vocab counts each listed
    term's documents, not those of ``word`` itself (the range starts after it)."""
    from sqlalchemy.exc import OperationalError
    params = {"after": word + "\x00", "end": word + "\U0010ffff", "k": _MAX_LONGER + 1}
    for attempt in range(2):
        try:
            terms = [t for t in session.execute(_LONGER_TERMS, params).scalars() if t.startswith(word) and t != word]
            return terms if len(terms) <= _MAX_LONGER else None
        except OperationalError:
            if attempt:
                return None
            try:  # a per-connection view of the index's terms (temp schema: nothing written to the file)
                session.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS temp.items_fts_terms "
                                     "USING fts5vocab(main, items_fts, 'row')"))
            except OperationalError:
                return None
    return None


def _pg_word_prefixes(words: list[str]):
    """PostgreSQL: every word must start a word of the folded search text, as FTS5's "word"* does
    on SQLite. LIKE '%word%' is what the pg_trgm GIN index (ix_items_search_trgm) serves; the
    regular expression (\\m = start of a word) then rechecks the few candidate rows."""
    conds = []
    for w in words:
        like = w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conds.append(I.c.search_text.like("%" + like + "%", escape="\\"))
        conds.append(I.c.search_text.op("~")("\\m" + re.escape(w)))
    return and_(*conds)


def search(uow, query: str, limit: int = 50) -> list[ItemRow]:
    return item_rows_by_ids(uow, search_ids(uow, query, limit))
