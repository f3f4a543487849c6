"""Train the first model version when none is active (used by `make run`)."""

from django.core.management.base import BaseCommand

from ml.selectors import model_version_active
from ml.services import model_version_train


class Command(BaseCommand):
    help = "Train a model version only if no version is active."

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-rows", type=int, default=None, help="ORDS rows (default ML_TRAINING_MAX_ROWS)."
        )

    def handle(self, *args, max_rows, **options):
        active = model_version_active()
        if active is not None:
            self.stdout.write(f"ensure_models: {active.label} is active; nothing to do")
            return
        self.stdout.write("ensure_models: no active model version; training one ...")
        version = model_version_train(max_rows=max_rows)
        self.stdout.write(
            f"ensure_models: trained {version.label}, status {version.status} "
            f"({version.status_reason})"
        )
