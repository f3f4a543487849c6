from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaintenanceConfig(AppConfig):
    name = "maintenance"
    verbose_name = _("Maintenance and second life")

    def ready(self) -> None:
        from maintenance.services import (
            FOLLOW_UP_EMAIL,
            REMINDER_EMAIL,
            REMINDERS_CONFIRMATION,
            follow_up_email_send,
            reminder_email_send,
            reminders_confirmation_send,
        )
        from outbox.services import outbox_register

        outbox_register(kind=REMINDERS_CONFIRMATION, handler=reminders_confirmation_send)
        outbox_register(kind=REMINDER_EMAIL, handler=reminder_email_send)
        outbox_register(kind=FOLLOW_UP_EMAIL, handler=follow_up_email_send)
