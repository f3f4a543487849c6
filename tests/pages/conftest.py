"""Fixtures for the HTML pages: a submitted advice and the verdict page it leads to."""

import pytest


@pytest.fixture
def submit_advice(client, catalogue):
    """POST the advice form as a person would; returns the response after the redirect."""

    def submit(language: str = "nl", **fields):
        data = {"category": "washing-machine", "age_years": "3", **fields}
        return client.post(f"/advies/?lang={language}", data, follow=True)

    return submit
