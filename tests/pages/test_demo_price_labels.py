"""Figures shaped by synthetic demo prices say so, on the verdict page and the statistics page;
without demo prices there is no such label."""

import pytest
from django.urls import reverse

from ml.models import ModelVersion
from prices.models import PriceRecord
from tests.prices.factories import PriceRecordFactory

pytestmark = pytest.mark.django_db


def _version(*, demo: int) -> ModelVersion:
    """A retired version whose cost model was trained on `demo` synthetic and 3 real prices."""
    origins = {"import": 3, **({"synthetic": demo} if demo else {})}
    return ModelVersion.objects.create(
        label=f"demo-{demo}",
        status=ModelVersion.Status.RETIRED,
        code_version="test",
        sklearn_version="test",
        data_snapshot={"price_records": 3 + demo, "price_origins": origins},
        metrics={"cost": {"model": {"n": 10}}},
    )


def _verdict_from_model(submit_advice, *, version, language):
    verdict = submit_advice(language).context["verdict"]
    verdict.facts["repair_cost_eur"]["source"] = "model"
    verdict.model_version = version
    verdict.save()
    return verdict


@pytest.mark.parametrize(
    ("language", "label"),
    [("nl", "gebaseerd op 3.000 demoprijzen"), ("en", "based on 3,000 demo prices")],
)
def test_a_cost_from_a_model_trained_on_demo_prices_says_so(client, submit_advice, language, label):
    verdict = _verdict_from_model(submit_advice, version=_version(demo=3000), language=language)

    html = client.get(f"{verdict.get_absolute_url()}?lang={language}").content.decode()

    assert label in html
    assert 'id="cost-demo-label"' in html


def test_a_cost_from_a_model_without_demo_prices_has_no_demo_label(client, submit_advice):
    verdict = _verdict_from_model(submit_advice, version=_version(demo=0), language="nl")

    html = client.get(verdict.get_absolute_url()).content.decode()

    assert "demoprijzen" not in html and 'id="cost-demo-label"' not in html


def test_a_quote_is_never_labelled_demo(client, submit_advice):
    verdict = _verdict_from_model(submit_advice, version=_version(demo=3000), language="nl")
    verdict.facts["repair_cost_eur"]["source"] = "quote"
    verdict.save()

    assert "demoprijzen" not in client.get(verdict.get_absolute_url()).content.decode()


def test_statistics_count_real_and_demo_prices_apart(client, catalogue):
    PriceRecordFactory.create_batch(3)
    PriceRecordFactory.create_batch(5, origin=PriceRecord.Origin.SYNTHETIC)
    ModelVersion.objects.filter(pk=_version(demo=5).pk).update(status=ModelVersion.Status.ACTIVE)

    html = client.get(reverse("public-statistics"), {"lang": "nl"}).content.decode()

    assert "3 reparatieprijzen van reparateurs en 5 demoprijzen" in html
    assert 'id="stat-demo-note"' in html
    assert "gebaseerd op 5 demoprijzen" in html


def test_statistics_without_demo_prices_have_no_demo_label(client, catalogue):
    PriceRecordFactory.create_batch(3)

    html = client.get(reverse("public-statistics"), {"lang": "nl"}).content.decode()

    assert "3 reparatieprijzen van reparateurs" in html
    assert "demo" not in html
