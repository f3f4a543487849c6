"""How often one e-mail address may be signed up for our mails, whoever asks: without it anyone
could make us send a stranger a confirmation mail per POST."""

import hashlib
import hmac

from django.conf import settings

from common.throttling import rate_limit_hit


def _address_ident(email: str) -> str:
    """A keyed hash of the address, so the cache (Redis) never holds addresses in plain text."""
    normalized = email.strip().lower().encode()
    return hmac.new(settings.SECRET_KEY.encode(), normalized, hashlib.sha256).hexdigest()[:32]


def email_address_hit(email: str) -> int | None:
    """Count one sign-up mail to `email` (EMAIL_ADDRESS_RATE_LIMIT, default 3/day): None when
    allowed, otherwise the seconds until the address may be signed up again."""
    return rate_limit_hit(
        scope="email-address", ident=_address_ident(email), rate=settings.EMAIL_ADDRESS_RATE_LIMIT
    )
