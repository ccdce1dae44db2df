"""Realistic Hà Nội demo data, created through the services so the ledger is genuine."""
