from django.apps import AppConfig


class RepairAdviceConfig(AppConfig):
    name = "repair_advice"
    verbose_name = "Repair advice"
