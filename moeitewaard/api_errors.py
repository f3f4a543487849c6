"""One place that maps domain errors and unexpected failures to HTTP for the API."""

import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule of the domain was broken; the message tells a person what to do."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        key = exc.field or "non_field_errors"
        return Response({key: [exc.message]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, exceptions.ParseError):
        return Response(
            {"non_field_errors": [f"Malformed JSON: {exc.detail}"]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    response = drf_exception_handler(exc, context)
    if response is None and isinstance(exc, DatabaseError):
        logger.error("Database error in API: %s", exc)
        return Response(
            {"detail": "The service is temporarily unavailable. Please try again shortly."},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
        )
    return response


def api_not_found(request, path=""):
    """Any /api/ path no API view matched: a JSON 404 like every other API answer (also with
    DEBUG on, where Django would show its HTML page)."""
    from django.http import JsonResponse

    return JsonResponse({"detail": "Not found."}, status=404)
