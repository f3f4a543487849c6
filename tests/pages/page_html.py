"""Small HTML helpers for page tests (standard library only)."""

from html.parser import HTMLParser


class ElementCollector(HTMLParser):
    """Collects every start tag as (tag, attrs) and the text of inline <script> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.inline_scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag == "script" and "src" not in attributes:
            self._script, self._script_text = attributes, []

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.inline_scripts.append((self._script, "".join(self._script_text)))
            self._script = None


def parse(response) -> ElementCollector:
    collector = ElementCollector()
    collector.feed(response.content.decode())
    return collector


def element_by_id(response, element_id: str) -> tuple[str, dict]:
    for tag, attrs in parse(response).elements:
        if attrs.get("id") == element_id:
            return tag, attrs
    raise AssertionError(f"No element with id {element_id!r}")
