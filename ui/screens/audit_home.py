"""The home screen's line about kiểm kê: the zones due (or overdue) for their periodic audit and the next
date, opening the Kiểm kê screen."""

from __future__ import annotations


from PySide6.QtWidgets import QPushButton

from evidence_store.domain.permissions import allowed
from evidence_store.i18n import _
from evidence_store.services import audit_read

from .. import operations
from ..models.format import date_text
from evidence_store.domain import chronology


class AuditScheduleBanner(QPushButton):
    def __init__(self, ctx, go) -> None:
        super().__init__()
        self.ctx = ctx
        self.setStyleSheet("text-align: left; padding: 8px; font-weight: bold; color: #1b5e20;"
                           " border: 1px solid #a5d6a7; border-radius: 4px; background: #e8f5e9;")
        self.clicked.connect(lambda: go("audit"))
        self.hide()

    def refresh(self) -> None:
        if not allowed(self.ctx.actor.roles, "read_all"):
            return
        result = operations.query(self.ctx, audit_read.schedule, parent=self)
        rows = result.value if result.ok else []
        if not rows:
            self.hide()
            return
        due = [r for r in rows if r.overdue]
        upcoming = [r for r in rows if r.next_on and r.next_on > chronology.today()]
        parts = []
        if due:
            parts.append(_("Kiểm kê: {n} khu đến hạn ({names})", n=len(due),
                           names=", ".join(r.location_name for r in due[:4]) + ("…" if len(due) > 4 else "")))
        if upcoming:
            r = upcoming[0]
            parts.append(_("lần tới: {name} ngày {day}", name=r.location_name, day=date_text(r.next_on)))
        self.setText(" — ".join(parts) + " — " + _("mở lịch kiểm kê"))
        self.setVisible(bool(parts))
