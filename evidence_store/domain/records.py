"""The status of a record (biên bản / phiếu) as a legal document (Điều 133 BLTTHS; ND 30/2020).

A record is a DRAFT while it is prepared, OPEN while it waits for signatures, COMPLETE once every party has
signed (or refused before a witness) and the end time is recorded, and VOID when the act it records did not
happen. Only a COMPLETE record prints without a mark. The approval of a disposal (pending/approved/rejected)
is a separate question from the status of its record.
"""

from __future__ import annotations

from enum import StrEnum

from evidence_store.i18n import N_


class RecordStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    COMPLETE = "complete"
    VOID = "void"


RECORD_STATUS_LABELS = {
    RecordStatus.DRAFT: N_("Dự thảo"),
    RecordStatus.OPEN: N_("Chờ ký"),
    RecordStatus.COMPLETE: N_("Hoàn tất"),
    RecordStatus.VOID: N_("Hủy bỏ"),
}
