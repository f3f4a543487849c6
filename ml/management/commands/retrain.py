"""Train a new model version now and wait for the result."""

from django.conf import settings
from django.core.management.base import BaseCommand

from ml.tasks import RETRAIN_TIME_LIMIT, retrain


class Command(BaseCommand):
    help = (
        "Train a new model version (eagerly without REDIS_URL, else on a worker) and report "
        "whether it became active."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-rows", type=int, default=None, help="ORDS rows (default ML_TRAINING_MAX_ROWS)."
        )
        parser.add_argument(
            "--force", action="store_true", help="Train even when data and code are unchanged."
        )

    def handle(self, *args, max_rows, force, **options):
        if settings.REDIS_URL:
            outcome = retrain.delay(max_rows=max_rows, force=force).get(
                timeout=RETRAIN_TIME_LIMIT + 60
            )
        else:
            outcome = retrain.apply(kwargs={"max_rows": max_rows, "force": force}).get()
        if outcome["version"] is None:
            self.stdout.write(f"retrain: skipped ({outcome['reason']})")
            return
        self.stdout.write(
            f"retrain: version {outcome['version']} status {outcome['status']} "
            f"({outcome['reason']})"
        )
