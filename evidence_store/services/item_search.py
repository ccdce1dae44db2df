"""The item search: diacritics-insensitive words over an item's code, case number, name, description, owner and
serial numbers (FTS5 on SQLite, the newest rows then a GIN index of the words on PostgreSQL), newest first, within
the user's case scope."""

from __future__ import annotations

import re
import time

from sqlalchemy import and_, cast, func, literal, select, text

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
        ids = _pg_newest(uow.session, words, limit if own is None else limit * 20)
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
    or no vocabulary: the prefix query as before. A last word of one or two letters or digits is a term of the
    index's own prefix indexes (migration 0019, prefix='1 2'): the prefix query reads it lazily, no vocabulary."""
    whole = ['"%s"' % w.replace('"', "") for w in words]
    last = words[-1].replace('"', "")
    if last.isalnum() and not (len(last) <= 2 and last.isascii()):  # one token for FTS5's tokenizer too
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


# PostgreSQL (issue #19: top 50 p95 ≤ 20 ms at a million items; the trigram index gave 509 ms). An index of words
# cannot give the newest hits first: it finds all of them, and each must be read from the table to be sorted — cheap
# for a rare word, a fifth of the table for "xe". Reading the newest rows and keeping those that match is the
# reverse: the 50 newest hits of "xe" are among the newest ~250 rows, a rare word's among none. So the newest
# _PG_SCAN_ROWS rows are read first (LIKE, then the word-start regex on the few that pass, ~1 µs a row), and again
# further (at most _PG_SCAN_MAX) when the hits there promise ``n`` soon enough; otherwise the words are rare together
# (under n / _PG_SCAN_MAX of the items) and the GIN index of the words (ix_items_search_words, migration 0019) gives
# the hits of the rarest of them, the others rechecked on those rows (_pg_looked_up).
_PG_SCAN_ROWS, _PG_SCAN_MAX = 5_000, 40_000
_INDEXED_WORD = re.compile(r"[0-9a-z_]+")  # split alike by Python's \w and PostgreSQL's [[:alnum:]_] in any locale
_WORD_STATS = text("SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                   "WHERE tablename = 'ix_items_search_words' AND most_common_elems IS NOT NULL LIMIT 1")


def _pg_newest(session, words: list[str], n: int) -> list[int]:
    """The newest ``n`` items whose text has a word starting with each of ``words``."""
    if not all(_INDEXED_WORD.fullmatch(w) for w in words):  # a word in another script: the scan, to the end
        return _pg_scan(session, words, n, None)
    ids = _pg_scan(session, words, n, _PG_SCAN_ROWS)
    if ids and len(ids) < n and (more := _PG_SCAN_ROWS * n * 4 // (3 * len(ids))) <= _PG_SCAN_MAX:
        ids = _pg_scan(session, words, n, more)
    if len(ids) == n:
        return ids
    looked_up = _pg_looked_up(session, words)
    return list(session.execute(_pg_indexed(looked_up, [w for w in words if w not in looked_up], n)).scalars())


def _pg_indexed(looked_up: list[str], rest: list[str], n: int):
    """The newest ``n`` items the GIN index gives for ``looked_up`` that also have ``rest``."""
    from sqlalchemy.dialects.postgresql import TSQUERY  # on PostgreSQL only: the dialect's modules cost ~2 MB (#19)
    q = " & ".join(f"'{w}':*" for w in looked_up)  # [0-9a-z_] only: nothing to quote
    # OFFSET 0 keeps the index lookup apart: never a scan filtered by search_words(), 30 µs a row
    hits = select(I.c.id, I.c.search_text).where(
        func.search_words(I.c.search_text).op("@@")(cast(literal(q), TSQUERY))).offset(0).subquery()
    query = select(hits.c.id).where(*([_pg_word_prefixes(hits.c.search_text, rest)] if rest else []))
    return query.order_by(hits.c.id.desc()).limit(n)


def _pg_looked_up(session, words: list[str]) -> list[str]:
    """The words the GIN index is asked for. Each word is a prefix: the index reads the hits of every indexed word
    it starts, all of them, with no skipping — for "nguyen" a tenth of the table, for "13" thousands of serial
    numbers. So only the rare words are looked up, by the share of items the planner's statistics give the word's
    commonest completions: the rarest, and any other at most four times as common (or under 0.2 %, below the
    statistics). The others are rechecked on the rows found (LIKE and regex, ~1 µs a row)."""
    if len(words) == 1:
        return words
    stats = _word_stats(session)
    if not stats:
        return words
    freq = {w: sum(f for e, f in zip(stats[0], stats[1]) if e.startswith(w)) for w in words}
    rarest = min(freq.values())
    return [w for w in words if freq[w] <= max(4 * rarest, 0.002)]


def _word_stats(session):
    """(words, shares) of the index's statistics, read at most every _STATS_TTL seconds (pg_stats: 3 ms, they change
    with ANALYZE only); None for a login that may not read them."""
    key = str(session.get_bind().url)
    at, stats = _stats_cache.get(key, (0.0, None))
    if time.monotonic() - at > _STATS_TTL:
        stats = session.execute(_WORD_STATS).first()
        _stats_cache[key] = (time.monotonic(), stats)
    return stats


_STATS_TTL, _stats_cache = 600, {}


def _pg_scan(session, words: list[str], n: int, rows: int | None) -> list[int]:
    """The newest ``n`` hits among the newest ``rows`` items (None: all)."""
    newest = select(I.c.id, I.c.search_text).order_by(I.c.id.desc()).limit(rows).subquery()
    query = select(newest.c.id).where(_pg_word_prefixes(newest.c.search_text, words))
    return list(session.execute(query.order_by(newest.c.id.desc()).limit(n)).scalars())


def _pg_word_prefixes(column, words: list[str]):
    """Every word must start a word of the folded search text, as FTS5's "word"* does on SQLite: LIKE '%word%'
    for each (cheap, the longest first), then the regular expression (\\m = start of a word) on the rows that pass."""
    words = sorted(words, key=len, reverse=True)
    likes = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words]
    return and_(*[column.like("%" + w + "%", escape="\\") for w in likes],
                *[column.op("~")("\\m" + re.escape(w)) for w in words])


def search(uow, query: str, limit: int = 50) -> list[ItemRow]:
    return item_rows_by_ids(uow, search_ids(uow, query, limit))
