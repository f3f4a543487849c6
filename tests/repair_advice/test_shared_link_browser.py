"""A shared English verdict link opens entirely in English in a fresh browser that prefers Dutch."""

import re

import pytest

from repair_advice.services import verdict_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Words that only a Dutch page shows (chrome, fact texts, explanation, footer).
DUTCH_MARKERS = (
    "Waarom dit advies", "Nieuw advies", "Gegevensbronnen", "Deel of bewaar", "Wasmachine",
    "garantie", "reparateur", "Repareren", "Vervangen", "per jaar", " het ", " een ", " niet ",
)  # fmt: skip
ENGLISH_MARKERS = (
    "Why this advice", "New advice", "Data sources", "Share or keep this advice",
    "Washing machine", "Your options compared", "legal guarantee", "Repair and replace compared",
)  # fmt: skip


def test_a_shared_english_link_opens_entirely_in_english(catalogue, live_server, chromium):
    # Given advice asked in English, and its share link as the English reader saw it...
    verdict = verdict_create(
        category_slug="washing-machine", symptom_slugs=["leaks-water"], age_years=1.5,
        purchase_price_eur=600, language="en",
    )  # fmt: skip
    reader = chromium.new_context(locale="en-GB")
    page = reader.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}{verdict.get_absolute_url()}?lang=en")
    share_link = page.get_attribute("#share-link", "href")
    reader.close()
    assert share_link.endswith(f"{verdict.get_absolute_url()}?lang=en")

    # ...when someone with a Dutch browser and no cookies opens it...
    friend = chromium.new_context(locale="nl-NL", extra_http_headers={"Accept-Language": "nl"})
    page = friend.new_page()
    page.set_default_timeout(15000)
    page.goto(share_link)
    page.wait_for_selector("#explanation-body p")
    page.wait_for_function("document.querySelector('#explanation').dataset.status === 'ready'")

    # ...the whole page is English: chrome, title, guarantee, routes, explanation, charts, footer.
    text = page.inner_text("body")
    assert page.get_attribute("html", "lang") == "en"
    assert re.search(r"[A-Za-z]", page.title()) and "Wasmachine" not in page.title()
    found_dutch = [word for word in DUTCH_MARKERS if word in text]
    assert found_dutch == []
    missing_english = [word for word in ENGLISH_MARKERS if word not in text]
    assert missing_english == []
    # The markers do tell the languages apart: the same page without ?lang= is Dutch for them.
    friend.clear_cookies()
    page.goto(f"{live_server.url}{verdict.get_absolute_url()}")
    page.wait_for_selector("#explanation-body p")
    dutch_text = page.inner_text("body")
    assert len([word for word in DUTCH_MARKERS if word in dutch_text]) >= 8
    assert not any(word in dutch_text for word in ENGLISH_MARKERS)
    friend.close()


def test_a_dutch_verdict_shared_in_english_reads_in_english(catalogue, live_server, chromium):
    verdict = verdict_create(
        category_slug="washing-machine", symptom_slugs=["leaks-water"], age_years=1.5,
        purchase_price_eur=600, language="nl",
    )  # fmt: skip
    friend = chromium.new_context(locale="nl-NL", extra_http_headers={"Accept-Language": "nl"})
    page = friend.new_page()
    page.set_default_timeout(15000)

    page.goto(f"{live_server.url}{verdict.get_absolute_url()}?lang=en")
    page.wait_for_selector("#explanation-body p")

    text = page.inner_text("body")
    assert [word for word in DUTCH_MARKERS if word in text] == []
    assert "Washing machine" in text and "Why this advice" in text
    friend.close()
