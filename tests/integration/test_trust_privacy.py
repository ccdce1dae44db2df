"""Issue #14, privacy: a failed SQL statement never writes its values (personal data, password hashes) into
the diagnostic log, on SQLite and PostgreSQL; the CLI's own failure lines carry the kind only."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.exc import SQLAlchemyError

from evidence_store import logs
from evidence_store.config import log_dir
from evidence_store.db.models import Person, User
from evidence_store.services.accounts import hash_password
from evidence_store.services.persistence import utcnow
from evidence_store.services.context import UnitOfWork

SECRET_NAME = "Trần Thị Bí Mật"
SECRET_ID = "079123456789"


@pytest.fixture
def log_file(monkeypatch):
    monkeypatch.delenv("EVIDENCE_STORE_NO_LOGFILE", raising=False)
    monkeypatch.setattr(logs, "_done", False)
    root = logging.getLogger("evidence_store")
    before, ui_before = list(root.handlers), list(logging.getLogger("ui").handlers)
    logs.setup_logging(logging.DEBUG)
    yield log_dir() / "kho-vat-chung.log"
    for logger, kept in ((root, before), (logging.getLogger("ui"), ui_before)):
        for handler in [h for h in logger.handlers if h not in kept]:
            handler.close()
            logger.removeHandler(handler)


def test_a_failed_statement_leaves_no_values_in_the_log(world, log_file):
    db, _ = world
    secret_hash = hash_password("MatKhauBiMat@2026")
    log = logging.getLogger("evidence_store.test")
    with UnitOfWork(db) as uow:
        uow.session.add(Person(full_name=SECRET_NAME, id_number=SECRET_ID))
        uow.session.add(User(username="thukho", password_hash=secret_hash, roles="clerk", created_at=utcnow()))
        try:
            uow.session.flush()  # the user name exists: the engine refuses the statement
        except SQLAlchemyError:
            log.exception("intake failed for user id %s", 7)
        else:
            pytest.fail("the duplicate user name was accepted")
    for handler in logging.getLogger("evidence_store").handlers:
        handler.flush()
    text = log_file.read_text("utf-8")
    assert "intake failed for user id 7" in text and "IntegrityError" in text and "(message withheld)" in text
    leaked = [s for s in (secret_hash, secret_hash[:30], SECRET_NAME, SECRET_ID, "thukho") if s in text]
    assert not leaked, leaked


@pytest.mark.sqlite_only
def test_the_log_file_is_private(log_file):
    import os
    import stat
    logging.getLogger("evidence_store").info("x")
    if os.name == "posix":
        assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
