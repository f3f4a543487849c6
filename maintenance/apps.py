from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaintenanceConfig(AppConfig):
    name = "maintenance"
    verbose_name = _("Maintenance and second life")

    def ready(self) -> None:
        from maintenance.services import REMINDERS_CONFIRMATION, reminders_confirmation_send
        from outbox.services import outbox_register

        outbox_register(kind=REMINDERS_CONFIRMATION, handler=reminders_confirmation_send)
