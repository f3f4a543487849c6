import csv

from django.core.management.base import BaseCommand, CommandError

from prices.synthetic import CatalogueMissingError, synthetic_price_records
from prices.validation import COLUMNS

AMOUNT_COLUMNS = ("age_years", "parts_eur", "labour_eur", "callout_eur", "total_eur")


class Command(BaseCommand):
    help = "Write synthetic price rows as an import CSV, streaming (for benchmarks up to 1M rows)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, required=True)
        parser.add_argument("--out", required=True, help="file to write")
        parser.add_argument("--separator", choices=[",", ";"], default=",")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, rows, out, separator, seed, **options):
        if rows < 1:
            raise CommandError("generate_price_csv: --rows must be at least 1")
        decimal_comma = separator == ";"
        try:
            records = synthetic_price_records(n=rows, seed=seed)
            first = next(records)
        except CatalogueMissingError as exc:
            raise CommandError(f"generate_price_csv: {exc}") from exc
        with open(out, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter=separator)
            writer.writeheader()
            for record in _with_first(first, records):
                if decimal_comma:
                    for column in AMOUNT_COLUMNS:
                        record[column] = record[column].replace(".", ",")
                writer.writerow(record)
        self.stdout.write(f"generate_price_csv: {rows} rows written to {out}")


def _with_first(first, rest):
    yield first
    yield from rest
