from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ControlroomConfig(AppConfig):
    """The staff control room: dashboard, price import, model lifecycle and roles."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "controlroom"
    verbose_name = _("Control room")
