"""Turn an unreachable database into a clear 503 instead of a stack trace; choose the
request's language."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.template.response import SimpleTemplateResponse

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable: %s", exception)
        if request.path.startswith("/api/") or request.path == "/healthz":
            from django.utils.translation import gettext

            return JsonResponse(
                {
                    "detail": gettext(
                        "The service is temporarily unavailable. Please try again shortly."
                    )
                },
                status=503,
            )
        response = SimpleTemplateResponse("503.html", status=503)
        return response.render()


class DutchFirstLanguageMiddleware:
    """One language per request: `?lang=nl|en` (then remembered in the language cookie), else
    the cookie, else the browser's Accept-Language on a first visit, else Dutch.

    Runs for the API too, so DRF's own messages come in the request's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

        available = {code for code, _ in settings.LANGUAGES}
        chosen = request.GET.get("lang")
        if chosen in available:
            language = chosen
        else:
            chosen = None
            # Cookie first, then Accept-Language, then LANGUAGE_CODE (Dutch).
            language = translation.get_language_from_request(request)
            if language not in available:
                language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        if chosen and not request.path.startswith("/api/"):  # an API call sets none
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, chosen, max_age=365 * 24 * 3600,
                samesite="Lax", secure=not settings.DEBUG, httponly=True,
            )  # fmt: skip
        return response


def language_query(request) -> dict:
    """Context processor: `lang_query` is "?lang=en" on a page that is not in the default
    language, so a link copied or shared from it opens in the same language."""
    from django.conf import settings
    from django.utils import translation

    language = translation.get_language() or settings.LANGUAGE_CODE
    return {"lang_query": "" if language == settings.LANGUAGE_CODE else f"?lang={language}"}
