"""Browser: the API documentation page renders the schema and fetches nothing from elsewhere."""

from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_without_outside_requests(live_server, catalogue, chromium):
    page = chromium.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{live_server.url}/api/docs/")
    page.get_by_text("/api/v1/verdicts/").first.wait_for(timeout=15_000)

    local = urlsplit(live_server.url).netloc
    outside = [url for url in requested if urlsplit(url).scheme in ("http", "https")
               and urlsplit(url).netloc != local]  # fmt: skip
    assert outside == []
