"""Turn an unreachable database into a clear 503 instead of a stack trace."""

import logging

from django.db import OperationalError, InterfaceError
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
