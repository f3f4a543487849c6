"""Pages load only local assets, carry no inline scripts, and error pages render bare."""

import pytest
from django.template.loader import render_to_string
from page_html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_urls(client, catalogue):
    verdict = client.post("/advies/", {"category": "laptop"}, follow=True).context["verdict"]
    return ["/", "/?lang=en", "/advies/", "/advies/?category=laptop",
            f"/advies/{verdict.id}/", "/advies/00000000-0000-0000-0000-000000000000/"]  # fmt: skip


def test_pages_reference_only_local_scripts_and_stylesheets(client, page_urls):
    for url in page_urls:
        elements = parse(client.get(url)).elements
        assets = [a["src"] for t, a in elements if t == "script" and "src" in a]
        assets += [a["href"] for t, a in elements if t == "link"]
        assert "/static/css/site.css" in assets, url
        assert "/static/js/site.js" in assets, url
        for asset in assets:
            assert not asset.startswith(("http://", "https://", "//")), (url, asset)


def test_pages_have_no_inline_javascript(client, page_urls):
    for url in page_urls:
        collector = parse(client.get(url))
        for attrs, _ in collector.inline_scripts:
            assert attrs.get("type") == "application/json", url
        for _, attrs in collector.elements:
            assert not any(name.startswith("on") for name in attrs), url


@pytest.mark.parametrize(
    ("template", "dutch", "english"),
    [
        ("500.html", "Er ging iets mis", "Something went wrong"),
        ("503.html", "Probeer het over een minuut opnieuw", "try again in a minute"),
    ],
)
def test_error_pages_render_without_any_context(template, dutch, english):
    html = render_to_string(template)
    assert dutch in html and english in html
    assert "/static/css/site.css" in html
