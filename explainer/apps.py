from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExplainerConfig(AppConfig):
    name = "explainer"
    verbose_name = _("Verdict explanations")

    def ready(self):
        # repair_advice sits below the explainer: a new verdict reaches it through signals.
        from explainer.services import (
            explanation_on_verdict_evaluated,
            explanation_on_verdict_stored,
        )
        from repair_advice.signals import verdict_evaluated, verdict_stored

        verdict_evaluated.connect(explanation_on_verdict_evaluated, dispatch_uid="explainer-first")
        verdict_stored.connect(explanation_on_verdict_stored, dispatch_uid="explainer-schedule")
