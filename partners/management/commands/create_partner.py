from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from common.api_errors import DomainError
from partners.models import Partner
from partners.services import partner_create

OPTION_OF_FIELD = {
    "allowed_origins": "--origin",
    "postcode": "--postcode",
    "categories": "--category",
    "contact_email": "--email",
    "name": "--name",
}


class Command(BaseCommand):
    help = "Create a partner; prints its widget key and API token (the token only this once)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--email", required=True, help="Contact e-mail; leads go here.")
        parser.add_argument(
            "--origin",
            action="append",
            dest="origins",
            default=[],
            help="An origin allowed to embed the widget, e.g. https://www.shop.nl (repeatable).",
        )
        parser.add_argument(
            "--kind",
            choices=Partner.Kind.values,
            default=None,
            help="repair_shop (default), repair_cafe, manufacturer; for the pilots milieustraat, "
            "kringloop (reuse check) or retailer (passports).",
        )
        parser.add_argument("--postcode", default="", help="Places the partner on the map.")
        parser.add_argument(
            "--category",
            action="append",
            dest="categories",
            default=[],
            help="A category slug it repairs (repeatable).",
        )
        parser.add_argument("--repair-cafe", action="store_true", help="Free, volunteer repairs.")

    def handle(self, *args, **options):
        try:
            partner, token = partner_create(
                name=options["name"],
                contact_email=options["email"],
                allowed_origins=options["origins"],
                postcode=options["postcode"],
                category_slugs=options["categories"],
                is_repair_cafe=options["repair_cafe"],
                kind=options["kind"],
            )
        except DomainError as error:
            option = OPTION_OF_FIELD.get(error.field or "", "")
            raise CommandError(f"{option}: {error.message}" if option else error.message) from None
        except ValidationError as error:  # from full_clean(): name the option of each field
            raise CommandError(
                "; ".join(
                    f"{OPTION_OF_FIELD.get(field, field)}: {' '.join(messages)}"
                    for field, messages in error.message_dict.items()
                )
            ) from None
        self.stdout.write(f"public_key: {partner.public_key}")
        self.stdout.write(f"api_token: {token}")
        self.stdout.write(f"partner: {partner.pk} ({partner.kind})")
        self.stderr.write("Store the API token now: it is shown only this once.")
