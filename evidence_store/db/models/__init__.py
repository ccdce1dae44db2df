"""SQLAlchemy models (DESIGN §3), one module per area; callers import them from here. Times are UTC."""

from .base import MOVE_KINDS, MOVES_WHERE, NAMING, Base
from .organisation import Agency, Location, Person, User, Warehouse
from .cases import Case, CaseMilestone, CaseResponsibility, Deadline, Document, ItemRequest, ItemRequestLine
from .custody import Attachment, CustodyEvent, Handover, HandoverLine, Item, Signature
from .system import CodeSequence, SecurityEvent, Setting
from .audits import Audit, AuditLine, AuditScan, AuditSchedule, AuditTarget
from .import_batches import ImportBatch, ImportRow

__all__ = ["MOVE_KINDS", "MOVES_WHERE", "NAMING", "Base", "Agency", "Location", "Person", "User", "Warehouse", "Case",
           "CaseMilestone", "CaseResponsibility", "Deadline", "Document", "ItemRequest", "ItemRequestLine", "Attachment",
           "CustodyEvent", "Handover", "HandoverLine", "Item", "Signature", "CodeSequence", "SecurityEvent", "Setting",
           "Audit", "AuditLine", "AuditScan", "AuditSchedule", "AuditTarget", "ImportBatch", "ImportRow"]
