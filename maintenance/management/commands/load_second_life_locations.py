"""Load second-life locations (demo entries) from maintenance/data/second_life_locations.json."""

from pathlib import Path

from django.core.management.base import BaseCommand

from maintenance.loaders import second_life_locations_load


class Command(BaseCommand):
    help = "Create or update second-life locations (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, help="Another JSON file in the same format.")

    def handle(self, *args, path=None, **options):
        result = second_life_locations_load(path=path)
        self.stdout.write(
            f"Second-life locations: {result.created} created, {result.kept} already present."
        )
