"""Print the holdout metrics of the active model version (or of a fresh training) next to their
baselines: a Markdown table, or with --json one JSON object (the metrics) on stdout."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ml.reporting import metrics_table
from ml.selectors import model_version_active
from ml.services import model_evaluate_fresh


class Command(BaseCommand):
    help = (
        "Print the holdout metrics (success without and with a description: Brier, BSS, AUC, ECE "
        "vs base rate and per-category rate; cost: pinball P10/P50/P90 and P10-P90 coverage vs "
        "category x symptom median)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fresh",
            action="store_true",
            help="Train and evaluate now without storing a version (also when one is active).",
        )
        parser.add_argument(
            "--max-rows", type=int, default=None, help="ORDS rows (default ML_TRAINING_MAX_ROWS)."
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print the metrics as one JSON object (with `version` and `data`) instead.",
        )

    def handle(self, *args, fresh, max_rows, json: bool = False, **options):
        if fresh:
            rows = settings.ML_TRAINING_MAX_ROWS if max_rows is None else max_rows
            metrics, snapshot = model_evaluate_fresh(max_rows=rows)
            label = "fresh"
            title = f"fresh evaluation (not stored), ORDS rows: {snapshot['ords_rows']}"
        else:
            active = model_version_active()
            if active is None:
                raise CommandError("No active model version; run with --fresh or `retrain`.")
            metrics, snapshot, label = active.metrics, active.data_snapshot, active.label
            title = f"active version {active.label}, ORDS rows: {snapshot.get('ords_rows')}"
        if json:
            self.stdout.write(_as_json({"version": label, **metrics, "data": snapshot}))
        else:
            self.stdout.write(metrics_table(metrics, title=title))


def _as_json(payload: dict) -> str:
    return json.dumps(payload, default=str, sort_keys=False)
