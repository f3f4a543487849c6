from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepairAdviceConfig(AppConfig):
    name = "repair_advice"
    verbose_name = _("Repair advice")
