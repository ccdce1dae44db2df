"""Which database a workstation opens: --db, then EVIDENCE_STORE_DB, then its settings file."""

from __future__ import annotations

import json

from evidence_store import config

PG = "postgresql+psycopg://kvc_app@db.kho.local/khovatchung?sslmode=verify-full"


def test_order_of_precedence(monkeypatch, tmp_path):
    settings = config.workstation_settings_path()
    settings.parent.mkdir(parents=True, exist_ok=True)
    try:
        assert config.resolve_db_url().startswith("sqlite:///")
        settings.write_text(json.dumps({"database_url": PG}), "utf-8")
        assert config.resolve_db_url() == PG
        monkeypatch.setenv(config.ENV_DB, str(tmp_path / "env.sqlite3"))
        assert config.resolve_db_url() == f"sqlite:///{tmp_path / 'env.sqlite3'}"
        assert config.resolve_db_url("postgresql+psycopg://other/db") == "postgresql+psycopg://other/db"
        settings.write_text("{not json", "utf-8")
        monkeypatch.delenv(config.ENV_DB)
        assert config.resolve_db_url().startswith("sqlite:///")  # a broken file is ignored
    finally:
        settings.unlink(missing_ok=True)


def test_engine_options_for_postgresql():
    from evidence_store.db.engine import _pg_connect_args, is_postgres_url
    assert is_postgres_url(PG) and not is_postgres_url("sqlite:///x")
    args = _pg_connect_args(PG, writer=True)
    assert "lock_timeout" in args["options"] and args["application_name"] == "kho-vat-chung"
    assert "options" not in _pg_connect_args(PG + "&options=-c%20work_mem%3D64MB", writer=False)
