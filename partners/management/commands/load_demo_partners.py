from django.core.management.base import BaseCommand

from partners.services import partners_load_demo


class Command(BaseCommand):
    help = "Create the demo partners ('Demo: ...') once; running it again changes nothing."

    def handle(self, *args, **options):
        created = partners_load_demo()
        self.stdout.write(f"{created} demo partners added.")
