"""Browser: the appliance field suggests categories for everyday names; Enter picks, never submits
the form."""

import pytest
from playwright.sync_api import expect

from appliances.selectors import catalogue_cache_clear

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIELD = "#id_category"
LISTBOX = "#id_category-listbox"


@pytest.fixture
def advice_page(live_server, catalogue, chromium):
    catalogue_cache_clear()  # the transactional database gave the catalogue new ids
    page = chromium.new_page()
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else 0)
    page.goto(f"{live_server.url}/advies/?lang=nl")
    page.wait_for_selector(f'{FIELD}[role="combobox"]')
    page.posts = posts
    yield page
    page.close()
    catalogue_cache_clear()


def first_symptom(catalogue, slug: str) -> str:
    return catalogue.get(slug=slug).symptoms.order_by("position", "slug").first().slug


def suggestions(page) -> list[str]:
    page.wait_for_selector(f"{LISTBOX} [role=option]")
    return [text.strip() for text in page.locator(f"{LISTBOX} [role=option]").all_inner_texts()]


def test_koelkast_suggests_the_fridge_freezer_and_enter_picks_it(advice_page, catalogue):
    page = advice_page
    page.locator(FIELD).press_sequentially("koelkast")
    expect(page.locator(f"{LISTBOX} [role=option]").first).to_have_text("Koel-vriescombinatie")
    assert suggestions(page)[0] == "Koel-vriescombinatie"
    field = page.locator(FIELD)
    assert field.get_attribute("aria-expanded") == "true"
    active = field.get_attribute("aria-activedescendant")
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"

    field.press("Enter")

    assert field.input_value() == "Koel-vriescombinatie"
    page.wait_for_selector(
        f"input[name=symptoms][value={first_symptom(catalogue, 'fridge-freezer')}]"
    )
    assert field.get_attribute("aria-expanded") == "false"
    assert page.locator(LISTBOX).is_hidden()
    assert page.url.endswith("/advies/?lang=nl") and page.posts == []


def test_a_misspelling_resolves_with_the_keyboard(advice_page, catalogue):
    page = advice_page
    page.locator(FIELD).press_sequentially("wasmachien")
    expect(page.locator(f"{LISTBOX} [role=option]").first).to_have_text("Wasmachine")
    page.locator(FIELD).press("Enter")
    assert page.locator(FIELD).input_value() == "Wasmachine"
    page.wait_for_selector(
        f"input[name=symptoms][value={first_symptom(catalogue, 'washing-machine')}]"
    )
    assert page.posts == []


def test_arrow_keys_move_the_highlight_and_enter_takes_the_highlighted_one(advice_page):
    page = advice_page
    field = page.locator(FIELD)
    field.press_sequentially("was")
    names = suggestions(page)
    assert len(names) >= 2
    first = field.get_attribute("aria-activedescendant")
    field.press("ArrowDown")
    second = field.get_attribute("aria-activedescendant")
    assert second != first and page.locator(f"#{second}").get_attribute("aria-selected") == "true"
    field.press("Enter")
    assert field.input_value() == names[1]


def test_enter_never_submits_the_form_even_without_a_suggestion(advice_page):
    page = advice_page
    field = page.locator(FIELD)
    field.press("Enter")  # empty field
    field.press_sequentially("xyzzy")
    expect(page.locator("#category-status")).to_have_text(
        "Geen apparaat gevonden. Probeer een ander woord."
    )
    assert page.locator(LISTBOX).is_hidden()
    field.press("Enter")
    # A round trip after the Enter presses: had one submitted, this page would be gone.
    field.fill("")
    field.press_sequentially("koelk")
    suggestions(page)
    field.press("Enter")
    assert field.input_value() == "Koel-vriescombinatie"
    assert page.url.endswith("/advies/?lang=nl")
    assert page.posts == []
    assert page.locator(".error-summary").count() == 0


def test_tab_takes_the_suggestion_an_exact_everyday_name_names_but_not_a_guess(
    advice_page, catalogue
):
    page = advice_page
    field = page.locator(FIELD)
    field.press_sequentially("koelkast")
    expect(page.locator(f"{LISTBOX} [role=option]").first).to_have_text("Koel-vriescombinatie")
    field.press("Tab")
    assert field.input_value() == "Koel-vriescombinatie"
    page.wait_for_selector(
        f"input[name=symptoms][value={first_symptom(catalogue, 'fridge-freezer')}]"
    )

    field.fill("")
    field.press_sequentially("vaatw")  # only a start: a guess is not taken on leaving
    expect(page.locator(f"{LISTBOX} [role=option]").first).to_have_text("Vaatwasser")
    field.press("Tab")
    assert field.input_value() == "vaatw"
    assert page.locator(LISTBOX).is_hidden()
