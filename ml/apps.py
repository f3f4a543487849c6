from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MlConfig(AppConfig):
    name = "ml"
    verbose_name = _("Prediction models")

    def ready(self):
        # Prices may not import ml (a lower layer): new records reach retraining by a signal.
        from ml.tasks import retrain_on_price_records_written
        from prices.signals import price_records_written

        price_records_written.connect(retrain_on_price_records_written, dispatch_uid="ml-retrain")
