"""Turn an unreachable database into a clear 503 instead of a stack trace."""

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
            return JsonResponse(
                {"detail": "The service is temporarily unavailable. Please try again shortly."},
                status=503,
            )
        response = SimpleTemplateResponse("503.html", status=503)
        return response.render()


class DutchFirstLanguageMiddleware:
    """Dutch unless the person chose English (`?lang=en`, or the language cookie).

    The browser's Accept-Language is deliberately ignored: the service is Dutch first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        available = {code for code, _ in settings.LANGUAGES}
        chosen = request.GET.get("lang")
        language = chosen if chosen in available else None
        if language is None:
            cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            language = cookie if cookie in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if chosen in available and not request.path.startswith("/api/"):  # an API call sets none
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, chosen, max_age=365 * 24 * 3600,
                samesite="Lax", secure=not settings.DEBUG, httponly=True,
            )  # fmt: skip
        return response
