"""Legal bases printed on a record, chosen by the date of the act and the kind of act (LEGAL-RULES §4, R40).

The table is data: each row is one text with its period of validity, the acts it is cited for and its source.
The administrator edits it (services.legal_bases, Quản trị → Căn cứ pháp lý). Where an article number of a new
text is not verified, ``article`` is empty and the text is cited without it until someone enters it.

Defaults (sources in each row):
- BLTTHS 2015 (in force 01/01/2018): Điều 90 and 133 for custody records; Điều 106 and 133 for a disposal.
- Quy chế quản lý kho vật chứng, ND 18/2002/NĐ-CP as amended by ND 70/2013/NĐ-CP: acts before 01/01/2025.
- ND 142/2024/NĐ-CP (30/10/2024, in force 01/01/2025): acts from 01/01/2025.
- Luật THADS 2008 (amended 2014, 2022) Điều 124/125/126 and ND 62/2015/NĐ-CP Điều 33: enforcement-stage
  disposals before 01/07/2026.
- Luật THADS số 106/2025/QH15 and ND 152/2026/NĐ-CP: enforcement-stage disposals from 01/07/2026, article
  numbers to be entered once verified.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any, Iterable

# the acts a row can be cited for (record kinds; "destruction" is the council's record)
ACTS = ("intake", "release", "return", "transfer", "deposit", "disposal", "destruction", "seal", "unseal",
        "incident", "check", "pilot",  # "pilot": added to the record of an NQ 164/2024/QH15 measure
        "savings")  # unclaimed money put on a savings deposit by THADS (Luật THADS Điều 126; domain.unclaimed)
CUSTODY_ACTS = ("intake", "release", "return", "transfer", "deposit", "disposal", "destruction", "seal", "unseal",
                "incident", "check")
DISPOSAL_OUTCOMES = ("returned", "confiscated", "destroyed", "sold", "handed_to_specialist")


@dataclass(frozen=True)
class LegalBasis:
    key: str  # stable identifier, e.g. "nd142"
    text: str  # "Nghị định số 142/2024/NĐ-CP ngày 30/10/2024 của Chính phủ quy định về quản lý kho vật chứng…"
    acts: tuple[str, ...]  # record kinds it is cited for
    valid_from: date | None = None  # the act's date must be on or after (in force)
    valid_to: date | None = None  # …and on or before (last day in force); None → still in force
    article: str = ""  # "Điều 125" — empty where not verified: the text is cited without it
    enforcement_only: bool = False  # cited only for acts of the enforcement stage (THADS)
    outcomes: tuple[str, ...] = ()  # for a disposal: only these outcomes (empty → all)
    source: str = ""  # where the text and its dates were checked
    order: int = 0  # printing order

    def applies(self, act: str, on: date, *, enforcement: bool = False, outcome: str = "") -> bool:
        if act not in self.acts:
            return False
        if self.valid_from and on < self.valid_from:
            return False
        if self.valid_to and on > self.valid_to:
            return False
        if self.enforcement_only and not enforcement:
            return False
        return not (self.outcomes and outcome and outcome not in self.outcomes)

    def citation(self) -> str:
        return f"{self.article} {self.text}".strip() if self.article else self.text

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["acts"], d["outcomes"] = list(self.acts), list(self.outcomes)
        d["valid_from"] = self.valid_from.isoformat() if self.valid_from else None
        d["valid_to"] = self.valid_to.isoformat() if self.valid_to else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "LegalBasis":
        def day(v):
            return date.fromisoformat(v) if v else None
        return cls(key=str(d["key"]), text=str(d["text"]), acts=tuple(d.get("acts") or ()),
                   valid_from=day(d.get("valid_from")), valid_to=day(d.get("valid_to")),
                   article=str(d.get("article") or ""), enforcement_only=bool(d.get("enforcement_only")),
                   outcomes=tuple(d.get("outcomes") or ()), source=str(d.get("source") or ""),
                   order=int(d.get("order") or 0))


CUSTODY_RECORDS = ("intake", "release", "return", "transfer", "deposit", "seal", "unseal", "incident", "check")
NEW_THADS_LAW = date(2026, 7, 1)
ND142_FROM = date(2025, 1, 1)

DEFAULT_BASES: tuple[LegalBasis, ...] = (
    LegalBasis("bltths_custody", "Bộ luật Tố tụng hình sự năm 2015", CUSTODY_RECORDS, date(2018, 1, 1),
               article="Điều 90, Điều 133", source="BLTTHS số 101/2015/QH13, hiệu lực 01/01/2018 (Điều 90, 133)",
               order=10),
    LegalBasis("bltths_disposal", "Bộ luật Tố tụng hình sự năm 2015", ("disposal", "destruction"), date(2018, 1, 1),
               article="Điều 106, Điều 133",
               source="BLTTHS số 101/2015/QH13 Điều 106 (xử lý vật chứng), Điều 133 (biên bản)", order=10),
    LegalBasis("nd18", "Nghị định số 18/2002/NĐ-CP ngày 18/02/2002 của Chính phủ ban hành Quy chế quản lý kho vật "
               "chứng, được sửa đổi, bổ sung bởi Nghị định số 70/2013/NĐ-CP ngày 02/7/2013", CUSTODY_ACTS,
               valid_to=date(2024, 12, 31),
               source="ND 18/2002/NĐ-CP; ND 70/2013/NĐ-CP (thuvienphapluat.vn 445BB); thay thế bởi ND 142/2024 từ "
               "01/01/2025", order=20),
    LegalBasis("nd142", "Nghị định số 142/2024/NĐ-CP ngày 30/10/2024 của Chính phủ quy định về quản lý kho vật "
               "chứng và tài liệu, đồ vật", CUSTODY_ACTS, ND142_FROM,
               source="ND 142/2024/NĐ-CP, hiệu lực 01/01/2025 (thuvienphapluat.vn 629580)", order=20),
    LegalBasis("nd127", "Nghị định số 127/2017/NĐ-CP ngày 16/11/2017 của Chính phủ quy định việc niêm phong, mở "
               "niêm phong vật chứng", ("seal", "unseal", "incident"), date(2018, 1, 1),
               source="ND 127/2017/NĐ-CP, hiệu lực 01/01/2018 (Điều 3, 8, 11; thuvienphapluat.vn)", order=25),
    LegalBasis("tt01_2017_check", "Thông tư số 01/2017/TT-BTP của Bộ trưởng Bộ Tư pháp", ("check",),
               date(2017, 1, 1), article="Điều 12",
               source="TT 01/2017/TT-BTP Điều 12: kiểm tra hằng tháng vật chứng giao bảo quản (kế toán, thủ kho, "
               "thủ trưởng, người nhận bảo quản); ngày ban hành và hiệu lực chưa kiểm chứng: sửa khi có", order=30),
    LegalBasis("thads_2008_confiscation", "Luật Thi hành án dân sự năm 2008 (sửa đổi, bổ sung năm 2014, 2022)",
               ("disposal",), valid_to=date(2026, 6, 30), article="Điều 124", enforcement_only=True,
               outcomes=("confiscated",), source="Luật THADS 2008 Điều 124 (VBHN 10/VBHN-VPQH 24/02/2025)", order=30),
    LegalBasis("thads_2008_destruction", "Luật Thi hành án dân sự năm 2008 (sửa đổi, bổ sung năm 2014, 2022)",
               ("disposal", "destruction"), valid_to=date(2026, 6, 30), article="Điều 125", enforcement_only=True,
               outcomes=("destroyed",), source="Luật THADS 2008 Điều 125 (VBHN 10/VBHN-VPQH 24/02/2025)", order=30),
    LegalBasis("thads_2008_return", "Luật Thi hành án dân sự năm 2008 (sửa đổi, bổ sung năm 2014, 2022)",
               ("disposal", "savings"), valid_to=date(2026, 6, 30), article="Điều 126", enforcement_only=True,
               outcomes=("returned", "sold"), source="Luật THADS 2008 Điều 126 (hethongphapluat.com)", order=30),
    LegalBasis("nd62_destruction", "Nghị định số 62/2015/NĐ-CP ngày 18/7/2015 của Chính phủ", ("disposal", "destruction"),
               valid_to=date(2026, 6, 30), article="Điều 33", enforcement_only=True, outcomes=("destroyed",),
               source="ND 62/2015 Điều 33: tiêu hủy trong 10 ngày (thuviennhadat.vn; VKS Hà Tĩnh)", order=40),
    # NQ 164/2024/QH15 pilot measures (domain.pilot): cited after the record's own bases, no article number (none
    # verified); the TTLT from its date of signature (its entry into force unverified)
    LegalBasis("nq164_2024", "Nghị quyết số 164/2024/QH15 ngày 28/11/2024 của Quốc hội", ("pilot",), date(2025, 1, 1),
               source="NQ 164/2024/QH15 (28/11/2024), hiệu lực 01/01/2025 (LEGAL.md mục 5 [V]); tên đầy đủ và số điều "
               "chưa đối chiếu", order=50),
    LegalBasis("ttlt01_2025", "Thông tư liên tịch số 01/2025/TTLT-VKSNDTC-BCA-TANDTC-BQP ngày 26/02/2025",
               ("pilot",), date(2025, 2, 26),
               source="TTLT 01/2025 (26/02/2025; LEGAL.md mục 5 [V]); nội dung, ngày hiệu lực và số điều chưa đọc",
               order=55),
    LegalBasis("thads_106_2025", "Luật Thi hành án dân sự số 106/2025/QH15", ("disposal", "destruction", "savings"),
               NEW_THADS_LAW, enforcement_only=True,
               source="Luật 106/2025/QH15 (05/12/2025), hiệu lực 01/07/2026; số điều chưa kiểm chứng: nhập khi có",
               order=30),
    LegalBasis("nd152_2026", "Nghị định số 152/2026/NĐ-CP ngày 13/5/2026 của Chính phủ",
               ("disposal", "destruction", "savings"),
               NEW_THADS_LAW, enforcement_only=True,
               source="ND 152/2026/NĐ-CP (13/05/2026, báo chí đưa tin), hiệu lực 01/07/2026; số điều chưa kiểm chứng",
               order=40),
)


def citations(rows: Iterable[LegalBasis], act: str, on: date, *, enforcement: bool = False,
              outcome: str = "") -> tuple[str, ...]:
    """The texts in force on ``on`` for this act, in printing order."""
    chosen = sorted((r for r in rows if r.applies(act, on, enforcement=enforcement, outcome=outcome)),
                    key=lambda r: (r.order, r.key))
    return tuple(r.citation() for r in chosen)


def basis_sentence(cited: tuple[str, ...]) -> str:
    """'Căn cứ Điều 90, Điều 133 Bộ luật…; Nghị định…;' — one paragraph, as the records print it."""
    return "Căn cứ " + "; ".join(cited) + ";" if cited else ""


def check_row(row: LegalBasis) -> str | None:
    """An error code for a row that cannot be saved, or None."""
    if not row.key.strip() or not row.text.strip():
        return "legal_basis_text_required"
    if not row.acts or any(a not in ACTS for a in row.acts):
        return "legal_basis_acts_invalid"
    if row.valid_from and row.valid_to and row.valid_to < row.valid_from:
        return "legal_basis_dates_invalid"
    if any(o not in DISPOSAL_OUTCOMES for o in row.outcomes):
        return "legal_basis_outcome_invalid"
    if not row.source.strip():
        return "legal_basis_source_required"
    return None


def with_article(rows: Iterable[LegalBasis], key: str, article: str) -> tuple[LegalBasis, ...]:
    return tuple(replace(r, article=article) if r.key == key else r for r in rows)


__all__ = ["ACTS", "DEFAULT_BASES", "LegalBasis", "basis_sentence", "check_row", "citations"]
