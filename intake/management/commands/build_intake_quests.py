"""manage.py build_intake_quests: write intake/data/quest_symptoms.csv.gz from the shared ORDS
data (../shared/data by default), the training rows of the learned symptom models."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from intake.quests import QUEST_ROWS_FILE, quest_rows_from_source, quest_rows_write


class Command(BaseCommand):
    help = "Map the ORDS quest fault types to our symptoms and write the training rows."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", default=str(Path(settings.BASE_DIR).parent / "shared" / "data")
        )

    def handle(self, *args, **options):
        rows = list(quest_rows_from_source(Path(options["data_dir"])))
        quest_rows_write(rows)
        groups = len({r.group for r in rows})
        self.stdout.write(f"{len(rows)} rows in {groups} repair groups -> {QUEST_ROWS_FILE}")
