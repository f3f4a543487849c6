"""Finding 13: the shared verdict page shows only the PC4 and stays out of caches and indexes."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_verdict_page_shows_only_the_four_digits_of_the_postcode(submit_advice):
    response = submit_advice(postcode="3511 AB")

    html = response.content.decode()
    assert response.context["verdict"].postcode == "3511 AB"
    assert "3511" in html
    assert "3511 AB" not in html
    assert "3511&nbsp;AB" not in html
    assert "3511AB" not in html


def test_the_verdict_page_is_private_uncached_and_not_indexed(submit_advice):
    response = submit_advice(postcode="3511 AB")

    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_the_landing_page_stays_indexable(client, catalogue):
    response = client.get("/")

    assert "X-Robots-Tag" not in response
    assert 'name="robots"' not in response.content.decode()
