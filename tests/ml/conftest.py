"""ML fixtures: one pure training per session, price records, a private artifact folder."""

import pytest
from django.db import transaction

from ml import registry
from ml.training import TrainingResult, models_train, ords_load

DEMO_PRICE_RECORDS = 1500


@pytest.fixture(autouse=True)
def _ml_isolation(settings, tmp_path):
    """Artifacts in this test's own folder; no predictor cached from another test."""
    settings.ML_ARTIFACT_DIR = tmp_path / "models"
    registry.clear_cache()
    yield
    registry.clear_cache()


@pytest.fixture(scope="session")
def trained(django_db_setup, django_db_blocker) -> TrainingResult:
    """Models trained once on the ML_TRAINING_MAX_ROWS sample and synthetic demo prices; the
    records are rolled back so that the database stays as the tests expect it."""
    from django.conf import settings
    from django.core.management import call_command

    from ml.selectors import category_references
    from prices.selectors import price_records_for_training
    from prices.services import price_records_load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        # A transactional (browser) test that ran earlier may have flushed the catalogue.
        call_command("load_catalogue", verbosity=0)
        price_records_load_demo(count=DEMO_PRICE_RECORDS)
        inputs = {
            "price_records": price_records_for_training(),
            "references": category_references(),
        }
        transaction.set_rollback(True)
    return models_train(ords=ords_load(max_rows=settings.ML_TRAINING_MAX_ROWS), **inputs)


@pytest.fixture
def demo_prices(catalogue):
    from prices.services import price_records_load_demo

    price_records_load_demo(count=DEMO_PRICE_RECORDS)


@pytest.fixture
def active_version(demo_prices, trained, settings):
    """A first version from the session's training (same data as `demo_prices`), stored through
    the same service path as a fresh training; it beats its baselines, so it is active."""
    from ml.services import model_version_register

    return model_version_register(result=trained, max_rows=settings.ML_TRAINING_MAX_ROWS)
