"""create_partner and load_demo_partners."""

import io

import pytest
from django.core.management import CommandError, call_command

from partners.models import Partner
from partners.selectors import partner_get_by_api_token

pytestmark = pytest.mark.django_db


def create(*args):
    out = io.StringIO()
    call_command("create_partner", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_create_partner_prints_the_key_and_the_token_once(catalogue):
    out = create(
        "--name",
        "Fix It",
        "--email",
        "fix@example.org",
        "--origin",
        "https://Fix.nl/",
        "--origin",
        "http://localhost:8000",
        "--postcode",
        "3511ab",
    )
    lines = out.splitlines()
    assert lines[0].startswith("public_key: pk_") and lines[1].startswith("api_token: ")
    partner = Partner.objects.get(public_key=lines[0].removeprefix("public_key: "))
    assert partner.allowed_origins == ["https://fix.nl", "http://localhost:8000"]
    assert partner.postcode == "3511 AB" and partner.latitude is not None
    assert partner_get_by_api_token(token=lines[1].removeprefix("api_token: ")) == partner


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--origin", "https://fix.nl/path"], "--origin"),
        (["--origin", "fix.nl"], "--origin"),
        (["--origin", "https://fix.nl", "--postcode", "12345"], "--postcode"),
        (["--origin", "https://fix.nl", "--category", "spaceship"], "--category"),
    ],
)
def test_create_partner_errors_name_the_option(catalogue, args, option):
    with pytest.raises(CommandError, match=f"^{option}"):
        create("--name", "Fix It", "--email", "fix@example.org", *args)
    assert not Partner.objects.exists()


def test_load_demo_partners_is_idempotent(catalogue):
    call_command("load_demo_partners", stdout=io.StringIO())
    call_command("load_demo_partners", stdout=io.StringIO())
    demo = Partner.objects.filter(name__startswith="Demo: ")
    assert demo.count() == 6 and demo.filter(is_repair_cafe=True).count() == 2
    assert all("http://127.0.0.1:8000" in p.allowed_origins for p in demo)


@pytest.mark.parametrize("kind", ["milieustraat", "kringloop", "retailer"])
def test_create_partner_makes_the_pilots_partners_without_a_widget_origin(catalogue, kind):
    out = create("--name", "Locatie", "--email", "x@example.org", "--kind", kind)

    partner = Partner.objects.get(name="Locatie")
    assert (partner.kind, partner.allowed_origins) == (kind, [])
    assert f"partner: {partner.pk} ({kind})" in out
