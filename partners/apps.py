from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Repair partners"

    def ready(self) -> None:
        from outbox.services import outbox_register
        from partners.emails import LEAD_EMAIL, lead_email_send

        outbox_register(kind=LEAD_EMAIL, handler=lead_email_send)
