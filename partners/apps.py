from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Repair partners")

    def ready(self) -> None:
        from outbox.services import outbox_register
        from partners.emails import LEAD_EMAIL, lead_email_send

        outbox_register(kind=LEAD_EMAIL, handler=lead_email_send)
