"""The figures of a verification the custody ledger's own sentence leaves out (issue #14, #19): the
database's protections, the attachments re-hashed, the security log's chain — each reported apart, in
the user's language, by the command line and the GUI alike."""

from __future__ import annotations

from .i18n import N_, _

ATTACHMENT_REASONS = {
    "content_changed": N_("nội dung không còn khớp mã băm đã ghi"),
    "not_in_ledger": N_("mã băm không có trong sổ theo dõi của vật chứng / biên bản"),
    "missing": N_("sổ theo dõi ghi một tệp nay không còn"),
}

CHAIN_REASONS = {
    "hash_mismatch": N_("nội dung đã bị sửa (mã băm không khớp)"),
    "prev_mismatch": N_("một mục bị xóa, chèn hoặc đổi chỗ (chuỗi bị đứt)"),
}


def extra_lines(result) -> list[tuple[bool, str]]:
    """(ok, sentence) for protections, attachments and the security log."""
    out = []
    if result.protections_missing:
        out.append((False, _("SAI LỆCH: thiếu lớp bảo vệ của cơ sở dữ liệu (trigger): {names}",
                             names=", ".join(result.protections_missing))))
    else:
        out.append((True, _("Lớp bảo vệ của cơ sở dữ liệu (trigger chỉ ghi thêm): đủ")))
    if result.attachment_problems:
        for att_id, sha, reason in result.attachment_problems[:20]:
            out.append((False, _("SAI LỆCH: tệp đính kèm {id} (băm {hash}): {reason}",
                                 id=att_id if att_id is not None else "-", hash=(sha or "")[:12],
                                 reason=_(ATTACHMENT_REASONS.get(reason, reason)))))
    else:
        out.append((True, _("Tệp đính kèm (ảnh, bản quét biên bản đã ký): {n} tệp, đều khớp mã băm trong sổ",
                            n=result.attachments)))
    if result.security_break is not None:
        out.append((False, _("SAI LỆCH: nhật ký an ninh bị sửa tại mục #{id}: {reason}",
                             id=result.security_break.seq,
                             reason=_(CHAIN_REASONS.get(result.security_break.reason, result.security_break.reason)))))
    else:
        out.append((True, _("Nhật ký an ninh: {n} mục, chuỗi băm hợp lệ", n=result.security_events)))
    return out
