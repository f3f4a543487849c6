from django.core.management.base import BaseCommand

from appliances.services import CATALOGUE_FILE, catalogue_load

KEPT_NOTE = "  (kept: the database leads; --overwrite applies the file)"


class Command(BaseCommand):
    help = (
        "Load the appliance catalogue and print how the database differs from the file. Adds what "
        "is missing and keeps staff edits; --overwrite applies the file to every parameter, "
        "category and symptom; --dry-run only prints the differences."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(CATALOGUE_FILE))
        parser.add_argument("--overwrite", action="store_true", help="Apply the file everywhere.")
        parser.add_argument("--dry-run", action="store_true", help="Only print the differences.")

    def handle(self, *args, file, overwrite, dry_run, **options):
        result = catalogue_load(path=file, overwrite=overwrite, dry_run=dry_run)
        if options["verbosity"] == 0:
            return
        kept = not overwrite and not dry_run
        for change in result.changes:
            if not change.field:
                # A first load adds every row: the summary line says how many.
                if not result.first_load or options["verbosity"] > 1:
                    self.stdout.write(str(change))
            else:
                self.stdout.write(f"{change}{KEPT_NOTE if kept else ''}")
        for name in result.only_in_database:
            self.stdout.write(f"= {name} is in the database only (kept)")
        self.stdout.write(
            f"catalogue{' (dry run, nothing written)' if dry_run else ''}: "
            f"{result.categories_created} categories created, "
            f"{result.categories_updated} updated, {result.symptoms_created} symptoms created, "
            f"{result.symptoms_updated} updated, {result.parameters_created} parameters created, "
            f"{result.parameters_updated} updated; {len(result.changes)} differences from the file"
        )
