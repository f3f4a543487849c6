"""API token authentication for partners: `Authorization: Bearer <token>`.

Tokens are stored as a SHA-256 hash with a short plain prefix for lookup (see partner services).
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from partners.models import Partner
from partners.selectors import partner_get_by_api_token


class PartnerClient:
    """The authenticated caller of the partner API (`request.user`)."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, partner: Partner):
        self.partner = partner

    def __str__(self):
        return f"partner {self.partner.pk}"


class PartnerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the header as 'Authorization: Bearer <token>'."
            )
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid API token.") from None
        partner = partner_get_by_api_token(token=token)
        if partner is None:
            raise exceptions.AuthenticationFailed("Invalid API token.")
        return PartnerClient(partner), partner

    def authenticate_header(self, request):
        return f'{self.keyword} realm="partner-api"'


class IsPartner(permissions.BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, Partner)


class PartnerTokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "partners.authentication.PartnerTokenAuthentication"
    name = "PartnerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "The partner API token printed by `create_partner` or shown once after "
            "'rotate API token' in the admin.",
        }
