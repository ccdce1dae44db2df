"""What the records of unclaimed money and property state (Luật THADS 2008 Điều 126 / Luật 106/2025/QH15;
services.unclaimed): the savings deposit record (bank, branch, book number, amount in figures and words, the owner it
is kept for, the notice left unanswered), the void return it replaced, and a payment or confiscation made from the
savings deposit. The printed bases come from the legal-bases table by the act's date: no sentence here cites an
article."""

from __future__ import annotations

from datetime import date

from ..domain.money import amount_in_words, group_digits
from ..db.models import Handover
from ..i18n import _


def _day(iso: str | None) -> str:
    return date.fromisoformat(iso[:10]).strftime("%d/%m/%Y") if iso else _("không ghi")


def _amount(value, currency: str = "") -> str:
    n = int(value)
    if currency:  # foreign money: its figures in its currency (the words are for đồng)
        return f"{group_digits(n)} {currency}"
    return _("{figures} đồng (bằng chữ: {words})", figures=group_digits(n), words=amount_in_words(n))


def savings_facts(ho: Handover, details: dict) -> list[str]:
    """The savings deposit record (Luật THADS Điều 126)."""
    owner = details.get("owner") or _("người được nhận theo quyết định trả lại")
    owner_id = _(", căn cước số {id_number},", id_number=details["owner_id"]) if details.get("owner_id") else ""
    return [
        _("Người được nhận {owner}{owner_id} đã được thông báo ngày {notice} về việc nhận lại tiền theo biên bản trả "
          "lại số {number}, nhưng không đến nhận trong thời hạn 15 ngày kể từ ngày thông báo.", owner=owner,
          owner_id=owner_id, notice=_day(details.get("notice_on")), number=details.get("return_handover", "")),
        _("Số tiền {amount} được giao cho {bank} – {branch} để gửi tiết kiệm không kỳ hạn, sổ tiết kiệm / tài khoản "
          "số {account}, để trả cho người được nhận.",
          amount=_amount(details.get("amount") or 0, details.get("currency", "")), bank=details.get("bank", ""),
          branch=details.get("branch", ""),
          account=details.get("account", "")),
    ]


def from_savings_fact(details: dict) -> list[str]:
    """A return or confiscation of money that was on savings: paid from the bank, not taken from the warehouse."""
    saved = details.get("from_savings") or {}
    if not saved:
        return []
    return [_("Tiền đang gửi tiết kiệm không kỳ hạn tại {bank} – {branch}, sổ tiết kiệm / tài khoản số {account} (biên "
              "bản gửi tiết kiệm số {number}); được rút từ ngân hàng để thi hành, không xuất từ kho.",
              bank=saved.get("bank", ""), branch=saved.get("branch", ""), account=saved.get("account", ""),
              number=saved.get("handover", ""))]


def unclaimed_sale_facts(session, ho: Handover, details: dict) -> list[str]:
    """The sale of property nobody came for: the notice left unanswered 3 months, the price and buyer, the proceeds'
    savings deposit and, when the judgment's legal effect is recorded, the day the 5 years end."""
    from ..db.models import Case
    from ..domain.deadlines import DeadlineKind, due_date
    from .printing_data import person
    sale = details["unclaimed_sale"]
    buyer = person(session, ho.receiver_id, "") if ho.receiver_id else None
    out = [_("Người được nhận đã được thông báo ngày {notice} (biên bản trả lại số {numbers}) nhưng không đến nhận "
             "trong thời hạn 3 tháng kể từ ngày thông báo; tài sản được bán.", notice=_day(sale.get("notice_on")),
             numbers=", ".join(sorted(set(sale.get("returns", {}).values())))),
           _("Bán cho: {buyer}{rep}; giá bán: {price}.", buyer=details.get("buyer") or _("không ghi"),
             rep=_(", người đại diện {name}", name=buyer.full_name) if buyer else "",
             price=_amount(details["proceeds"]) if details.get("proceeds") else _("không ghi")),
           _("Tiền bán được gửi tiết kiệm không kỳ hạn tại {bank}, sổ tiết kiệm / tài khoản số {account}, để trả cho "
             "người được nhận.", bank=sale.get("bank", ""), account=details.get("holding_account", ""))]
    case = session.get(Case, ho.case_id) if ho.case_id else None
    if case is not None and case.judgment_effective_on:
        end = due_date(DeadlineKind.UNCLAIMED_CONFISCATION, case.judgment_effective_on)
        out.append(_("Hết 5 năm kể từ ngày bản án có hiệu lực pháp luật ({effective}), đến ngày {end}, nếu không có "
                     "người nhận thì số tiền này được sung quỹ nhà nước.",
                     effective=case.judgment_effective_on.strftime("%d/%m/%Y"), end=end.strftime("%d/%m/%Y")))
    return out


def unclaimed_void_statement(details: dict) -> str:
    """The return the owner never came to: void, saying what became of the money or property (Điều 126)."""
    if details.get("unclaimed_mode") == "sale":
        return _("Biên bản không có hiệu lực: người được nhận không đến nhận trong thời hạn 3 tháng kể từ ngày thông "
                 "báo; tài sản đã được bán theo biên bản số {number}, tiền bán được gửi tiết kiệm.",
                 number=details["unclaimed"])
    return _("Biên bản không có hiệu lực: người được nhận không đến nhận trong thời hạn 15 ngày kể từ ngày thông báo; "
             "tiền đã được gửi tiết kiệm không kỳ hạn theo biên bản số {number}.",
             number=details["unclaimed"])
