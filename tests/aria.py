"""A check for any rendered page: every id an ARIA attribute refers to exists on the page.

`aria-describedby="id_x_helptext"` pointing at nothing is silent for sighted testers and breaks
the field's description for screen readers; Django adds such references by itself (help text,
errors), so a template that does not render the element leaves them dangling.
"""

from html.parser import HTMLParser

ID_REFERENCE_ATTRIBUTES = (
    "aria-describedby",
    "aria-labelledby",
    "aria-controls",
    "aria-owns",
    "aria-activedescendant",
    "aria-errormessage",
    "aria-details",
    "aria-flowto",
)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.references: list[tuple[str, str, str]] = []  # (tag, attribute, id)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)
            elif name in ID_REFERENCE_ATTRIBUTES and value is not None:
                self.references.extend((tag, name, ref) for ref in value.split())

    handle_startendtag = handle_starttag


def aria_problems(html: str) -> list[str]:
    """Dangling ARIA id references and duplicate ids, as readable lines; empty when all is well."""
    collector = _Collector()
    collector.feed(html)
    ids = set(collector.ids)
    problems = [
        f'<{tag} {attribute}="…{ref}…">: no element has id="{ref}"'
        for tag, attribute, ref in collector.references
        if ref not in ids
    ]
    duplicates = sorted({i for i in collector.ids if collector.ids.count(i) > 1})
    problems += [f'id="{i}" is used more than once' for i in duplicates]
    return problems


def assert_aria_references_exist(html: str) -> int:
    """Fail with every problem listed; return how many references were checked (for asserting
    that the page had some)."""
    problems = aria_problems(html)
    assert not problems, "\n".join(problems)
    collector = _Collector()
    collector.feed(html)
    return len(collector.references)
