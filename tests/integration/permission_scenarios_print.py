"""Permission scenarios of the printing services (registered into permission_scenarios.SCENARIOS)."""

from __future__ import annotations

from evidence_store.services import printing, printing_data, printing_registers

from .permission_scenarios import received, scenario


@scenario("printing.item_labels_pdf", "print_labels")
def _item_labels(db, w, n, actor):
    codes = received(db, n)
    return lambda uow: printing.item_labels_pdf(uow, codes)


@scenario("printing.location_labels_pdf", "print_location_labels")
def _location_labels(db, w, n, actor):
    return lambda uow: printing.location_labels_pdf(uow, [w.locations["bin_A111"]])


@scenario("printing_data.save_print_settings", "manage_settings")
def _save_print_settings(db, w, n, actor):
    return lambda uow: printing_data.save_print_settings(uow, {"label_copies": 1 + n % 3})


@scenario("printing_registers.custody_report", "verify_ledger")
def _custody_report(db, w, n, actor):
    codes = received(db, n)
    return lambda uow: printing_registers.custody_report(uow, codes[0])


@scenario("disposal_candidates.disposal_candidates", "record_disposal")
def _disposal_candidates(db, w, n, actor):
    from evidence_store.services import disposal_candidates
    return lambda uow: disposal_candidates.disposal_candidates(uow)
