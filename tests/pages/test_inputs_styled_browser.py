"""Browser: at phone width every kind of input on the site has the site's look (no browser-default
select or date box) and a visible focus ring."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STYLE = """
(selector) => {
  const element = document.querySelector(selector);
  const style = getComputedStyle(element);
  return {
    border: style.borderTopWidth,
    borderColour: style.borderTopColor,
    height: element.getBoundingClientRect().height,
    width: element.getBoundingClientRect().width,
    appearance: style.appearance,
    shadow: style.boxShadow,
    outline: style.outlineStyle,
  };
}
"""


def test_select_date_and_text_inputs_look_alike_and_show_focus(live_server, catalogue, chromium):
    page = chromium.new_page(viewport={"width": 360, "height": 800})
    page.goto(f"{live_server.url}/apparaat/nieuw/")
    page.locator("select").first.wait_for()

    styles = {
        kind: page.evaluate(STYLE, selector)
        for kind, selector in {
            "select": "select",
            "date": "input[type=date]",
        }.items()
    }
    for kind, style in styles.items():
        assert style["border"] == "2px", kind
        assert style["borderColour"] == "rgb(107, 119, 128)", kind  # #6b7780: 4.8:1 on white
        assert style["height"] >= 44, kind  # a touch target
        assert style["width"] <= 360 - 2 * 16, kind  # inside the page at phone width
    assert styles["select"]["appearance"] == "none"  # our arrow, not the browser's grey box

    page.keyboard.press("Tab")
    page.focus("select")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    focused = page.evaluate(STYLE, "select:focus")
    assert focused["outline"] == "solid"
    assert "255, 191, 71" in focused["shadow"]  # the --focus ring (#ffbf47)
