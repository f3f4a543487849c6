"""Train a new model version now and wait for the result."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from kombu.exceptions import OperationalError as BrokerError
from redis import Redis
from redis.exceptions import RedisError

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
            try:
                # Fail fast: the result backend alone would retry for about 20 s first.
                Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
                outcome = retrain.delay(max_rows=max_rows, force=force).get(
                    timeout=RETRAIN_TIME_LIMIT + 60
                )
            except (BrokerError, RedisError) as exc:
                raise CommandError(
                    f"retrain: cannot reach Redis at REDIS_URL ({exc}); nothing was trained. "
                    "Start Redis, or unset REDIS_URL to train in this process."
                ) from exc
        else:
            outcome = retrain.apply(kwargs={"max_rows": max_rows, "force": force}).get()
        if outcome["version"] is None:
            self.stdout.write(f"retrain: skipped ({outcome['reason']})")
            return
        self.stdout.write(
            f"retrain: version {outcome['version']} status {outcome['status']} "
            f"({outcome['reason']})"
        )
