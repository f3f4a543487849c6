"""The API documentation page shows no template comment as text."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_docs_page_has_no_template_comment_in_its_text(client):
    html = client.get("/api/docs/").content.decode()

    assert "{#" not in html and "#}" not in html
    assert "every asset is served locally" not in html
    assert '<div id="redoc-container"></div>' in html or "<redoc " in html
