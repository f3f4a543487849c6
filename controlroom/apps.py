from django.apps import AppConfig


class ControlroomConfig(AppConfig):
    """The staff control room: dashboard, price import, model lifecycle and roles."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "controlroom"
    verbose_name = "Control room"
