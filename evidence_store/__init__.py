"""Kho Vật Chứng core: domain rules, persistence, services, ledger, printing, CLI.

This package never imports Qt (tests/unit/test_architecture.py proves it).
"""

__version__ = "0.1.0"
