"""Model versions: compare, promote and roll back with a required reason."""

import pytest
from django.urls import reverse

from ml.models import ModelVersion

pytestmark = pytest.mark.django_db

_TRAINED: dict = {}


@pytest.fixture
def two_versions(catalogue):
    """v1 (active) from a real training run, and v2, a candidate with the same artifact.

    Training runs once per session; later tests reuse its artifact file and metrics.
    """
    from ml.services import model_version_train

    if not _TRAINED:
        version = model_version_train()
        _TRAINED.update(
            artifact_path=version.artifact_path,
            artifact_sha256=version.artifact_sha256,
            metrics=version.metrics,
            code_version=version.code_version,
            sklearn_version=version.sklearn_version,
        )
        ModelVersion.objects.filter(pk=version.pk).delete()
    v1 = ModelVersion.objects.create(label="v1", status=ModelVersion.Status.ACTIVE, **_TRAINED)
    v2 = ModelVersion.objects.create(
        label="v2", status=ModelVersion.Status.CANDIDATE, status_reason="worse", **_TRAINED
    )
    return v1, v2


def test_compare_shows_metrics_of_every_version_next_to_the_active_one(
    steward_client, two_versions
):
    response = steward_client.get(reverse("controlroom:model-compare"), {"lang": "en"})

    assert [version.label for version in response.context["versions"]] == ["v1", "v2"]
    rows = [row for group in response.context["groups"] for row in group["rows"]]
    brier = next(row for row in rows if row["key"] == "success.brier")
    assert brier["raw"][0] == brier["raw"][1] == _TRAINED["metrics"]["success"]["brier"]
    assert b"Promote" in response.content


def _visible_text(html: str) -> str:
    import re

    html = re.sub(r"<(script|style|title)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_metrics_are_grouped_named_in_words_and_in_dutch_number_format(two_versions):
    """The names and numbers follow the active language: a Dutch page reads 0,1689 and 1.234."""
    from django.utils import translation

    from controlroom.selectors import model_metric_groups

    metrics = _TRAINED["metrics"]
    with translation.override("nl"):
        groups = model_metric_groups(list(two_versions))
        titles = [str(group["title"]) for group in groups]
        rows = {row["key"]: row for group in groups for row in group["rows"]}
        brier_name = str(rows["success.brier"]["name"])

    cost = ["Kostenmodel: de reparatieprijs"] if metrics["cost"] else []  # no prices, no model
    assert titles == ["Succesmodel: de kans dat een reparatie lukt", *cost, "Gegevens"]
    assert brier_name == "Brier-score, zonder beschrijving (lager is beter)"
    brier = f"{metrics['success']['brier']:.4f}".replace(".", ",")
    assert rows["success.brier"]["values"] == [brier, brier]
    # A count has no decimals and Dutch thousands: 1.234, never "1234,0000".
    held_out = f"{metrics['holdout']['success_rows']:,}".replace(",", ".")
    assert rows["holdout.success_rows"]["values"] == [held_out, held_out]


def test_the_page_shows_metric_names_in_words_and_one_number_format(steward_client, two_versions):
    html = steward_client.get(reverse("controlroom:model-compare"), {"lang": "en"}).content.decode()
    metrics = _TRAINED["metrics"]

    assert "Success model: the chance that a repair works" in html
    assert "Brier score, no description (lower is better)" in html
    rows = metrics["holdout"]["success_rows"]
    assert f'<td class="cr-num">{rows:,}</td>' in html
    text = _visible_text(html)
    assert "success.brier" not in text and "holdout.success_rows" not in text
    assert ".0000" not in text and ",0000" not in text


def test_metrics_are_in_english_number_format_on_an_english_page(steward_client, two_versions):
    html = steward_client.get(reverse("controlroom:model-compare"), {"lang": "en"}).content
    brier = f"{_TRAINED['metrics']['success']['brier']:.4f}"

    assert f'<td class="cr-num">{brier}</td>'.encode() in html
    assert brier.replace(".", ",").encode() not in html


def test_the_calibration_chart_plots_the_stored_reliability_bins(steward_client, two_versions):
    response = steward_client.get(reverse("controlroom:model-compare"), {"lang": "en"})
    chart = str(response.context["calibration_chart"])

    bins = [b for b in _TRAINED["metrics"]["success"]["reliability"] if b["n"]]
    described = [
        b for b in _TRAINED["metrics"]["success"]["with_description"]["reliability"] if b["n"]
    ]
    assert chart.count("<circle") == len(bins) + len(described)
    assert "without a description" in chart and "observed share" in chart


def test_a_version_without_reliability_bins_says_so(steward_client, catalogue):
    ModelVersion.objects.create(
        label="v0", status=ModelVersion.Status.ACTIVE, code_version="x", sklearn_version="x",
        metrics={"success": {"brier": 0.2}},
    )  # fmt: skip

    response = steward_client.get(reverse("controlroom:model-compare"), {"lang": "en"})

    assert "This version stored no calibration bins." in str(response.context["calibration_chart"])


def test_promote_asks_for_confirmation_and_a_reason(steward_client, two_versions):
    v1, v2 = two_versions
    url = reverse("controlroom:model-promote", args=[v2.pk])

    assert steward_client.get(url).status_code == 200
    response = steward_client.post(url, {"reason": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    v2.refresh_from_db()
    assert v2.status == ModelVersion.Status.CANDIDATE


def test_promote_activates_the_candidate_and_records_the_reason(steward_client, two_versions):
    v1, v2 = two_versions

    response = steward_client.post(
        reverse("controlroom:model-promote", args=[v2.pk]), {"reason": "better on new data"}
    )

    assert response.status_code == 302
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert v2.status == ModelVersion.Status.ACTIVE
    assert "better on new data (by steward)" in v2.status_reason
    assert v1.status == ModelVersion.Status.RETIRED


def test_rollback_reactivates_an_earlier_version_and_rejects_the_current(
    steward_client, two_versions
):
    v1, v2 = two_versions
    steward_client.post(reverse("controlroom:model-promote", args=[v2.pk]), {"reason": "try v2"})

    steward_client.post(
        reverse("controlroom:model-rollback", args=[v1.pk]), {"reason": "v2 misprices kettles"}
    )

    v1.refresh_from_db()
    v2.refresh_from_db()
    assert v1.status == ModelVersion.Status.ACTIVE
    assert v1.status_reason.startswith("rollback: v2 misprices kettles")
    assert v2.status == ModelVersion.Status.REJECTED


def test_a_lifecycle_error_is_shown_not_raised(steward_client, two_versions):
    v1, _ = two_versions

    url = reverse("controlroom:model-promote", args=[v1.pk])

    dutch = steward_client.post(url, {"reason": "again please"}, follow=True)
    english = steward_client.post(
        url, {"reason": "again please"}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )

    # In the page's language (a Dutch browser by default, then an English one).
    assert "1 is al actief." in dutch.content.decode()
    assert "1 is already active." in english.content.decode()


def test_status_of_an_unknown_retraining_is_unknown(steward_client):
    response = steward_client.get(reverse("controlroom:retrain-status", args=["nope"]))

    assert response.json() == {"state": "UNKNOWN"}
