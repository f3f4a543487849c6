"""Load the maintenance tasks per category from maintenance/data/maintenance_tasks.json."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maintenance.loaders import maintenance_tasks_load


class Command(BaseCommand):
    help = "Create or update the maintenance tasks (idempotent). Run after load_catalogue."

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, help="Another JSON file in the same format.")

    def handle(self, *args, path=None, **options):
        result = maintenance_tasks_load(path=path)
        if result.unknown_categories:
            raise CommandError(
                "Unknown categories (run load_catalogue first?): "
                + ", ".join(sorted(set(result.unknown_categories)))
            )
        self.stdout.write(
            f"Maintenance tasks: {result.created} created, {result.kept} already present."
        )
