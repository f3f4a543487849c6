"""Shared fixtures: the real catalogue in the test database, eager Celery unless a test is an
integration test, and model artifacts in a temporary folder."""

import contextlib
import functools
import http.server
import os
import shutil
import threading

import pytest
from django.core.cache import cache
from django.core.management import call_command

from moeitewaard.celery import app as celery_app
from tests.processes import CeleryWorkers

IN_CI = os.environ.get("CI") == "true"


def pytest_collection_modifyitems(config, items):
    """Integration tests need real PostgreSQL and Redis: skipped locally without them, not in CI."""
    have_services = os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get(
        "REDIS_URL"
    )
    if have_services or IN_CI:  # in CI they run, and fail loudly if the services are missing
        return
    skip = pytest.mark.skip(reason="needs DATABASE_URL=postgres and REDIS_URL (set under CI=true)")
    for item in items:
        if "integration" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped catalogue once into the test database."""
    with django_db_blocker.unblock():
        call_command("load_catalogue", verbosity=0)


def _forget_broker_connections() -> None:
    """Drop Celery's cached broker connections: a test may have pointed them at a dead port."""
    # Only forget them: kombu shares pools per URL, so closing one would break the next user, and
    # app.close() would also deregister the app.
    celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@pytest.fixture(autouse=True)
def _isolated_environment(request, settings, tmp_path_factory):
    """Eager Celery and a private artifact folder for every test that is not an integration test."""
    settings.ML_ARTIFACT_DIR = tmp_path_factory.getbasetemp() / "models"
    if "integration" in request.keywords:
        _forget_broker_connections()
        yield
        return
    # Celery reads its configuration through Django's settings (namespace CELERY).
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert celery_app.conf.task_always_eager
    with contextlib.suppress(Exception):  # a test may have stopped the cache server on purpose
        cache.clear()
    yield
    _forget_broker_connections()


@pytest.fixture
def catalogue(db):
    """The shipped catalogue (already in the database; reloaded after transactional tests)."""
    from appliances.models import Category

    if not Category.objects.exists():
        call_command("load_catalogue", verbosity=0)
    return Category.objects.all()


@pytest.fixture
def frozen_rate_window(monkeypatch):
    """Rate-limit windows at a fixed instant (mid-minute, mid-hour, midday UTC), so a test's
    requests never straddle a window boundary and get counted in two windows."""
    import time
    from types import SimpleNamespace

    from common import throttling

    instant = 19_000 * 86_400 + 12 * 3_600 + 30 * 60 + 30
    clock = SimpleNamespace(time=lambda: instant, monotonic=time.monotonic)
    monkeypatch.setattr(throttling, "time", clock)
    return instant


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def start_worker(settings, tmp_path):
    """Start real `celery worker` processes on the test database (integration tests, drills);
    each is stopped afterwards unless the test killed it."""
    workers = CeleryWorkers(settings, tmp_path)
    yield workers.start
    workers.stop_all()


@pytest.fixture
def chromium(monkeypatch):
    """Debian's headless Chromium driven by Playwright (never a downloaded browser): the one
    browser fixture of the suite."""
    if not shutil.which(CHROMIUM) and not IN_CI:
        pytest.skip(f"headless Chromium not found at {CHROMIUM} (Debian package chromium)")
    # Playwright's sync API runs an event loop; for this test only, not for the rest of the run.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield DutchBrowser(browser)
        finally:
            browser.close()


class DutchBrowser:
    """The launched browser, whose pages and contexts are Dutch (`Accept-Language: nl-NL`) like
    the site's visitors unless a test asks for another `locale`; Chromium's own default is en-US,
    and the site follows Accept-Language on a first visit."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        return self._browser.new_context(**{"locale": "nl-NL", **options})

    def new_page(self, **options):
        return self._browser.new_page(**{"locale": "nl-NL", **options})

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture
def shop_site(tmp_path, live_server):
    """A shop page with the one-tag embed, served on a second loopback port."""
    (tmp_path / "index.html").write_text(
        "<!doctype html><title>Witgoed Jansen</title><h1>Witgoed Jansen</h1>"
        f'<script src="{live_server.url}/widget.js" data-key="KEY" async></script>'
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tmp_path, server.server_address[1]
    server.shutdown()
    server.server_close()
