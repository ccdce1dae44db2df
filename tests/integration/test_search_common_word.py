"""Search as you type: the last word is a prefix. Issue #19 reads a common last word lazily, as whole words (the
word and its few longer terms); the items found must be those of the prefix query: newest first, none missed."""

from __future__ import annotations

from evidence_store.services import item_search
from evidence_store.services.context import UnitOfWork

from .builders import phone, receive


def _names(db, actor, query, limit):
    with UnitOfWork(db, actor, write=False) as uow:
        return [r.name for r in item_search.search(uow, query, limit)]


def test_a_common_last_word_finds_its_longer_words_too_newest_first(world, clerk):
    db, _w = world
    names = ["Hộp niêm phong số 1", "Hộp niêm phong số 2", "Hộp niêm phong số 3", "Túi niêm phongto số 4",
             "Phong bì số 5"]  # 4: only a longer word ("phongto"); 5: "phong" without "niêm"
    receive(db, clerk, [phone(name=n, seal_number=f"NP-{i}") for i, n in enumerate(names)])
    # the whole word alone fills a page of 2: the newest item with a longer word must still come first
    assert _names(db, clerk, "niem phong", 2) == ["Túi niêm phongto số 4", "Hộp niêm phong số 3"]
    assert _names(db, clerk, "niem phong", 3) == ["Túi niêm phongto số 4", "Hộp niêm phong số 3",
                                                 "Hộp niêm phong số 2"]
    assert _names(db, clerk, "phong", 2) == ["Phong bì số 5", "Túi niêm phongto số 4"]
    assert _names(db, clerk, "niem phongt", 5) == ["Túi niêm phongto số 4"]  # a word being typed
    assert _names(db, clerk, "so 5", 5) == ["Phong bì số 5"]
    assert _names(db, clerk, "niem phong", 50) == list(reversed(names[:4]))
