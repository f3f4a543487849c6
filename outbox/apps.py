from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Outbox (mails and tasks waiting to go out)")

    def ready(self) -> None:
        from django.core.signals import request_finished

        from outbox.services import outbox_send_due_after_request

        request_finished.connect(outbox_send_due_after_request, dispatch_uid="outbox-after-request")
