"""Commands: what a user asks for, as frozen plain data — one per intention, by subject."""

from __future__ import annotations

from .inputs import (CaseInput, DocumentInput, FileInput, PersonInput)  # noqa: F401
from .intake import (MoveItems, NewItem, ReceiveItems, SealItems)  # noqa: F401
from .lifecycle import (AddSigner, AttachFile, CarryOutDisposal, CheckEntrusted, DecideDisposal, DecideRelease, DepositItems,
                        EndRecord, EntrustItems, ProposeDisposal, RecallItems, RecordCorrection, RecordFound,
                        RecordIncident, RedoSignature, RefuseSignature, ReleaseItems, Reseal, ReturnItems,
                        SignByFingerprint, SignOnPaper, SignOnScreen, TransferResponsibility)  # noqa: F401
from .unclaimed import DepositSavings  # noqa: F401
from .audit import (AuditScanInput, CloseAudit, PlanAudit, ResolveLine, ScanChecks, TeamMember)  # noqa: F401
