"""One place that maps domain errors and unexpected failures to HTTP for the API."""

import logging
import math
import re
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule of the domain was broken; the message tells a person what to do.

    The one family of errors every app raises (subclasses below, or an app's own subclass); the
    API maps each to HTTP here, in `exception_handler`, and no API view catches them. Pages catch
    them to show the message next to the field.
    """

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def payload(self) -> dict:
        return {self.field or "non_field_errors": [str(self.message)]}


class RecordsRejected(DomainError):
    """A batch (API records or CSV rows) broke rules: nothing was written. `errors` is keyed by
    the batch's list name, then record index (or CSV row), then field, as the partner API
    documents; messages may be lazy and are told in the request's language."""

    def __init__(self, errors: dict[str, Any]):
        super().__init__("records rejected")
        self.errors = errors

    def payload(self) -> dict:
        return _as_text(self.errors)


class StateConflict(DomainError):
    """The action does not fit the current state (e.g. promoting the active model version)."""

    status_code = 409


class LinkInvalid(DomainError):
    """A signed link that is not ours or has expired (`expired` says which)."""

    status_code = 404

    def __init__(self, message: str = "", *, expired: bool = False):
        super().__init__(message or ("link expired" if expired else "link invalid"))
        self.expired = expired


def _as_text(value: Any) -> Any:
    """Lazy translations and nested containers as plain JSON text in the active language."""
    if isinstance(value, dict):
        return {str(key): _as_text(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_text(item) for item in value]
    if isinstance(value, Promise):
        return str(value)
    return value


def _parse_error_message(detail: str) -> str:
    """The parser's reason (English, from Python's json module) retold in the active language."""
    if match := re.search(r"nested deeper than (\d+) levels", detail):
        return _("Malformed JSON: nested deeper than %(levels)s levels.") % {
            "levels": match.group(1)
        }
    if match := re.search(r"line (\d+) column (\d+)", detail):
        return _("Malformed JSON: error at line %(line)s, column %(column)s.") % {
            "line": match.group(1),
            "column": match.group(2),
        }
    return _("Malformed JSON: the request body could not be read.")


def exception_handler(exc, context):
    """Errors in the request's active language (DutchFirstLanguageMiddleware), all of them."""
    if isinstance(exc, DomainError):
        return Response(exc.payload(), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, exceptions.ParseError):
        return Response(
            {"non_field_errors": [_parse_error_message(str(exc.detail))]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        # DRF formats the wait into its message before translating it, so no catalogue matches.
        wait = math.ceil(exc.wait)
        exc.detail = ngettext(
            "Too many requests. Try again in %(wait)d second.",
            "Too many requests. Try again in %(wait)d seconds.",
            wait,
        ) % {"wait": wait}
    response = drf_exception_handler(exc, context)
    if response is None and isinstance(exc, DatabaseError):
        logger.error("Database error in API: %s", exc)
        return Response(
            {"detail": _("The service is temporarily unavailable. Please try again shortly.")},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
        )
    return response


def api_not_found(request, path=""):
    """Any /api/ path no API view matched: a JSON 404 like every other API answer (also with
    DEBUG on, where Django would show its HTML page)."""
    from django.http import JsonResponse

    return JsonResponse({"detail": _("Not found.")}, status=404)
