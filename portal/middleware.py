"""The portal speaks Bahasa Indonesia unless the user picked English with the language switch.

Django's LocaleMiddleware would follow the browser's Accept-Language header, and most browsers in
government offices are set to English; the agreement's language is Indonesian, so only the explicit choice
(the language cookie set by the switch) counts.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
