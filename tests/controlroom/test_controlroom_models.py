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
    response = steward_client.get(reverse("controlroom:model-compare"))

    assert [version.label for version in response.context["versions"]] == ["v1", "v2"]
    brier = next(row for row in response.context["rows"] if row["metric"] == "success.brier")
    assert brier["values"][0] == brier["values"][1] == _TRAINED["metrics"]["success"]["brier"]
    assert b"Promote" in response.content


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

    response = steward_client.post(
        reverse("controlroom:model-promote", args=[v1.pk]), {"reason": "again please"}, follow=True
    )

    assert "already active" in response.content.decode()


def test_status_of_an_unknown_retraining_is_unknown(steward_client):
    response = steward_client.get(reverse("controlroom:retrain-status", args=["nope"]))

    assert response.json() == {"state": "UNKNOWN"}
