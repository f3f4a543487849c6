from django.apps import AppConfig


class AppliancesConfig(AppConfig):
    name = "appliances"
    verbose_name = "Appliance catalogue"
