"""The sample biên bản kiểm kê (template editor's «Xem thử») resolves each discrepancy as the rules allow: a
broken seal by a seal incident, not «incident_damaged» (#15, #12)."""

from evidence_store.domain import audit as audit_rules
from evidence_store.printing.audit import render_audit
from evidence_store.printing.samples import audit_record

from .printing_helpers import text


def test_every_sample_resolution_fits_its_result():
    record = audit_record()
    for line in record.discrepancies:
        assert audit_rules.Resolution(line.resolution) in audit_rules.RESOLUTIONS_FOR[audit_rules.Result(line.result)], line
    words = " ".join(text(render_audit(record)).split())
    assert "incident_damaged" not in words and "seal_incident" not in words
    assert " ".join(audit_rules.RESOLUTION_LABELS[audit_rules.Resolution.SEAL_INCIDENT].split()[:4]) in words
