"""Browser: at phone width the home tiles break long Dutch names only at a space, a hyphen or a
syllable (a soft hyphen), never mid-syllable such as "Koel-vriescombinati|e"."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# For every tile: the characters at which a new line starts, with the character before each.
LINE_BREAKS = """
() => [...document.querySelectorAll('.category-grid a')].map((tile) => {
  const text = tile.firstChild;
  const breaks = [];
  let top = null;
  for (let i = 0; i < text.length; i++) {
    if (/\\s|\\u00ad/.test(text.data[i])) continue;
    const range = document.createRange();
    range.setStart(text, i);
    range.setEnd(text, i + 1);
    const rects = range.getClientRects();  // after a soft hyphen: [hyphen glyph, letter]
    const rect = rects[rects.length - 1];
    if (top !== null && rect.top > top + 2) breaks.push(text.data.slice(0, i));
    top = rect.top;
  }
  return {
    name: text.data.replace(/\\u00ad/g, ''),
    before: breaks,
    overflows: tile.scrollWidth > tile.clientWidth,
  };
})
"""


@pytest.mark.parametrize("language", ["nl", "en"])
def test_tiles_break_only_at_spaces_hyphens_and_syllables(
    live_server, catalogue, chromium, language
):
    page = chromium.new_page(viewport={"width": 360, "height": 800})
    page.goto(f"{live_server.url}/?lang={language}")
    page.locator(".category-grid a").first.wait_for()

    tiles = page.evaluate(LINE_BREAKS)

    assert len(tiles) == catalogue.count()
    assert [tile["name"] for tile in tiles if tile["overflows"]] == []
    bad = [
        (tile["name"], before)
        for tile in tiles
        for before in tile["before"]
        if not before.rstrip().endswith(("-", "\u00ad", ",", ")")) and not before.endswith(" ")
    ]
    assert bad == []
    if language == "nl":
        fridge = next(tile for tile in tiles if tile["name"] == "Koel-vriescombinatie")
        assert fridge["before"], "the name no longer needs two lines at 360 px; pick a longer one"
        assert all(before.endswith(("-", "\u00ad")) for before in fridge["before"])
        assert not any(before.endswith("combinati") for before in fridge["before"])
