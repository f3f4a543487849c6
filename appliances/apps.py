from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppliancesConfig(AppConfig):
    name = "appliances"
    verbose_name = _("Appliance catalogue")
