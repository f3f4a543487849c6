"""Train a model version when none is active, or when the active one cannot be served (used by
`make run`)."""

from django.core.management.base import BaseCommand

from ml.registry import ArtifactIntegrityError, load_predictor
from ml.selectors import model_version_active
from ml.services import model_version_train
from ml.trained import ArtifactFormatError


class Command(BaseCommand):
    help = (
        "Train a model version only if no version is active, or if the active version's artifact "
        "is missing, altered, of an older format or made with another scikit-learn version."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-rows", type=int, default=None, help="ORDS rows (default ML_TRAINING_MAX_ROWS)."
        )

    def handle(self, *args, max_rows, **options):
        active = model_version_active()
        if active is not None:
            try:
                load_predictor(active)
            except (ArtifactIntegrityError, ArtifactFormatError) as exc:
                self.stdout.write(f"ensure_models: {active.label} cannot be served ({exc}); "
                                  "training a new version ...")  # fmt: skip
            else:
                self.stdout.write(f"ensure_models: {active.label} is active; nothing to do")
                return
        else:
            self.stdout.write("ensure_models: no active model version; training one ...")
        version = model_version_train(max_rows=max_rows)
        self.stdout.write(
            f"ensure_models: trained {version.label}, status {version.status} "
            f"({version.status_reason})"
        )
