from django.core.management.base import BaseCommand

from controlroom.services import roles_setup


class Command(BaseCommand):
    help = "Create or complete the staff roles and custom permissions (safe to run again)."

    def handle(self, *args, **options):
        for role, count in roles_setup().items():
            self.stdout.write(f"{role}: {count} permissions")
