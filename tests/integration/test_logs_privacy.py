"""The diagnostic log carries ids, never evidence contents or personal data (DESIGN §6)."""

from __future__ import annotations

import logging

import pytest

from evidence_store import logs
from evidence_store.config import log_dir
from evidence_store.domain.errors import DomainError, PermissionDenied
from evidence_store.services import accounts, backup
from evidence_store.services.commands import NewItem
from evidence_store.services.context import UnitOfWork

from .builders import phone, receive

pytestmark = pytest.mark.sqlite_only

SECRETS = ["Samsung Galaxy", "Nguyễn Văn Nam", "Lê Văn Cường", "001088012345", "356789012345678", "NP-0001",
           "Súng ngắn", "Trần Thị Bích", "079123456789", "ThuKho@2026", "sai-mat-khau"]


@pytest.fixture
def log_file(monkeypatch):
    monkeypatch.delenv("EVIDENCE_STORE_NO_LOGFILE", raising=False)
    monkeypatch.setattr(logs, "_done", False)
    root = logging.getLogger("evidence_store")
    before = list(root.handlers)
    logs.setup_logging(logging.DEBUG)
    yield log_dir() / "kho-vat-chung.log"
    for handler in [h for h in root.handlers if h not in before]:
        handler.close()
        root.removeHandler(handler)
    for handler in list(logging.getLogger("ui").handlers):
        if handler not in before:
            logging.getLogger("ui").removeHandler(handler)


def test_demo_intake_leaves_no_personal_data_in_the_log(world, clerk, log_file, tmp_path):
    db, w = world
    receive(db, clerk, [phone(), NewItem("weapon", "Súng ngắn tự chế", 1, "chiếc", owner_name="Trần Thị Bích",
                                         owner_id_number="079123456789")])
    with pytest.raises(PermissionDenied):
        receive(db, w.actor(db, "quantri"), [phone()])
    with UnitOfWork(db) as uow, pytest.raises(DomainError):
        accounts.authenticate(uow, "thukho", "sai-mat-khau")
    with UnitOfWork(db) as uow:
        accounts.authenticate(uow, "thukho", "ThuKho@2026")
    backup.backup(db, tmp_path / "b.sqlite3")
    logging.getLogger("evidence_store").info("intake done for item id %s", 1)
    for handler in logging.getLogger("evidence_store").handlers:
        handler.flush()
    text = log_file.read_text("utf-8")
    assert "intake done for item id 1" in text and "permission denied: user id" in text
    leaked = [s for s in SECRETS if s.casefold() in text.casefold()]
    assert not leaked, f"the log contains {leaked}"
