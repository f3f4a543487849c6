from django.core.management.base import BaseCommand, CommandError

from prices.services import price_records_import


class Command(BaseCommand):
    help = (
        "Import repair price records from a CSV file (format: docs/prices.md). "
        "All rows are checked first; on any error nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="UTF-8 CSV with a header, comma- or semicolon-separated")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, but write nothing"
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            result = price_records_import(source=file, dry_run=dry_run)
        except OSError as exc:
            raise CommandError(f"import_prices: cannot read {file}: {exc.strerror}") from exc
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"import_prices: {len(result.errors)} error(s); nothing was imported"
            )
        if dry_run:
            self.stdout.write(
                f"import_prices (dry run): {result.added} would be added, "
                f"{result.updated} would be updated"
            )
        else:
            self.stdout.write(f"import_prices: {result.added} added, {result.updated} updated")
