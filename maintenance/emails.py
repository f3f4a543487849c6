"""The one place maintenance e-mail leaves the app; tests replace Django's mail backend."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def email_send(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict,
    unsubscribe_url: str,
    language: str,
    subject_params: dict | None = None,
) -> None:
    """Send one plain-text mail with a one-click unsubscribe (RFC 2369 and RFC 8058 headers)."""
    with translation.override(language):
        body = render_to_string(template, {**context, "unsubscribe_url": unsubscribe_url})
        subject = str(subject) % (subject_params or {}) if subject_params else str(subject)
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send(fail_silently=False)
