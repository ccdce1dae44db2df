"""HANDS-ON 63: the security log is complete and reads in Vietnamese — logouts are logged, a refused
self-approval is logged, and refused actions and reasons are shown in words, not codes."""

from __future__ import annotations

from sqlalchemy import select

from evidence_store.db.models import SecurityEvent
from evidence_store.domain.permissions import MATRIX
from ui.screens.security_log_tab import ACTION_LABELS, REASON_LABELS, SECURITY_KINDS, detail_text


def test_every_action_and_kind_reads_in_words():
    assert not set(MATRIX) - set(ACTION_LABELS), "a new action: give it a label in security_log_tab.ACTION_LABELS"
    assert detail_text({"action": "read_item", "reason": "permission_denied"}) == \
        "thao tác: xem vật chứng; lý do: không có quyền"
    assert detail_text({"action": "approve_disposal", "reason": "same_approver"}) == \
        "thao tác: phê duyệt xử lý vật chứng; lý do: người phê duyệt trùng người đề xuất"
    assert "logout" in SECURITY_KINDS and "same_approver" in REASON_LABELS


def test_logout_is_in_the_security_log(main_window, shell_world):
    db, world = shell_world
    window = main_window("thukho")
    window.logout(ask=False)
    with db.session(write=False) as s:
        last = s.scalars(select(SecurityEvent).order_by(SecurityEvent.id.desc())).first()
    assert (last.kind, last.user_id, last.username) == ("logout", world.users["thukho"], "thukho")
