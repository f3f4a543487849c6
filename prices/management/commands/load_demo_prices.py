from django.core.management.base import BaseCommand, CommandError

from prices.services import price_records_load_demo
from prices.synthetic import CatalogueMissingError


class Command(BaseCommand):
    help = (
        "Add synthetic demo price records (marked 'Synthetic demo data'); idempotent: "
        "records that are already there are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=3000, help="number of records (3000)")

    def handle(self, *args, count, **options):
        if count < 1:
            raise CommandError("load_demo_prices: --count must be at least 1")
        try:
            added = price_records_load_demo(count=count)
        except CatalogueMissingError as exc:
            raise CommandError(f"load_demo_prices: {exc}") from exc
        if added:
            self.stdout.write(f"load_demo_prices: {added} added")
        else:
            self.stdout.write("load_demo_prices: already loaded")
