"""Official records print in Vietnamese, whatever the interface or command-line language (BLTTHS 2015
Điều 29). A print in another language is asked for explicitly (``translation="en"``) and is marked on
every page as a translation without legal force (HANDS-ON 66)."""

from __future__ import annotations

from functools import wraps

from ..domain.errors import ValidationError
from ..i18n import LANGUAGES, N_, _, in_language
from ..error_texts import register

register("translation_language_invalid", N_("Không có bản dịch sang ngôn ngữ {lang}"))
TRANSLATION_MARK = N_("BẢN DỊCH THAM KHẢO — không có giá trị pháp lý; bản chính thức là bản tiếng Việt "
                      "(Điều 29 Bộ luật Tố tụng hình sự)")


def official(render):
    """Decorate a ``…_pdf(uow, …)`` service: Vietnamese unless ``translation`` names another language."""

    @wraps(render)
    def wrapper(uow, *args, translation: str | None = None, **kwargs):
        from ..printing.docbase import TRANSLATION
        lang = translation or "vi"
        if lang not in LANGUAGES:
            raise ValidationError("translation_language_invalid", field="translation", lang=lang)
        with in_language(lang):
            token = TRANSLATION.set(_(TRANSLATION_MARK) if lang != "vi" else "")
            try:
                return render(uow, *args, **kwargs)
            finally:
                TRANSLATION.reset(token)

    return wrapper
