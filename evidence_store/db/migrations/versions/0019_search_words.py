"""PostgreSQL search at a million items (issue #19: search top 50 p95 ≤ 20 ms): a GIN index over the words of the
folded search text, ``ix_items_search_words``, in place of the trigram index ``ix_items_search_trgm``.

The trigram index answered «every word starts a word» only approximately (LIKE '%word%'): each candidate was then
rechecked by a regular expression, and common trigrams made thousands of candidates — 509 ms p95 at 1M items, the
bare trigram query alone 287 ms. ``search_words(text)`` splits the text at what the regular expression's ``\\m``
calls a word boundary (anything but ``[[:alnum:]_]``), so ``'word':*`` on this index finds exactly the items the
old ``~ '\\mword'`` did, with no recheck. Words are cut at 255 characters (the GIN entry limit is ~2.7 kB; a
search has at most 200). An expression index: every write of ``items.search_text`` (intake, edits, imports, the
bulk build, services.copy) keeps it current, with no trigger.

SQLite: the FTS5 table (0002) gets prefix indexes of one and two characters. A prefix query ("29"*, "iphone"
AND "13"*) otherwise merges the doclists of every term it starts in full before the first row — 34,000 serial
numbers start with "13" at 1M items: the two worst of the benchmark's searches ("iphone 13" 90 ms, "29" 51 ms
under load). With ``prefix='1 2'`` such a prefix is one term, read newest first like a whole word. Longer
prefixes have few terms (the search reads those as whole words, services/item_search). The table is rebuilt from
``items`` (external content); the triggers that keep it current are 0002's.

Revision ID: 0019
Revises: 0018
"""
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

# COST: the planner must never evaluate it row by row to filter a scan (≈30 µs a row) when the index can answer
SEARCH_WORDS = (
    "CREATE OR REPLACE FUNCTION search_words(text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
    "COST 1000 AS $$ SELECT array_to_tsvector(array_remove(regexp_split_to_array("
    "regexp_replace($1, '([[:alnum:]_]{255})[[:alnum:]_]+', '\\1', 'g'), '[^[:alnum:]_]+'), '')) $$")


def _sqlite_fts(prefix: str) -> None:
    # the triggers of 0002 on items name items_fts and stay: they write to the new table the same way
    op.execute("DROP TABLE items_fts")
    op.execute("CREATE VIRTUAL TABLE items_fts USING fts5(search_text, content='items', content_rowid='id', "
               f"tokenize='unicode61 remove_diacritics 2'{prefix})")
    op.execute("INSERT INTO items_fts(items_fts) VALUES ('rebuild')")
    op.execute("INSERT INTO items_fts(items_fts) VALUES ('optimize')")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_fts(", prefix='1 2'")
        return
    op.get_bind().exec_driver_sql(SEARCH_WORDS)  # as written: text() would read ":alnum" as a parameter
    op.execute("CREATE INDEX IF NOT EXISTS ix_items_search_words ON items USING gin (search_words(search_text))")
    op.execute("DROP INDEX IF EXISTS ix_items_search_trgm")
    op.execute("ANALYZE items")  # the planner's word statistics for the new expression


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_fts("")
        return
    op.execute("CREATE INDEX IF NOT EXISTS ix_items_search_trgm ON items USING gin (search_text gin_trgm_ops)")
    op.execute("DROP INDEX IF EXISTS ix_items_search_words")
    op.execute("DROP FUNCTION IF EXISTS search_words(text)")
