from django.core.management.base import BaseCommand

from appliances.services import CATALOGUE_FILE, catalogue_load


class Command(BaseCommand):
    help = "Load the appliance catalogue (idempotent; keeps staff edits unless --overwrite)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(CATALOGUE_FILE))
        parser.add_argument("--overwrite", action="store_true")

    def handle(self, *args, file, overwrite, **options):
        result = catalogue_load(path=file, overwrite=overwrite)
        self.stdout.write(
            f"catalogue: {result.categories_created} categories created, "
            f"{result.categories_updated} updated, {result.symptoms_created} symptoms created, "
            f"{result.parameters_created} parameters created"
        )
