"""Chinese unless the user chose otherwise: the language comes from the switcher's cookie only.

Django's LocaleMiddleware would also follow the browser's Accept-Language, so a staff computer
with an English browser would get English pages. The committee works in Chinese; English is
there for those who pick it.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            code = translation.get_supported_language_variant(code) if code else settings.LANGUAGE_CODE
        except LookupError:
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()
