"""Readable text for codes stored in the ledger and the database, produced only when shown,
in the current language (the ledger itself never stores sentences)."""

from __future__ import annotations

import re

from .domain import lifecycle_rules
from .domain.categories import CATEGORIES, LOCATION_KIND_LABELS
from .domain.codes import looks_like_code, parse_code
from .domain.errors import InvalidCode
from .domain.records import SLOT_ROLE_LABELS
from .domain.states import DOC_LABELS, STATE_LABELS, State
from .formatting import date_text
from .i18n import N_, _

EVENT_LABELS = {
    "receive": N_("Nhập kho theo {document}, biên bản {handover}"),
    "move": N_("Chuyển vị trí đến {to_code}"),
    "seal": N_("Niêm phong, số niêm phong {seal}"),
    "unseal": N_("Mở niêm phong {previous_seal}"),
    "reseal": N_("Niêm phong lại, số niêm phong mới {seal}"),
    "release_temporary": N_("Tạm xuất ({purpose}) cho {holder}, hạn trả {due}"),
    "release_prepared": N_("Lập phiếu tạm xuất {handover} ({purpose}), chờ lãnh đạo duyệt xuất"),
    "release_rejected": N_("Lãnh đạo không duyệt xuất phiếu {handover}: {reason} — vật chứng vẫn ở trong kho"),
    "release_withdrawn": N_("Thủ kho rút phiếu tạm xuất {handover}: {reason} — vật chứng vẫn ở trong kho"),
    "removal_prepared": N_("Lập biên bản {act} {handover}, chờ lãnh đạo duyệt xuất kho"),
    "removal_rejected": N_("Lãnh đạo không duyệt xuất biên bản {act} {handover}: {reason} — vật chứng vẫn ở trong kho"),
    "removal_withdrawn": N_("Rút biên bản {act} {handover} trước khi được duyệt: {reason} — vật chứng vẫn ở trong kho"),
    "return": N_("Nhận lại sau tạm xuất, niêm phong {seal_status}"),
    "deposit": N_("Gửi bảo quản chuyên trách tại {holder}"),
    "entrust": N_("Giao bảo quản cho {holder}"),
    "savings_deposit": N_("Gửi tiết kiệm không kỳ hạn (không có người nhận) tại {bank} – {branch}, sổ tiết kiệm số "
                          "{account}, biên bản {handover}"),
    "recall": N_("Nhập lại kho từ nơi gửi / giao bảo quản"),
    "entrusted_check": N_("Kiểm tra vật chứng giao bảo quản: {result}"),
    "transfer_responsibility": N_("Chuyển giao trách nhiệm: {from_agency} → {to_agency}"),
    "transfer_out": N_("Chuyển sang kho khác: {holder}"),
    "disposal_proposed": N_("Đề xuất xử lý: {outcome}"),
    "disposal_approved": N_("Phê duyệt xử lý: {outcome} — chờ thực hiện"),
    "dispose": N_("Xử lý vật chứng: {outcome}"),
    "incident": N_("Sự cố: {incident}"),
    "found": N_("Tìm thấy lại vật chứng"),
    "correction": N_("Đính chính sự kiện #{corrects}: {reason}"),
    "label_printed": N_("In nhãn (lần in {copy})"),
    "attachment": N_("Đính kèm tệp {filename}"),
    "announce": N_("Đăng ký {document}, chờ nhận vật chứng vào kho"),
    "disposal_rejected": N_("Không phê duyệt đề xuất xử lý: {reason}"),
    "signature": N_("Ký biên bản {handover}"),
    "handover_completed": N_("Hoàn tất biên bản {handover}"),
    "handover_offered": N_("Chuyển biên bản {handover} cho {to_agency}, chờ tiếp nhận"),
    "handover_accepted": N_("{to_agency} tiếp nhận biên bản {handover}"),
    "handover_refused": N_("{to_agency} từ chối tiếp nhận biên bản {handover}: {reason}"),
    "release_refused": N_("Bên nhận từ chối tiếp nhận biên bản {handover}: vật chứng trở lại kho ({reason})"),
    "return_refused": N_("Bên giao không xác nhận biên bản nhận lại {handover}: vật chứng trở lại tình trạng "
                         "tạm xuất ({reason})"),
    "officer_assigned": N_("Phân công người thụ lý vụ án {case}"),
    "item_requested": N_("Yêu cầu vật chứng {request}"),
    "request_cancelled": N_("Hủy yêu cầu vật chứng {request}"),
    "case_milestone": N_("Mốc tố tụng của vụ án {case}: {milestone} theo {document}"),
    "case_milestone_confirmed": N_("Xác nhận mốc tố tụng của vụ án {case}: {milestone}"),
    "case_pilot": N_("Vụ án {case}: thí điểm NQ 164/2024/QH15 {pilot}"),
    "pilot_suspend": N_("Tạm dừng giao dịch theo quyết định {decision} (NQ 164/2024/QH15), đã thông báo {registry}"),
    "pilot_suspend_lifted": N_("Hủy bỏ tạm dừng giao dịch theo {decision}"),
    "audit_opened": N_("Mở đợt kiểm kê {audit}"),
    "audit_result": N_("Kiểm kê {audit}, dòng {line}: {result}"),
    "audit_resolved": N_("Xử lý chênh lệch kiểm kê {audit}, dòng {line}: {resolution}"),
    "audit_recount": N_("Yêu cầu đếm lại, kiểm kê {audit}, dòng {line}"),
    "audit_closed": N_("Kết thúc kiểm kê {audit}, ký biên bản"),
    "record_ended": N_("Ghi thời điểm kết thúc biên bản {handover}"),
    "seal_broken": N_("Niêm phong {previous_seal} bị bóc mở, rách hoặc mất: biên bản sự cố {handover}"),
    "disposal_withdrawn": N_("Rút đề xuất xử lý: {reason}"),
    "disposal_carried_out": N_("Thực hiện xử lý theo biên bản {handover}"),
    "register_state": N_("Trạng thái theo sổ cũ ({document}): {outcome}"),
}

# Short name of every event kind, for table columns (custody report, ledger book, history lists): the one
# table of kind → words; EVENT_LABELS above gives the full sentence with the event's data.
EVENT_KIND_LABELS = {
    "register": N_("Đăng ký vật chứng"),
    "announce": N_("Đăng ký chờ nhập kho"),
    "receive": N_("Nhập kho"),
    "move": N_("Chuyển vị trí"),
    "seal": N_("Niêm phong"),
    "unseal": N_("Mở niêm phong"),
    "reseal": N_("Niêm phong lại"),
    "release_temporary": N_("Tạm xuất"),
    "release_prepared": N_("Lập phiếu tạm xuất, chờ duyệt"),
    "release_rejected": N_("Không duyệt xuất"),
    "release_withdrawn": N_("Rút phiếu tạm xuất"),
    "removal_prepared": N_("Lập biên bản xuất kho, chờ duyệt"),
    "removal_rejected": N_("Không duyệt xuất kho"),
    "removal_withdrawn": N_("Rút biên bản xuất kho"),
    "return": N_("Nhập lại sau tạm xuất"),
    "deposit": N_("Gửi bảo quản chuyên trách"),
    "entrust": N_("Giao bảo quản"),
    "savings_deposit": N_("Gửi tiết kiệm không kỳ hạn (không có người nhận)"),
    "recall": N_("Thu hồi về kho"),
    "entrusted_check": N_("Kiểm tra vật chứng giao bảo quản"),
    "transfer_responsibility": N_("Chuyển giao trách nhiệm quản lý"),
    "transfer_out": N_("Chuyển giao sang kho khác"),
    "disposal_proposed": N_("Đề xuất xử lý"),
    "disposal_approved": N_("Phê duyệt xử lý vật chứng"),
    "disposal_rejected": N_("Không phê duyệt đề xuất xử lý"),
    "dispose": N_("Xử lý vật chứng"),
    "incident": N_("Sự cố mất, hư hỏng"),
    "found": N_("Tìm thấy lại"),
    "correction": N_("Đính chính"),
    "label_printed": N_("In nhãn"),
    "count": N_("Kiểm kê"),
    "audit_opened": N_("Mở đợt kiểm kê"),
    "audit_result": N_("Kết quả kiểm kê"),
    "audit_resolved": N_("Xử lý chênh lệch kiểm kê"),
    "audit_recount": N_("Yêu cầu đếm lại"),
    "audit_closed": N_("Kết thúc kiểm kê"),
    "attachment": N_("Đính kèm tệp"),
    "signature": N_("Ký biên bản"),
    "handover_completed": N_("Hoàn tất biên bản"),
    "handover_offered": N_("Chờ tiếp nhận"),
    "handover_accepted": N_("Tiếp nhận"),
    "handover_refused": N_("Từ chối tiếp nhận"),
    "release_refused": N_("Từ chối tiếp nhận, trở lại kho"),
    "return_refused": N_("Không xác nhận nhận lại"),
    "officer_assigned": N_("Phân công người thụ lý"),
    "item_requested": N_("Yêu cầu vật chứng"),
    "request_cancelled": N_("Hủy yêu cầu vật chứng"),
    "case_milestone": N_("Mốc tố tụng"),
    "case_milestone_confirmed": N_("Xác nhận mốc tố tụng"),
    "case_pilot": N_("Thí điểm NQ 164/2024/QH15"),
    "pilot_suspend": N_("Tạm dừng giao dịch (NQ 164/2024/QH15)"),
    "pilot_suspend_lifted": N_("Hủy bỏ tạm dừng giao dịch"),
    "record_ended": N_("Kết thúc biên bản"),
    "seal_broken": N_("Sự cố niêm phong"),
    "disposal_withdrawn": N_("Rút đề xuất xử lý"),
    "disposal_carried_out": N_("Thực hiện xử lý vật chứng"),
    "register_state": N_("Trạng thái theo sổ cũ"),
}


def event_kind_label(kind: str) -> str:
    """'entrusted_check' → 'Kiểm tra vật chứng giao bảo quản' in the current language; an unknown kind prints as is."""
    label = EVENT_KIND_LABELS.get(kind)
    return _(label) if label else kind


# The acts out of the warehouse a commander approves (services.release_approval), in the ledger's words.
REMOVAL_ACTS = {"release": N_("tạm xuất"), "transfer_out": N_("chuyển giao, chuyển kho"),
                "deposit": N_("gửi bảo quản chuyên trách"), "entrust": N_("giao bảo quản")}

# Codes stored in event data, shown in words.
CODE_LABELS = {"act": REMOVAL_ACTS, "purpose": lifecycle_rules.RELEASE_PURPOSES, "seal_status": lifecycle_rules.SEAL_STATES, "incident": lifecycle_rules.INCIDENT_KINDS,
               "result": lifecycle_rules.CHECK_RESULTS, "custodian_kind": lifecycle_rules.CUSTODIAN_KINDS}

OUTCOME_LABELS = {s.value: STATE_LABELS[s] for s in State}
# A disposal proposed or approved is not done yet: its outcome is named as the act to carry out («tiêu hủy»), never as
# the item's state («Đã tiêu hủy»), which the timeline and home screen showed for a pending proposal (issue 17;
# HANDS-ON 45).
OUTCOME_ACTS = {State.RETURNED.value: N_("trả lại"), State.CONFISCATED.value: N_("tịch thu sung công"),
                State.DESTROYED.value: N_("tiêu hủy"), State.SOLD.value: N_("bán"),
                State.HANDED_TO_SPECIALIST.value: N_("giao cơ quan chuyên ngành")}
PENDING_DISPOSAL_EVENTS = ("disposal_proposed", "disposal_approved")


def state_label(state: str) -> str:
    try:
        return _(STATE_LABELS[State(state)])
    except (ValueError, KeyError):
        return state


def category_label(code: str) -> str:
    cat = CATEGORIES.get(code)
    return _(cat.label) if cat else code


def location_kind_label(kind: str) -> str:
    from .domain.categories import LocationKind
    try:
        return _(LOCATION_KIND_LABELS[LocationKind(kind)])
    except (ValueError, KeyError):
        return kind


def document_label(kind: str, number: str = "") -> str:
    from .domain.states import Doc
    try:
        label = _(DOC_LABELS[Doc(kind)])
    except (ValueError, KeyError):
        label = kind
    return _("{label} số {number}", label=label, number=number) if number else label


def document_reference(kind: str, number: str = "", issued_on=None, issuer: str = "", *,
                       label: str | None = None) -> str:
    """One document as the screens and the paper name it — «Lệnh xuất kho số 12/LXK ngày 05/02/2026, Cơ quan CSĐT
    …» — each part only when it is known: a giấy ủy quyền without a date or an issuer read «1/GUQ ()» in the
    commander's approval detail (issue #18). ``label`` words the kind when the caller has its own words for it
    (a court's judgment on paper)."""
    text = document_label(kind) if label is None else label
    if number:
        text = _("{label} số {number}", label=text, number=number) if text else number
    day = date_text(issued_on)
    if day:
        text = _("{document} ngày {day}", document=text, day=day) if text else day
    if issuer:
        text = _("{document}, {issuer}", document=text, issuer=issuer) if text else issuer
    return text


class _Safe(dict):
    def __missing__(self, key):
        return "—"


def move_text(e, places: dict | None) -> str:
    """A move named by its places, "from → to" (``places``: location id → name, HANDS-ON 31); "" when the
    names are not at hand."""
    if e.kind != "move" or not places:
        return ""
    data = dict(e.data)
    to_id = (data.get("set") or {}).get("location_id")
    source = places.get(data.get("from")) or _("khu tiếp nhận (chưa xếp)")
    target = places.get(to_id) or data.get("to_code") or "—"
    return _("Chuyển vị trí: {source} → {target}", source=source, target=target)


def describe_event(e, places: dict | None = None, people: dict | None = None) -> str:
    """One line describing an EventView (or any object with kind, data, document_kind/number, handover_number);
    a move names its places when ``places`` (location id → name) is given, the clerk and the commander of an
    approved act out their full names when ``people`` (username → full name) is given — the paper names persons,
    never login names (BLTTHS Điều 133)."""
    moved = move_text(e, places)
    if moved:
        return moved
    data = dict(e.data)
    sets = data.get("set") or {}
    values = _Safe({k: v for k, v in data.items() if isinstance(v, (str, int, float))})
    values.update({k: v for k, v in sets.items() if isinstance(v, (str, int, float)) and v != ""})
    values["document"] = document_label(e.document_kind, e.document_number) if e.document_kind else "—"
    values["handover"] = e.handover_number or "—"
    if "seal_number" in sets:
        values["seal"] = sets["seal_number"]
    if "holder" in sets and sets["holder"]:
        values["holder"] = sets["holder"]
    if "due_back_on" in sets and sets["due_back_on"]:
        y, m, d = str(sets["due_back_on"]).split("-")
        values["due"] = f"{d}/{m}/{y}"
    if "outcome" in data:
        labels = OUTCOME_ACTS if e.kind in PENDING_DISPOSAL_EVENTS else OUTCOME_LABELS
        values["outcome"] = _(labels.get(data["outcome"], data["outcome"]))
    if e.corrects_seq:
        values["corrects"] = e.corrects_seq
    if isinstance(data.get("to_code"), str) and looks_like_code(data["to_code"]):
        try:
            values["to_code"] = parse_code(data["to_code"]).display  # as printed on the shelf label
        except InvalidCode:
            pass
    if isinstance(data.get("milestone"), str):
        values["milestone"] = milestone_label(data["milestone"])
    if isinstance(data.get("pilot"), bool):
        values["pilot"] = _("áp dụng") if data["pilot"] else _("không áp dụng")
    for key, labels in CODE_LABELS.items():
        if data.get(key) in labels:
            values[key] = _(labels[data[key]])
    if e.kind.startswith("audit_"):
        from .domain import audit as audit_rules
        if data.get("result") in audit_rules.RESULT_LABELS:
            values["result"] = _(audit_rules.RESULT_LABELS[audit_rules.Result(data["result"])])
        if data.get("resolution") in audit_rules.RESOLUTION_LABELS:
            values["resolution"] = _(audit_rules.RESOLUTION_LABELS[audit_rules.Resolution(data["resolution"])])
    template = EVENT_LABELS.get(e.kind)
    text = _(template).format_map(values) if template else e.kind
    if e.kind in ("release_temporary", "deposit", "entrust", "transfer_out") and data.get("approved_by"):
        # ND 142/2024 Điều 4: both named
        people = people or {}
        clerk, approver = data.get("prepared_by") or "", data["approved_by"]
        text += " " + _("(thủ kho {clerk} lập phiếu, lãnh đạo {approver} duyệt xuất)",
                        clerk=people.get(clerk, clerk) or "—", approver=people.get(approver, approver))
    if getattr(e, "corrected_by", ()):
        text += " " + _("(đã được đính chính bởi sự kiện {seqs})", seqs=", ".join(f"#{s}" for s in e.corrected_by))
    return text


AGENCY_KIND_LABELS = {  # domain/agencies.py AgencyKind
    "investigating_body": N_("Cơ quan điều tra (Công an)"),
    "military_investigating_body": N_("Cơ quan điều tra trong Quân đội"),
    "procuracy_investigating_body": N_("Cơ quan điều tra VKSND tối cao"),
    "customs": N_("Hải quan (được giao nhiệm vụ điều tra)"),
    "forest_ranger": N_("Kiểm lâm (được giao nhiệm vụ điều tra)"),
    "border_guard": N_("Bộ đội Biên phòng (được giao nhiệm vụ điều tra)"),
    "coast_guard": N_("Cảnh sát biển (được giao nhiệm vụ điều tra)"),
    "fisheries_control": N_("Kiểm ngư (được giao nhiệm vụ điều tra)"),
    "police": N_("Đơn vị Công an khác (không phải cơ quan điều tra)"),
    "procuracy": N_("Viện kiểm sát"), "court": N_("Tòa án"),
    "enforcement": N_("Thi hành án dân sự"), "treasury": N_("Kho bạc Nhà nước"),
    "military": N_("Cơ quan quân sự (Bộ Chỉ huy quân sự tỉnh)"),
    "finance": N_("Cơ quan tài chính"), "specialised": N_("Cơ sở chuyên ngành"), "other": N_("Khác"),
}

STAGE_LABELS = {"investigation": N_("Điều tra"), "prosecution": N_("Truy tố"), "trial": N_("Xét xử"),
                "enforcement": N_("Thi hành án"), "closed": N_("Đã kết thúc")}


def agency_kinds_text(kinds) -> str:
    """Agency kinds in words, every investigating body and body assigned investigative tasks said once."""
    from .domain.agencies import INVESTIGATORS
    kinds = [k for k in kinds if k]
    investigators = {k.value for k in INVESTIGATORS}
    parts = []
    if investigators <= set(kinds):
        parts.append(_("Cơ quan điều tra và cơ quan được giao nhiệm vụ điều tra (Công an, Quân đội, VKSND tối cao, "
                       "Hải quan, Kiểm lâm, Biên phòng, Cảnh sát biển, Kiểm ngư)"))
        kinds = [k for k in kinds if k not in investigators]
    parts += [agency_kind_label(k) for k in kinds]
    return ", ".join(parts) or "—"


def agency_kind_label(kind: str) -> str:
    return _(AGENCY_KIND_LABELS[kind]) if kind in AGENCY_KIND_LABELS else kind


def stage_label(stage: str) -> str:
    return _(STAGE_LABELS[stage]) if stage in STAGE_LABELS else stage


def context_label(context: str) -> str:
    """A competence context (a stage, or where the case was dropped) in words."""
    from .domain.milestones import CONTEXT_LABELS
    return _(CONTEXT_LABELS[context]) if context in CONTEXT_LABELS else stage_label(context)


def milestone_label(kind: str) -> str:
    from .domain.milestones import MILESTONE_LABELS, Milestone
    try:
        return _(MILESTONE_LABELS[Milestone(kind)])
    except (ValueError, KeyError):
        return kind


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def code_words(name: str, value):
    """A code carried by an error's parameters, in words (state, category, document kind…)."""
    if not isinstance(value, str):
        return value
    if name == "code":  # an item's code as its label prints it (VC-24-000018-B), not the compact stored form
        try:
            return parse_code(value).display
        except InvalidCode:
            return value  # what was typed or scanned and is no code: as it was
    if name == "codes":  # a list of them, "VC26000001Q, VC26000002N"
        return ", ".join(code_words("code", part.strip()) for part in value.split(","))
    if name in ("state", "outcome", "previous_state"):
        return state_label(value)
    if name == "role" and value in SLOT_ROLE_LABELS:  # a signature slot («Bên nhận»), never its key («receiver»)
        return _(SLOT_ROLE_LABELS[value])
    if name == "date" and _ISO_DAY.fullmatch(value):  # a day passed as stored: as the screens write it (issue #18)
        from datetime import date
        return date_text(date.fromisoformat(value))
    if name == "category":
        return category_label(value)
    if name in ("move", "previous_move"):
        label = EVENT_KIND_LABELS.get(value)
        return _(label) if label else value
    if name in ("basis", "document_kind"):
        return document_label(value)
    if name == "stage":
        return stage_label(value)
    if name == "context":
        from .domain.milestones import CONTEXT_LABELS
        return _(CONTEXT_LABELS[value]) if value in CONTEXT_LABELS else value
    if name == "milestone":
        return milestone_label(value)
    if name == "measure":
        from .domain.pilot import ANY, ANY_LABEL, MEASURE_LABELS
        if value == ANY:
            return _(ANY_LABEL)
        return _(MEASURE_LABELS[value]) if value in MEASURE_LABELS else value
    if name == "allowed":
        return agency_kinds_text(v.strip() for v in value.split(","))
    if name in ("kind", "agency", "agency_kind", "expected", "expected_kind"):
        for table in (AGENCY_KIND_LABELS, {k.value: v for k, v in LOCATION_KIND_LABELS.items()}):
            if value in table:
                return _(table[value])
        if "," in value:
            return ", ".join(str(code_words(name, v.strip())) for v in value.split(","))
    return value
