"""Drill: bad price CSVs uploaded in the control room are refused with a message a person can act
on, and nothing is stored."""

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from controlroom.forms import MAX_UPLOAD_BYTES
from controlroom.roles import DATA_STEWARD
from prices.models import PriceRecord

pytestmark = pytest.mark.django_db

HEADER = "record_id,repaired_on,category,symptom,brand,age_years,total_eur,outcome"
GOOD_ROW = "drill-1,2025-03-01,washing-machine,drum-does-not-turn,Bosch,5,180.00,repaired"


def _csv(*rows: str, encoding: str = "utf-8") -> bytes:
    return "\n".join([HEADER, *rows, ""]).encode(encoding)


BAD_FILES = {
    "empty": (b"", "empty"),
    "binary": (b"PK\x03\x04\x14\x00\x06\x00\x00\x00!\x00[Content_Types].xml\x00", "binary"),
    "latin-1": (_csv(GOOD_ROW.replace("Bosch", "M\u00fcller"), encoding="latin-1"), "UTF-8"),
    "formula-cmd": (_csv(GOOD_ROW.replace("Bosch", "=cmd|' /C calc'!A0")), "formula"),
    "formula-at": (_csv(GOOD_ROW.replace("Bosch", "@SUM(1+1)")), "formula"),
}


@pytest.fixture
def steward(client, catalogue):
    call_command("setup_roles", verbosity=0)
    user = User.objects.create_user("drill-steward", password="drill-steward-pw-1", is_staff=True)
    user.groups.add(Group.objects.get(name=DATA_STEWARD))
    client.force_login(user)
    return client


def _upload(client, data: bytes, name: str = "prices.csv"):
    upload = io.BytesIO(data)
    upload.name = name
    # The drill reads the English messages; the control room follows the browser's language.
    return client.post(
        reverse("controlroom:price-import"),
        {"file": upload, "origin": "import"},
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.mark.parametrize(("data", "message"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_csv_upload_is_refused_with_a_clear_message_and_stores_nothing(steward, data, message):
    response = _upload(steward, data)

    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    assert 'id="price-confirm"' not in content
    assert not PriceRecord.objects.exists()


def test_upload_over_the_size_limit_is_refused_before_it_is_read(steward):
    row = GOOD_ROW.encode() + b"\n"
    data = HEADER.encode() + b"\n" + row * (MAX_UPLOAD_BYTES // len(row) + 10)

    response = _upload(steward, data)

    assert response.status_code == 200
    assert "larger than 20 MB" in response.content.decode()
    assert not PriceRecord.objects.exists()
